// The checkpoints of the rent follow-up routine (source 000, RULES.md 3) and the month status under a unit's
// settings (unit-rent-settings.ts).
//
// Source 000: on the 1st a reminder to those who have not paid, on the 5th a home visit, on the 15th a
// meeting with the manager (repayment plan, tell the commissioner). Which checkpoint is which step when a unit
// configures another number of days (Kvarbo's decision):
//   - the LAST checkpoint is always the manager meeting: it is where the month becomes final and the routine
//     escalates, and with fewer days the escalation must not be lost (one day → only 'manager_meeting');
//   - the first one, when there are two or more, is the reminder;
//   - every one in between is a home visit ("Hur står det till?"), the routine's middle step: with four or five
//     days a unit adds visits, since a second reminder would say less and a second manager meeting come early.
//
// Run dates. With moveToNextVardag, a checkpoint whose day is not a vardag (lag 1930:173 2 §, swedish-calendar.ts)
// runs on the next vardag; otherwise on the day itself. A run date CAN fall in the next month even though days
// are limited to 1–28: the 27th or 28th of February on a weekend, or the 28th of March when påskdagen is
// 30 March (långfredagen 28th → annandag påsk 31st). It is never later than the 5th of the next month: the
// longest run of non-vardagar is five days (e.g. Saturday 22 – Wednesday 26 December when julafton is a
// Monday), checked over 1950–2150 in the tests. So the checkpoints running on a day belong to that day's
// month or the month before, and checkpointsDueOn() looks at both.
//
// Month status under the settings (monthStatusAt), the days counted as whole days (a deadline on day D lasts
// until the end of D; a payment counts from its booking date, as in allocation.ts):
//   on time  fully paid by onTimeDeadline();
//   late     fully paid after that, but by finalDeadline();
//   unpaid   not fully paid by finalDeadline() — final, even if paid later;
//   open     none of these yet.
// finalDeadline() is the RUN DATE of the last checkpoint (lastDay), not the nominal day: Kvarbo's decision.
// When the 15th is a Saturday the manager meeting runs on Monday the 17th, and a payment made on the Saturday
// is booked by the bank on the Monday; counting it as unpaid would report a resident who paid on the 15th as
// not having paid. A deadline on a non-vardag that ends on the next vardag is also how lag 1930:173 2 § treats
// statutory deadlines, and the unit chose the same for its checkpoints. With moveToNextVardag off, it is the
// nominal day. Either way the month is "open until the last checkpoint has run", and the same day decides the
// status and the routine's last step.
// The on-time deadline does not move: rent is paid in advance ("senast den sista föregående månad", source 000;
// Jordabalken 12 kap. 20 §), and moving it into the rent month would turn that around.

import { addDays, compareDates, daysBetween, isCalendarDate } from './calendar-date.ts';
import { addMonths, isCalendarMonth, lastDayOf, monthOf } from './calendar-month.ts';
import { InvalidFieldsError } from './localized-field-error.ts';
import { rentDueDate } from './rent-due-date.ts';
import type { MonthStatus } from './rent-status.ts';
import { nextVardag } from './swedish-calendar.ts';
import { validateRentSettings } from './unit-rent-settings.ts';
import type { RentSettings } from './unit-rent-settings.ts';

export type CheckpointKind = 'reminder' | 'home_visit' | 'manager_meeting';

export type Checkpoint = {
  /** The rent month the checkpoint follows up, 'YYYY-MM'. */
  month: string;
  kind: CheckpointKind;
  /** The configured day in `month`. */
  nominalDate: string;
  /** The day it runs: nominalDate, or the next vardag after it when the unit moves checkpoints. */
  runDate: string;
};

export type SettingsFor = (month: string) => RentSettings;

/** The most days a run date can lie after its nominal day (see the header; checked by a test over 1950–2150). */
export const MAX_CHECKPOINT_SHIFT_DAYS = 5;

/** The step of the routine for each of `count` checkpoint days, in day order (see the header). */
export function checkpointKinds(count: number): CheckpointKind[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`Need at least one checkpoint, got ${count}`);
  return Array.from({ length: count }, (_, i): CheckpointKind => {
    if (i === count - 1) return 'manager_meeting';
    return i === 0 ? 'reminder' : 'home_visit';
  });
}

/** The checkpoints that follow up `month`'s rent, in day order. */
export function checkpointsForMonth(month: string, settings: RentSettings): Checkpoint[] {
  assertMonth(month);
  assertSettings(settings);
  const kinds = checkpointKinds(settings.checkpointDays.length);
  return settings.checkpointDays.map((day, i) => {
    const nominalDate = dayOf(month, day);
    const runDate = settings.moveToNextVardag ? nextVardag(nominalDate) : nominalDate;
    // The header's bound; were it ever broken, checkpointsDueOn() would silently skip a checkpoint.
    if (daysBetween(nominalDate, runDate) > MAX_CHECKPOINT_SHIFT_DAYS) {
      throw new Error(`Checkpoint ${nominalDate} would run on ${runDate}, beyond the known bound`);
    }
    return { month, kind: kinds[i]!, nominalDate, runDate };
  });
}

/** The checkpoints whose run date is exactly `date`: of `date`'s month and (moved over its end) the month before.
 *  Two of them can share a run date (days 1 and 2 with the 1st on a Saturday); both are returned. */
export function checkpointsDueOn(date: string, settingsFor: SettingsFor): Checkpoint[] {
  return checkpointsBetween(addDays(date, -1), date, settingsFor);
}

/** Every checkpoint with fromExclusive < runDate ≤ toInclusive, by run date then nominal date: what a server
 *  that was stopped has to catch up. Empty when toInclusive is not after fromExclusive. */
export function checkpointsBetween(fromExclusive: string, toInclusive: string, settingsFor: SettingsFor): Checkpoint[] {
  assertDate(fromExclusive);
  assertDate(toInclusive);
  if (toInclusive <= fromExclusive) return [];
  const found: Checkpoint[] = [];
  // A run date lies in its own month or the next one, so the month before fromExclusive's can still contribute.
  for (let month = addMonths(monthOf(fromExclusive), -1); month <= monthOf(toInclusive); month = addMonths(month, 1)) {
    for (const c of checkpointsForMonth(month, settingsFor(month))) {
      if (c.runDate > fromExclusive && c.runDate <= toInclusive) found.push(c);
    }
  }
  return found.sort((a, b) => compareDates(a.runDate, b.runDate) || compareDates(a.nominalDate, b.nominalDate));
}

/**
 * The last day a full payment of `month`'s rent counts as on time. 'last_vardag': the rent's due date,
 * rentDueDate(month, agreedDueDay). 'last_calendar_day': the last calendar day of the month before, whatever
 * the lease's due day — an earlier agreed day does NOT win. Kvarbo's decision: the rule is the unit's yardstick
 * for following up and comparing months (source 000 measures everyone against "den sista föregående månad"),
 * while the lease's due date stays on the rent notice. It is never earlier than the statutory due date, so a
 * tenant paying on the last day the law allows (Jordabalken 12 kap. 20 §) is always on time.
 */
export function onTimeDeadline(month: string, settings: RentSettings, agreedDueDay?: number | null): string {
  assertMonth(month);
  if (settings.onTimeRule === 'last_calendar_day') return lastDayOf(addMonths(month, -1));
  return rentDueDate(month, agreedDueDay);
}

/** The day after which a month not fully paid is final ('unpaid'): the run date of the last checkpoint
 *  (lastDay moved to the next vardag when the unit moves checkpoints; see the header). */
export function finalDeadline(month: string, settings: RentSettings): string {
  assertMonth(month);
  assertSettings(settings);
  const nominal = dayOf(month, settings.lastDay);
  return settings.moveToNextVardag ? nextVardag(nominal) : nominal;
}

export type RentChargeForStatus = {
  month: string;
  /** The charge's own due date: rentDueDate(), or for a first month starting mid-month the date set for it. */
  dueDate: string;
  /** When given it must be positive: a month without a rent charge has no status. */
  amountOre?: number;
};

/**
 * The status of a month's rent on `asOf` (today, or a past day), under the unit's settings for that month.
 * `paidInFullOn` is the charge's paidInFullOn from allocate()/allocateAsOf(); a date after asOf counts as not
 * yet paid. For a first month whose due date is later than the deadlines (a move-in on the 20th), the due date
 * is both the on-time and the final deadline: nobody can be late with rent before they have moved in.
 * On the final deadline itself the month is still open; it is 'unpaid' from the day after.
 */
export function monthStatusAt(charge: RentChargeForStatus, paidInFullOn: string | null, asOf: string, settings: RentSettings): MonthStatus {
  return statusByDeadlines(monthDeadlines(charge, settings), paidInFullOn, asOf);
}

/** The two days a month's status turns on; they depend on the charge and the settings, not on today. */
export type MonthDeadlines = { onTimeBy: string; finalBy: string };

export function monthDeadlines(charge: RentChargeForStatus, settings: RentSettings): MonthDeadlines {
  assertCharge(charge);
  const rule = settings.onTimeRule === 'last_calendar_day' ? lastDayOf(addMonths(charge.month, -1)) : charge.dueDate;
  return { onTimeBy: later(rule, charge.dueDate), finalBy: later(finalDeadline(charge.month, settings), charge.dueDate) };
}

/**
 * monthStatusAt() once the deadlines are known. Kept apart so that stored deadlines can be classified for any
 * day: the statistics table holds deadlines and paidInFullOn, and its SQL repeats exactly these four lines.
 */
export function statusByDeadlines(deadlines: MonthDeadlines, paidInFullOn: string | null, asOf: string): MonthStatus {
  assertDate(asOf);
  if (paidInFullOn !== null) assertDate(paidInFullOn);
  const paid = paidInFullOn !== null && paidInFullOn <= asOf ? paidInFullOn : null;
  if (paid !== null && paid <= deadlines.onTimeBy) return 'on_time';
  if (paid !== null && paid <= deadlines.finalBy) return 'late';
  if (paid !== null) return 'unpaid';
  return asOf > deadlines.finalBy ? 'unpaid' : 'open';
}

/**
 * Whether a checkpoint running on `date` finds the charge not fully paid: its due date has passed (a charge due
 * on `date` itself may still be paid that day) and it was not fully paid by then. `paidInFullOn` as for
 * monthStatusAt(); pass it from allocateAsOf() up to the last booking day the checkpoint should see.
 */
export function isUnpaidAt(charge: Pick<RentChargeForStatus, 'dueDate'>, paidInFullOn: string | null, date: string): boolean {
  assertDate(charge.dueDate);
  assertDate(date);
  if (paidInFullOn !== null) assertDate(paidInFullOn);
  return charge.dueDate < date && (paidInFullOn === null || paidInFullOn > date);
}

function dayOf(month: string, day: number): string {
  return `${month}-${String(day).padStart(2, '0')}`;
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}

function assertSettings(settings: RentSettings): void {
  const errors = validateRentSettings(settings);
  if (errors.length > 0) throw new InvalidFieldsError(errors);
}

function assertCharge(charge: RentChargeForStatus): void {
  assertMonth(charge.month);
  assertDate(charge.dueDate);
  if (charge.amountOre !== undefined && !(Number.isSafeInteger(charge.amountOre) && charge.amountOre > 0)) {
    throw new RangeError(`A month without a rent charge has no status (amount ${charge.amountOre} öre)`);
  }
}

function assertMonth(month: string): void {
  if (!isCalendarMonth(month)) throw new RangeError(`Not a calendar month (YYYY-MM): "${month}"`);
}

function assertDate(date: string): void {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${date}"`);
}
