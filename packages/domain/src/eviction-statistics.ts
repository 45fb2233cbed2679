// Eviction-prevention figures per year and per month (issue 6, RULES.md 18), computed from plain records, never
// typed in. Pure: the caller loads the rows (and picks the unit or district) before calling. The yearly table
// has the form of the team's own (source 001, Tab 1: "Inkomna totalt" and "Varav hyresskuld" per year), with
// the further figures the issue asks for.
//
// Definitions (stated on the report page, so kept here in one place). Each figure is dated by its own event:
//   - Reports: every report received in the period, by kind and by reason. A report may give several reasons,
//     so the reasons can add up to more than the total; "of which rent arrears" counts reports with that reason
//     (every notice of termination for unpaid rent has it).
//   - Households: distinct cases with at least one report received in the period (a household reported twice in
//     a year counts once); children affected: the children of those households, from the case's household.
//   - Time to first contact: for the cases whose FIRST report was received in the period, whole days from that
//     report to the first outreach attempt that made contact (eviction-case.ts firstContactOn). The median, and
//     for a fair reading the number of such cases and how many have been reached; a case not reached yet has no
//     time and is left out of the median (not counted as 0). A household already in contact before the report
//     counts 0 days. With an even number the median is the mean of the two middle values (may end in .5).
//   - Evictions prevented: cases closed 'tenancy_kept' in the period ("able to keep the housing they had"); a
//     move, even to housing via social services, is not a prevented eviction. Evictions carried out: cases closed
//     'evicted' in the period, with the children in those households (Kronofogden's yearly counts have both).
//   - Referrals: dated by when the referral was first recorded (suggested), counted by service and by their
//     current status.
// Small-cell suppression (counts 1–4 for the analyst role) is small-cells.ts's job where the figures are shown.

import { daysBetween, isCalendarDate } from './calendar-date.ts';
import { isCalendarMonth, monthsBetween } from './calendar-month.ts';
import { REFERRAL_SERVICES, REFERRAL_STATUSES, REPORT_KINDS, REPORT_REASONS } from './eviction-case.ts';
import type { ClosingOutcome, ReferralService, ReferralStatus, ReportKind, ReportReason } from './eviction-case.ts';

export type StatsReport = { caseId: string; receivedOn: string; kind: ReportKind; reasons: readonly ReportReason[] };

export type StatsCase = {
  id: string;
  /** The case's first report. */
  receivedOn: string;
  adults: number;
  children: number;
  firstContactOn: string | null;
  outcome: ClosingOutcome | null;
  closedOn: string | null;
};

export type StatsReferral = { caseId: string; on: string; service: ReferralService; status: ReferralStatus };

export type EvictionStatisticsInput = {
  reports: readonly StatsReport[];
  cases: readonly StatsCase[];
  referrals: readonly StatsReferral[];
};

export type ReferralCounts = { total: number; byStatus: Record<ReferralStatus, number> };

export type EvictionPeriodFigures = {
  /** 'YYYY' or 'YYYY-MM'. */
  period: string;
  reports: { total: number; rentArrears: number; byKind: Record<ReportKind, number>; byReason: Record<ReportReason, number> };
  households: number;
  childrenAffected: number;
  firstContact: { cases: number; reached: number; medianDays: number | null };
  evictionsPrevented: number;
  evictionsCarriedOut: number;
  childrenInEvictions: number;
  referralsByService: Record<ReferralService, ReferralCounts>;
};

/** One entry per year from fromYear to toYear, both included, also for years without records. */
export function evictionStatisticsByYear(input: EvictionStatisticsInput, fromYear: number, toYear: number): EvictionPeriodFigures[] {
  for (const y of [fromYear, toYear]) {
    if (!Number.isInteger(y) || y < 1 || y > 9999) throw new RangeError(`Not a year: ${y}`);
  }
  const years: string[] = [];
  for (let y = fromYear; y <= toYear; y++) years.push(String(y).padStart(4, '0'));
  return figuresFor(input, years, (date) => date.slice(0, 4));
}

/** One entry per month from fromMonth to toMonth ('YYYY-MM'), both included, also for months without records. */
export function evictionStatisticsByMonth(input: EvictionStatisticsInput, fromMonth: string, toMonth: string): EvictionPeriodFigures[] {
  for (const m of [fromMonth, toMonth]) {
    if (!isCalendarMonth(m)) throw new RangeError(`Not a calendar month (YYYY-MM): "${m}"`);
  }
  return figuresFor(input, monthsBetween(fromMonth, toMonth), (date) => date.slice(0, 7));
}

/** The median of the values, null when there are none; the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function figuresFor(input: EvictionStatisticsInput, periods: string[], periodOf: (date: string) => string): EvictionPeriodFigures[] {
  const cases = new Map<string, StatsCase>();
  for (const c of input.cases) {
    assertCase(c);
    cases.set(c.id, c);
  }
  const rows = new Map(periods.map((p) => [p, emptyFigures(p)]));
  const householdsIn = new Map(periods.map((p) => [p, new Set<string>()]));
  const contactDays = new Map(periods.map((p) => [p, [] as number[]]));

  for (const r of input.reports) {
    assertDate(r.receivedOn, 'report receivedOn');
    const c = cases.get(r.caseId);
    if (!c) throw new RangeError(`Report names case "${r.caseId}", which is not among the cases`);
    const row = rows.get(periodOf(r.receivedOn));
    if (!row) continue;
    row.reports.total += 1;
    row.reports.byKind[r.kind] += 1;
    for (const reason of new Set(r.reasons)) row.reports.byReason[reason] += 1;
    if (r.reasons.includes('rent_arrears')) row.reports.rentArrears += 1;
    const households = householdsIn.get(row.period)!;
    if (!households.has(c.id)) {
      households.add(c.id);
      row.households += 1;
      row.childrenAffected += c.children;
    }
  }

  for (const c of cases.values()) {
    const opened = rows.get(periodOf(c.receivedOn));
    if (opened) {
      opened.firstContact.cases += 1;
      if (c.firstContactOn !== null) {
        opened.firstContact.reached += 1;
        contactDays.get(opened.period)!.push(Math.max(0, daysBetween(c.receivedOn, c.firstContactOn)));
      }
    }
    const closed = c.closedOn !== null ? rows.get(periodOf(c.closedOn)) : undefined;
    if (closed && c.outcome === 'tenancy_kept') closed.evictionsPrevented += 1;
    if (closed && c.outcome === 'evicted') {
      closed.evictionsCarriedOut += 1;
      closed.childrenInEvictions += c.children;
    }
  }

  for (const ref of input.referrals) {
    assertDate(ref.on, 'referral on');
    if (!cases.has(ref.caseId)) throw new RangeError(`Referral names case "${ref.caseId}", which is not among the cases`);
    const row = rows.get(periodOf(ref.on));
    if (!row) continue;
    const counts = row.referralsByService[ref.service];
    counts.total += 1;
    counts.byStatus[ref.status] += 1;
  }

  return periods.map((p) => {
    const row = rows.get(p)!;
    row.firstContact.medianDays = median(contactDays.get(p)!);
    return row;
  });
}

function emptyFigures(period: string): EvictionPeriodFigures {
  return {
    period,
    reports: { total: 0, rentArrears: 0, byKind: zeros(REPORT_KINDS), byReason: zeros(REPORT_REASONS) },
    households: 0,
    childrenAffected: 0,
    firstContact: { cases: 0, reached: 0, medianDays: null },
    evictionsPrevented: 0,
    evictionsCarriedOut: 0,
    childrenInEvictions: 0,
    referralsByService: Object.fromEntries(REFERRAL_SERVICES.map((s) => [s, { total: 0, byStatus: zeros(REFERRAL_STATUSES) }])) as Record<
      ReferralService,
      ReferralCounts
    >,
  };
}

function zeros<T extends string>(codes: readonly T[]): Record<T, number> {
  return Object.fromEntries(codes.map((c) => [c, 0])) as Record<T, number>;
}

function assertCase(c: StatsCase): void {
  assertDate(c.receivedOn, `case ${c.id} receivedOn`);
  if (c.firstContactOn !== null) assertDate(c.firstContactOn, `case ${c.id} firstContactOn`);
  if (c.closedOn !== null) assertDate(c.closedOn, `case ${c.id} closedOn`);
  if ((c.outcome === null) !== (c.closedOn === null)) throw new RangeError(`Case ${c.id} needs both outcome and closedOn, or neither`);
  if (!(Number.isSafeInteger(c.children) && c.children >= 0)) throw new RangeError(`Case ${c.id} has ${c.children} children`);
}

function assertDate(date: unknown, name: string): void {
  if (!isCalendarDate(date)) throw new RangeError(`${name} is not a calendar date (YYYY-MM-DD): "${String(date)}"`);
}
