import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { NOT_AVAILABLE, type Count, type Maybe } from '../../api/stats.ts';
import { useSession } from '../../session/SessionContext.tsx';

/** The unit the figures are for (the chosen unit), and whether the user sees them as an analyst. */
export function useStatsUnit() {
  const { unit, roleIn } = useSession();
  const role = unit ? roleIn(unit.id) : null;
  const allowed = role === 'manager' || role === 'analyst';
  return { unit: allowed ? unit : null, isAnalyst: role === 'analyst' };
}

export function StatsTabs() {
  const { t } = useTranslation();
  return (
    <nav className="stats-tabs" aria-label={t('stats.tabsLabel')}>
      <ul>
        <li>
          <NavLink to="/statistics" end>
            {t('stats.tabDashboard')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/statistics/retention">{t('stats.tabRetention')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

/** A count in a table: "<5" says "fewer than 5" to screen readers too. */
export function CountCell({ value }: { value: Count | null | undefined }) {
  const { t } = useTranslation();
  if (value === '<5') {
    return (
      <>
        <span aria-hidden="true">&lt;5</span>
        <span className="visually-hidden">{t('stats.smallCell')}</span>
      </>
    );
  }
  return <>{value === null || value === undefined ? '–' : value}</>;
}

/** A share shown as "–" when the server leaves it out (no final months, or it would reveal a small count). */
export function ShareCell({ text }: { text: string }) {
  const { t } = useTranslation();
  if (text !== '–') return <>{text}</>;
  return (
    <>
      <span aria-hidden="true">–</span>
      <span className="visually-hidden">{t('stats.noShare')}</span>
    </>
  );
}

export function NotAvailable({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <p className="notice notice-info stats-not-available" data-testid="not-available">
      {children ?? t('stats.notAvailable')}
    </p>
  );
}

export function isAvailable<T>(value: Maybe<T>): value is T {
  return value !== NOT_AVAILABLE;
}

export function Definitions({ texts }: { texts: string[] }) {
  const { t } = useTranslation();
  return (
    <details className="stats-definitions" open>
      <summary>{t('stats.definitions')}</summary>
      {texts.map((text) => (
        <p key={text}>{text}</p>
      ))}
    </details>
  );
}
