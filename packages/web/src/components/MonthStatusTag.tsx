import { useTranslation } from 'react-i18next';
import type { MonthStatus } from '../api/types.ts';

const SYMBOL: Record<MonthStatus, string> = { on_time: '✓', late: '!', unpaid: '✕', open: '○' };

/** The month's status as a coloured badge that always says it in words too (never colour alone). */
export function MonthStatusTag({ status }: { status: MonthStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`tag tag-status tag-${status.replace('_', '-')}`} data-status={status}>
      <span className="tag-symbol" aria-hidden="true">
        {SYMBOL[status]}
      </span>
      {t(`ledger.statuses.${status}`)}
    </span>
  );
}
