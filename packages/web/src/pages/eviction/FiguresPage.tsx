import { REFERRAL_SERVICES, REFERRAL_STATUSES, REPORT_KINDS, REPORT_REASONS } from '@kvarbo/domain';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { evictionApi, type EvictionFigures, type EvictionPeriodBy, type FiguresQuery } from '../../api/eviction.ts';
import { RadioGroup, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { CountCell } from '../statistics/StatsShared.tsx';
import { useEvictionLabels } from './labels.ts';

const PERIOD: Record<EvictionPeriodBy, RegExp> = { year: /^\d{4}$/, month: /^\d{4}-(0[1-9]|1[0-2])$/ };

/**
 * /eviction/figures – the team's figures per year (or month) for the unit's managers (exact) and analysts (small
 * counts as "<5"), as tables in the form of the team's own yearly table, and the same as an Excel workbook.
 */
export function FiguresPage() {
  const { t } = useTranslation();
  const { unit, roleIn } = useSession();
  const role = unit ? roleIn(unit.id) : null;
  const allowed = role === 'manager' || role === 'analyst';
  const [params, setParams] = useSearchParams();
  const by: EvictionPeriodBy = params.get('by') === 'month' ? 'month' : 'year';
  const from = PERIOD[by].test(params.get('from') ?? '') ? params.get('from')! : undefined;
  const to = PERIOD[by].test(params.get('to') ?? '') ? params.get('to')! : undefined;
  const query: FiguresQuery | null = unit && allowed ? { unitId: unit.id, by, from, to } : null;

  return (
    <Page
      title={t('eviction.figures.title')}
      kicker={t('eviction.kicker')}
      actions={
        role === 'analyst' ? null : (
          <Link to="/eviction" className="button button-link">
            {t('eviction.backToList')}
          </Link>
        )
      }
    >
      {!query ? (
        <p className="empty">{t('eviction.figures.noAccess')}</p>
      ) : (
        <>
          <p className="muted">
            {t('eviction.unitLabel', { name: unit!.name })}. {t('eviction.figures.intro')}
          </p>
          {role === 'analyst' ? <p className="notice notice-info">{t('eviction.figures.analystNote')}</p> : null}
          <PeriodForm
            key={`${by}-${from}-${to}`}
            by={by}
            from={from ?? ''}
            to={to ?? ''}
            onChange={(next) => {
              const p: Record<string, string> = { by: next.by };
              if (next.from) p.from = next.from;
              if (next.to) p.to = next.to;
              setParams(p);
            }}
          />
          <Figures query={query} />
        </>
      )}
    </Page>
  );
}

function PeriodForm({
  by,
  from,
  to,
  onChange,
}: {
  by: EvictionPeriodBy;
  from: string;
  to: string;
  onChange: (next: { by: EvictionPeriodBy; from: string; to: string }) => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState({ by, from, to });
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const bad = (v: string) => v !== '' && !PERIOD[values.by].test(v);
    const message = values.by === 'year' ? t('eviction.figures.yearHint') : t('errors.invalidMonth');
    const next = { from: bad(values.from) ? message : undefined, to: bad(values.to) ? message : undefined };
    setErrors(next);
    if (!next.from && !next.to) onChange(values);
  };
  const hint = values.by === 'year' ? t('eviction.figures.yearHint') : t('eviction.figures.monthHint');
  return (
    <form className="filters eviction-period" onSubmit={submit} noValidate data-testid="figures-period">
      <RadioGroup
        id="figures-by"
        label={t('eviction.figures.by')}
        inline
        value={values.by}
        onChange={(v) => setValues({ by: v as EvictionPeriodBy, from: '', to: '' })}
        options={[
          { value: 'year', label: t('eviction.figures.byYear') },
          { value: 'month', label: t('eviction.figures.byMonth') },
        ]}
      />
      <TextField
        id="figures-from"
        label={t('eviction.figures.from')}
        hint={hint}
        filter
        width="short"
        value={values.from}
        onChange={(from) => setValues((v) => ({ ...v, from }))}
        error={errors.from}
      />
      <TextField
        id="figures-to"
        label={t('eviction.figures.to')}
        hint={hint}
        filter
        width="short"
        value={values.to}
        onChange={(to) => setValues((v) => ({ ...v, to }))}
        error={errors.to}
      />
      <div className="eviction-period-submit">
        <button type="submit" className="button button-secondary">
          {t('eviction.figures.show')}
        </button>
      </div>
    </form>
  );
}

function Figures({ query }: { query: FiguresQuery }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const figures = useLoad((signal) => evictionApi.figures(query, signal), [query.unitId, query.by, query.from, query.to]);
  return (
    <LoadState {...figures}>
      {(f: EvictionFigures) => (
        <div className="stack">
          <p>
            <a
              className="button button-secondary"
              href={evictionApi.figuresXlsxUrl({ ...query, from: f.from, to: f.to })}
              download
              data-testid="figures-xlsx"
            >
              {t('eviction.figures.xlsx')}
            </a>
          </p>
          <section className="card" aria-labelledby="figures-reports-heading">
            <h2 id="figures-reports-heading">{t('eviction.figures.reportsCaption')}</h2>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('eviction.figures.reportsCaption')}>
              <table className="table figures-table" data-testid="figures-reports">
                <caption className="visually-hidden">{t('eviction.figures.reportsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('eviction.figures.period')}</th>
                    <th scope="col" className="numeric">
                      {t('eviction.figures.total')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('eviction.figures.rentArrears')}
                    </th>
                    {REPORT_KINDS.map((k) => (
                      <th scope="col" className="numeric" key={k}>
                        {labels.kind(k)}
                      </th>
                    ))}
                    {REPORT_REASONS.map((r) => (
                      <th scope="col" className="numeric" key={r}>
                        {labels.reason(r)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {f.periods.map((p) => (
                    <tr key={p.period} data-period={p.period}>
                      <th scope="row">{p.period}</th>
                      <td className="numeric" data-testid="figures-total">
                        <CountCell value={p.reports.total} />
                      </td>
                      <td className="numeric">
                        <CountCell value={p.reports.rentArrears} />
                      </td>
                      {REPORT_KINDS.map((k) => (
                        <td className="numeric" key={k}>
                          <CountCell value={p.reports.byKind[k]} />
                        </td>
                      ))}
                      {REPORT_REASONS.map((r) => (
                        <td className="numeric" key={r}>
                          <CountCell value={p.reports.byReason[r]} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section className="card" aria-labelledby="figures-outcomes-heading">
            <h2 id="figures-outcomes-heading">{t('eviction.figures.outcomesCaption')}</h2>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('eviction.figures.outcomesCaption')}>
              <table className="table figures-table" data-testid="figures-outcomes">
                <caption className="visually-hidden">{t('eviction.figures.outcomesCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('eviction.figures.period')}</th>
                    {(
                      [
                        'households',
                        'childrenAffected',
                        'cases',
                        'reached',
                        'medianDays',
                        'prevented',
                        'carriedOut',
                        'childrenInEvictions',
                      ] as const
                    ).map((k) => (
                      <th scope="col" className="numeric" key={k}>
                        {t(`eviction.figures.${k}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {f.periods.map((p) => (
                    <tr key={p.period}>
                      <th scope="row">{p.period}</th>
                      {[
                        p.households,
                        p.childrenAffected,
                        p.firstContact.cases,
                        p.firstContact.reached,
                        p.firstContact.medianDays,
                        p.evictionsPrevented,
                        p.evictionsCarriedOut,
                        p.childrenInEvictions,
                      ].map((value, i) => (
                        <td className="numeric" key={i}>
                          <CountCell value={value} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section className="card" aria-labelledby="figures-referrals-heading">
            <h2 id="figures-referrals-heading">{t('eviction.figures.referralsCaption')}</h2>
            <p className="muted">{t('eviction.figures.referralsNote')}</p>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('eviction.figures.referralsCaption')}>
              <table className="table figures-table" data-testid="figures-referrals">
                <caption className="visually-hidden">{t('eviction.figures.referralsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('eviction.figures.period')}</th>
                    <th scope="col">{t('eviction.figures.service')}</th>
                    <th scope="col" className="numeric">
                      {t('eviction.figures.total')}
                    </th>
                    {REFERRAL_STATUSES.map((s) => (
                      <th scope="col" className="numeric" key={s}>
                        {labels.referralStatus(s)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {f.periods.flatMap((p) =>
                    // Only the services with referrals in the period: seven empty rows per year would hide the rest.
                    REFERRAL_SERVICES.filter((s) => p.referralsByService[s] && p.referralsByService[s].total !== 0).map((s) => {
                      const row = p.referralsByService[s];
                      return (
                        <tr key={`${p.period}-${s}`}>
                          <th scope="row">{p.period}</th>
                          <td>{labels.service(s)}</td>
                          <td className="numeric">
                            <CountCell value={row?.total ?? 0} />
                          </td>
                          {REFERRAL_STATUSES.map((st) => (
                            <td className="numeric" key={st}>
                              <CountCell value={row?.byStatus[st] ?? 0} />
                            </td>
                          ))}
                        </tr>
                      );
                    }),
                  )}
                </tbody>
              </table>
            </div>
          </section>
          <section className="card" aria-labelledby="figures-definitions-heading">
            <h2 id="figures-definitions-heading">{t('eviction.figures.definitions')}</h2>
            <ul className="eviction-definitions">
              {Object.entries(f.definitions[labels.locale] ?? {}).map(([key, text]) => (
                <li key={key}>{text}</li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </LoadState>
  );
}
