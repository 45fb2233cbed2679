// Support visits in Housing First and support housing (issue 7). Bostad först in Stockholm asks the resident to
// "träffa stödperson minst 1 ggr vecka i lägenheten" (source 002), so a placement can carry a visit agreement:
// so many visits a week, counted in ISO weeks (Monday–Sunday, iso-week.ts), in the places the agreement names
// (by default only the apartment: a phone call is support, but not the agreed visit).
//
// Support is voluntary in Housing First ("Frivillighet är centralt", source 002), so a visit the resident
// declined is recorded as declined and a week short of visits because of it is 'declined', never 'missed':
// 'missed' means the staff did not offer the visit, which is what the contact person's and the manager's lists
// and the compliance report are there to catch. A no-show (staff came, the resident was not there) is treated
// like a decline for the week's status — the visit was offered — but is counted separately, because repeated
// no-shows can be a sign of crisis that the contact person should see.
//
// Kvarbo's decisions:
//   - A week is required only when both the placement and the agreement cover all seven of its days. A move-in
//     on a Thursday, or an agreement starting mid-week, would otherwise count a week with a few days in it as
//     missed. Visits in such partial weeks are still recorded; they are simply not measured.
//   - Planned and unplanned visits both count: an unplanned visit in the apartment is still a visit held there.
//   - Every visit record counts once, however many staff were there (staffIds lists them all).
//   - A week is finished when asOf is after its Sunday (as for rent: a day counts until its end). The current,
//     unfinished week is 'open' until it is met; it is never 'missed' and never in a list or a share.
//   - Status of a finished week needing n visits, with h held and d declined or no-show:
//       h ≥ n → 'met'; h + d ≥ n → 'declined'; h + d ≥ 1 → 'partial'; else 'missed'.
//   - Shares of weeks met leave declined weeks out of the denominator: met / (met + partial + missed). They
//     are fractions 0–1 or null when there is nothing to divide by; small-cells.ts applies for analysts.
//   - Per staff member, a week belongs to the contact person responsible on its Sunday: after a hand-over the
//     new contact person is the one who had the last chance to make the week's visit.

import { addDays, isCalendarDate } from './calendar-date.ts';
import type { Localized } from './errors.ts';
import { isoWeeksBetween } from './iso-week.ts';
import type { IsoWeek } from './iso-week.ts';
import type { LocalizedFieldError } from './localized-field-error.ts';
import type { Period } from './placement-overlap.ts';
import { isOneOf } from './registry-rules.ts';

export const VISIT_PLACES = ['apartment', 'office', 'elsewhere', 'phone', 'video'] as const;
export type VisitPlace = (typeof VISIT_PLACES)[number];
export const VISIT_PLACE_LABELS: Record<VisitPlace, Localized> = {
  apartment: { sv: 'I lägenheten', en: 'In the apartment' },
  office: { sv: 'På kontoret', en: 'At the office' },
  elsewhere: { sv: 'På annan plats', en: 'Elsewhere' },
  phone: { sv: 'Telefon', en: 'Phone' },
  video: { sv: 'Videosamtal', en: 'Video call' },
};

export const VISIT_OUTCOMES = ['held', 'declined', 'no_show'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];
export const VISIT_OUTCOME_LABELS: Record<VisitOutcome, Localized> = {
  held: { sv: 'Genomfört', en: 'Held' },
  declined: { sv: 'Avböjt av den boende', en: 'Declined by the resident' },
  no_show: { sv: 'Den boende var inte där', en: 'Resident not there' },
};

export const WEEK_STATUSES = ['met', 'declined', 'partial', 'missed', 'open'] as const;
export type WeekStatus = (typeof WEEK_STATUSES)[number];
export const WEEK_STATUS_LABELS: Record<WeekStatus, Localized> = {
  met: { sv: 'Uppfyllt', en: 'Met' },
  declined: { sv: 'Avböjt av den boende', en: 'Declined by the resident' },
  partial: { sv: 'Delvis', en: 'Partly met' },
  missed: { sv: 'Inget besök', en: 'No visit' },
  open: { sv: 'Pågående vecka', en: 'Current week' },
};

export type VisitAgreement = {
  /** Visits a week, 1–7. Bostad först: 1. */
  visitsPerWeek: number;
  /** First and last day of the agreement; to null while it runs. */
  from: string;
  to: string | null;
  /** Where a visit counts towards the agreement. Default ['apartment']. */
  places?: readonly VisitPlace[];
};

export type Visit = {
  date: string;
  place: VisitPlace;
  staffIds: readonly string[];
  planned: boolean;
  outcome: VisitOutcome;
  note?: string;
  /** The resident's own goals the visit worked on (ids or short texts, the caller's choice). */
  goalsTouched?: readonly string[];
};

export const DEFAULT_VISIT_AGREEMENT: Omit<VisitAgreement, 'from' | 'to'> = Object.freeze({
  visitsPerWeek: 1,
  places: Object.freeze(['apartment'] as VisitPlace[]),
});

export const MAX_VISIT_NOTE_LENGTH = 1000;

export type WeekCompliance = IsoWeek & {
  sunday: string;
  required: number;
  held: number;
  declined: number;
  noShow: number;
  status: WeekStatus;
};

export type ComplianceSummary = {
  /** Finished required weeks. */
  weeks: number;
  met: number;
  declined: number;
  partial: number;
  missed: number;
  /** met / (met + partial + missed); null when that is 0. */
  shareMet: number | null;
};

export function validateVisitAgreement(a: VisitAgreement): LocalizedFieldError[] {
  const errors: LocalizedFieldError[] = [];
  if (!Number.isInteger(a.visitsPerWeek) || a.visitsPerWeek < 1 || a.visitsPerWeek > 7) {
    errors.push({ field: 'visitsPerWeek', code: 'out_of_range', message: messages.perWeek });
  }
  if (!isCalendarDate(a.from)) errors.push({ field: 'from', code: 'invalid_date', message: messages.date });
  if (a.to !== null && !isCalendarDate(a.to)) errors.push({ field: 'to', code: 'invalid_date', message: messages.date });
  else if (a.to !== null && isCalendarDate(a.from) && a.to < a.from) {
    errors.push({ field: 'to', code: 'end_before_start', message: messages.endBeforeStart });
  }
  if (a.places !== undefined && (a.places.length === 0 || !a.places.every((p) => isOneOf(VISIT_PLACES, p)))) {
    errors.push({ field: 'places', code: 'invalid_choice', message: messages.places });
  }
  return errors;
}

export function validateVisit(v: Visit): LocalizedFieldError[] {
  const errors: LocalizedFieldError[] = [];
  if (!isCalendarDate(v.date)) errors.push({ field: 'date', code: 'invalid_date', message: messages.date });
  if (!isOneOf(VISIT_PLACES, v.place)) errors.push({ field: 'place', code: 'invalid_choice', message: messages.place });
  if (!isOneOf(VISIT_OUTCOMES, v.outcome)) errors.push({ field: 'outcome', code: 'invalid_choice', message: messages.outcome });
  if (!Array.isArray(v.staffIds) || v.staffIds.length === 0) {
    errors.push({ field: 'staffIds', code: 'required', message: messages.staff });
  }
  if (typeof v.planned !== 'boolean') errors.push({ field: 'planned', code: 'invalid_type', message: messages.planned });
  if (v.note !== undefined && v.note.length > MAX_VISIT_NOTE_LENGTH) {
    errors.push({ field: 'note', code: 'too_long', message: messages.note });
  }
  return errors;
}

/**
 * One row per required week (see above) from the first to the week containing asOf; weeks starting after asOf
 * are left out. `placement` is the placement's period, endDate inclusive (placement-overlap.ts).
 */
export function weeklyCompliance(agreement: VisitAgreement, visits: readonly Visit[], placement: Period, asOf: string): WeekCompliance[] {
  const from = agreement.from > placement.startDate ? agreement.from : placement.startDate;
  const ends = [agreement.to, placement.endDate, asOf].filter((d): d is string => d !== null);
  // Weeks are listed up to the week of asOf; the coverage check below uses the real ends, not asOf.
  const last = ends.reduce((a, b) => (a < b ? a : b));
  const places = agreement.places ?? DEFAULT_VISIT_AGREEMENT.places!;
  const rows: WeekCompliance[] = [];
  if (last < from) return rows;
  for (const week of isoWeeksBetween(from, last)) {
    const sunday = addDays(week.monday, 6);
    if (week.monday < from || !covers(agreement.to, sunday) || !covers(placement.endDate, sunday)) continue;
    const inWeek = visits.filter((v) => v.date >= week.monday && v.date <= sunday && v.date <= asOf && places.includes(v.place));
    const held = inWeek.filter((v) => v.outcome === 'held').length;
    const declined = inWeek.filter((v) => v.outcome === 'declined').length;
    const noShow = inWeek.filter((v) => v.outcome === 'no_show').length;
    const required = agreement.visitsPerWeek;
    rows.push({ ...week, sunday, required, held, declined, noShow, status: statusOf(required, held, declined + noShow, asOf > sunday) });
  }
  return rows;
}

/** The finished weeks short of the agreed visits through no decline of the resident's: 'missed' and 'partial'. */
export function weeksWithoutVisit(agreement: VisitAgreement, visits: readonly Visit[], placement: Period, asOf: string): WeekCompliance[] {
  return weeklyCompliance(agreement, visits, placement, asOf).filter((w) => w.status === 'missed' || w.status === 'partial');
}

export function summarizeWeeks(weeks: readonly WeekCompliance[]): ComplianceSummary {
  const count = (s: WeekStatus) => weeks.filter((w) => w.status === s).length;
  const [met, declined, partial, missed] = [count('met'), count('declined'), count('partial'), count('missed')];
  const measured = met + partial + missed;
  return { weeks: measured + declined, met, declined, partial, missed, shareMet: measured === 0 ? null : met / measured };
}

export type ResidentWeeks = {
  residentId: string;
  weeks: readonly WeekCompliance[];
  /** Who was contact person when; to inclusive, null while it runs. */
  contactPersons?: readonly { staffId: string; from: string; to: string | null }[];
};

export function complianceByResident(residents: readonly ResidentWeeks[]): (ComplianceSummary & { residentId: string })[] {
  return residents.map((r) => ({ residentId: r.residentId, ...summarizeWeeks(r.weeks) }));
}

/** Per staff member, over the weeks they were contact person for on the week's Sunday; staff ids sorted. A week
 *  with no contact person on its Sunday is counted under staffId null, so it is not silently lost. */
export function complianceByStaff(residents: readonly ResidentWeeks[]): (ComplianceSummary & { staffId: string | null })[] {
  const byStaff = new Map<string | null, WeekCompliance[]>();
  for (const r of residents) {
    for (const w of r.weeks) {
      const cp = (r.contactPersons ?? []).find((c) => c.from <= w.sunday && covers(c.to, w.sunday));
      const key = cp ? cp.staffId : null;
      byStaff.set(key, [...(byStaff.get(key) ?? []), w]);
    }
  }
  return [...byStaff.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([staffId, weeks]) => ({ staffId, ...summarizeWeeks(weeks) }));
}

function statusOf(required: number, held: number, notTakenUp: number, finished: boolean): WeekStatus {
  if (held >= required) return 'met';
  if (!finished) return 'open';
  if (held + notTakenUp >= required) return 'declined';
  if (held + notTakenUp >= 1) return 'partial';
  return 'missed';
}

function covers(end: string | null, day: string): boolean {
  return end === null || end >= day;
}

const messages = {
  perWeek: { sv: 'Ange 1–7 besök i veckan.', en: 'Give 1–7 visits a week.' },
  date: { sv: 'Ange ett datum (ÅÅÅÅ-MM-DD).', en: 'Give a date (YYYY-MM-DD).' },
  endBeforeStart: { sv: 'Slutdatumet ligger före startdatumet.', en: 'The end date is before the start date.' },
  places: { sv: 'Välj minst en plats där besöket räknas.', en: 'Choose at least one place where a visit counts.' },
  place: { sv: 'Välj var besöket skedde.', en: 'Choose where the visit took place.' },
  outcome: { sv: 'Välj hur besöket blev.', en: 'Choose the outcome of the visit.' },
  staff: { sv: 'Ange vem eller vilka som gjorde besöket.', en: 'Give who made the visit.' },
  planned: { sv: 'Ange om besöket var planerat.', en: 'Say whether the visit was planned.' },
  note: { sv: 'Anteckningen får vara högst 1000 tecken.', en: 'The note may be at most 1000 characters.' },
};
