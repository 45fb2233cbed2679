import { forwardRef, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MonthStatus } from '../../api/types.ts';
import type { RentSummaryMonth, TrendLine } from '../../api/stats.ts';
import { countText, drawValue, percent } from './format.ts';

export const STATUS_ORDER: readonly MonthStatus[] = ['on_time', 'late', 'unpaid', 'open'];

const FIELD: Record<MonthStatus, 'onTime' | 'late' | 'unpaid' | 'open'> = {
  on_time: 'onTime',
  late: 'late',
  unpaid: 'unpaid',
  open: 'open',
};

/** Colour and a pattern per status, so the chart reads without colour too (and in black-and-white print). */
export const STATUS_STYLE: Record<MonthStatus, { base: string; ink: string; text: string }> = {
  on_time: { base: '#2e7d4f', ink: '#1d5235', text: '#ffffff' },
  late: { base: '#f2c46b', ink: '#7a4a00', text: '#1c2629' },
  unpaid: { base: '#e0796f', ink: '#7a1a12', text: '#1c2629' },
  open: { base: '#dbe7f3', ink: '#2b5c8a', text: '#1c2629' },
};

const W = 760;
const H = 380;
const M = { top: 20, right: 64, bottom: 78, left: 56 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;

export interface Segment {
  month: string;
  status: MonthStatus;
  count: RentSummaryMonth['onTime'];
  x: number;
  y: number;
  width: number;
  height: number;
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** A whole-number tick step giving about four gridlines. */
function niceStep(max: number): number {
  const rough = Math.max(1, max / 4);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 5, 10]) if (rough <= m * magnitude) return m * magnitude;
  return 10 * magnitude;
}

/** The late-or-unpaid share of a month, when it can be known from what the server sent. */
export function lateOrUnpaidShare(m: RentSummaryMonth): number | null {
  if (typeof m.late === 'number' && typeof m.unpaid === 'number' && typeof m.onTime === 'number') {
    const final = m.onTime + m.late + m.unpaid;
    return final > 0 ? (m.late + m.unpaid) / final : null;
  }
  return m.shareLate !== null && m.shareUnpaid !== null ? m.shareLate + m.shareUnpaid : null;
}

export function trendAt(trend: TrendLine, month: string): number {
  return trend.intercept + trend.slope * (monthIndex(month) - monthIndex(trend.originMonth));
}

export function layout(months: RentSummaryMonth[]) {
  const slot = months.length ? PLOT_W / months.length : PLOT_W;
  const barW = Math.min(48, slot * 0.66);
  const stackMax = Math.max(0, ...months.map((m) => STATUS_ORDER.reduce((s, st) => s + drawValue(m[FIELD[st]]), 0)));
  const step = niceStep(stackMax);
  const yMax = Math.max(step, Math.ceil(stackMax / step) * step);
  const ticks = Array.from({ length: yMax / step + 1 }, (_, i) => i * step);
  const y = (v: number) => M.top + PLOT_H - (v / yMax) * PLOT_H;
  const segments: Segment[] = [];
  months.forEach((m, i) => {
    const x = M.left + i * slot + (slot - barW) / 2;
    let acc = 0;
    for (const status of STATUS_ORDER) {
      const count = m[FIELD[status]];
      const v = drawValue(count);
      if (v <= 0) continue;
      segments.push({ month: m.month, status, count, x, y: y(acc + v), width: barW, height: y(acc) - y(acc + v) });
      acc += v;
    }
  });
  const centre = (i: number) => M.left + i * slot + slot / 2;
  return { slot, barW, yMax, ticks, y, segments, centre };
}

interface Props {
  months: RentSummaryMonth[];
  trend: TrendLine | null;
  from: string;
  to: string;
  /** Staff: segments are buttons that list the residents. Analysts: a picture only. */
  interactive: boolean;
  selected: { month: string; status: MonthStatus } | null;
  onSelect: (month: string, status: MonthStatus) => void;
}

/**
 * Residents per month as a stacked bar chart in inline SVG, with the trend of the late-or-unpaid share. The SVG is
 * a picture (role="img", <title>, <desc> with every figure); for staff, transparent buttons lie over the segments
 * (HTML, so the picture stays a picture and the download holds no buttons).
 */
export const RentChart = forwardRef<SVGSVGElement, Props>(function RentChart(
  { months, trend, from, to, interactive, selected, onSelect },
  ref,
) {
  const { t, i18n } = useTranslation();
  const uid = useId().replace(/:/g, '');
  const titleId = `${uid}-title`;
  const descId = `${uid}-desc`;
  const { ticks, y, segments, centre } = layout(months);
  const y2 = (share: number) => M.top + PLOT_H - Math.max(0, Math.min(1, share)) * PLOT_H;
  const labelEvery = Math.ceil(months.length / 13);
  const statusText = (s: MonthStatus) => t(`stats.statuses.${s}`);
  const pattern = (s: MonthStatus) => `${uid}-pattern-${s}`;

  const actual = months.map((m, i) => ({ i, share: lateOrUnpaidShare(m) })).filter((p) => p.share !== null) as {
    i: number;
    share: number;
  }[];
  const trendPoints = trend && months.length > 0 ? [0, months.length - 1].map((i) => ({ i, share: trendAt(trend, months[i]!.month) })) : [];

  const desc = [
    t('stats.chart.desc', {
      months: months
        .map((m) =>
          t('stats.chart.descMonth', {
            month: m.month,
            onTime: countText(m.onTime),
            late: countText(m.late),
            unpaid: countText(m.unpaid),
            open: countText(m.open),
          }),
        )
        .join(' '),
    }),
    trendPoints.length === 2
      ? t('stats.chart.descTrend', {
          start: percent(trendPoints[0]!.share, i18n.language),
          end: percent(trendPoints[1]!.share, i18n.language),
        })
      : t('stats.chart.descNoTrend'),
  ].join(' ');

  const font = 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif';

  return (
    <div className="chart-frame">
      <svg
        ref={ref}
        className="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        data-testid="rent-chart"
        fontFamily={font}
        fontSize={12}
      >
        <title id={titleId}>{t('stats.chart.title', { from, to })}</title>
        <desc id={descId}>{desc}</desc>
        <defs>
          <pattern id={pattern('on_time')} width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill={STATUS_STYLE.on_time.base} />
          </pattern>
          <pattern id={pattern('late')} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="8" height="8" fill={STATUS_STYLE.late.base} />
            <line x1="0" y1="0" x2="0" y2="8" stroke={STATUS_STYLE.late.ink} strokeWidth="2.5" />
          </pattern>
          <pattern id={pattern('unpaid')} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="8" height="8" fill={STATUS_STYLE.unpaid.base} />
            <line x1="0" y1="0" x2="0" y2="8" stroke={STATUS_STYLE.unpaid.ink} strokeWidth="1.5" />
            <line x1="0" y1="0" x2="8" y2="0" stroke={STATUS_STYLE.unpaid.ink} strokeWidth="1.5" />
          </pattern>
          <pattern id={pattern('open')} width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill={STATUS_STYLE.open.base} />
            <circle cx="4" cy="4" r="1.6" fill={STATUS_STYLE.open.ink} />
          </pattern>
        </defs>
        <rect x="0" y="0" width={W} height={H} fill="#ffffff" />
        {/* Grid and left axis: residents */}
        {ticks.map((v) => (
          <g key={v}>
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="#d3d9d7" strokeWidth="1" />
            <text x={M.left - 8} y={y(v) + 4} textAnchor="end" fill="#4c585c">
              {v}
            </text>
          </g>
        ))}
        <text transform={`translate(14 ${M.top + PLOT_H / 2}) rotate(-90)`} textAnchor="middle" fill="#4c585c">
          {t('stats.chart.yAxis')}
        </text>
        {/* Right axis: share late or unpaid */}
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <text key={f} x={W - M.right + 8} y={y2(f) + 4} fill="#4c585c">
            {percent(f, i18n.language, 0)}
          </text>
        ))}
        <text transform={`translate(${W - 10} ${M.top + PLOT_H / 2}) rotate(90)`} textAnchor="middle" fill="#4c585c">
          {t('stats.chart.y2Axis')}
        </text>
        <line x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} stroke="#69767a" strokeWidth="1" />
        {/* Bars */}
        {segments.map((s) => {
          const isSelected = selected?.month === s.month && selected.status === s.status;
          return (
            <g key={`${s.month}-${s.status}`}>
              <rect
                x={s.x}
                y={s.y}
                width={s.width}
                height={s.height}
                fill={`url(#${pattern(s.status)})`}
                stroke={isSelected ? '#0a58ca' : '#ffffff'}
                strokeWidth={isSelected ? 3 : 1}
                {...(interactive ? {} : { 'data-testid': 'rent-chart-segment', 'data-month': s.month, 'data-status': s.status })}
              />
              {s.height >= 15 ? (
                <text
                  x={s.x + s.width / 2}
                  y={s.y + s.height / 2 + 4}
                  textAnchor="middle"
                  fontWeight="700"
                  fontSize={11}
                  fill="#1c2629"
                  stroke="#ffffff"
                  strokeWidth="3"
                  paintOrder="stroke"
                >
                  {countText(s.count)}
                </text>
              ) : null}
            </g>
          );
        })}
        {/* Month labels */}
        {months.map((m, i) =>
          i % labelEvery === 0 ? (
            <text key={m.month} x={centre(i)} y={H - M.bottom + 18} textAnchor="middle" fill="#1c2629">
              {m.month}
            </text>
          ) : null,
        )}
        {/* The monthly late-or-unpaid share (points) and its trend (dashed line) */}
        {actual.map((p) => (
          <rect
            key={p.i}
            x={centre(p.i) - 3.5}
            y={y2(p.share) - 3.5}
            width="7"
            height="7"
            fill="#1c2629"
            stroke="#ffffff"
            strokeWidth="1"
            transform={`rotate(45 ${centre(p.i)} ${y2(p.share)})`}
          />
        ))}
        {trendPoints.length === 2 ? (
          <line
            x1={centre(trendPoints[0]!.i)}
            y1={y2(trendPoints[0]!.share)}
            x2={centre(trendPoints[1]!.i)}
            y2={y2(trendPoints[1]!.share)}
            stroke="#1c2629"
            strokeWidth="2.5"
            strokeDasharray="8 5"
          />
        ) : null}
        {/* Legend, inside the picture so that the downloads carry it */}
        <g transform={`translate(${M.left} ${H - 38})`}>
          {STATUS_ORDER.map((s, i) => (
            <g key={s} transform={`translate(${i * 92} 0)`}>
              <rect x="0" y="-10" width="14" height="14" fill={`url(#${pattern(s)})`} stroke="#69767a" />
              <text x="20" y="1" fill="#1c2629">
                {statusText(s)}
              </text>
            </g>
          ))}
          <g transform="translate(0 24)">
            <rect x="2" y="-7" width="7" height="7" fill="#1c2629" transform="rotate(45 5.5 -3.5)" />
            <text x="16" y="1" fill="#1c2629">
              {t('stats.chart.actual')}
            </text>
          </g>
          <g transform="translate(276 24)">
            <line x1="0" x2="26" y1="-3" y2="-3" stroke="#1c2629" strokeWidth="2.5" strokeDasharray="8 5" />
            <text x="32" y="1" fill="#1c2629">
              {t('stats.chart.trend')}
            </text>
          </g>
        </g>
      </svg>
      {interactive
        ? segments.map((s) => {
            const isSelected = selected?.month === s.month && selected.status === s.status;
            return (
              <button
                key={`${s.month}-${s.status}`}
                type="button"
                className="chart-segment"
                style={{
                  left: `${(s.x / W) * 100}%`,
                  top: `${(s.y / H) * 100}%`,
                  width: `${(s.width / W) * 100}%`,
                  height: `${(s.height / H) * 100}%`,
                }}
                aria-pressed={isSelected}
                aria-label={t('stats.chart.segment', { month: s.month, status: statusText(s.status), n: countText(s.count) })}
                data-testid="rent-chart-segment"
                data-month={s.month}
                data-status={s.status}
                onClick={() => onSelect(s.month, s.status)}
              />
            );
          })
        : null}
    </div>
  );
});
