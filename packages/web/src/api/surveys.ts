import type { SurveyDefinition, SurveyPeriodKind, SurveyPeriodResult, SurveyQuestion } from '@kvarbo/domain';
import { api, fileUrl } from './client.ts';

// Resident surveys (issue 9, part 3). Shapes as in docs/api.md "Resident surveys"; the definitions and results
// types come from @kvarbo/domain.

export type AnswerValue = number | boolean | string | null;
export type AnswerValues = Record<string, AnswerValue>;

export interface Survey {
  id: string;
  unitId: string;
  title: string;
  key: string;
  anonymous: boolean;
  status: 'open' | 'closed';
  createdAt: string;
  closedAt: string | null;
  definition: SurveyDefinition;
  invited?: number;
  answers?: number;
}

export interface Invitation {
  id: string;
  residentId: string;
  residentName: string;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string;
  status: 'open' | 'used' | 'expired';
}

export interface NewInvitation {
  id: string;
  residentId: string;
  expiresAt: string;
  token: string;
  path: string;
  url: string;
  qrSvg: string;
}

export interface SurveyResults {
  survey: Survey;
  by: SurveyPeriodKind;
  from: string;
  to: string;
  definitions: { sv: string; en: string };
  periods: SurveyPeriodResult[];
}

export interface PublicSurvey {
  title: { sv: string; en: string };
  intro: { sv: string; en: string };
  anonymous: boolean;
  questions: SurveyQuestion[];
}

export const surveysApi = {
  list: (unitId: string, signal?: AbortSignal) => api.get<{ items: Survey[] }>('/surveys', { unitId }, signal),
  create: (unitId: string, anonymous: boolean) => api.post<Survey>('/surveys', { unitId, anonymous, template: 'hur-ar-laget' }),
  get: (id: string, signal?: AbortSignal) => api.get<Survey>(`/surveys/${id}`, undefined, signal),
  setStatus: (id: string, status: 'open' | 'closed') => api.post<Survey>(`/surveys/${id}/status`, { status }),
  invitations: (id: string, signal?: AbortSignal) => api.get<{ items: Invitation[] }>(`/surveys/${id}/invitations`, undefined, signal),
  invite: (id: string, residentId: string) => api.post<NewInvitation>(`/surveys/${id}/invitations`, { residentId }),
  paperAnswer: (id: string, body: { residentId?: string; month?: string; answers: AnswerValues }) =>
    api.post<{ anonymous: boolean; month: string }>(`/surveys/${id}/paper-answers`, body),
  results: (id: string, query: { by: SurveyPeriodKind; from: string; to: string }, signal?: AbortSignal) =>
    api.get<SurveyResults>(`/surveys/${id}/results`, query, signal),
  exportUrl: (id: string, query: { by: SurveyPeriodKind; from: string; to: string }) =>
    fileUrl(`/surveys/${id}/results/export.xlsx`, query),
};

/** The resident's side: no session, only the token in the link. */
export const publicSurveyApi = {
  get: (token: string, signal?: AbortSignal) => api.get<PublicSurvey>(`/s/${encodeURIComponent(token)}`, undefined, signal),
  answer: (token: string, answers: AnswerValues) =>
    api.post<{ thanks: { sv: string; en: string } }>(`/s/${encodeURIComponent(token)}`, { answers }),
};
