import { api } from './client.ts';

// Culling (gallring, docs/culling.md): legal holds on a resident, and the admin's preview of `kvarbo cull`.

export interface LegalHold {
  id: string;
  reason: string;
  placedBy: string;
  placedAt: string;
  liftedBy: string | null;
  liftedAt: string | null;
  active: boolean;
}

export interface LegalHoldState {
  current: LegalHold | null;
  history: LegalHold[];
  /** The caller manages the person's unit (and the records are not culled). */
  canManage: boolean;
  culledAt: string | null;
}

export type CullingKind = 'resident' | 'eviction_case' | 'eviction_report' | 'unmatched_payment' | 'activity_session';

export interface CullingItem {
  kind: CullingKind;
  subjectId: string;
  residentId: string | null;
  unitId: string;
  lastEntry: string;
  dueSince: string | null;
  cullBy: string | null;
  status: 'due' | 'not_due' | 'open' | 'held' | 'research_exempt';
  heldSince?: string;
}

export interface RetentionRule {
  kind: CullingKind | 'audit_log';
  years: number | null;
  perPerson: boolean;
  closedWhen: { sv: string; en: string };
  lastEntry: { sv: string; en: string };
  source: string;
}

export interface CullingRun {
  id: string;
  runAt: string;
  date: string;
  dryRun: boolean;
  counts: {
    residents: number;
    evictionCases: number;
    evictionReports: number;
    unmatchedPayments: number;
    held: number;
    researchExempt: number;
    activitySessions: number;
  };
}

export interface CullingPreview {
  date: string;
  policy: { years: number; researchBirthDays: number[] | 'all' };
  rules: RetentionRule[];
  due: CullingItem[];
  held: CullingItem[];
  researchExempt: CullingItem[];
  upcoming: CullingItem[];
  counts: {
    residents: number;
    eviction_cases: number;
    eviction_reports: number;
    unmatched_payments: number;
    held: number;
    research_exempt: number;
    activity_sessions: number;
    open: number;
    notDue: number;
  };
  units: { id: string; name: string }[];
  runs: CullingRun[];
}

export const cullingApi = {
  residentHold: (residentId: string, signal?: AbortSignal) =>
    api.get<LegalHoldState>(`/residents/${residentId}/legal-hold`, undefined, signal),
  placeResidentHold: (residentId: string, reason: string) => api.post<LegalHold>(`/residents/${residentId}/legal-hold`, { reason }),
  liftResidentHold: (residentId: string) => api.delete<LegalHold>(`/residents/${residentId}/legal-hold`),
  caseHold: (caseId: string, signal?: AbortSignal) => api.get<LegalHoldState>(`/eviction-cases/${caseId}/legal-hold`, undefined, signal),
  placeCaseHold: (caseId: string, reason: string) => api.post<LegalHold>(`/eviction-cases/${caseId}/legal-hold`, { reason }),
  liftCaseHold: (caseId: string) => api.delete<LegalHold>(`/eviction-cases/${caseId}/legal-hold`),
  preview: (date: string | undefined, signal?: AbortSignal) => api.get<CullingPreview>('/admin/culling', { date }, signal),
  /** "Gallra nu": culls what is due today; `confirmedDue` is the count the admin confirmed (409 CULLING_CHANGED). */
  run: (confirmedDue: number) =>
    api.post<{ runId: string; date: string; counts: CullingPreview['counts'] }>('/admin/culling/run', { confirmedDue }),
};
