import { api, buildQuery } from './client.ts';
import type { AuditEntry, Page } from './types.ts';

export interface AuditQuery {
  unitId: string;
  userId?: string;
  residentId?: string;
  from?: string;
  to?: string;
  page?: number;
}

export const auditApi = {
  list: (query: AuditQuery, signal?: AbortSignal) => api.get<Page<AuditEntry>>('/audit', { ...query }, signal),
  /** A plain link: the browser downloads the file with the session cookie. */
  exportUrl: (query: Omit<AuditQuery, 'page'>) => `/api/audit/export.csv${buildQuery({ ...query })}`,
};
