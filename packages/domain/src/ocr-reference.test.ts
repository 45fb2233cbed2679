import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { checkOcrReference, normaliseOcr, ocrReferenceFor } from './ocr-reference.ts';

describe('ocrReferenceFor', () => {
  it('appends the length digit and the Luhn check digit', () => {
    // 123 + length 5 → "1235"; Luhn from the right: 5×2=10→1, 3, 2×2=4, 1 → 9 → check digit 1.
    expect(ocrReferenceFor(123)).toBe('12351');
    expect(ocrReferenceFor('123')).toBe('12351');
    // 12 digits in all: length digit 2.
    expect(ocrReferenceFor('1234567890')).toBe('123456789023');
    expect(ocrReferenceFor(100_001)).toBe('10000180');
  });

  it('keeps leading zeros of a string serial and accepts 0', () => {
    // "00426": 6×2=12→3, 2, 4×2=8, 0, 0 → 13 → check digit 7.
    expect(ocrReferenceFor('0042')).toBe('004267');
    expect(ocrReferenceFor(0)).toBe('034');
  });

  it('uses only the last digit of the length from ten digits up', () => {
    expect(ocrReferenceFor('12345678')).toMatch(/^123456780\d$/);
    expect(ocrReferenceFor('1'.repeat(23))).toHaveLength(25);
    expect(ocrReferenceFor('1'.repeat(23)).slice(-2, -1)).toBe('5');
  });

  it('rejects serials that are not digits, negative, fractional, unsafe or too long for 25 digits', () => {
    for (const bad of ['', '12a', '12 34', '-5', '1'.repeat(24)]) expect(() => ocrReferenceFor(bad), bad).toThrow(RangeError);
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53]) expect(() => ocrReferenceFor(bad), String(bad)).toThrow(RangeError);
  });
});

describe('checkOcrReference', () => {
  // Third-party cross-checks (no Bankgirot-published examples were found): the banktools-se gem's specs
  // ("1230", "12369", "123456789023", "1234567890037") and the classic Luhn example 79927398713.
  it.each([
    ['1230', false],
    ['12369', false],
    ['123456789023', true],
    ['1234567890037', true],
    ['79927398713', true],
    ['12351', true],
  ])('accepts %s (hard: %s)', (ref, hard) => {
    expect(checkOcrReference(ref)).toEqual({ ok: true, hard });
  });

  it('accepts the reference with spaces, as printed on a paper slip', () => {
    expect(checkOcrReference(' 1234 5678 9023 ')).toEqual({ ok: true, hard: true });
    expect(checkOcrReference('1234\u00a05678\u00a09023')).toEqual({ ok: true, hard: true });
  });

  it('rejects anything but digits as format', () => {
    for (const ref of ['1234-5678', '12a4', 'OCR 1230', '12.30', '١٢٣٠'])
      expect(checkOcrReference(ref), ref).toEqual({ ok: false, code: 'format' });
  });

  it('rejects fewer than 2 or more than 25 digits as length', () => {
    expect(checkOcrReference('')).toEqual({ ok: false, code: 'length' });
    expect(checkOcrReference('   ')).toEqual({ ok: false, code: 'length' });
    expect(checkOcrReference('0')).toEqual({ ok: false, code: 'length' });
    expect(checkOcrReference('00')).toEqual({ ok: true, hard: false });
    const long = ocrReferenceFor('1'.repeat(23));
    expect(checkOcrReference(long)).toEqual({ ok: true, hard: true });
    expect(checkOcrReference(`0${long}`)).toEqual({ ok: false, code: 'length' });
  });

  it('rejects a wrong check digit as checksum', () => {
    expect(checkOcrReference('1231')).toEqual({ ok: false, code: 'checksum' });
    expect(checkOcrReference('123456789024')).toEqual({ ok: false, code: 'checksum' });
  });
});

describe('normaliseOcr', () => {
  it('removes whitespace only', () => {
    expect(normaliseOcr(' 12 34\t56\u00a078 ')).toBe('12345678');
    expect(normaliseOcr('12-34')).toBe('12-34');
  });
});

describe('error detection of generated references', () => {
  const serial = fc.oneof(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.stringMatching(/^\d{1,23}$/));

  it('every generated reference passes the hard check', () => {
    fc.assert(
      fc.property(serial, (s) => {
        const ref = ocrReferenceFor(s);
        expect(ref.length).toBeGreaterThanOrEqual(3);
        expect(ref.length).toBeLessThanOrEqual(25);
        expect(ref.startsWith(String(s))).toBe(true);
        expect(checkOcrReference(ref)).toEqual({ ok: true, hard: true });
      }),
    );
  });

  it('any single changed digit fails the check', () => {
    fc.assert(
      fc.property(serial, fc.nat(), fc.integer({ min: 1, max: 9 }), (s, at, delta) => {
        const ref = ocrReferenceFor(s);
        const i = at % ref.length;
        const changed = ref.slice(0, i) + String((Number(ref[i]) + delta) % 10) + ref.slice(i + 1);
        expect(checkOcrReference(changed)).toEqual({ ok: false, code: 'checksum' });
      }),
    );
  });

  // Luhn weights neighbours 2 and 1. Swapping a and b goes unnoticed when digitSum(2a) − a ≡ digitSum(2b) − b
  // (mod 10); that difference is 0,1,2,3,4,6,7,8,9,0 for a = 0…9, so 0↔9 is the only blind spot.
  it('any swap of two adjacent different digits fails the check, except 0↔9', () => {
    fc.assert(
      fc.property(serial, fc.nat(), (s, at) => {
        const ref = ocrReferenceFor(s);
        const i = at % (ref.length - 1);
        const [a, b] = [ref[i]!, ref[i + 1]!];
        fc.pre(a !== b && !(a + b === '09' || a + b === '90'));
        const swapped = ref.slice(0, i) + b + a + ref.slice(i + 2);
        expect(checkOcrReference(swapped)).toEqual({ ok: false, code: 'checksum' });
      }),
      { numRuns: 500 },
    );
  });

  it('misses 0↔9 swaps, the known blind spot of Luhn', () => {
    const ref = ocrReferenceFor('09'); // "0943"
    expect(ref).toBe('0943');
    expect(checkOcrReference('9043')).toEqual({ ok: true, hard: true });
  });

  it('detects every adjacent swap of every pair of different digits but 0 and 9 (exhaustive)', () => {
    for (let a = 0; a <= 9; a++) {
      for (let b = 0; b <= 9; b++) {
        if (a === b) continue;
        const ref = ocrReferenceFor(`5${a}${b}7`);
        const swapped = `5${b}${a}7${ref.slice(4)}`;
        const missed = checkOcrReference(swapped).ok;
        expect(missed, `${a}${b}`).toBe((a === 0 && b === 9) || (a === 9 && b === 0));
      }
    }
  });
});
