import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { commissionersApi } from '../../api/commissioners.ts';
import { statsApi, type RentSummary, type RentSummaryFilters, type RentSummaryMonth } from '../../api/stats.ts';
import { unitsApi } from '../../api/units.ts';
import type { MonthStatus } from '../../api/types.ts';
import { SelectField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { MonthStatusTag } from '../../components/MonthStatusTag.tsx';
import { ErrorBox, Page } from '../../components/Page.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { PICKER_SIZE } from '../constants.ts';
import { csvBlob, downloadBlob, downloadPng, downloadSvg } from './exports.ts';
import { csvCount, percent, percentNumber } from './format.ts';
import { lateOrUnpaidShare, RentChart } from './RentChart.tsx';
import { RiskSection } from './RiskSection.tsx';
import {
  CountCell,
  Definitions,
  isAvailable,
  NotAvailable,
  PeriodForm,
  periodOf,
  ShareCell,
  StatsTabs,
  useStatsUnit,
} from './StatsShared.tsx';
import { WatchListSection } from './WatchListSection.tsx';
import { PersonName, personNameText } from '../../components/PersonName.tsx';

/**
 * /statistics – the unit's rent follow-up figures for a period (default the last 12 months): residents per month
 * on time / late / unpaid / open as a chart and a table, the risk phases and, for staff, the watch list.
 */
export function StatisticsPage() {
  const { t } = useTranslation();
  const { unit, isAnalyst } = useStatsUnit();
  const [params, setParams] = useSearchParams();
  const { from, to } = periodOf(params);
  // Filters are for staff only: an analyst's figures stay for the whole unit.
  const filters: RentSummaryFilters = isAnalyst
    ? {}
    : {
        apartmentType: params.get('apartmentType') ?? '',
        commissionerId: params.get('commissionerId') ?? '',
        contactPersonId: params.get('contactPersonId') ?? '',
      };
  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

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
          <PeriodForm from={from} to={to} onChange={(next) => update(next)} />
          {isAnalyst ? null : <DashboardFilters unitId={unit.id} filters={filters} onChange={update} />}
          <Dashboard
            key={`${unit.id}-${from}-${to}-${filters.apartmentType}-${filters.commissionerId}-${filters.contactPersonId}`}
            unitId={unit.id}
            from={from}
            to={to}
            filters={filters}
            isAnalyst={isAnalyst}
          />
          <RiskSection unitId={unit.id} from={from} to={to} />
          {isAnalyst ? null : <WatchListSection unitId={unit.id} />}
        </>
      )}
    </Page>
  );
}

/** Apartment type, commissioning agency and contact person: narrow the chart and the table (kept in the URL). */
function DashboardFilters({
  unitId,
  filters,
  onChange,
}: {
  unitId: string;
  filters: RentSummaryFilters;
  onChange: (patch: Record<string, string>) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const choices = useLoad(
    async (signal) => {
      const [commissioners, staff] = await Promise.all([
        commissionersApi
          .list({ sort: 'name', pageSize: PICKER_SIZE }, signal)
          .then((p) => p.items)
          .catch(() => []),
        unitsApi.staff(unitId, signal).catch(() => []),
      ]);
      return { commissioners, staff: staff.filter((s) => s.role !== 'analyst') };
    },
    [unitId],
  );
  const commissionerOptions = (choices.data?.commissioners ?? []).map((c) => ({ value: c.id, label: c.name }));
  const staffOptions = (choices.data?.staff ?? []).map((s) => ({ value: s.id, label: s.displayName }));
  // A chosen value the lists do not (yet) hold still shows, so the select never silently drops it.
  const keep = (options: { value: string; label: string }[], value: string | undefined) =>
    value && !options.some((o) => o.value === value) ? [...options, { value, label: value }] : options;
  const active = Boolean(filters.apartmentType || filters.commissionerId || filters.contactPersonId);
  return (
    <fieldset className="filters stats-filters" data-testid="stats-filters">
      <legend>{t('stats.filters.legend')}</legend>
      <SelectField
        id="stats-apartment-type"
        label={t('stats.filters.apartmentType')}
        filter
        width="medium"
        value={filters.apartmentType ?? ''}
        placeholder={t('stats.filters.all')}
        options={labels.apartmentTypeOptions}
        onChange={(value) => onChange({ apartmentType: value })}
      />
      <SelectField
        id="stats-commissioner"
        label={t('stats.filters.commissioner')}
        filter
        width="medium"
        value={filters.commissionerId ?? ''}
        placeholder={t('stats.filters.all')}
        options={keep(commissionerOptions, choices.data ? filters.commissionerId : undefined)}
        onChange={(value) => onChange({ commissionerId: value })}
      />
      <SelectField
        id="stats-contact-person"
        label={t('stats.filters.contactPerson')}
        filter
        width="medium"
        value={filters.contactPersonId ?? ''}
        placeholder={t('stats.filters.all')}
        options={keep(staffOptions, choices.data ? filters.contactPersonId : undefined)}
        onChange={(value) => onChange({ contactPersonId: value })}
      />
      {active ? (
        <button
          type="button"
          className="button button-quiet"
          onClick={() => onChange({ apartmentType: '', commissionerId: '', contactPersonId: '' })}
        >
          {t('stats.filters.clear')}
        </button>
      ) : null}
      <p className="muted small stats-filters-note">{t(active ? 'stats.filters.activeNote' : 'stats.filters.note')}</p>
    </fieldset>
  );
}

function Dashboard({
  unitId,
  from,
  to,
  filters,
  isAnalyst,
}: {
  unitId: string;
  from: string;
  to: string;
  filters: RentSummaryFilters;
  isAnalyst: boolean;
}) {
  const { t, i18n } = useTranslation();
  const summary = useLoad((signal) => statsApi.rentSummary({ unitId, from, to, ...filters }, signal), [unitId, from, to]);
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
                      <Link to={`/residents/${r.residentId}`}>
                        <PersonName name={r.name} culled={r.culled} />
                      </Link>{' '}
                      <MonthStatusTag status={r.status} />{' '}
                      <Link
                        className="small"
                        to={`/residents/${r.residentId}/ledger#placement-${r.placementId}`}
                        aria-label={t('stats.bar.openLedger', { name: personNameText(t, r.name, r.culled) })}
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
