import { describe, it, expect } from 'vitest';
import { formatKronor, parseKronor } from './money.ts';

const NBSP = '\u00a0';
const MINUS = '\u2212';

describe('formatKronor', () => {
  it('groups thousands with no-break spaces and shows whole kronor without öre', () => {
    expect(formatKronor(1234500)).toBe(`12${NBSP}345${NBSP}kr`);
    expect(formatKronor(650000)).toBe(`6${NBSP}500${NBSP}kr`);
    expect(formatKronor(100000000)).toBe(`1${NBSP}000${NBSP}000${NBSP}kr`);
    expect(formatKronor(99900)).toBe(`999${NBSP}kr`);
    expect(formatKronor(0)).toBe(`0${NBSP}kr`);
  });

  it('shows öre with a decimal comma when there are any', () => {
    expect(formatKronor(1234550)).toBe(`12${NBSP}345,50${NBSP}kr`);
    expect(formatKronor(5)).toBe(`0,05${NBSP}kr`);
  });

  it("always shows öre with decimals: 'always'", () => {
    expect(formatKronor(1234500, { decimals: 'always' })).toBe(`12${NBSP}345,00${NBSP}kr`);
    expect(formatKronor(1234550, { decimals: 'auto' })).toBe(`12${NBSP}345,50${NBSP}kr`);
  });

  it('writes negative amounts with the minus sign U+2212', () => {
    expect(formatKronor(-120000)).toBe(`${MINUS}1${NBSP}200${NBSP}kr`);
    expect(formatKronor(-50)).toBe(`${MINUS}0,50${NBSP}kr`);
    expect(formatKronor(-0)).toBe(`0${NBSP}kr`);
  });

  it('agrees with Intl.NumberFormat sv-SE on the number part', () => {
    const intl = new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2 }).format(-12345.5);
    expect(formatKronor(-1234550, { decimals: 'always' })).toBe(`${intl}${NBSP}kr`);
  });

  it('rejects fractions of öre', () => {
    expect(() => formatKronor(12.5)).toThrow(RangeError);
    expect(() => formatKronor(Number.NaN)).toThrow(RangeError);
  });
});

describe('parseKronor', () => {
  it.each([
    ['12 345', 1234500],
    ['12345,50', 1234550],
    ['12 345 kr', 1234500],
    ['12345.5', 1234550],
    ['12345', 1234500],
    ['6 500 KR', 650000],
    ['1 200:-', 120000],
    ['0,05', 5],
    ['-1 200', -120000],
    [`${MINUS}1${NBSP}200,50${NBSP}kr`, -120050],
    ['  750  ', 75000],
    ['-0', 0],
  ])('reads %j as %i öre', (input, ore) => {
    expect(parseKronor(input)).toBe(ore);
  });

  it.each(['', 'kr', 'abc', '12,345', '12.345', '1 2345', '12  345', '1.234,50', '12,', ',50', '12 345 €', '1e3', '--5'])(
    'rejects %j',
    (input) => {
      expect(parseKronor(input)).toBeNull();
    },
  );

  it('round-trips formatKronor', () => {
    for (const ore of [0, 5, 99900, 1234550, -120000, 987654321]) {
      expect(parseKronor(formatKronor(ore))).toBe(ore);
    }
  });
});
