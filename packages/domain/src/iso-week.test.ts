import { describe, expect, it } from 'vitest';
import { formatIsoWeek, isoWeekday, isoWeekOf, isoWeeksBetween, mondayOf } from './iso-week.ts';

describe('isoWeekOf', () => {
  it('numbers ordinary weeks from the week with the first Thursday', () => {
    // 2026-01-01 is a Thursday, so its week (from Monday 2025-12-29) is week 1 of 2026.
    expect(isoWeekOf('2026-01-01')).toEqual({ year: 2026, week: 1, monday: '2025-12-29' });
    expect(isoWeekOf('2025-12-29')).toEqual({ year: 2026, week: 1, monday: '2025-12-29' });
    expect(isoWeekOf('2026-11-23')).toEqual({ year: 2026, week: 48, monday: '2026-11-23' });
  });

  it('has week 53 in 2026 (a year starting on a Thursday) running into January 2027', () => {
    expect(isoWeekOf('2026-12-28')).toEqual({ year: 2026, week: 53, monday: '2026-12-28' });
    expect(isoWeekOf('2027-01-03')).toEqual({ year: 2026, week: 53, monday: '2026-12-28' });
    expect(isoWeekOf('2027-01-04')).toEqual({ year: 2027, week: 1, monday: '2027-01-04' });
  });

  it('puts 1–3 January in the previous year’s last week when that week’s Thursday is in December', () => {
    // 2021-01-01 was a Friday: week 53 of 2020 (2020 was a leap year starting on a Wednesday).
    expect(isoWeekOf('2021-01-01')).toEqual({ year: 2020, week: 53, monday: '2020-12-28' });
    // 2023-01-01 was a Sunday: week 52 of 2022.
    expect(isoWeekOf('2023-01-01')).toEqual({ year: 2022, week: 52, monday: '2022-12-26' });
    // 2024-12-30 was a Monday whose Thursday is 2025-01-02: week 1 of 2025.
    expect(isoWeekOf('2024-12-31')).toEqual({ year: 2025, week: 1, monday: '2024-12-30' });
  });

  it('rejects a non-date', () => {
    expect(() => isoWeekOf('2026-02-30')).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('gives the weekday, Monday 0, including before the anchor', () => {
    expect(isoWeekday('2026-11-23')).toBe(0);
    expect(isoWeekday('2026-11-29')).toBe(6);
    expect(isoWeekday('2000-01-01')).toBe(5); // a Saturday
    expect(mondayOf('2000-01-01')).toBe('1999-12-27');
  });

  it('lists the weeks touching a period, across the year end', () => {
    const weeks = isoWeeksBetween('2026-12-24', '2027-01-05').map(formatIsoWeek);
    expect(weeks).toEqual(['2026-W52', '2026-W53', '2027-W01']);
  });
});
