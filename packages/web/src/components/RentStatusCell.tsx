import { useTranslation } from 'react-i18next';
import type { MonthStatus } from '../api/types.ts';

const SYMBOL: Record<MonthStatus | 'none', string> = { on_time: '✓', late: '!', unpaid: '×', open: '…', none: '–' };

/** Worst first: a month with two placements shows the worse status. */
const RANK: Record<MonthStatus, number> = { unpaid: 3, late: 2, open: 1, on_time: 0 };

export function worstStatus(statuses: MonthStatus[]): MonthStatus | null {
  return statuses.reduce<MonthStatus | null>((worst, s) => (worst === null || RANK[s] > RANK[worst] ? s : worst), null);
}

/**
 * One month of one resident as a coloured cell that also says it in a symbol and a short word
 * ("✓ I tid", "! Sen", "× Obetald", "… Öppen", "– Ingen hyra"), so colour is never alone.
 * `month` goes into the accessible label where no column header gives it (the resident page's row).
 */
export function RentStatusCell({ status, month }: { status: MonthStatus | null | undefined; month?: string }) {
  const { t } = useTranslation();
  const key = status ?? 'none';
  const text = t(`rentCell.${key}`);
  return (
    <span className={`rent-cell rent-cell-${key.replace('_', '-')}`} data-status={key} title={month ? `${month}: ${text}` : text}>
      <span className="rent-cell-symbol" aria-hidden="true">
        {SYMBOL[key]}
      </span>{' '}
      {month ? <span className="visually-hidden">{month}: </span> : null}
      <span className="rent-cell-text">{text}</span>
    </span>
  );
}
