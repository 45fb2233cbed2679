import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router-dom';
import type { PortalAttachment, PortalReceipt } from '../../api/landlordPortal.ts';
import { Notice, Page } from '../../components/Page.tsx';
import { fileSize } from '../../format.ts';
import { FilePicker } from './FilePicker.tsx';
import { attachFiles, fileProblem, type FailedAttachment } from './attachments.ts';
import { usePortalLabels } from './PortalShared.tsx';

export interface ReceiptState {
  receipt: PortalReceipt;
  attached: PortalAttachment[];
  failed: FailedAttachment[];
}

function isReceiptState(state: unknown): state is ReceiptState {
  return typeof state === 'object' && state !== null && 'receipt' in state && Array.isArray((state as ReceiptState).attached);
}

/**
 * The receipt after "Skicka anmälan": the receipt number, big, to be saved; the attached files; a way to add a
 * file that did not go (the report takes files while it is "Mottagen"). Reached only from the form (the
 * navigation state); a reload goes to the list, where the receipt number stands too.
 */
export function PortalReceiptPage() {
  const state = useLocation().state as unknown;
  if (!isReceiptState(state)) return <Navigate to="/portal" replace />;
  return <Receipt initial={state} />;
}

function Receipt({ initial }: { initial: ReceiptState }) {
  const { t } = useTranslation();
  const labels = usePortalLabels();
  const { receipt } = initial;
  const [attached, setAttached] = useState(initial.attached);
  const [failed, setFailed] = useState(initial.failed);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const send = async (files: File[]) => {
    if (files.length === 0) return;
    const problems = files.map((f) => fileProblem(t, f)).filter((p): p is string => p !== null);
    if (problems.length) {
      setProblem(problems.join(' '));
      return;
    }
    setProblem(null);
    setSending(true);
    try {
      const result = await attachFiles(t, receipt.id, files);
      setAttached((previous) => [...previous, ...result.attached]);
      setFailed(result.failed);
    } finally {
      setSending(false);
    }
  };

  return (
    <Page title={t('portal.receipt.title')}>
      <div className="card portal-receipt" data-testid="portal-receipt">
        <p className="portal-receipt-intro">{t('portal.receipt.intro', { date: receipt.receivedOn })}</p>
        <p className="portal-receipt-box">
          <span className="portal-receipt-label">{t('portal.receipt.number')} </span>
          <strong className="portal-receipt-number" data-testid="receipt-number">
            {receipt.receiptNumber}
          </strong>
        </p>
        <p className="portal-receipt-save">
          <strong>{t('portal.receipt.save')}</strong> {t('portal.receipt.saveWhy')}
        </p>
        <p className="portal-receipt-secrecy">{t('portal.secrecy.body')}</p>
      </div>

      <section className="card portal-receipt-files" aria-labelledby="receipt-files-heading">
        <h2 id="receipt-files-heading">{t('portal.attachments.heading')}</h2>
        {attached.length > 0 ? (
          <ul className="portal-file-list" data-testid="receipt-attachments">
            {attached.map((a) => (
              <li key={a.id}>
                <span className="portal-file-name">{a.filename}</span>
                <span className="muted"> {fileSize(a.sizeBytes, labels.locale)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('portal.attachments.none')}</p>
        )}
        {failed.length > 0 ? (
          <div className="notice notice-error" role="alert" data-testid="receipt-attachment-errors">
            <p className="notice-title">{t('portal.attachments.failedTitle')}</p>
            <ul>
              {failed.map((f) => (
                <li key={f.filename}>
                  {f.filename}: {f.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {sending ? <Notice tone="info">{t('portal.attachments.sending')}</Notice> : null}
        <FilePicker
          id="receipt-file"
          label={t('portal.attachments.addMore')}
          hint={t('portal.attachments.hintMore')}
          error={problem ?? undefined}
          disabled={sending}
          testId="receipt-file-input"
          onFiles={(files) => void send(files)}
        />
      </section>

      <p className="portal-receipt-links">
        <Link to="/portal" className="button button-primary" data-testid="receipt-to-list">
          {t('portal.receipt.toList')}
        </Link>{' '}
        <Link to="/portal/new" className="button button-secondary">
          {t('portal.receipt.another')}
        </Link>
      </p>
    </Page>
  );
}
