import { addMonths } from '@kvarbo/domain';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { NOT_AVAILABLE, type Count, type Maybe } from '../../api/stats.ts';
import { today } from '../../format.ts';
import { useSession } from '../../session/SessionContext.tsx';

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The period in the query string (?from=YYYY-MM&to=YYYY-MM), by default the last 12 months. */
export function periodOf(params: URLSearchParams) {
  const to = MONTH.test(params.get('to') ?? '') ? params.get('to')! : today().slice(0, 7);
  const from = MONTH.test(params.get('from') ?? '') ? params.get('from')! : addMonths(to, -11);
  return { from, to };
}

/** The unit the figures are for (the chosen unit), and whether the user sees them as an analyst. */
export function useStatsUnit() {
  const { unit, roleIn } = useSession();
  const role = unit ? roleIn(unit.id) : null;
  const allowed = role === 'manager' || role === 'analyst';
  return { unit: allowed ? unit : null, isAnalyst: role === 'analyst' };
}

export function StatsTabs() {
  const { t } = useTranslation();
  const { isAnalyst } = useStatsUnit();
  const { isManagerSomewhere } = useSession();
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
        {/* Occupation and activities per month lives with the activities; analysts reach it only from here. */}
        <li>
          <NavLink to="/activities/summary">{t('stats.tabOccupation')}</NavLink>
        </li>
        {isAnalyst ? null : (
          <li>
            <NavLink to="/statistics/grid">{t('stats.tabGrid')}</NavLink>
          </li>
        )}
        {/* Research exports hold data about individuals, however de-identified: managers only. */}
        {isManagerSomewhere ? (
          <li>
            <NavLink to="/statistics/research-export">{t('stats.tabResearch')}</NavLink>
          </li>
        ) : null}
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

export function PeriodForm({ from, to, onChange }: { from: string; to: string; onChange: (p: { from: string; to: string }) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ from, to });
  const [error, setError] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = MONTH.test(draft.from) && MONTH.test(draft.to) && draft.from <= draft.to;
    setError(!ok);
    if (ok) onChange(draft);
  };
  return (
    <form className="filters stats-period" onSubmit={submit} noValidate>
      {(['from', 'to'] as const).map((key) => (
        <div className="field" key={key}>
          <label htmlFor={`stats-${key}`}>{t(`stats.${key}`)}</label>
          <input
            id={`stats-${key}`}
            name={key}
            type="month"
            className="input input-short"
            value={draft[key]}
            placeholder={t('stats.monthHint')}
            pattern="\d{4}-\d{2}"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'stats-period-error' : undefined}
            onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
          />
        </div>
      ))}
      <button type="submit" className="button button-secondary">
        {t('stats.show')}
      </button>
      {error ? (
        <p id="stats-period-error" className="field-error" role="alert">
          {t('stats.periodInvalid')}
        </p>
      ) : null}
    </form>
  );
}
