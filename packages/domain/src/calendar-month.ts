// Calendar months are 'YYYY-MM' strings, like dates in calendar-date.ts: rent is charged and followed up per
// calendar month (Jordabalken 12 kap. 20 §: "före varje kalendermånads början"), and a month is a label, not
// an instant. 'YYYY-MM' strings sort and compare correctly as strings.

import { daysInMonth, isCalendarDate } from './calendar-date.ts';

const FORMAT = /^(\d{4})-(\d{2})$/;

export function isCalendarMonth(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  const m = FORMAT.exec(s);
  return m !== null && Number(m[1]) >= 1 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** '2026-02-14' → '2026-02'. */
export function monthOf(date: string): string {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${date}"`);
  return date.slice(0, 7);
}

/** '2026-02' → '2026-02-01'. */
export function firstDayOf(month: string): string {
  assertMonth(month);
  return `${month}-01`;
}

/** '2024-02' → '2024-02-29'. */
export function lastDayOf(month: string): string {
  const [year, m] = parts(month);
  return `${month}-${String(daysInMonth(year, m)).padStart(2, '0')}`;
}

/** addMonths('2026-12', 1) === '2027-01'; n may be negative. */
export function addMonths(month: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addMonths needs a whole number of months, got ${n}`);
  const [year, m] = parts(month);
  const index = year * 12 + (m - 1) + n;
  const newYear = Math.floor(index / 12);
  if (newYear < 1 || newYear > 9999) throw new RangeError(`addMonths(${month}, ${n}) leaves the years 1–9999`);
  return `${String(newYear).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from fromMonth to toMonth, both included; empty when toMonth is before fromMonth. */
export function monthsBetween(fromMonth: string, toMonth: string): string[] {
  assertMonth(fromMonth);
  assertMonth(toMonth);
  const months: string[] = [];
  for (let m = fromMonth; m <= toMonth; m = addMonths(m, 1)) months.push(m);
  return months;
}

function parts(month: string): [number, number] {
  assertMonth(month);
  return [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
}

function assertMonth(month: string): void {
  if (!isCalendarMonth(month)) throw new RangeError(`Not a calendar month (YYYY-MM): "${month}"`);
}
