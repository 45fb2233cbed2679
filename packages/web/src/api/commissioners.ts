import { api } from './client.ts';
import type { Commissioner, ListQuery, Page } from './types.ts';

export type CommissionerInput = Omit<Commissioner, 'id' | 'version'>;

export const commissionersApi = {
  list: (query: ListQuery, signal?: AbortSignal) => api.get<Page<Commissioner>>('/commissioners', { ...query }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<Commissioner>(`/commissioners/${id}`, undefined, signal),
  create: (input: CommissionerInput) => api.post<Commissioner>('/commissioners', input),
  update: (id: string, version: number, input: Partial<CommissionerInput>) =>
    api.patch<Commissioner>(`/commissioners/${id}`, { ...input, version }),
};
