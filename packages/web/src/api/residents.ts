import { api } from './client.ts';
import type { ListQuery, Note, Page, Placement, Resident } from './types.ts';

export type ResidentStatus = 'current' | 'former' | 'all';

/** birthDate is derived by the server from the number; it is not sent. */
export type ResidentInput = Omit<Resident, 'id' | 'version' | 'birthDate' | 'contactPersonName' | 'commissionerName' | 'currentPlacement'>;

export interface ResidentQuery extends ListQuery {
  unitId?: string;
  status?: ResidentStatus;
}

export const residentsApi = {
  list: (query: ResidentQuery, signal?: AbortSignal) => api.get<Page<Resident>>('/residents', { ...query }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<Resident>(`/residents/${id}`, undefined, signal),
  create: (input: ResidentInput) => api.post<Resident>('/residents', input),
  /** `version`: the one the form was loaded with; a stale one is answered 409 STALE_VERSION. */
  update: (id: string, version: number, input: Partial<ResidentInput>) => api.patch<Resident>(`/residents/${id}`, { ...input, version }),
  placements: (id: string, signal?: AbortSignal) => api.get<Placement[]>(`/residents/${id}/placements`, undefined, signal),
  notes: (id: string, signal?: AbortSignal) => api.get<Note[]>(`/residents/${id}/notes`, undefined, signal),
  addNote: (id: string, body: string) => api.post<Note>(`/residents/${id}/notes`, { body }),
};
