import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addMonths, firstDayOf, isCalendarMonth, lastDayOf, monthOf, monthsBetween } from './calendar-month.ts';

describe('isCalendarMonth', () => {
  it('accepts YYYY-MM and nothing else', () => {
    expect(isCalendarMonth('2026-01')).toBe(true);
    expect(isCalendarMonth('2026-12')).toBe(true);
    for (const s of ['2026-00', '2026-13', '2026-1', '202601', '2026-01-01', '0000-01', '', null, 202601]) {
      expect(isCalendarMonth(s), String(s)).toBe(false);
    }
  });
});

describe('monthOf, firstDayOf, lastDayOf', () => {
  it('take a date to its month and back', () => {
    expect(monthOf('2026-02-14')).toBe('2026-02');
    expect(firstDayOf('2026-02')).toBe('2026-02-01');
    expect(lastDayOf('2026-02')).toBe('2026-02-28');
    expect(lastDayOf('2024-02')).toBe('2024-02-29');
    expect(lastDayOf('2000-02')).toBe('2000-02-29');
    expect(lastDayOf('2100-02')).toBe('2100-02-28');
    expect(lastDayOf('2026-04')).toBe('2026-04-30');
    expect(lastDayOf('2026-12')).toBe('2026-12-31');
  });

  it('reject malformed input', () => {
    expect(() => monthOf('2026-02-30')).toThrow(RangeError);
    expect(() => firstDayOf('2026-13')).toThrow(RangeError);
    expect(() => lastDayOf('26-02')).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  it('crosses year ends both ways', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2026-05', 0)).toBe('2026-05');
    expect(addMonths('2026-05', 20)).toBe('2028-01');
    expect(addMonths('2026-05', -17)).toBe('2024-12');
    expect(addMonths('0099-12', 1)).toBe('0100-01');
  });

  it('rejects fractions and results outside the years 1–9999', () => {
    expect(() => addMonths('2026-05', 1.5)).toThrow(RangeError);
    expect(() => addMonths('0001-01', -1)).toThrow(RangeError);
    expect(() => addMonths('9999-12', 1)).toThrow(RangeError);
  });

  it('is undone by its opposite', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2200 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -1200, max: 1200 }),
        (y, m, n) => {
          const month = `${y}-${String(m).padStart(2, '0')}`;
          expect(addMonths(addMonths(month, n), -n)).toBe(month);
        },
      ),
    );
  });
});

describe('monthsBetween', () => {
  it('includes both ends', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-05', '2026-05')).toEqual(['2026-05']);
  });

  it('is empty when the end comes first', () => {
    expect(monthsBetween('2026-05', '2026-04')).toEqual([]);
  });

  it('rejects malformed months', () => {
    expect(() => monthsBetween('2026-5', '2026-06')).toThrow(RangeError);
  });
});
