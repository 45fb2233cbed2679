import { REPORT_KIND_LABELS, REPORT_KINDS, REPORT_REASON_LABELS, REPORT_REASONS, type ReportKind, type ReportReason } from '@kvarbo/domain';
import { useTranslation } from 'react-i18next';
import type { PortalReportStatus } from '../../api/landlordPortal.ts';

/** Labels of the report kinds and reasons, from @kvarbo/domain, in the current language. */
export function usePortalLabels() {
  const { i18n } = useTranslation();
  const locale: 'sv' | 'en' = i18n.language === 'en' ? 'en' : 'sv';
  return {
    locale,
    kind: (kind: ReportKind) => REPORT_KIND_LABELS[kind]?.[locale] ?? kind,
    reason: (reason: ReportReason) => REPORT_REASON_LABELS[reason]?.[locale] ?? reason,
    kindOptions: REPORT_KINDS.map((value) => ({ value, label: REPORT_KIND_LABELS[value][locale] })),
    reasonOptions: REPORT_REASONS.map((value) => ({ value, label: REPORT_REASON_LABELS[value][locale] })),
  };
}

const SYMBOL: Record<PortalReportStatus, string> = { received: '✓', in_progress: '…', closed: '■' };

/** The report's status as a tag that says it in words (never colour alone). */
export function ReportStatusTag({ status }: { status: PortalReportStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`tag tag-status tag-portal-${status.replace('_', '-')}`} data-status={status} data-testid="report-status">
      <span className="tag-symbol" aria-hidden="true">
        {SYMBOL[status] ?? ''}
      </span>
      {t(`portal.status.${status}`, { defaultValue: status })}
    </span>
  );
}
