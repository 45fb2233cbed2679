import { api, uploadFile, type Upload } from './client.ts';
import type { ColumnMapping, ImportPreview, ImportSummary, Page, PaymentFormat, PaymentImport, PaymentImportDetail } from './types.ts';

export interface ImportRequest {
  unitId: string;
  format: PaymentFormat;
  file: File;
  /** CSV and Excel: which 0-based column holds what. */
  mapping?: ColumnMapping;
  onProgress?: (loaded: number, total: number) => void;
  onSent?: () => void;
}

export const paymentImportsApi = {
  list: (query: { unitId?: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
    api.get<Page<PaymentImport>>('/payment-imports', { ...query }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<PaymentImportDetail>(`/payment-imports/${id}`, undefined, signal),
  /** The headers and first rows of a CSV or Excel file, with a suggested column mapping. */
  preview: (format: 'csv' | 'xlsx', file: File): Upload<ImportPreview> =>
    uploadFile<ImportPreview>('/payment-imports/preview', file, { query: { format } }),
  /** 201 (or 200 with alreadyImported) with the summary; 400 IMPORT_REJECTED with error.errors. */
  import: (request: ImportRequest): Upload<ImportSummary> =>
    uploadFile<ImportSummary>('/payment-imports', request.file, {
      query: {
        unitId: request.unitId,
        format: request.format,
        fileName: request.file.name,
        mapping: request.mapping ? JSON.stringify(request.mapping) : undefined,
      },
      onProgress: request.onProgress,
      onSent: request.onSent,
    }),
};
