import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SMALL_CELL_LIMIT, isSmall, suppress, suppressShare } from './small-cells.ts';

describe('suppress', () => {
  it('keeps 0, hides 1–4, shows 5 and more', () => {
    expect(SMALL_CELL_LIMIT).toBe(5);
    expect(suppress(0)).toBe(0);
    for (const n of [1, 2, 3, 4]) expect(suppress(n)).toBe('<5');
    expect(suppress(5)).toBe(5);
    expect(suppress(1234)).toBe(1234);
  });

  it('rejects what is not a count', () => {
    for (const n of [-1, 1.5, Number.NaN, Infinity]) expect(() => suppress(n), String(n)).toThrow(RangeError);
  });
});

describe('suppressShare', () => {
  it('gives the share when no count is small', () => {
    expect(suppressShare(5, 20)).toBe(0.25);
    expect(suppressShare(0, 20)).toBe(0);
    expect(suppressShare(20, 20)).toBe(1);
    expect(suppressShare(5, 10)).toBe(0.5);
  });

  it('hides the share when the numerator, denominator or rest is 1–4', () => {
    expect(suppressShare(4, 20)).toBeNull(); // numerator small
    expect(suppressShare(0, 4)).toBeNull(); // denominator small: 0 of 4 says 4 were not
    expect(suppressShare(4, 4)).toBeNull();
    expect(suppressShare(16, 20)).toBeNull(); // rest 4: "80 % of 20" reveals the 4 others
    expect(suppressShare(15, 20)).toBe(0.75);
  });

  it('is null for an empty denominator and rejects numerator > denominator', () => {
    expect(suppressShare(0, 0)).toBeNull();
    expect(() => suppressShare(6, 5)).toThrow(RangeError);
    expect(() => suppressShare(-1, 5)).toThrow(RangeError);
  });

  it('never lets a small count be read back from a shown share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), (a, b) => {
        const [num, den] = a <= b ? [a, b] : [b, a];
        const share = suppressShare(num, den);
        if (share !== null) {
          expect(isSmall(Math.round(share * den))).toBe(false);
          expect(isSmall(den - Math.round(share * den))).toBe(false);
          expect(isSmall(den)).toBe(false);
        }
      }),
    );
  });
});
