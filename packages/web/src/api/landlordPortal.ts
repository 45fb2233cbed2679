import type { ReportKind, ReportReason } from '@kvarbo/domain';
import { api, uploadFile } from './client.ts';
import type { Page } from './types.ts';

// The landlord portal (issue 6): a landlord account sees only its own reports, their receipt numbers and status.

export type PortalReportStatus = 'received' | 'in_progress' | 'closed';

export interface PortalReportInput {
  kind: ReportKind;
  reasons: ReportReason[];
  arrearsOre?: number | null;
  arrearsMonths?: number | null;
  servedOn?: string | null;
  evictionDate?: string | null;
  tenantName: string;
  tenantAddress: string;
  tenantPersonalNumber?: string | null;
  householdChildren?: number | null;
  description?: string | null;
}

export interface PortalReceipt {
  id: string;
  receiptNumber: string;
  status: PortalReportStatus;
  receivedOn: string;
}

export interface PortalReport {
  id: string;
  receiptNumber: string;
  kind: ReportKind;
  reasons: ReportReason[];
  tenantName: string;
  tenantAddress: string;
  receivedOn: string;
  status: PortalReportStatus;
  channel: string;
}

export interface PortalAttachment {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

/** What the server accepts as an attachment (it also checks the file's first bytes). */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const ATTACHMENT_ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

export const landlordPortalApi = {
  list: (page: number, pageSize: number, signal?: AbortSignal) =>
    api.get<Page<PortalReport>>('/landlord/reports', { page, pageSize }, signal),
  submit: (input: PortalReportInput) => api.post<PortalReceipt>('/landlord/reports', input),
  attach: (reportId: string, file: File) =>
    uploadFile<PortalAttachment>(`/landlord/reports/${encodeURIComponent(reportId)}/attachments`, file, {
      query: { fileName: file.name },
    }).result,
};
