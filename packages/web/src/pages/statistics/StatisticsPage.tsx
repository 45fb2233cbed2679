import { addMonths } from '@kvarbo/domain';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { statsApi, type RentSummary, type RentSummaryMonth } from '../../api/stats.ts';
import type { MonthStatus } from '../../api/types.ts';
import { LoadState } from '../../components/LoadState.tsx';
import { MonthStatusTag } from '../../components/MonthStatusTag.tsx';
import { ErrorBox, Page } from '../../components/Page.tsx';
import { today } from '../../format.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { csvBlob, downloadBlob, downloadPng, downloadSvg } from './exports.ts';
import { csvCount, percent, percentNumber } from './format.ts';
import { lateOrUnpaidShare, RentChart } from './RentChart.tsx';
import { RiskSection } from './RiskSection.tsx';
import { CountCell, Definitions, isAvailable, NotAvailable, ShareCell, StatsTabs, useStatsUnit } from './StatsShared.tsx';
import { WatchListSection } from './WatchListSection.tsx';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function defaultPeriod() {
  const to = today().slice(0, 7);
  return { from: addMonths(to, -11), to };
}

/**
 * /statistics – the unit's rent follow-up figures for a period (default the last 12 months): residents per month
 * on time / late / unpaid / open as a chart and a table, the risk phases and, for staff, the watch list.
 */
export function StatisticsPage() {
  const { t } = useTranslation();
  const { unit, isAnalyst } = useStatsUnit();
  const [params, setParams] = useSearchParams();
  const fallback = defaultPeriod();
  const from = MONTH.test(params.get('from') ?? '') ? params.get('from')! : fallback.from;
  const to = MONTH.test(params.get('to') ?? '') ? params.get('to')! : fallback.to;

  return (
    <Page title={t('stats.title')}>
      <StatsTabs />
      {!unit ? (
        <p className="empty">{t('stats.noUnit')}</p>
      ) : (
        <>
          <p className="muted">
            {t('stats.unitLabel', { name: unit.name })}. {t('stats.intro')}
          </p>
          {isAnalyst ? <p className="notice notice-info">{t('stats.analystNote')}</p> : null}
          <PeriodForm from={from} to={to} onChange={(next) => setParams(next)} />
          <Dashboard key={`${unit.id}-${from}-${to}`} unitId={unit.id} from={from} to={to} isAnalyst={isAnalyst} />
          <RiskSection unitId={unit.id} from={from} to={to} />
          {isAnalyst ? null : <WatchListSection unitId={unit.id} />}
        </>
      )}
    </Page>
  );
}

function PeriodForm({ from, to, onChange }: { from: string; to: string; onChange: (p: { from: string; to: string }) => void }) {
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

function Dashboard({ unitId, from, to, isAnalyst }: { unitId: string; from: string; to: string; isAnalyst: boolean }) {
  const { t, i18n } = useTranslation();
  const summary = useLoad((signal) => statsApi.rentSummary({ unitId, from, to }, signal), [unitId, from, to]);
  const [selected, setSelected] = useState<{ month: string; status: MonthStatus } | null>(null);
  const [downloadError, setDownloadError] = useState(false);
  const chartRef = useRef<SVGSVGElement>(null);
  const locale = i18n.language === 'en' ? 'en' : 'sv';

  const exportCsv = (data: RentSummary) => {
    const header = [
      t('stats.month'),
      t('stats.statuses.on_time'),
      t('stats.statuses.late'),
      t('stats.statuses.unpaid'),
      t('stats.statuses.open'),
      t('stats.total'),
      `${t('stats.table.shareOnTime')} (%)`,
      `${t('stats.table.shareLate')} (%)`,
      `${t('stats.table.shareUnpaid')} (%)`,
      `${t('stats.lateOrUnpaidShare')} (%)`,
    ];
    const rows = data.months.map((m) => [
      m.month,
      csvCount(m.onTime),
      csvCount(m.late),
      csvCount(m.unpaid),
      csvCount(m.open),
      csvCount(m.total),
      percentNumber(m.shareOnTime),
      percentNumber(m.shareLate),
      percentNumber(m.shareUnpaid),
      percentNumber(lateOrUnpaidShare(m)),
    ]);
    downloadBlob(csvBlob([header, ...rows]), `hyresuppfoljning-${from}-${to}.csv`);
  };

  return (
    <section className="card stats-section" aria-labelledby="rent-chart-heading">
      <LoadState {...summary}>
        {(data) => (
          <>
            <div className="section-header">
              <h2 id="rent-chart-heading">{t('stats.chart.heading')}</h2>
              <div className="button-row">
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={data.months.length === 0}
                  onClick={() => chartRef.current && downloadSvg(chartRef.current, `hyresuppfoljning-${from}-${to}.svg`)}
                >
                  {t('stats.chart.downloadSvg')}
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={data.months.length === 0}
                  onClick={() => {
                    if (!chartRef.current) return;
                    setDownloadError(false);
                    downloadPng(chartRef.current, `hyresuppfoljning-${from}-${to}.png`).catch(() => setDownloadError(true));
                  }}
                >
                  {t('stats.chart.downloadPng')}
                </button>
                <button type="button" className="button button-secondary" onClick={() => exportCsv(data)}>
                  {t('stats.chart.exportCsv')}
                </button>
                <a
                  className="button button-secondary"
                  data-testid="export-xlsx"
                  href={`/api/stats/export.xlsx?${new URLSearchParams({ unitId, from, to }).toString()}`}
                >
                  {t('stats.chart.exportXlsx')}
                </a>
              </div>
            </div>
            <p className="muted small">{t('stats.period', { from, to })}</p>
            {downloadError ? (
              <ErrorBox>
                <p>{t('errors.title')}</p>
              </ErrorBox>
            ) : null}
            {data.months.length === 0 ? (
              <p className="empty">{t('stats.chart.empty')}</p>
            ) : (
              <>
                {isAnalyst ? null : <p className="muted small">{t('stats.chart.segmentsHint')}</p>}
                <RentChart
                  ref={chartRef}
                  months={data.months}
                  trend={data.trend}
                  from={from}
                  to={to}
                  interactive={!isAnalyst}
                  selected={selected}
                  onSelect={(month, status) => setSelected({ month, status })}
                />
                {!isAnalyst && selected ? (
                  <BarResidents unitId={unitId} month={selected.month} status={selected.status} onClose={() => setSelected(null)} />
                ) : null}
                <RentTable months={data.months} from={from} to={to} locale={locale} />
              </>
            )}
            <Definitions texts={[data.definitions[locale]]} />
          </>
        )}
      </LoadState>
    </section>
  );
}

function RentTable({ months, from, to, locale }: { months: RentSummaryMonth[]; from: string; to: string; locale: string }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap stats-table" tabIndex={0} role="region" aria-label={t('stats.table.caption', { from, to })}>
      <table className="table" data-testid="rent-table">
        <caption className="table-caption">{t('stats.table.caption', { from, to })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stats.month')}</th>
            <th scope="col" className="numeric">
              {t('stats.statuses.on_time')}
            </th>
            <th scope="col" className="numeric">
              {t('stats.statuses.late')}
            </th>
            <th scope="col" className="numeric">
              {t('stats.statuses.unpaid')}
            </th>
            <th scope="col" className="numeric">
              {t('stats.statuses.open')}
            </th>
            <th scope="col" className="numeric">
              {t('stats.total')}
            </th>
            <th scope="col" className="numeric">
              {t('stats.table.shareOnTime')}
            </th>
            <th scope="col" className="numeric">
              {t('stats.table.shareLate')}
            </th>
            <th scope="col" className="numeric">
              {t('stats.table.shareUnpaid')}
            </th>
            <th scope="col" className="numeric">
              {t('stats.lateOrUnpaidShare')}
            </th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month} data-month={m.month}>
              <th scope="row" className="nowrap">
                {m.month}
              </th>
              {([m.onTime, m.late, m.unpaid, m.open, m.total] as const).map((v, i) => (
                <td key={i} className="numeric">
                  <CountCell value={v} />
                </td>
              ))}
              {[m.shareOnTime, m.shareLate, m.shareUnpaid, lateOrUnpaidShare(m)].map((v, i) => (
                <td key={`s${i}`} className="numeric">
                  <ShareCell text={percent(v, locale)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BarResidents({ unitId, month, status, onClose }: { unitId: string; month: string; status: MonthStatus; onClose: () => void }) {
  const { t } = useTranslation();
  const residents = useLoad((signal) => statsApi.barResidents({ unitId, month, status }, signal), [unitId, month, status]);
  const statusText = t(`stats.statuses.${status}`);
  return (
    <section className="bar-residents" data-testid="bar-residents" aria-labelledby="bar-residents-heading" aria-live="polite">
      <div className="section-header">
        <h3 id="bar-residents-heading">{t('stats.bar.heading', { status: statusText, month })}</h3>
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t('stats.bar.close')}
        </button>
      </div>
      <LoadState {...residents}>
        {(list) =>
          !isAvailable(list) ? (
            <NotAvailable />
          ) : list.length === 0 ? (
            <p className="empty">{t('stats.bar.empty')}</p>
          ) : (
            <>
              <p className="muted small">{t('stats.bar.intro', { status: statusText, month })}</p>
              <ul className="plain-list bar-resident-list">
                {[...list]
                  .sort((a, b) => a.name.localeCompare(b.name, 'sv'))
                  .map((r) => (
                    <li key={`${r.residentId}-${r.placementId}`} data-resident-id={r.residentId}>
                      <Link to={`/residents/${r.residentId}`}>{r.name}</Link> <MonthStatusTag status={r.status} />{' '}
                      <Link
                        className="small"
                        to={`/residents/${r.residentId}/ledger#placement-${r.placementId}`}
                        aria-label={t('stats.bar.openLedger', { name: r.name })}
                      >
                        {t('stats.bar.ledger')}
                      </Link>
                    </li>
                  ))}
              </ul>
            </>
          )
        }
      </LoadState>
    </section>
  );
}
