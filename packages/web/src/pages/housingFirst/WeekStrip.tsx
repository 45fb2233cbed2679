import { WEEK_STATUS_LABELS, type WeekStatus } from '@kvarbo/domain';
import { useTranslation } from 'react-i18next';
import type { WeekRow } from '../../api/housingFirst.ts';
import { useLabels } from '../../labels.ts';

/** A symbol per week status besides the colour and the word: ✓ met, ↷ declined, ½ partial, × missed, … open. */
export const WEEK_SYMBOL: Record<WeekStatus, string> = { met: '✓', declined: '↷', partial: '½', missed: '×', open: '…' };

/** One week as a small tag: symbol, status word; the week number and counts in the title and the hidden text. */
export function WeekStatusTag({ status }: { status: WeekStatus }) {
  const labels = useLabels();
  return (
    <span className={`week-tag week-${status}`} data-status={status}>
      <span className="week-symbol" aria-hidden="true">
        {WEEK_SYMBOL[status]}
      </span>{' '}
      {WEEK_STATUS_LABELS[status][labels.locale]}
    </span>
  );
}

/**
 * The compact strip of weeks, oldest left: each cell says its week number, a symbol and (hidden, and in the
 * tooltip) the status word with the visits held and declined, so colour is never alone. A legend follows.
 */
export function WeekStrip({ weeks, testId }: { weeks: WeekRow[]; testId?: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const ordered = [...weeks].sort((a, b) => (a.monday < b.monday ? -1 : a.monday > b.monday ? 1 : 0));
  if (ordered.length === 0) return <p className="empty">{t('housingFirst.weeks.none')}</p>;
  return (
    <div className="week-strip-wrap">
      <ol className="week-strip" data-testid={testId} aria-label={t('housingFirst.weeks.stripLabel')}>
        {ordered.map((w) => {
          const word = WEEK_STATUS_LABELS[w.status][labels.locale];
          const detail = t('housingFirst.weeks.detail', { held: w.held, required: w.required, declined: w.declined + w.noShow });
          return (
            <li
              key={w.isoWeek}
              className={`week-cell week-${w.status}`}
              data-status={w.status}
              data-week={w.isoWeek}
              title={`${t('housingFirst.weeks.week', { week: w.week })}, ${w.monday} – ${w.sunday}: ${word}. ${detail}`}
            >
              <span className="week-number">{t('housingFirst.weeks.short', { week: w.week })}</span>
              <span className="week-symbol" aria-hidden="true">
                {WEEK_SYMBOL[w.status]}
              </span>
              <span className="visually-hidden">
                {' '}
                ({w.monday} – {w.sunday}): {word}. {detail}
              </span>
            </li>
          );
        })}
      </ol>
      <ul className="week-legend" aria-label={t('housingFirst.weeks.legend')}>
        {(['met', 'declined', 'partial', 'missed', 'open'] as const).map((s) => (
          <li key={s}>
            <WeekStatusTag status={s} />
          </li>
        ))}
      </ul>
    </div>
  );
}
