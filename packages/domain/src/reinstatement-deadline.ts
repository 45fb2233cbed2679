// The reinstatement deadline (återvinningsfrist) of an eviction-prevention case, and countdowns to it and to a
// Kronofogden eviction date (issue 6).
//
// Jordabalken 12 kap. 44 § (RULES.md 5): after a termination for unpaid rent, the tenant keeps the lease if the
// rent is paid within THREE WEEKS from the day the tenant was served notice of the right to reinstatement. The
// same period is the social welfare board's to undertake in writing to pay. The day the list must count down to.
//
// The deadline is computed under lag (1930:173) om beräkning av lagstadgad tid, checked against the text on
// lagen.nu/1930:173 (wording of SFS 2022:931), Karnov Open and lagar.nj.se (SFS1930-0173):
//   1 §  a period counted in weeks ends on the day with the same weekday name as the day counting starts from:
//        three weeks from a Tuesday is the Tuesday three weeks later, i.e. served + 21 days. (Counting starts
//        from the service date itself, not the day after: "från den dag" in 1 §.)
//   2 §  when the last day for an act falls on "en söndag, annan allmän helgdag, lördag, midsommarafton, julafton
//        eller nyårsafton", the act may be done on the next vardag. None of the exceptions in 2 § second
//        paragraph (remand hearings, contact bans, Kriminalvården) concern leases.
// The non-vardagar are exactly those of swedish-calendar.ts's isVardag(), which cites the same paragraph:
// Saturdays, Sundays, the public holidays of lag (1989:253) (computed from Easter), midsommarafton, julafton and
// nyårsafton. There is NO difference to note: påskafton and pingstafton are always Saturdays and so covered, and
// the older 2 § (SFS 1961:70) that also excused summer Saturdays and påskafton no longer applies. Dates before 2005
// inherit swedish-calendar.ts's caveat (annandag pingst / nationaldagen); no running case is that old.
//
// Countdown (daysLeft, deadlineUrgency): days are whole days, as elsewhere in Kvarbo (checkpoints.ts): a payment
// on the deadline day is in time, so on that day the countdown is 0 ('today'), and the deadline is 'overdue' from
// the day after. An eviction date is shown with the same countdown but is never moved: Kronofogden sets the day
// of the act itself, it is not a last day for the tenant to act.

import { addDays, daysBetween, isCalendarDate } from './calendar-date.ts';
import type { Localized } from './errors.ts';
import { InvalidFieldsError } from './localized-field-error.ts';
import type { LocalizedFieldError } from './localized-field-error.ts';
import { nextVardag } from './swedish-calendar.ts';

/** Three weeks (JB 12:44), counted in days under lag 1930:173 1 §. */
export const REINSTATEMENT_PERIOD_DAYS = 21;

/** A deadline this many days away or fewer (but not today or passed) is 'within_7_days'. */
export const URGENT_WITHIN_DAYS = 7;

export const DEADLINE_URGENCIES = ['overdue', 'today', 'within_7_days', 'later'] as const;
export type DeadlineUrgency = (typeof DEADLINE_URGENCIES)[number];
export const DEADLINE_URGENCY_LABELS: Record<DeadlineUrgency, Localized> = {
  overdue: { sv: 'Passerad', en: 'Passed' },
  today: { sv: 'I dag', en: 'Today' },
  within_7_days: { sv: 'Inom 7 dagar', en: 'Within 7 days' },
  later: { sv: 'Senare', en: 'Later' },
};

export type DeadlineCountdown = { deadline: string; daysLeft: number; urgency: DeadlineUrgency };

/** Field errors for a date the calendar can compute with, empty when valid. `field` names the input. */
export function validateDeadlineDate(date: unknown, field: string): LocalizedFieldError[] {
  if (typeof date !== 'string' || !isCalendarDate(date)) {
    return [{ field, code: 'invalid_date', message: messages.date }];
  }
  // swedish-calendar.ts knows the Gregorian years 1583–9999; 9999 is left out so a deadline stays inside them.
  const year = Number(date.slice(0, 4));
  if (year < 1583 || year > 9998) return [{ field, code: 'out_of_range', message: messages.range }];
  return [];
}

/** The last day to pay and keep the lease: served + 21 days, moved to the next vardag when that day is not one.
 *  Throws InvalidFieldsError (field 'served') on an invalid date. The CLI's `deadline reinstatement` uses this. */
export function reinstatementDeadline(served: string): string {
  assertValid(validateDeadlineDate(served, 'served'));
  return nextVardag(addDays(served, REINSTATEMENT_PERIOD_DAYS));
}

/** Whole days from today to the deadline: 0 on the day itself, negative once it has passed. */
export function daysLeft(deadline: string, today: string): number {
  assertValid([...validateDeadlineDate(deadline, 'deadline'), ...validateDeadlineDate(today, 'today')]);
  return daysBetween(today, deadline);
}

/** 'overdue' after the deadline, 'today' on it, 'within_7_days' 1–7 days before, else 'later'. */
export function deadlineUrgency(deadline: string, today: string): DeadlineUrgency {
  return urgencyOf(daysLeft(deadline, today));
}

/** The deadline with its countdown and urgency, as a list or a case page shows it. */
export function deadlineCountdown(deadline: string, today: string): DeadlineCountdown {
  const left = daysLeft(deadline, today);
  return { deadline, daysLeft: left, urgency: urgencyOf(left) };
}

function urgencyOf(left: number): DeadlineUrgency {
  if (left < 0) return 'overdue';
  if (left === 0) return 'today';
  return left <= URGENT_WITHIN_DAYS ? 'within_7_days' : 'later';
}

function assertValid(errors: LocalizedFieldError[]): void {
  if (errors.length > 0) throw new InvalidFieldsError(errors);
}

const messages = {
  date: { sv: 'Ange datumet som ÅÅÅÅ-MM-DD.', en: 'Give the date as YYYY-MM-DD.' },
  range: { sv: 'Datumet ligger utanför det som går att räkna med.', en: 'The date is outside the range Kvarbo can compute with.' },
};
