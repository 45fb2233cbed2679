// Swedish public holidays and vardagar ("working days" in the legal sense), computed, never listed: a typed-in
// table runs out, and a typo in it would move a rent due date without anyone noticing.
//
// Public holidays: lag (1989:253) om allmänna helgdagar, 1–2 §§ as worded by SFS 2004:1320 (in force
// 2005-04-01: nationaldagen added, annandag pingst removed). Checked against the text on riksdagen.se
// (SFS 1989:253, "Ändrad: t.o.m. SFS 2004:1320") and lagen.nu/1989:253. 2 § fixes the movable days:
//   långfredagen            "fredagen närmast före påskdagen"
//   påskdagen               "söndagen närmast efter den fullmåne som infaller på eller närmast efter den 21 mars"
//   annandag påsk           "dagen efter påskdagen"
//   Kristi himmelsfärdsdag  "sjätte torsdagen efter påskdagen"            (Easter + 39)
//   pingstdagen             "sjunde söndagen efter påskdagen"             (Easter + 49)
//   midsommardagen          "den lördag som infaller under tiden den 20–26 juni"
//   alla helgons dag        "den lördag som infaller under tiden den 31 oktober–6 november"
// and 1 § makes every Sunday a holiday too (which is why pingstdagen needs no rule of its own here).
//
// Vardag: lag (1930:173) om beräkning av lagstadgad tid, 2 § (lagen.nu/1930:173, wording of SFS 2022:931;
// the same sentence on Karnov Open and Norstedts' lagar.nj.se): a deadline that falls "på en söndag, annan
// allmän helgdag, lördag, midsommarafton, julafton eller nyårsafton" may be met on the next vardag. So a
// vardag is any other day. Midsommarafton is the Friday before midsommardagen (19–25 June).
//
// The rules are applied to every year as currently worded. Before 2005 annandag pingst was a holiday and
// 6 June was not, so dates computed here for 2004 and earlier can be off by that; Kvarbo has no rents that old.

import { addDays, daysBetween, isCalendarDate } from './calendar-date.ts';

export type PublicHoliday = { date: string; name: string };

/** Easter Sunday by the Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
 *  The law's wording is astronomical, but Swedish almanacs follow the church's Gregorian computus, as does
 *  every other Western country: in 2019 the full moon fell on 21 March (UTC), yet påskdagen was 21 April. */
export function easterSunday(year: number): string {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/** The named public holidays of lag (1989:253) 2 §, in date order. Ordinary Sundays are holidays too (1 §)
 *  but are not listed. */
export function swedishPublicHolidays(year: number): PublicHoliday[] {
  assertYear(year);
  const easter = easterSunday(year);
  return [
    { date: ymd(year, 1, 1), name: 'nyårsdagen' },
    { date: ymd(year, 1, 6), name: 'trettondedag jul' },
    { date: addDays(easter, -2), name: 'långfredagen' },
    { date: easter, name: 'påskdagen' },
    { date: addDays(easter, 1), name: 'annandag påsk' },
    { date: ymd(year, 5, 1), name: 'första maj' },
    { date: addDays(easter, 39), name: 'Kristi himmelsfärdsdag' },
    { date: addDays(easter, 49), name: 'pingstdagen' },
    { date: ymd(year, 6, 6), name: 'nationaldagen' },
    { date: midsommardagen(year), name: 'midsommardagen' },
    { date: saturdayFrom(ymd(year, 10, 31)), name: 'alla helgons dag' },
    { date: ymd(year, 12, 25), name: 'juldagen' },
    { date: ymd(year, 12, 26), name: 'annandag jul' },
  ].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

/** Not a Saturday, Sunday, public holiday, midsommarafton, julafton or nyårsafton (lag 1930:173 2 §). */
export function isVardag(date: string): boolean {
  assertDate(date);
  const weekday = isoWeekday(date);
  if (weekday === 6 || weekday === 7) return false;
  return !nonVardagarOf(Number(date.slice(0, 4))).has(date);
}

/** The date itself when it is a vardag, else the first vardag after it. */
export function nextVardag(date: string): string {
  let d = date;
  while (!isVardag(d)) d = addDays(d, 1);
  return d;
}

/** The date itself when it is a vardag, else the last vardag before it. */
export function previousVardag(date: string): string {
  let d = date;
  while (!isVardag(d)) d = addDays(d, -1);
  return d;
}

/** The last vardag strictly before the date, e.g. the statutory rent due date for a month's 1st. */
export function lastVardagBefore(date: string): string {
  assertDate(date);
  return previousVardag(addDays(date, -1));
}

// Weekday-only days that are not vardagar, per year. Memoised: a pure function of the year, and rent
// schedules ask about the same few years over and over.
const cache = new Map<number, ReadonlySet<string>>();

function nonVardagarOf(year: number): ReadonlySet<string> {
  let days = cache.get(year);
  if (!days) {
    const midsommarafton = addDays(midsommardagen(year), -1);
    days = new Set([...swedishPublicHolidays(year).map((h) => h.date), midsommarafton, ymd(year, 12, 24), ymd(year, 12, 31)]);
    cache.set(year, days);
  }
  return days;
}

function midsommardagen(year: number): string {
  return saturdayFrom(ymd(year, 6, 20));
}

/** The first Saturday on or after the date: the Saturday of a seven-day window starting there. */
function saturdayFrom(date: string): string {
  return addDays(date, (6 - isoWeekday(date) + 7) % 7);
}

/** 1 = Monday … 7 = Sunday (ISO 8601). 2024-01-01 was a Monday. */
function isoWeekday(date: string): number {
  const n = daysBetween('2024-01-01', date) % 7;
  return ((n + 7) % 7) + 1;
}

function ymd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// The Gregorian computus only means something from 1583, the first full year of the Gregorian calendar.
function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Need a Gregorian year 1583–9999, got ${year}`);
  }
}

function assertDate(date: string): void {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${date}"`);
  assertYear(Number(date.slice(0, 4)));
}
