// When a month's rent is due.
//
// Jordabalken 12 kap. 20 §: unless agreed otherwise, rent is paid in advance, "senast sista vardagen före
// varje kalendermånads början" (RULES.md rule 1; wording as quoted by landlords and Hyresgästföreningen).
// For a residential lease the tenant may always pay on that statutory day even if the lease names an
// earlier one, so an agreed due date can only ever be earlier than the statutory one, never later.
// Vardag is as in lag (1930:173) 2 § (swedish-calendar.ts): not a weekend, public holiday, midsommarafton,
// julafton or nyårsafton. Rent for January 2027 is due 2026-12-30, since 31 December is nyårsafton.
//
// An agreed due day (1–28 of the month BEFORE the rent month, e.g. "den 25:e") that is not a vardag is moved
// back to the previous vardag, not forward. This is Kvarbo's choice: a due date never moves later than
// agreed, so a reminder is never sent later than the lease allows. (The forward rule of lag 1930:173 2 §
// covers deadlines set by statute, not by contract; for the statutory default the question does not arise,
// because it is a vardag by definition.) Staff may still treat a payment on the next vardag as on time.
// Since the agreed day is at most the 28th, the result is never later than the statutory date; the result is
// clamped to it anyway so that the tenant's right to the statutory date holds whatever the input.

import { compareDates } from './calendar-date.ts';
import { addMonths, firstDayOf } from './calendar-month.ts';
import { lastVardagBefore, previousVardag } from './swedish-calendar.ts';

/** The due date ('YYYY-MM-DD') of the rent for `month` ('YYYY-MM'), with an optional agreed due day (1–28)
 *  in the month before. */
export function rentDueDate(month: string, agreedDueDay?: number | null): string {
  const statutory = lastVardagBefore(firstDayOf(month));
  if (agreedDueDay === undefined || agreedDueDay === null) return statutory;
  if (!Number.isInteger(agreedDueDay) || agreedDueDay < 1 || agreedDueDay > 28) {
    throw new RangeError(`An agreed due day must be 1–28 of the month before, got ${agreedDueDay}`);
  }
  const agreed = previousVardag(`${addMonths(month, -1)}-${String(agreedDueDay).padStart(2, '0')}`);
  return compareDates(agreed, statutory) <= 0 ? agreed : statutory;
}
