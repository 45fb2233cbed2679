import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, daysInMonth } from './calendar-date.ts';
import { monthlyCharge } from './rent-proration.ts';

const RENT = 650_000; // 6 500 kr

describe('monthlyCharge', () => {
  it('charges the full rent, unrounded, for a month the placement covers entirely', () => {
    const odd = 654_321; // 6 543,21 kr: a full month is never rounded
    expect(monthlyCharge('2026-03', odd, { startDate: '2025-06-15', endDate: null })).toEqual({
      amountOre: odd,
      days: 31,
      daysInMonth: 31,
    });
    expect(monthlyCharge('2026-03', odd, { startDate: '2026-03-01', endDate: '2026-03-31' })).toEqual({
      amountOre: odd,
      days: 31,
      daysInMonth: 31,
    });
    expect(monthlyCharge('2026-03', odd, { startDate: '2026-01-01', endDate: '2026-04-10' })?.amountOre).toBe(odd);
  });

  it('prorates the move-in month by days, rounded to whole kronor', () => {
    // 6 500 × 17/31 = 3 564,516… → 3 565 kr
    expect(monthlyCharge('2026-03', RENT, { startDate: '2026-03-15', endDate: null })).toEqual({
      amountOre: 356_500,
      days: 17,
      daysInMonth: 31,
    });
  });

  it('counts the end date as a day of the placement', () => {
    // 6 500 × 10/30 = 2 166,666… → 2 167 kr
    expect(monthlyCharge('2026-04', RENT, { startDate: '2025-01-01', endDate: '2026-04-10' })).toEqual({
      amountOre: 216_700,
      days: 10,
      daysInMonth: 30,
    });
  });

  it('charges a one-day placement one day', () => {
    // 6 500 / 31 = 209,677… → 210 kr
    expect(monthlyCharge('2026-03', RENT, { startDate: '2026-03-20', endDate: '2026-03-20' })).toEqual({
      amountOre: 21_000,
      days: 1,
      daysInMonth: 31,
    });
  });

  it('uses 29 days for February in a leap year and 28 otherwise', () => {
    // 5 800 × 15/29 = 3 000 kr exactly; 5 800 × 14/28 = 2 900 kr
    expect(monthlyCharge('2024-02', 580_000, { startDate: '2024-02-15', endDate: null })).toEqual({
      amountOre: 300_000,
      days: 15,
      daysInMonth: 29,
    });
    expect(monthlyCharge('2026-02', 580_000, { startDate: '2026-02-15', endDate: null })).toEqual({
      amountOre: 290_000,
      days: 14,
      daysInMonth: 28,
    });
    expect(monthlyCharge('2024-02', 580_000, { startDate: '2024-02-01', endDate: '2024-02-29' })?.amountOre).toBe(580_000);
    expect(monthlyCharge('2100-02', 580_000, { startDate: '2100-01-01', endDate: null })?.daysInMonth).toBe(28);
  });

  it('rounds halves up', () => {
    // 5 115 kr × 1/30 = 170,50 kr → 171 kr
    expect(monthlyCharge('2026-04', 511_500, { startDate: '2026-04-30', endDate: null })?.amountOre).toBe(17_100);
    expect(monthlyCharge('2026-04', 300, { startDate: '2026-04-16', endDate: null })?.amountOre).toBe(200); // 3 kr × 15/30 = 1,50 kr → 2 kr
    expect(monthlyCharge('2026-04', 100, { startDate: '2026-04-16', endDate: null })?.amountOre).toBe(100); // 0,50 kr → 1 kr
    expect(monthlyCharge('2026-04', 100, { startDate: '2026-04-17', endDate: null })?.amountOre).toBe(0); // 0,466… kr → 0 kr
    expect(monthlyCharge('2026-04', 1_000, { startDate: '2026-04-16', endDate: null })?.amountOre).toBe(500); // exactly 5 kr
  });

  it('never charges a part of a month more than the whole month', () => {
    // 0,99 kr × 30/31 = 0,958… kr would round to 1 kr
    expect(monthlyCharge('2026-03', 99, { startDate: '2026-03-02', endDate: null })?.amountOre).toBe(99);
  });

  it('is null when the placement covers no day of the month', () => {
    expect(monthlyCharge('2026-03', RENT, { startDate: '2026-04-01', endDate: null })).toBeNull();
    expect(monthlyCharge('2026-03', RENT, { startDate: '2025-01-01', endDate: '2026-02-28' })).toBeNull();
  });

  it('charges nothing for a zero rent', () => {
    expect(monthlyCharge('2026-03', 0, { startDate: '2026-03-10', endDate: null })).toEqual({ amountOre: 0, days: 22, daysInMonth: 31 });
  });

  it('rejects a negative or fractional rent, a placement ending before it starts and a malformed month', () => {
    const p = { startDate: '2026-03-01', endDate: null };
    expect(() => monthlyCharge('2026-03', -100, p)).toThrow(RangeError);
    expect(() => monthlyCharge('2026-03', 100.5, p)).toThrow(RangeError);
    expect(() => monthlyCharge('2026-03', 100, { startDate: '2026-03-10', endDate: '2026-03-09' })).toThrow(RangeError);
    expect(() => monthlyCharge('2026-3', 100, p)).toThrow(RangeError);
  });

  const monthArb = fc
    .record({ year: fc.integer({ min: 1950, max: 2150 }), month: fc.integer({ min: 1, max: 12 }) })
    .map(({ year, month }) => ({ year, month, label: `${year}-${String(month).padStart(2, '0')}` }));
  const rentArb = fc.integer({ min: 0, max: 5_000_000 }); // up to 50 000 kr

  it('splits a month between two back-to-back placements to within 1 kr of the full rent', () => {
    fc.assert(
      fc.property(monthArb, rentArb, fc.integer({ min: 1, max: 30 }), ({ year, month, label }, rent, cut) => {
        const days = daysInMonth(year, month);
        fc.pre(cut < days);
        const first = `${label}-01`;
        const lastOfFirst = addDays(first, cut - 1);
        const a = monthlyCharge(label, rent, { startDate: first, endDate: lastOfFirst });
        const b = monthlyCharge(label, rent, { startDate: addDays(lastOfFirst, 1), endDate: null });
        expect(a?.days).toBe(cut);
        expect(b?.days).toBe(days - cut);
        // Each part is off by at most half a krona, so the sum by at most 1 kr (2 × 50 öre).
        expect(Math.abs(a!.amountOre + b!.amountOre - rent)).toBeLessThanOrEqual(100);
      }),
      { numRuns: 500 },
    );
  });

  it('is never negative and never more than the full rent', () => {
    const date = fc.integer({ min: 0, max: 365 * 200 }).map((n) => addDays('1950-01-01', n));
    fc.assert(
      fc.property(monthArb, rentArb, date, fc.option(fc.integer({ min: 0, max: 400 })), ({ label }, rent, start, length) => {
        const endDate = length === null ? null : addDays(start, length);
        const charge = monthlyCharge(label, rent, { startDate: start, endDate });
        if (charge === null) return;
        expect(charge.amountOre).toBeGreaterThanOrEqual(0);
        expect(charge.amountOre).toBeLessThanOrEqual(rent);
        expect(charge.amountOre % 100 === 0 || charge.amountOre === rent).toBe(true);
        expect(charge.days).toBeGreaterThanOrEqual(1);
        expect(charge.days).toBeLessThanOrEqual(charge.daysInMonth);
      }),
      { numRuns: 500 },
    );
  });
});
