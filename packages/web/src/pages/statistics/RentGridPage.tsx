import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { statsApi, type RentGridResident } from '../../api/stats.ts';
import { SortHeader } from '../../components/ListControls.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { RentStatusCell } from '../../components/RentStatusCell.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { isAvailable, NotAvailable, PeriodForm, periodOf, StatsTabs, useStatsUnit } from './StatsShared.tsx';
import { PersonName } from '../../components/PersonName.tsx';

const SORTS = ['name', '-name', 'problems', '-problems'] as const;
type GridSort = (typeof SORTS)[number];

/** Months late or unpaid: what "Sena/obetalda" sorts by. */
export function problemMonths(r: RentGridResident) {
  return Object.values(r.statuses).filter((s) => s === 'late' || s === 'unpaid').length;
}

function sortResidents(rows: RentGridResident[], sort: GridSort) {
  const byName = (a: RentGridResident, b: RentGridResident) => a.name.localeCompare(b.name, 'sv');
  const compare: Record<GridSort, (a: RentGridResident, b: RentGridResident) => number> = {
    name: byName,
    '-name': (a, b) => byName(b, a),
    // Same count: names A–Ö either way.
    problems: (a, b) => problemMonths(a) - problemMonths(b) || byName(a, b),
    '-problems': (a, b) => problemMonths(b) - problemMonths(a) || byName(a, b),
  };
  return [...rows].sort(compare[sort]);
}

/**
 * /statistics/grid – "Individuell översikt": residents × months, each cell the month's rent status as colour,
 * symbol and word (the grid units keep in Excel today). Staff only; analysts are sent back to /statistics.
 */
export function RentGridPage() {
  const { t } = useTranslation();
  const { unit, isAnalyst } = useStatsUnit();
  const [params, setParams] = useSearchParams();
  const { from, to } = periodOf(params);
  const sortParam = params.get('sort') ?? '';
  const sort: GridSort = (SORTS as readonly string[]).includes(sortParam) ? (sortParam as GridSort) : 'name';
  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) next.set(key, value);
    setParams(next, { replace: 'sort' in patch });
  };

  if (isAnalyst) return <Navigate to="/statistics" replace />;
  return (
    <Page title={t('stats.grid.title')}>
      <StatsTabs />
      {!unit ? (
        <p className="empty">{t('stats.noUnit')}</p>
      ) : (
        <>
          <p className="muted">
            {t('stats.unitLabel', { name: unit.name })}. {t('stats.grid.intro')}
          </p>
          <PeriodForm from={from} to={to} onChange={(next) => update(next)} />
          <Grid key={`${unit.id}-${from}-${to}`} unitId={unit.id} from={from} to={to} sort={sort} onSort={(s) => update({ sort: s })} />
        </>
      )}
    </Page>
  );
}

function Grid({
  unitId,
  from,
  to,
  sort,
  onSort,
}: {
  unitId: string;
  from: string;
  to: string;
  sort: GridSort;
  onSort: (sort: string) => void;
}) {
  const { t } = useTranslation();
  const grid = useLoad((signal) => statsApi.rentGrid({ unitId, from, to }, signal), [unitId, from, to]);
  const caption = t('stats.grid.caption', { from, to });
  return (
    <section className="card stats-section" aria-labelledby="rent-grid-heading">
      <h2 id="rent-grid-heading">{t('stats.grid.heading')}</h2>
      <GridLegend />
      <LoadState {...grid}>
        {(data) =>
          !isAvailable(data) ? (
            <NotAvailable />
          ) : data.residents.length === 0 ? (
            <p className="empty">{t('stats.grid.empty')}</p>
          ) : (
            <div className="table-wrap rent-grid-wrap" tabIndex={0} role="region" aria-label={caption}>
              <table className="table rent-grid" data-testid="rent-grid">
                <caption className="table-caption">{caption}</caption>
                <thead>
                  <tr>
                    <SortHeader label={t('stats.grid.resident')} field="name" sort={sort} onSort={onSort} className="rent-grid-name" />
                    <SortHeader label={t('stats.grid.problems')} field="problems" sort={sort} onSort={onSort} className="numeric" />
                    {data.months.map((month) => (
                      <th key={month} scope="col" className="rent-grid-month">
                        {month}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {sortResidents(data.residents, sort).map((r) => (
                    <tr key={r.residentId} data-resident-id={r.residentId}>
                      <th scope="row" className="rent-grid-name">
                        <Link to={`/residents/${r.residentId}`}>
                          <PersonName name={r.name} culled={r.culled} />
                        </Link>
                      </th>
                      <td className="numeric" data-problems={problemMonths(r)}>
                        {problemMonths(r)}
                      </td>
                      {data.months.map((month) => (
                        <td key={month} data-month={month} className="rent-grid-cell">
                          <RentStatusCell status={r.statuses[month]} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
    </section>
  );
}

export function GridLegend() {
  const { t } = useTranslation();
  return (
    <ul className="plain-list rent-grid-legend" aria-label={t('stats.grid.legend')} data-testid="rent-grid-legend">
      {(['on_time', 'late', 'unpaid', 'open', null] as const).map((s) => (
        <li key={s ?? 'none'}>
          <RentStatusCell status={s} />
        </li>
      ))}
    </ul>
  );
}
