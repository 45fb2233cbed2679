import { api, fileUrl } from './client.ts';
import type {
  AgencyNotice,
  HomeVisitInput,
  NoticeMethod,
  RentHistoryMonth,
  RentSettings,
  RentSettingsValues,
  RepaymentPlan,
  RepaymentPlanInput,
  Task,
  TaskDetail,
  TaskScope,
} from './types.ts';

export interface TaskQuery {
  scope?: TaskScope;
  unitId?: string;
  status?: 'open' | 'done' | 'all';
  residentId?: string;
}

/** The rent follow-up routine: tasks, home visits, notices to the commissioning agency, repayment plans, letters. */
export const followupApi = {
  tasks: (query: TaskQuery, signal?: AbortSignal) => api.get<Task[]>('/tasks', { ...query }, signal),
  task: (id: string, signal?: AbortSignal) => api.get<TaskDetail>(`/tasks/${id}`, undefined, signal),
  // `version`: the task's, as loaded; a stale one is answered 409 STALE_VERSION.
  complete: (id: string, version: number, outcome: string) => api.post<Task>(`/tasks/${id}/complete`, { version, outcome }),
  reopen: (id: string, version: number, reason: string) => api.post<Task>(`/tasks/${id}/reopen`, { version, reason }),
  reassign: (id: string, version: number, assigneeId: string) => api.post<Task>(`/tasks/${id}/reassign`, { version, assigneeId }),
  comment: (id: string, text: string) => api.post<{ ok: true }>(`/tasks/${id}/comments`, { text }),
  recordHomeVisit: (id: string, input: HomeVisitInput) => api.post<{ id: string; task: Task }>(`/tasks/${id}/home-visit`, input),
  recordAgencyNotice: (id: string, input: { sentOn: string; sentHow: NoticeMethod; note?: string | null }) =>
    api.post<AgencyNotice>(`/tasks/${id}/agency-notice`, input),

  plans: (placementId: string, signal?: AbortSignal) =>
    api.get<RepaymentPlan[]>(`/placements/${placementId}/repayment-plans`, undefined, signal),
  createPlan: (placementId: string, input: RepaymentPlanInput) =>
    api.post<RepaymentPlan>(`/placements/${placementId}/repayment-plans`, input),
  cancelPlan: (planId: string) => api.post<{ ok: true }>(`/repayment-plans/${planId}/cancel`),

  rentHistory: (residentId: string, signal?: AbortSignal) =>
    api.get<RentHistoryMonth[]>(`/residents/${residentId}/rent-history`, undefined, signal),
  settings: (unitId: string, signal?: AbortSignal) => api.get<RentSettings>(`/units/${unitId}/rent-settings`, undefined, signal),
  changeSettings: (unitId: string, input: RentSettingsValues & { fromMonth: string; version: number }) =>
    api.put<RentSettings>(`/units/${unitId}/rent-settings`, input),
};

/** PDFs (Swedish, not cached): opened in a new tab, where the browser shows or saves them. */
export const letterUrls = {
  reminder: (taskId: string) => fileUrl(`/tasks/${taskId}/letter.pdf`),
  agencyNotice: (taskId: string) => fileUrl(`/tasks/${taskId}/agency-notice.pdf`),
  planAgreement: (planId: string) => fileUrl(`/repayment-plans/${planId}/agreement.pdf`),
  monthReminders: (unitId: string, month: string) => fileUrl('/reminder-letters.pdf', { unitId, month }),
};
