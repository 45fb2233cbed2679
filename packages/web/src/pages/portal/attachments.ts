import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.ts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, landlordPortalApi, type PortalAttachment } from '../../api/landlordPortal.ts';
import { describeError } from '../../components/describeError.ts';

export interface FailedAttachment {
  filename: string;
  message: string;
}

export interface AttachResult {
  attached: PortalAttachment[];
  failed: FailedAttachment[];
}

/** The browser's type, or the name's ending when the browser does not know it. */
function looksAccepted(file: File): boolean {
  if ((ATTACHMENT_TYPES as readonly string[]).includes(file.type)) return true;
  return !file.type && /\.(pdf|png|jpe?g)$/i.test(file.name);
}

/** Why a chosen file cannot be sent, before it is sent: wrong type, empty or over 5 MB. */
export function fileProblem(t: TFunction, file: File): string | null {
  if (!looksAccepted(file)) return t('portal.attachments.wrongType', { name: file.name });
  if (file.size === 0) return t('portal.attachments.empty', { name: file.name });
  if (file.size > ATTACHMENT_MAX_BYTES) return t('portal.attachments.tooLarge', { name: file.name });
  return null;
}

/** Sends the files one by one; a file the server refuses is reported, the others still go. */
export async function attachFiles(t: TFunction, reportId: string, files: readonly File[]): Promise<AttachResult> {
  const result: AttachResult = { attached: [], failed: [] };
  for (const file of files) {
    try {
      result.attached.push(await landlordPortalApi.attach(reportId, file));
    } catch (error) {
      let message: string;
      if (error instanceof ApiError && error.status === 413) message = t('portal.attachments.tooLarge', { name: file.name });
      else if (error instanceof ApiError && error.fieldMessage('file')) message = error.fieldMessage('file')!;
      else message = describeError(t, error);
      result.failed.push({ filename: file.name, message });
    }
  }
  return result;
}
