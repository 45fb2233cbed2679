// What a placement owes in rent for one calendar month.
//
// Rent is paid per calendar month (Jordabalken 12 kap. 20 §), but placements start and end on any day. No
// statute says how to charge a part of a month, so this is Kvarbo's convention, the one used on Swedish rent
// notices: the monthly rent × the days the placement covers ÷ the days of that month (so a day in February
// costs more than a day in March), the end date counted as a day of the placement (placement-overlap.ts).
// A partial month is rounded to whole kronor, to nearest with halves up (1 234,50 kr → 1 235 kr), since
// rents are agreed and invoiced in whole kronor; a full month is the agreed rent exactly, never rounded.
// Rounding can make two halves of a month cost up to 1 kr more or less than the whole; a partial month is
// capped at the full rent so rounding never makes it dearer than the whole month.

import { daysBetween } from './calendar-date.ts';
import { firstDayOf, lastDayOf } from './calendar-month.ts';
import { checkPeriod } from './placement-overlap.ts';
import type { Period } from './placement-overlap.ts';

export type MonthlyCharge = { amountOre: number; days: number; daysInMonth: number };

/** The rent for `month` ('YYYY-MM') of a placement, or null when the placement covers no day of it. */
export function monthlyCharge(month: string, monthlyRentOre: number, placement: Period): MonthlyCharge | null {
  if (!Number.isSafeInteger(monthlyRentOre) || monthlyRentOre < 0) {
    throw new RangeError(`monthlyCharge needs a rent in whole, non-negative öre, got ${monthlyRentOre}`);
  }
  if (checkPeriod(placement) !== null) {
    throw new RangeError(`Placement ends (${placement.endDate}) before it starts (${placement.startDate})`);
  }
  const first = firstDayOf(month);
  const last = lastDayOf(month);
  const from = placement.startDate > first ? placement.startDate : first;
  const to = placement.endDate !== null && placement.endDate < last ? placement.endDate : last;
  const days = daysBetween(from, to) + 1;
  if (days <= 0) return null;

  const monthDays = daysBetween(first, last) + 1;
  if (days === monthDays) return { amountOre: monthlyRentOre, days, daysInMonth: monthDays };
  return { amountOre: Math.min(prorateToKronor(monthlyRentOre, days, monthDays), monthlyRentOre), days, daysInMonth: monthDays };
}

/** rent × days ÷ monthDays, rounded to whole kronor with halves up, in exact integer arithmetic. */
function prorateToKronor(rentOre: number, days: number, monthDays: number): number {
  const numerator = rentOre * days; // öre × days
  const denominator = monthDays * 100; // days × öre per krona
  const twice = 2 * numerator + denominator;
  if (!Number.isSafeInteger(twice)) throw new RangeError(`Rent ${rentOre} öre is too large to prorate exactly`);
  const divisor = 2 * denominator;
  return ((twice - (twice % divisor)) / divisor) * 100;
}
