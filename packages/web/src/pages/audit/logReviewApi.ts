import { api } from '../../api/client.ts';

// Log review, loggkontroll (issue 8): GET /api/audit/review, POST /api/log-review/sign-off, GET /api/audit/review/sign-offs.

export interface ReviewPeriod {
  unitId: string;
  from: string;
  to: string;
}

export interface OutsideCaseloadFinding {
  userId: string | null;
  userName: string;
  residentId: string;
  residentName: string | null;
  /** The person was culled (docs/culling.md). */
  residentCulled?: boolean;
  reads: number;
  firstAt: string;
  lastAt: string;
}

export interface UnusualHourFinding {
  userId: string | null;
  userName: string;
  at: string;
  reason: 'weekend' | 'night';
  residentId: string;
  residentName: string | null;
  residentCulled?: boolean;
  entity: string;
  action: string;
}

export interface ManyReadsFinding {
  userId: string | null;
  userName: string;
  day: string;
  reads: number;
  threshold: number;
}

export interface FailedSignInsFinding {
  userId: string;
  userName: string;
  /** Stockholm calendar day. */
  day: string;
  failures: number;
  /** The account was locked that day. */
  locked: boolean;
  /** Distinct addresses, at most 5. */
  ips: string[];
  threshold: number;
}

export interface LogReviewSignOff {
  id: string;
  unitId: string;
  from: string;
  to: string;
  signedBy: string;
  signedByName: string;
  signedAt: string;
  note: string | null;
  findingsCount: number;
}

type Definitions = { outsideCaseload: string; unusualHours: string; manyReads: string; failedSignIns: string; scope: string };

export interface LogReview {
  unitId: string;
  period: { from: string; to: string; days: number };
  findings: {
    outsideCaseload: OutsideCaseloadFinding[];
    unusualHours: UnusualHourFinding[];
    manyReads: ManyReadsFinding[];
    failedSignIns: FailedSignInsFinding[];
  };
  totals: { outsideCaseload: number; unusualHours: number; manyReads: number; failedSignIns: number; all: number };
  unusualHoursTruncated: boolean;
  definitions: { sv: Definitions; en: Definitions };
  signOffs: LogReviewSignOff[];
}

export const logReviewApi = {
  review: (period: ReviewPeriod, signal?: AbortSignal) => api.get<LogReview>('/audit/review', { ...period }, signal),
  signOffs: (unitId: string, signal?: AbortSignal) => api.get<{ items: LogReviewSignOff[] }>('/audit/review/sign-offs', { unitId }, signal),
  signOff: (body: ReviewPeriod & { note: string | null }) => api.post<LogReviewSignOff>('/log-review/sign-off', body),
};
