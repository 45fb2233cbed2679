// Calendar dates are 'YYYY-MM-DD' strings (ISO 8601 calendar dates, proleptic Gregorian) with no time zone:
// a move-in date or a rent due date is a day in Sweden, not an instant, so it must never shift with the
// server's or the browser's zone. Arithmetic goes through UTC, where every day has exactly 24 hours.

const FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isCalendarDate(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  const m = FORMAT.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs a whole number of days, got ${n}`);
  return fromUtc(toUtc(date) + n * MS_PER_DAY);
}

/** Negative when a is before b, 0 when equal, positive when after (usable as a sort comparator). */
export function compareDates(a: string, b: string): -1 | 0 | 1 {
  const diff = toUtc(a) - toUtc(b);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

/** Days from a to b: daysBetween('2026-01-01', '2026-01-02') === 1; negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / MS_PER_DAY);
}

// The unit works in Swedish time: "today" rolls over at midnight in Stockholm, whatever the host's zone.
const stockholm = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function todayInStockholm(now: Date): string {
  const parts = stockholm.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

function toUtc(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${date}"`);
  const utc = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map the years 0–99 to 1900–1999.
  utc.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return utc.getTime();
}

function fromUtc(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}
