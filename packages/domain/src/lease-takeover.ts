// Taking over the lease (Bostad först): the resident starts on a second-hand lease through the unit and "kan
// överta efter 9 mån om hyran betald, inga klagomål och börjat hantera skulder" (source 002). Kvarbo shows an
// eligibility panel computed from the records, with four criteria, each with a unit setting:
//
//   months    — at least minMonths (9) whole months in the placement;
//   rent      — no month with status 'unpaid' (rent-status.ts) among the last rentWindowMonths (6) rent months:
//               the month of asOf and the ones before it, from the placement's first month. An 'open' month is
//               not unpaid (its deadline has not passed), and a month with no status (no charge) has nothing
//               unpaid. A month that was unpaid and paid later stays unpaid: the criterion is "rent paid", and
//               the routine's status is final once the 15th has passed.
//   complaints — no incident of severity complaintMinSeverity ('complaint') or above dated in the last
//               complaintWindowMonths (6) months: from the same day that many months before asOf to asOf, both
//               included (six whole months plus today). Incidents after asOf are not yet known. The caller
//               passes the resident's incidents; which ones (e.g. from a previous apartment) is the caller's call.
//   debts     — handled: no debts, or an active repayment plan, a completed one, or a recorded contact with
//               budget and debt counselling ("börjat hantera skulder": having started is enough).
//
// Whole months are counted like a lease or an age: from 15 January, nine months are complete at the end of
// 14 October, so on 15 October the resident has lived there nine months, and on 14 October still eight. A start
// on a day the later month lacks is clamped to that month's last day (from 31 January, one month on 28 February),
// as in retention.ts. asOf is the day of the evaluation; an ended placement is counted up to its last day
// included and is never eligible: there is no lease left to take over.
//
// 'close' = exactly one criterion missing, with the one named, so the contact person can work on it.

import { addDays, daysInMonth, isCalendarDate } from './calendar-date.ts';
import { addMonths, monthOf } from './calendar-month.ts';
import type { Localized } from './errors.ts';
import { INCIDENT_SEVERITIES, severityAtLeast } from './incidents.ts';
import type { IncidentSeverity } from './incidents.ts';
import { InvalidFieldsError } from './localized-field-error.ts';
import type { LocalizedFieldError } from './localized-field-error.ts';
import { isOneOf } from './registry-rules.ts';
import type { LeaseForm } from './registry-rules.ts';
import type { MonthStatus } from './rent-status.ts';

export type TakeoverSettings = {
  minMonths: number;
  rentWindowMonths: number;
  complaintWindowMonths: number;
  complaintMinSeverity: IncidentSeverity;
};

export const DEFAULT_TAKEOVER_SETTINGS: TakeoverSettings = Object.freeze({
  minMonths: 9,
  rentWindowMonths: 6,
  complaintWindowMonths: 6,
  complaintMinSeverity: 'complaint',
});

/** Upper limits: five years; a longer wait is not a Housing First promise anyone can keep. */
export const MAX_TAKEOVER_MONTHS = 60;

export const TAKEOVER_CRITERIA = ['months', 'rent', 'complaints', 'debts'] as const;
export type TakeoverCriterion = (typeof TAKEOVER_CRITERIA)[number];
export const TAKEOVER_CRITERION_LABELS: Record<TakeoverCriterion, Localized> = {
  months: { sv: 'Tid i lägenheten', en: 'Time in the apartment' },
  rent: { sv: 'Hyran betald', en: 'Rent paid' },
  complaints: { sv: 'Inga klagomål', en: 'No complaints' },
  debts: { sv: 'Skulderna hanteras', en: 'Debts being handled' },
};

export type TakeoverPlacement = {
  id: string;
  residentId: string;
  startDate: string;
  /** Last day, inclusive; null while ongoing. */
  endDate: string | null;
  leaseForm: LeaseForm;
};

export type DebtSituation = {
  hasDebts: boolean;
  activePlan: boolean;
  completedPlan: boolean;
  debtCounsellingContact: boolean;
};

export type TakeoverInput = {
  placement: TakeoverPlacement;
  monthStatuses: readonly { month: string; status: MonthStatus }[];
  incidents: readonly { date: string; severity: IncidentSeverity }[];
  debts: DebtSituation;
};

export type TakeoverEligibility = {
  residentId: string;
  placementId: string;
  months: number;
  /** The day minMonths are complete (the resident can take over from then if the rest holds). */
  monthsCompleteOn: string;
  rentOk: boolean;
  noComplaints: boolean;
  debtsHandled: boolean;
  /** False when the placement ended on or before asOf. */
  active: boolean;
  eligible: boolean;
  /** The criteria not met, in TAKEOVER_CRITERIA order. */
  missing: TakeoverCriterion[];
  /** Active and exactly one criterion missing. */
  close: boolean;
};

export function validateTakeoverSettings(s: TakeoverSettings): LocalizedFieldError[] {
  const errors: LocalizedFieldError[] = [];
  for (const field of ['minMonths', 'rentWindowMonths', 'complaintWindowMonths'] as const) {
    const v = s[field];
    if (!Number.isInteger(v) || v < 1 || v > MAX_TAKEOVER_MONTHS) errors.push({ field, code: 'out_of_range', message: messages.months });
  }
  if (!isOneOf(INCIDENT_SEVERITIES, s.complaintMinSeverity) || s.complaintMinSeverity === 'note') {
    errors.push({ field: 'complaintMinSeverity', code: 'invalid_choice', message: messages.severity });
  }
  return errors;
}

/** The day `months` whole months after start: '2024-01-31' + 1 → '2024-02-29' (clamped). */
export function dateMonthsAfter(start: string, months: number): string {
  assertDate(start);
  const month = addMonths(monthOf(start), months);
  const day = Math.min(Number(start.slice(8, 10)), daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7))));
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** Whole months from start to asOf (see above): ('2026-01-15', '2026-10-15') → 9, ('2026-01-15', '2026-10-14') → 8. */
export function monthsInPlacement(start: string, asOf: string): number {
  assertDate(start);
  assertDate(asOf);
  if (asOf < start) return 0;
  let n = (Number(asOf.slice(0, 4)) - Number(start.slice(0, 4))) * 12 + Number(asOf.slice(5, 7)) - Number(start.slice(5, 7));
  if (dateMonthsAfter(start, n) > asOf) n -= 1;
  return n;
}

export function debtsHandled(d: DebtSituation): boolean {
  return !d.hasDebts || d.activePlan || d.completedPlan || d.debtCounsellingContact;
}

/** The eligibility panel for one second-hand placement (a first-hand lease is already the resident's own). */
export function takeoverEligibility(
  input: TakeoverInput,
  asOf: string,
  settings: TakeoverSettings = DEFAULT_TAKEOVER_SETTINGS,
): TakeoverEligibility {
  const errors = validateTakeoverSettings(settings);
  if (errors.length > 0) throw new InvalidFieldsError(errors);
  assertDate(asOf);
  const { placement } = input;
  if (placement.leaseForm !== 'second_hand') throw new RangeError(`Placement ${placement.id} is not a second-hand lease`);
  const active = placement.endDate === null || placement.endDate > asOf;
  // An ended placement is counted to the end of its last day.
  const countTo = active ? asOf : addDays(placement.endDate!, 1);
  const months = monthsInPlacement(placement.startDate, countTo);

  const firstRentMonth = maxOf(addMonths(monthOf(asOf), -(settings.rentWindowMonths - 1)), monthOf(placement.startDate));
  const rentOk = !input.monthStatuses.some((m) => m.status === 'unpaid' && m.month >= firstRentMonth && m.month <= monthOf(asOf));

  const complaintFrom = dateMonthsAfter(asOf, -settings.complaintWindowMonths);
  const noComplaints = !input.incidents.some(
    (i) => i.date >= complaintFrom && i.date <= asOf && severityAtLeast(i.severity, settings.complaintMinSeverity),
  );
  const debtsOk = debtsHandled(input.debts);

  const met: Record<TakeoverCriterion, boolean> = {
    months: months >= settings.minMonths,
    rent: rentOk,
    complaints: noComplaints,
    debts: debtsOk,
  };
  const missing = TAKEOVER_CRITERIA.filter((c) => !met[c]);
  return {
    residentId: placement.residentId,
    placementId: placement.id,
    months,
    monthsCompleteOn: dateMonthsAfter(placement.startDate, settings.minMonths),
    rentOk,
    noComplaints,
    debtsHandled: debtsOk,
    active,
    eligible: active && missing.length === 0,
    missing,
    close: active && missing.length === 1,
  };
}

/** The manager's list: active second-hand placements that are eligible or close, eligible first, then by
 *  resident id. Other placements are left out. */
export function takeoverList(
  inputs: readonly TakeoverInput[],
  asOf: string,
  settings: TakeoverSettings = DEFAULT_TAKEOVER_SETTINGS,
): TakeoverEligibility[] {
  return inputs
    .filter((i) => i.placement.leaseForm === 'second_hand')
    .map((i) => takeoverEligibility(i, asOf, settings))
    .filter((e) => e.eligible || e.close)
    .sort((a, b) => Number(b.eligible) - Number(a.eligible) || (a.residentId < b.residentId ? -1 : a.residentId > b.residentId ? 1 : 0));
}

export type TakeoverCliRow = {
  residentId: string;
  placementId: string;
  months: number;
  rentOk: boolean;
  noComplaints: boolean;
  debtsHandled: boolean;
  eligible: boolean;
};

/** The CLI's line per second-hand placement, with the keys in this order. */
export function takeoverCliRow(e: TakeoverEligibility): TakeoverCliRow {
  return {
    residentId: e.residentId,
    placementId: e.placementId,
    months: e.months,
    rentOk: e.rentOk,
    noComplaints: e.noComplaints,
    debtsHandled: e.debtsHandled,
    eligible: e.eligible,
  };
}

function maxOf(a: string, b: string): string {
  return a > b ? a : b;
}

function assertDate(d: string): void {
  if (!isCalendarDate(d)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${d}"`);
}

const messages = {
  months: { sv: 'Ange 1–60 månader.', en: 'Give 1–60 months.' },
  severity: {
    sv: 'Välj från vilken allvarlighetsgrad en händelse räknas som klagomål (klagomål eller allvarlig).',
    en: 'Choose from which severity an incident counts as a complaint (complaint or serious).',
  },
};
