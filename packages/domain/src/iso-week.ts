// ISO 8601 weeks (Monday–Sunday), the weeks Swedish calendars and staff schedules number ("vecka 1"). Week 1
// is the week with the year's first Thursday in it, so 29–31 December can belong to week 1 of the next year and
// 1–3 January to week 52 or 53 of the year before. A year has week 53 when it starts on a Thursday, or is a
// leap year starting on a Wednesday (2015, 2020, 2026). The week's year is the year of its Thursday.

import { addDays, daysBetween, isCalendarDate } from './calendar-date.ts';

export type IsoWeek = { year: number; week: number; monday: string };

// 2024-01-01 was a Monday; any known Monday works as the anchor for the day of the week.
const A_MONDAY = '2024-01-01';

/** 0 for Monday … 6 for Sunday. */
export function isoWeekday(date: string): number {
  return ((daysBetween(A_MONDAY, date) % 7) + 7) % 7;
}

/** The Monday on or before date. */
export function mondayOf(date: string): string {
  return addDays(date, -isoWeekday(date));
}

/** isoWeekOf('2027-01-01') → { year: 2026, week: 53, monday: '2026-12-28' }. */
export function isoWeekOf(date: string): IsoWeek {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${date}"`);
  const monday = mondayOf(date);
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = daysBetween(`${thursday.slice(0, 4)}-01-01`, thursday);
  return { year, week: Math.floor(dayOfYear / 7) + 1, monday };
}

/** '2026-W53' — the ISO 8601 week notation, for keys and exports. */
export function formatIsoWeek(w: Pick<IsoWeek, 'year' | 'week'>): string {
  return `${String(w.year).padStart(4, '0')}-W${String(w.week).padStart(2, '0')}`;
}

/** Every ISO week with at least one day in [from, to] (both included), oldest first. */
export function isoWeeksBetween(from: string, to: string): IsoWeek[] {
  const weeks: IsoWeek[] = [];
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) weeks.push(isoWeekOf(monday));
  return weeks;
}
