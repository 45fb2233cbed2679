import type { DeadlineCountdown } from '@kvarbo/domain';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../api/eviction.ts';

// A countdown to the reinstatement deadline (or the eviction date): the words say how urgent it is ("3 dagar
// kvar", "Sista dag idag", "Försenad 2 dagar"), a symbol and the border repeat it, the colour only adds to them.

// Plain exclamation marks: every font has them (an emoji clock shows as an empty box where no emoji font is installed).
const SYMBOL: Record<DeadlineCountdown['urgency'], string> = { overdue: '!!!', today: '!!', within_7_days: '!', later: '' };

export function countdownText(t: TFunction, countdown: DeadlineCountdown, kind: 'deadline' | 'eviction' = 'deadline'): string {
  const { daysLeft } = countdown;
  if (kind === 'eviction') {
    if (daysLeft > 0) return t('eviction.evictionIn', { count: daysLeft });
    if (daysLeft === 0) return t('eviction.evictionToday');
    return t('eviction.evictionPassed', { count: -daysLeft });
  }
  if (daysLeft > 0) return t('eviction.daysLeft', { count: daysLeft });
  if (daysLeft === 0) return t('eviction.lastDayToday');
  return t('eviction.overdue', { count: -daysLeft });
}

export function CountdownBadge({
  countdown,
  kind = 'deadline',
  large = false,
}: {
  countdown: DeadlineCountdown;
  kind?: 'deadline' | 'eviction';
  large?: boolean;
}) {
  const { t } = useTranslation();
  const symbol = SYMBOL[countdown.urgency];
  return (
    <span
      className={`tag countdown countdown-${countdown.urgency}${large ? ' countdown-large' : ''}`}
      data-testid={kind === 'deadline' ? 'deadline-countdown' : 'eviction-countdown'}
      data-urgency={countdown.urgency}
      data-days-left={countdown.daysLeft}
    >
      {symbol ? (
        <span className="countdown-symbol" aria-hidden="true">
          {symbol}
        </span>
      ) : null}
      {countdownText(t, countdown, kind)}
    </span>
  );
}

/** The list's deadline cell: the reinstatement deadline if there is one, else the eviction date, else "Ingen frist". */
export function CaseDeadline({ item }: { item: CaseSummary }) {
  const { t } = useTranslation();
  const { reinstatementDeadline, evictionDate } = item.countdowns;
  if (!reinstatementDeadline && !evictionDate) return <span className="muted">{t('eviction.noDeadline')}</span>;
  return (
    <>
      {reinstatementDeadline ? (
        <div>
          <CountdownBadge countdown={reinstatementDeadline} />
          <span className="cell-sub">{t('eviction.deadlineOn', { date: reinstatementDeadline.deadline })}</span>
        </div>
      ) : null}
      {evictionDate ? (
        <div>
          <CountdownBadge countdown={evictionDate} kind="eviction" />
          <span className="cell-sub">{t('eviction.evictionOn', { date: evictionDate.deadline })}</span>
        </div>
      ) : null}
    </>
  );
}

export function householdText(t: TFunction, household: { adults: number; children: number }): string {
  return `${t('eviction.adults', { count: household.adults })}, ${t('eviction.children', { count: household.children })}`;
}
