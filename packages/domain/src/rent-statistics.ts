// Rent follow-up figures for the unit dashboard and the risk phases (issue 5), computed from the month statuses
// of rent-status.ts / checkpoints.ts, never typed in. Pure: the caller loads the rows and picks the filters
// (unit, apartment type, agency, contact person) before calling.
//
// Definitions (stated on the page, so kept here in one place):
//   - A row is one placement's rent month. "Final" months are on time, late or unpaid; an open month (before
//     the last checkpoint) is counted in monthlyCounts() but left out of every share and risk figure, since
//     its outcome is not known yet and would make the current month look better than it is.
//   - monthlyCounts() counts RESIDENTS, as the issue asks ("count and share of residents"). A resident with two
//     placements in one month (moved mid-month, two prorated charges) counts once, with the status the month
//     would have as one charge: unpaid if either is unpaid, else open if either is open (it may still become
//     unpaid), else late if either is late, else on time.
//   - The risk figures (tenure, calendar month, transitions) count PLACEMENT MONTHS: tenure is a property of
//     the placement, and a resident who moved starts a new tenure.
//   - Month 1 of a placement is its move-in month, whatever the day (a move-in on the 20th is month 1).
//   - Every figure comes with its counts so that a small number is not over-read; suppression of 1–4 for the
//     analyst role is small-cells.ts's job, applied where the figures are shown.

import { addMonths, isCalendarMonth, monthOf, monthsBetween } from './calendar-month.ts';
import type { Locale } from './errors.ts';
import type { MonthStatus } from './rent-status.ts';

export type FinalMonthStatus = Exclude<MonthStatus, 'open'>;

export type RentStatusRow = {
  residentId: string;
  placementId: string;
  /** 'YYYY-MM' */
  month: string;
  status: MonthStatus;
  /** The placement's start, 'YYYY-MM-DD'. */
  moveInDate: string;
};

/** A share with the counts it rests on; share is null when total is 0. */
export type RiskFigure = { lateOrUnpaid: number; total: number; share: number | null };

// ---------------------------------------------------------------------------------------------------------
// Monthly counts

export type MonthlyCounts = {
  month: string;
  onTime: number;
  late: number;
  unpaid: number;
  open: number;
  /** onTime + late + unpaid + open: every resident with rent that month. */
  total: number;
  /** Over the final months only (onTime + late + unpaid); null when there are none. */
  shareOnTime: number | null;
  shareLate: number | null;
  shareUnpaid: number | null;
};

/** One entry per month from fromMonth to toMonth, both included, also for months without rows. */
export function monthlyCounts(rows: readonly RentStatusRow[], fromMonth: string, toMonth: string): MonthlyCounts[] {
  // month → residentId → combined status
  const byMonth = new Map<string, Map<string, MonthStatus>>();
  for (const row of rows) {
    const residents = byMonth.get(row.month) ?? new Map<string, MonthStatus>();
    const before = residents.get(row.residentId);
    residents.set(row.residentId, before === undefined ? row.status : combineStatuses(before, row.status));
    byMonth.set(row.month, residents);
  }
  const tallies: StatusTally[] = [];
  for (const [month, residents] of byMonth) for (const status of residents.values()) tallies.push({ month, status, n: 1 });
  return monthlyCountsOf(tallies, fromMonth, toMonth);
}

/**
 * A count of rows that share their other fields: what a GROUP BY in the database returns. The tally forms of
 * the figures below let the server count in SQL and still have every definition decided here.
 */
export type StatusTally = { month: string; status: MonthStatus; n: number };

/** monthlyCounts() from tallies already counted per RESIDENT (two placements of one resident combined). */
export function monthlyCountsOf(tallies: readonly StatusTally[], fromMonth: string, toMonth: string): MonthlyCounts[] {
  const months = monthsBetween(fromMonth, toMonth);
  const byMonth = new Map(months.map((m) => [m, { onTime: 0, late: 0, unpaid: 0, open: 0 }]));
  for (const t of tallies) {
    assertCount(t.n);
    const c = byMonth.get(t.month);
    if (c) c[STATUS_KEY[t.status]] += t.n;
  }
  return months.map((month) => {
    const c = byMonth.get(month)!;
    const final = c.onTime + c.late + c.unpaid;
    return {
      month,
      ...c,
      total: final + c.open,
      shareOnTime: ratio(c.onTime, final),
      shareLate: ratio(c.late, final),
      shareUnpaid: ratio(c.unpaid, final),
    };
  });
}

/** The status one resident's month has when they have two charges that month (see the top of the file). */
export function combineStatuses(a: MonthStatus, b: MonthStatus): MonthStatus {
  for (const s of ['unpaid', 'open', 'late'] as const) if (a === s || b === s) return s;
  return 'on_time';
}

const STATUS_KEY = { on_time: 'onTime', late: 'late', unpaid: 'unpaid', open: 'open' } as const;

// ---------------------------------------------------------------------------------------------------------
// Trend line

export type TrendLine = {
  /** x = 0 is this month; x counts months from it. */
  originMonth: string;
  /** Change in the late-or-unpaid share per month. */
  slope: number;
  /** The fitted share at originMonth. */
  intercept: number;
  /** How many months the line was fitted on. */
  months: number;
};

/**
 * Least-squares line through the monthly late-or-unpaid share ((late + unpaid) / final) of the months that
 * have final months, x = months since the first entry of `counts`, so gaps stay gaps. Each month weighs the
 * same, as a trend line on a bar chart does (and as Excel's does). Null with fewer than two such months.
 */
export function trend(counts: readonly MonthlyCounts[]): TrendLine | null {
  const first = counts[0];
  if (first === undefined) return null;
  const points: [number, number][] = [];
  for (const c of counts) {
    const final = c.onTime + c.late + c.unpaid;
    if (final > 0) points.push([monthIndex(c.month) - monthIndex(first.month), (c.late + c.unpaid) / final]);
  }
  if (points.length < 2) return null;
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  }
  const slope = sxy / sxx; // sxx > 0: the months are distinct
  return { originMonth: first.month, slope, intercept: meanY - slope * meanX, months: n };
}

// ---------------------------------------------------------------------------------------------------------
// Risk by tenure and by calendar month

export type TenureBucket = '1-3' | '4-6' | '7-12' | '13-24' | '25+';

/** The buckets of the issue, in months since move-in (month 1 = the move-in month); toMonth null = no end. */
export const TENURE_BUCKETS: readonly { bucket: TenureBucket; fromMonth: number; toMonth: number | null }[] = [
  { bucket: '1-3', fromMonth: 1, toMonth: 3 },
  { bucket: '4-6', fromMonth: 4, toMonth: 6 },
  { bucket: '7-12', fromMonth: 7, toMonth: 12 },
  { bucket: '13-24', fromMonth: 13, toMonth: 24 },
  { bucket: '25+', fromMonth: 25, toMonth: null },
];

/** 1 for the move-in month, 2 for the month after, … Throws for a month before the move-in. */
export function tenureMonth(row: Pick<RentStatusRow, 'month' | 'moveInDate' | 'placementId'>): number {
  const n = monthIndex(row.month) - monthIndex(monthOf(row.moveInDate)) + 1;
  if (n < 1) throw new RangeError(`Placement ${row.placementId} has rent for ${row.month}, before its move-in ${row.moveInDate}`);
  return n;
}

export function tenureBucket(tenure: number): TenureBucket {
  for (const b of TENURE_BUCKETS) if (tenure >= b.fromMonth && (b.toMonth === null || tenure <= b.toMonth)) return b.bucket;
  throw new RangeError(`Months since move-in must be 1 or more, got ${tenure}`);
}

export type TenureRisk = RiskFigure & { bucket: TenureBucket };

/** Share late or unpaid per tenure bucket, all five buckets always present; open months left out. */
export function riskByTenure(rows: readonly RentStatusRow[]): TenureRisk[] {
  return riskByTenureOf(rows.map((row) => ({ tenure: tenureMonth(row), status: row.status, n: 1 })));
}

/** Placement months counted by months since move-in (tenureMonth()) and status. */
export type TenureTally = { tenure: number; status: MonthStatus; n: number };

export function riskByTenureOf(tallies: readonly TenureTally[]): TenureRisk[] {
  const tallied = new Map(TENURE_BUCKETS.map((b) => [b.bucket, { lateOrUnpaid: 0, total: 0 }]));
  for (const t of tallies) {
    if (t.status === 'open') continue;
    tally(tallied.get(tenureBucket(t.tenure))!, t.status, t.n);
  }
  return TENURE_BUCKETS.map(({ bucket }) => ({ bucket, ...figure(tallied.get(bucket)!) }));
}

export type CalendarMonthRisk = RiskFigure & { /** 1 = January … 12 = December */ calendarMonth: number };

/** Share late or unpaid per calendar month, across years (all Januaries together, …); open months left out. */
export function riskByCalendarMonth(rows: readonly RentStatusRow[]): CalendarMonthRisk[] {
  return riskByCalendarMonthOf(rows.map((row) => ({ month: row.month, status: row.status, n: 1 })));
}

/** riskByCalendarMonth() from placement months counted by month and status. */
export function riskByCalendarMonthOf(tallies: readonly StatusTally[]): CalendarMonthRisk[] {
  const tallied = Array.from({ length: 12 }, () => ({ lateOrUnpaid: 0, total: 0 }));
  for (const t of tallies) {
    if (t.status === 'open') continue;
    assertMonth(t.month);
    tally(tallied[Number(t.month.slice(5, 7)) - 1]!, t.status, t.n);
  }
  return tallied.map((t, i) => ({ calendarMonth: i + 1, ...figure(t) }));
}

// ---------------------------------------------------------------------------------------------------------
// Transitions

export type TransitionFigure = { unpaid: number; total: number; share: number | null };

/**
 * The chance that a placement's month is unpaid given the month before: after a late month versus after an
 * on-time month. Only pairs of calendar-adjacent final months of the same placement count; a pair with an open
 * or missing month between is no transition. Months after an unpaid month are in neither figure.
 */
export function transitionRisk(rows: readonly RentStatusRow[]): { afterLate: TransitionFigure; afterOnTime: TransitionFigure } {
  const pairs: TransitionTally[] = [];
  for (const months of monthsByPlacement(rows).values()) {
    for (const [prev, next] of adjacentFinalPairs(months)) pairs.push({ previous: prev.status, next: next.status, n: 1 });
  }
  return transitionRiskOf(pairs);
}

/** Pairs of calendar-adjacent final months of one placement, counted by the two statuses. */
export type TransitionTally = { previous: FinalMonthStatus; next: FinalMonthStatus; n: number };

export function transitionRiskOf(pairs: readonly TransitionTally[]): { afterLate: TransitionFigure; afterOnTime: TransitionFigure } {
  const afterLate = { unpaid: 0, total: 0 };
  const afterOnTime = { unpaid: 0, total: 0 };
  for (const p of pairs) {
    assertCount(p.n);
    const t = p.previous === 'late' ? afterLate : p.previous === 'on_time' ? afterOnTime : null;
    if (t === null) continue;
    t.total += p.n;
    if (p.next === 'unpaid') t.unpaid += p.n;
  }
  return {
    afterLate: { ...afterLate, share: ratio(afterLate.unpaid, afterLate.total) },
    afterOnTime: { ...afterOnTime, share: ratio(afterOnTime.unpaid, afterOnTime.total) },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Watch list

export type WatchRule = {
  /** How many of the latest final months to look at (3 by default). */
  window: number;
  /** Flag when at least this many of them are late or unpaid (2 by default); null turns the test off. */
  minLateOrUnpaid: number | null;
  /** Flag an unpaid month right after an on-time month within the window (on by default). */
  unpaidAfterOnTime: boolean;
};

export const DEFAULT_WATCH_RULE: WatchRule = Object.freeze({ window: 3, minLateOrUnpaid: 2, unpaidAfterOnTime: true });

export type WatchReason = 'two_of_three' | 'unpaid_after_on_time';

export type WatchEntry = {
  residentId: string;
  placementId: string;
  reasons: WatchReason[];
  /** The statuses of the window's final months, oldest first. */
  lastMonths: FinalMonthStatus[];
};

/**
 * Residents whose recent pattern is getting worse, per placement that still has rent in asOfMonth (an ended
 * placement is not on a list for acting before the 15th). The window is the latest `rule.window` final months
 * up to and including asOfMonth, whether or not there are gaps between them; the open current month is not in
 * it. Reason 'two_of_three' is the count test (its name is the default's; it follows rule.minLateOrUnpaid);
 * 'unpaid_after_on_time' needs the two months to be calendar-adjacent, both within the window.
 * Sorted by residentId, then placementId (UTF-16 order, as elsewhere, so every server sorts alike).
 */
export function watchList(rows: readonly RentStatusRow[], asOfMonth: string, rule: WatchRule = DEFAULT_WATCH_RULE): WatchEntry[] {
  assertMonth(asOfMonth);
  assertRule(rule);
  const entries: WatchEntry[] = [];
  for (const months of monthsByPlacement(rows.filter((r) => r.month <= asOfMonth)).values()) {
    const last = months[months.length - 1];
    if (last === undefined || last.month !== asOfMonth) continue;
    const window = months.filter(isFinal).slice(-rule.window);
    const reasons: WatchReason[] = [];
    const lateOrUnpaid = window.filter((r) => r.status !== 'on_time').length;
    if (rule.minLateOrUnpaid !== null && lateOrUnpaid >= rule.minLateOrUnpaid) reasons.push('two_of_three');
    if (rule.unpaidAfterOnTime && adjacentFinalPairs(window).some(([p, n]) => p.status === 'on_time' && n.status === 'unpaid')) {
      reasons.push('unpaid_after_on_time');
    }
    if (reasons.length > 0) {
      entries.push({ residentId: last.residentId, placementId: last.placementId, reasons, lastMonths: window.map((r) => r.status) });
    }
  }
  return entries.sort((a, b) => cmp(a.residentId, b.residentId) || cmp(a.placementId, b.placementId));
}

/** The rule in words, for the dashboard ("shown on the page"). */
export function describeWatchRule(rule: WatchRule, locale: Locale): string {
  assertRule(rule);
  const parts: string[] = [];
  const sv = locale === 'sv';
  if (rule.minLateOrUnpaid !== null) {
    const { window: w, minLateOrUnpaid: k } = rule;
    if (w === 1) parts.push(sv ? 'den senaste avgjorda månaden sen eller obetald' : 'the last final month late or unpaid');
    else if (k === w)
      parts.push(
        sv
          ? `alla de ${word(w, 'sv')} senaste avgjorda månaderna sena eller obetalda`
          : `all of the last ${word(w, 'en')} final months late or unpaid`,
      );
    else {
      parts.push(
        sv
          ? `${word(k, 'sv')} eller fler av de ${word(w, 'sv')} senaste avgjorda månaderna sena eller obetalda`
          : `${word(k, 'en')} or more of the last ${word(w, 'en')} final months late or unpaid`,
      );
    }
  }
  if (rule.unpaidAfterOnTime) {
    parts.push(sv ? 'en obetald månad direkt efter en månad betald i tid' : 'an unpaid month right after a month paid on time');
  }
  if (parts.length === 0) return sv ? 'Ingen regel vald: listan är tom.' : 'No rule chosen: the list is empty.';
  const text = parts.join(sv ? ', eller ' : ', or ');
  const note = sv
    ? ' Bara pågående placeringar. En månad är avgjord när sista kontrolldagen har passerat; öppna månader räknas inte.'
    : ' Current placements only. A month is final once its last checkpoint has passed; open months do not count.';
  return text.charAt(0).toUpperCase() + text.slice(1) + '.' + note;
}

const WORDS: Record<Locale, readonly string[]> = {
  sv: ['noll', 'en', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio', 'tio', 'elva', 'tolv'],
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'],
};

function word(n: number, locale: Locale): string {
  return WORDS[locale][n] ?? String(n);
}

function assertRule(rule: WatchRule): void {
  if (!Number.isInteger(rule.window) || rule.window < 1) throw new RangeError(`Watch rule window must be 1 or more, got ${rule.window}`);
  const k = rule.minLateOrUnpaid;
  if (k !== null && (!Number.isInteger(k) || k < 1 || k > rule.window)) {
    throw new RangeError(`Watch rule minLateOrUnpaid must be 1–${rule.window} or null, got ${k}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

type FinalRow = RentStatusRow & { status: FinalMonthStatus };

function isFinal(row: RentStatusRow): row is FinalRow {
  return row.status !== 'open';
}

/** placementId → its rows by month. Two rows for one placement and month are a data error, not a guess. */
function monthsByPlacement(rows: readonly RentStatusRow[]): Map<string, RentStatusRow[]> {
  const groups = new Map<string, RentStatusRow[]>();
  for (const row of rows) {
    assertMonth(row.month);
    const group = groups.get(row.placementId);
    if (group) group.push(row);
    else groups.set(row.placementId, [row]);
  }
  for (const [placementId, group] of groups) {
    group.sort((a, b) => cmp(a.month, b.month));
    for (let i = 1; i < group.length; i++) {
      if (group[i]!.month === group[i - 1]!.month) throw new RangeError(`Placement ${placementId} has two rows for ${group[i]!.month}`);
    }
  }
  return groups;
}

/** Pairs of calendar-adjacent final months from rows sorted by month. */
function adjacentFinalPairs(sorted: readonly RentStatusRow[]): [FinalRow, FinalRow][] {
  const pairs: [FinalRow, FinalRow][] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const next = sorted[i]!;
    if (isFinal(prev) && isFinal(next) && addMonths(prev.month, 1) === next.month) pairs.push([prev, next]);
  }
  return pairs;
}

function tally(t: { lateOrUnpaid: number; total: number }, status: FinalMonthStatus, n: number): void {
  assertCount(n);
  t.total += n;
  if (status !== 'on_time') t.lateOrUnpaid += n;
}

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`A tally must be a whole number of 0 or more, got ${n}`);
}

function figure(t: { lateOrUnpaid: number; total: number }): RiskFigure {
  return { ...t, share: ratio(t.lateOrUnpaid, t.total) };
}

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

function monthIndex(month: string): number {
  assertMonth(month);
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function assertMonth(month: string): void {
  if (!isCalendarMonth(month)) throw new RangeError(`Not a calendar month (YYYY-MM): "${month}"`);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
