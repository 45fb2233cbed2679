import { PLACEMENT_END_REASONS, survivalAt, type ApartmentType } from '@kvarbo/domain';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { statsApi, type CurveStep, type RetentionGroup, type RetentionReport } from '../../api/stats.ts';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { csvBlob, downloadBlob, downloadPng, downloadSvg } from './exports.ts';
import { csvCount, DAYS_PER_MONTH, monthsText, percent, percentNumber } from './format.ts';
import { CountCell, Definitions, ShareCell, StatsTabs, useStatsUnit } from './StatsShared.tsx';

const LINE_STYLES = [
  { stroke: '#1c2629', dash: '' },
  { stroke: '#1f5f5b', dash: '8 4' },
  { stroke: '#b42318', dash: '2 3' },
  { stroke: '#2b5c8a', dash: '12 4 2 4' },
  { stroke: '#7a4a00', dash: '4 4' },
  { stroke: '#6b3fa0', dash: '14 6' },
];
const CURVE_MONTHS = [6, 12, 24, 36];

/**
 * /statistics/retention – evaluation figures: housing retention at 6/12/24 months per apartment type, the
 * Kaplan–Meier curve, time in housing per move-in year and how placements ended, with the definitions.
 */
export function RetentionPage() {
  const { t } = useTranslation();
  const { unit, isAnalyst } = useStatsUnit();
  const report = useLoad((signal) => (unit ? statsApi.retention(unit.id, signal) : Promise.resolve(undefined)), [unit?.id]);
  return (
    <Page title={t('stats.retentionTitle')} kicker={t('stats.title')}>
      <StatsTabs />
      {!unit ? (
        <p className="empty">{t('stats.noUnit')}</p>
      ) : (
        <>
          <p className="muted">
            {t('stats.unitLabel', { name: unit.name })}. {t('stats.intro')}
          </p>
          {isAnalyst ? <p className="notice notice-info">{t('stats.analystNote')}</p> : null}
          <LoadState {...report}>{(data) => (data ? <Retention report={data} /> : null)}</LoadState>
        </>
      )}
    </Page>
  );
}

function Retention({ report }: { report: RetentionReport }) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const locale = i18n.language === 'en' ? 'en' : 'sv';
  const groupName = (group: string) => (group === 'all' ? t('stats.retention.all') : labels.apartmentType(group as ApartmentType));
  const [chosen, setChosen] = useState('all');
  const group = report.groups.find((g) => g.group === chosen) ?? report.groups[0];
  const horizons = report.groups[0]?.retention.map((r) => r.months) ?? [6, 12, 24];

  const exportRetention = () => {
    const header: string[] = [t('stats.retention.group')];
    for (const h of horizons) {
      const label = t('stats.retention.atMonths', { months: h });
      header.push(`${label} – ${t('stats.share')} (%)`, `${label} – ${t('stats.retention.housed')}`, `${label} – ${t('stats.total')}`);
    }
    const rows = report.groups.map((g) => [
      groupName(g.group),
      ...horizons.flatMap((h) => {
        const r = g.retention.find((x) => x.months === h);
        return [percentNumber(r?.share), csvCount(r?.housed), csvCount(r?.total)];
      }),
    ]);
    downloadBlob(csvBlob([[t('stats.retention.asOf', { date: report.asOf })], header, ...rows]), `kvarboende-${report.asOf}.csv`);
  };

  return (
    <>
      <p className="muted">{t('stats.retention.asOf', { date: report.asOf })}</p>
      <section className="card stats-section" aria-labelledby="retention-table-heading">
        <div className="section-header">
          <h2 id="retention-table-heading">{t('stats.retention.tableHeading')}</h2>
          <button type="button" className="button button-secondary" onClick={exportRetention}>
            {t('stats.chart.exportCsv')}
          </button>
        </div>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('stats.retention.tableCaption')}>
          <table className="table" data-testid="retention-table">
            <caption className="visually-hidden">{t('stats.retention.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stats.retention.group')}</th>
                {horizons.map((h) => (
                  <th scope="col" className="numeric" key={h}>
                    {t('stats.retention.atMonths', { months: h })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.groups.map((g) => (
                <tr key={g.group} data-group={g.group}>
                  <th scope="row">{groupName(g.group)}</th>
                  {horizons.map((h) => {
                    const r = g.retention.find((x) => x.months === h);
                    return (
                      <td className="numeric" key={h}>
                        <strong>
                          <ShareCell text={percent(r?.share, locale)} />
                        </strong>
                        <span className="cell-sub">
                          <CountCell value={r?.housed} /> / <CountCell value={r?.total} />
                        </span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Definitions
          texts={[
            report.definitions.stillHoused?.[locale],
            report.definitions.retentionAt?.[locale],
            report.definitions.deceased?.[locale],
          ].filter(isText)}
        />
      </section>

      <RetentionCurve
        groups={report.groups}
        groupName={groupName}
        asOf={report.asOf}
        definition={report.definitions.kaplanMeier?.[locale]}
      />

      <section className="card stats-section" aria-labelledby="time-heading">
        <div className="section-header">
          <h2 id="time-heading">{t('stats.retention.timeHeading')}</h2>
          <div className="field field-inline">
            <label htmlFor="retention-group">{t('stats.retention.group')}</label>
            <select id="retention-group" className="input select" value={group?.group ?? 'all'} onChange={(e) => setChosen(e.target.value)}>
              {report.groups.map((g) => (
                <option key={g.group} value={g.group}>
                  {groupName(g.group)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {group ? <GroupTables group={group} name={groupName(group.group)} /> : null}
        <Definitions texts={[report.definitions.timeInHousing?.[locale], report.definitions.transitions?.[locale]].filter(isText)} />
      </section>
    </>
  );
}

function isText(value: string | undefined): value is string {
  return typeof value === 'string' && value !== '';
}

function GroupTables({ group, name }: { group: RetentionGroup; name: string }) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const locale = i18n.language === 'en' ? 'en' : 'sv';
  const reasons = PLACEMENT_END_REASONS;
  return (
    <>
      {group.timeInHousing.length === 0 ? (
        <p className="empty">{t('stats.retention.empty')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('stats.retention.timeCaption', { group: name })}>
          <table className="table" data-testid="time-in-housing">
            <caption className="table-caption">{t('stats.retention.timeCaption', { group: name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stats.retention.year')}</th>
                <th scope="col" className="numeric">
                  {t('stats.retention.completed')}
                </th>
                <th scope="col" className="numeric">
                  {t('stats.retention.ongoing')}
                </th>
                <th scope="col" className="numeric">
                  {t('stats.retention.q1')}
                </th>
                <th scope="col" className="numeric">
                  {t('stats.retention.median')}
                </th>
                <th scope="col" className="numeric">
                  {t('stats.retention.q3')}
                </th>
                <th scope="col" className="numeric">
                  {t('stats.retention.change')}
                </th>
              </tr>
            </thead>
            <tbody>
              {group.timeInHousing.map((y) => (
                <tr key={y.year}>
                  <th scope="row">{y.year}</th>
                  <td className="numeric">
                    <CountCell value={y.completed} />
                  </td>
                  <td className="numeric">
                    <CountCell value={y.ongoing} />
                  </td>
                  <td className="numeric">{monthsText(y.q1Days, locale)}</td>
                  <td className="numeric">{monthsText(y.medianDays, locale)}</td>
                  <td className="numeric">{monthsText(y.q3Days, locale)}</td>
                  <td className="numeric">
                    {y.medianChangeDays !== null && y.medianChangeDays > 0 ? '+' : ''}
                    {monthsText(y.medianChangeDays, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('stats.retention.transitionsHeading')}</h3>
      {group.transitions.length === 0 ? (
        <p className="empty">{t('stats.retention.empty')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('stats.retention.transitionsCaption', { group: name })}>
          <table className="table" data-testid="retention-transitions">
            <caption className="visually-hidden">{t('stats.retention.transitionsCaption', { group: name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stats.retention.endYear')}</th>
                {reasons.map((r) => (
                  <th scope="col" className="numeric" key={r}>
                    {labels.endReason(r)}
                  </th>
                ))}
                <th scope="col" className="numeric">
                  {t('stats.total')}
                </th>
              </tr>
            </thead>
            <tbody>
              {group.transitions.map((y) => (
                <tr key={y.year}>
                  <th scope="row">{y.year}</th>
                  {reasons.map((r) => (
                    <td className="numeric" key={r}>
                      <CountCell value={y.counts[r] ?? 0} />
                    </td>
                  ))}
                  <td className="numeric">
                    <CountCell value={y.total} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

const W = 760;
const H = 360;
const M = { top: 20, right: 24, bottom: 90, left: 56 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

function stepPath(curve: CurveStep[], x: (months: number) => number, y: (share: number) => number): string {
  let d = `M${x(0)},${y(1)}`;
  let value = 1;
  for (const step of curve) {
    const px = x(step.time / DAYS_PER_MONTH);
    d += ` H${px}`;
    if (step.survival !== value) {
      value = step.survival;
      d += ` V${y(value)}`;
    }
  }
  return d;
}

function RetentionCurve(props: {
  groups: RetentionGroup[];
  groupName: (g: string) => string;
  asOf: string;
  definition: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const ref = useRef<SVGSVGElement>(null);
  const locale = i18n.language === 'en' ? 'en' : 'sv';
  const groups = props.groups.filter((g) => g.curve.length > 0);
  const maxMonths = Math.max(12, ...groups.map((g) => (g.curve.at(-1)?.time ?? 0) / DAYS_PER_MONTH));
  const xMax = Math.ceil(maxMonths / 12) * 12;
  const x = (months: number) => M.left + (months / xMax) * PW;
  const y = (share: number) => M.top + PH - share * PH;
  const xTicks = Array.from({ length: xMax / 6 + 1 }, (_, i) => i * 6).filter((m) => xMax <= 48 || m % 12 === 0);
  const valueAt = (g: RetentionGroup, months: number) => survivalAt(g.curve, months * DAYS_PER_MONTH);
  const desc = t('stats.retention.curveDesc', {
    groups: groups
      .map((g) =>
        CURVE_MONTHS.map((m) =>
          t('stats.retention.curveDescGroup', { group: props.groupName(g.group), share: percent(valueAt(g, m), locale), months: m }),
        ).join(' '),
      )
      .join(' '),
  });

  return (
    <section className="card stats-section" aria-labelledby="curve-heading">
      <div className="section-header">
        <h2 id="curve-heading">{t('stats.retention.curveHeading')}</h2>
        {groups.length > 0 ? (
          <div className="button-row">
            <button
              type="button"
              className="button button-secondary"
              onClick={() => ref.current && downloadSvg(ref.current, `kvarboendekurva-${props.asOf}.svg`)}
            >
              {t('stats.chart.downloadSvg')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => ref.current && void downloadPng(ref.current, `kvarboendekurva-${props.asOf}.png`).catch(() => undefined)}
            >
              {t('stats.chart.downloadPng')}
            </button>
          </div>
        ) : null}
      </div>
      {groups.length === 0 ? (
        <p className="empty" data-testid="retention-curve-none">
          {t('stats.retention.curveNone')}
        </p>
      ) : (
        <>
          <div className="chart-frame">
            <svg
              ref={ref}
              className="chart"
              viewBox={`0 0 ${W} ${H}`}
              role="img"
              aria-labelledby="curve-title curve-desc"
              data-testid="retention-curve"
              fontFamily="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"
              fontSize={12}
            >
              <title id="curve-title">{t('stats.retention.curveTitle')}</title>
              <desc id="curve-desc">{desc}</desc>
              <rect x="0" y="0" width={W} height={H} fill="#ffffff" />
              {[0, 0.25, 0.5, 0.75, 1].map((f) => (
                <g key={f}>
                  <line x1={M.left} x2={W - M.right} y1={y(f)} y2={y(f)} stroke="#d3d9d7" />
                  <text x={M.left - 8} y={y(f) + 4} textAnchor="end" fill="#4c585c">
                    {percent(f, locale, 0)}
                  </text>
                </g>
              ))}
              {xTicks.map((m) => (
                <g key={m}>
                  <line x1={x(m)} x2={x(m)} y1={y(0)} y2={y(0) + 5} stroke="#69767a" />
                  <text x={x(m)} y={y(0) + 18} textAnchor="middle" fill="#1c2629">
                    {m}
                  </text>
                </g>
              ))}
              <line x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} stroke="#69767a" />
              <text x={M.left + PW / 2} y={y(0) + 36} textAnchor="middle" fill="#4c585c">
                {t('stats.retention.months')}
              </text>
              <text transform={`translate(14 ${M.top + PH / 2}) rotate(-90)`} textAnchor="middle" fill="#4c585c">
                {t('stats.retention.yAxis')}
              </text>
              {groups.map((g, i) => {
                const style = LINE_STYLES[i % LINE_STYLES.length]!;
                return (
                  <path
                    key={g.group}
                    d={stepPath(g.curve, x, y)}
                    fill="none"
                    stroke={style.stroke}
                    strokeWidth="2.5"
                    strokeDasharray={style.dash || undefined}
                    data-group={g.group}
                  />
                );
              })}
              <g transform={`translate(${M.left} ${H - 40})`}>
                {groups.map((g, i) => {
                  const style = LINE_STYLES[i % LINE_STYLES.length]!;
                  return (
                    <g key={g.group} transform={`translate(${(i % 4) * 170} ${Math.floor(i / 4) * 20})`}>
                      <line
                        x1="0"
                        x2="28"
                        y1="-4"
                        y2="-4"
                        stroke={style.stroke}
                        strokeWidth="2.5"
                        strokeDasharray={style.dash || undefined}
                      />
                      <text x="34" y="0" fill="#1c2629">
                        {props.groupName(g.group)}
                      </text>
                    </g>
                  );
                })}
              </g>
            </svg>
          </div>
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('stats.retention.curveTableCaption')}>
            <table className="table" data-testid="retention-curve-table">
              <caption className="table-caption">{t('stats.retention.curveTableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('stats.retention.group')}</th>
                  {CURVE_MONTHS.map((m) => (
                    <th scope="col" className="numeric" key={m}>
                      {t('stats.retention.atMonths', { months: m })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <tr key={g.group}>
                    <th scope="row">{props.groupName(g.group)}</th>
                    {CURVE_MONTHS.map((m) => (
                      <td className="numeric" key={m}>
                        <ShareCell text={percent(valueAt(g, m), locale)} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {props.definition ? <Definitions texts={[props.definition]} /> : null}
    </section>
  );
}
