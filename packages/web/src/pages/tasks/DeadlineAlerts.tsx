import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { evictionApi } from '../../api/eviction.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { CountdownBadge } from '../eviction/Countdown.tsx';

/**
 * Eviction-prevention deadlines that must not be missed, above the rent tasks: reinstatement deadlines and
 * eviction dates passed, today or within a week. Nothing is shown when there are none (or the server is older).
 */
export function DeadlineAlerts({ unitId }: { unitId: string | undefined }) {
  const { t } = useTranslation();
  const alerts = useLoad((signal) => evictionApi.alerts(unitId, signal), [unitId]);
  const items = alerts.data ?? [];
  if (items.length === 0) return null;
  return (
    <section className="notice notice-warning deadline-alerts" aria-labelledby="deadline-alerts-heading" data-testid="deadline-alerts">
      <h2 id="deadline-alerts-heading">{t('tasks.deadlineAlerts.heading', { count: items.length })}</h2>
      <ul>
        {items.map((a) => (
          <li key={`${a.caseId}-${a.kind}`} data-testid="deadline-alert">
            <CountdownBadge
              countdown={{ deadline: a.deadline, daysLeft: a.daysLeft, urgency: a.urgency }}
              kind={a.kind === 'evictionDate' ? 'eviction' : 'deadline'}
            />{' '}
            <Link to={`/eviction/cases/${a.caseId}`}>{a.tenantName}</Link>
            {' — '}
            {t(a.kind === 'evictionDate' ? 'tasks.deadlineAlerts.eviction' : 'tasks.deadlineAlerts.reinstatement', { date: a.deadline })}
            {a.householdChildren > 0 ? `, ${t('tasks.deadlineAlerts.children', { count: a.householdChildren })}` : ''}
            {a.noContact ? (
              <>
                {' '}
                <strong>{t('tasks.deadlineAlerts.noContact')}</strong>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
