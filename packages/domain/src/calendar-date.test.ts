import { describe, it, expect } from 'vitest';
import { addDays, compareDates, daysBetween, daysInMonth, isCalendarDate, isLeapYear, todayInStockholm } from './calendar-date.ts';

describe('isCalendarDate', () => {
  it('accepts real dates in YYYY-MM-DD', () => {
    expect(isCalendarDate('2026-01-31')).toBe(true);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('0099-12-31')).toBe(true);
  });

  it('rejects impossible dates, including 29 February in 1900 (not a leap year)', () => {
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-04-31')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-00-10')).toBe(false);
    expect(isCalendarDate('2026-01-00')).toBe(false);
    expect(isCalendarDate('0000-01-01')).toBe(false);
  });

  it('rejects other formats and non-strings', () => {
    for (const s of ['2026-1-5', '20260105', '2026-01-05T00:00:00Z', ' 2026-01-05', '2026/01/05', '']) {
      expect(isCalendarDate(s), s).toBe(false);
    }
    expect(isCalendarDate(null)).toBe(false);
    expect(isCalendarDate(20260105)).toBe(false);
  });
});

describe('leap years', () => {
  it('follows the Gregorian rule', () => {
    expect([1896, 1900, 2000, 2024, 2100].map(isLeapYear)).toEqual([true, false, true, true, false]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-06-10', 0)).toBe('2026-06-10');
  });

  it('is unaffected by daylight saving time (Sweden changes on 29 March and 25 October 2026)', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
  });

  it('handles years below 100 without mapping them to the 1900s', () => {
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
  });

  it('rejects invalid input', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-02-01', 1.5)).toThrow(RangeError);
  });
});

describe('compareDates and daysBetween', () => {
  it('orders dates', () => {
    expect(compareDates('2026-01-01', '2026-01-02')).toBe(-1);
    expect(compareDates('2026-01-02', '2026-01-02')).toBe(0);
    expect(compareDates('2027-01-01', '2026-12-31')).toBe(1);
    expect(['2026-03-01', '2025-12-31', '2026-01-15'].sort(compareDates)).toEqual(['2025-12-31', '2026-01-15', '2026-03-01']);
  });

  it('counts days, signed', () => {
    expect(daysBetween('2026-01-01', '2026-01-02')).toBe(1);
    expect(daysBetween('2026-01-02', '2026-01-01')).toBe(-1);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-03-01', '2026-11-01')).toBe(245);
  });

  it('rejects invalid input', () => {
    expect(() => compareDates('2026-01-01', 'tomorrow')).toThrow(RangeError);
    expect(() => daysBetween('2026-1-1', '2026-01-01')).toThrow(RangeError);
  });
});

describe('todayInStockholm', () => {
  it('uses Swedish winter time (UTC+1)', () => {
    expect(todayInStockholm(new Date('2025-12-31T22:59:59Z'))).toBe('2025-12-31');
    expect(todayInStockholm(new Date('2025-12-31T23:00:00Z'))).toBe('2026-01-01');
  });

  it('uses Swedish summer time (UTC+2)', () => {
    expect(todayInStockholm(new Date('2026-06-30T21:59:59Z'))).toBe('2026-06-30');
    expect(todayInStockholm(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });
});
