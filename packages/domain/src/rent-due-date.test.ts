import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays } from './calendar-date.ts';
import { rentDueDate } from './rent-due-date.ts';
import { isVardag } from './swedish-calendar.ts';

const monthArb = fc
  .record({ year: fc.integer({ min: 1950, max: 2150 }), month: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, month }) => `${year}-${String(month).padStart(2, '0')}`);

describe('rentDueDate, statutory (Jordabalken 12 kap. 20 §)', () => {
  it.each([
    ['2027-01', '2026-12-30', 'RULES.md: 31/12 is nyårsafton'],
    ['2026-07', '2026-06-30', 'RULES.md: an ordinary Tuesday'],
    ['2026-01', '2025-12-30', 'nyårsafton on a Wednesday'],
    ['2029-01', '2028-12-29', 'nyårsafton on a Sunday: back over the weekend to Friday'],
    ['2030-01', '2029-12-28', 'nyårsafton on a Monday: back over it and the weekend'],
    ['2024-04', '2024-03-28', 'påskdagen 31 March: back over påskafton and långfredagen'],
    ['2018-04', '2018-03-29', 'påskdagen 1 April: långfredagen is 30 March'],
    ['2029-04', '2029-03-29', 'påskdagen 1 April again'],
    ['2059-04', '2059-03-27', 'påskdagen 30 March: annandag påsk is 31 March'],
    ['2285-05', '2285-04-29', 'earliest Easter (22 March): Kristi himmelsfärdsdag is 30 April'],
    ['2057-06', '2057-05-30', 'påskdagen 22 April: Kristi himmelsfärdsdag is 31 May'],
    ['2026-03', '2026-02-27', 'the last of February on a Saturday'],
    ['2024-03', '2024-02-29', 'leap day on a Thursday'],
    ['2026-05', '2026-04-30', 'första maj is in the rent month, so it does not matter'],
  ])('rent for %s is due %s (%s)', (month, due) => {
    expect(rentDueDate(month)).toBe(due);
    expect(rentDueDate(month, null)).toBe(due);
  });

  it('is a vardag before the 1st, with no vardag between it and the 1st (years 1950–2150)', () => {
    fc.assert(
      fc.property(monthArb, (month) => {
        const first = `${month}-01`;
        const due = rentDueDate(month);
        expect(isVardag(due)).toBe(true);
        expect(due < first).toBe(true);
        for (let d = addDays(due, 1); d < first; d = addDays(d, 1)) expect(isVardag(d), d).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects a malformed month', () => {
    expect(() => rentDueDate('2026-13')).toThrow(RangeError);
    expect(() => rentDueDate('2026-1')).toThrow(RangeError);
    expect(() => rentDueDate('2026-01-01')).toThrow(RangeError);
  });
});

describe('rentDueDate with an agreed due day in the month before', () => {
  it.each([
    ['2026-04', 25, '2026-03-25', 'a vardag: kept as agreed'],
    ['2027-01', 25, '2026-12-23', 'juldagen: back over julafton'],
    ['2027-01', 24, '2026-12-23', 'julafton'],
    ['2027-07', 25, '2027-06-24', 'midsommarafton'],
    ['2026-07', 20, '2026-06-18', 'midsommardagen: back over midsommarafton'],
    ['2027-02', 1, '2026-12-30', 'nyårsdagen: back over nyårsafton into the year before'],
    ['2027-02', 6, '2027-01-05', 'trettondedag jul'],
    ['2026-05', 3, '2026-04-02', 'Friday–Monday of Easter (3–6 April 2026)'],
    ['2026-03', 28, '2026-02-27', 'a Saturday: the same as the statutory date'],
  ])('rent for %s, agreed day %i → %s (%s)', (month, day, due) => {
    expect(rentDueDate(month, day)).toBe(due);
  });

  it('is the agreed day or the vardag before it, and never after the statutory date', () => {
    fc.assert(
      fc.property(monthArb, fc.integer({ min: 1, max: 28 }), (month, day) => {
        const due = rentDueDate(month, day);
        const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
        const agreed =
          m === 1
            ? `${year - 1}-12-${String(day).padStart(2, '0')}`
            : `${year}-${String(m - 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        expect(isVardag(due)).toBe(true);
        expect(due <= agreed).toBe(true);
        expect(due <= rentDueDate(month)).toBe(true);
        for (let d = addDays(due, 1); d <= agreed; d = addDays(d, 1)) expect(isVardag(d), d).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects a day outside 1–28', () => {
    for (const day of [0, 29, 31, -1, 2.5, Number.NaN]) expect(() => rentDueDate('2026-04', day), String(day)).toThrow(RangeError);
  });
});
