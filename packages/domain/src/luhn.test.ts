import { describe, it, expect } from 'vitest';
import { hasValidLuhn, luhnCheckDigit } from './luhn.ts';

describe('luhnCheckDigit', () => {
  it('gives 6 for 811218-987 (the RULES.md example; digit sum 44)', () => {
    expect(luhnCheckDigit('811218987')).toBe(6);
  });

  it('gives 2 for 121212-121', () => {
    expect(luhnCheckDigit('121212121')).toBe(2);
  });

  it('weights from the right for even-length payloads (OCR), e.g. the classic 7992739871 → 3', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });

  it('gives 0 when the sum is already a multiple of ten', () => {
    expect(luhnCheckDigit('0')).toBe(0);
    expect(luhnCheckDigit('000000000')).toBe(0);
  });

  it('rejects anything but digits', () => {
    expect(() => luhnCheckDigit('')).toThrow(RangeError);
    expect(() => luhnCheckDigit('81121898x')).toThrow(RangeError);
    expect(() => luhnCheckDigit('811218-987')).toThrow(RangeError);
  });
});

describe('hasValidLuhn', () => {
  it('accepts numbers whose last digit is the check digit', () => {
    expect(hasValidLuhn('8112189876')).toBe(true);
    expect(hasValidLuhn('79927398713')).toBe(true);
  });

  it('rejects a wrong check digit and a swap of neighbouring digits', () => {
    expect(hasValidLuhn('8112189875')).toBe(false);
    expect(hasValidLuhn('8112189786')).toBe(false);
  });

  it('rejects too short or non-digit input', () => {
    expect(hasValidLuhn('')).toBe(false);
    expect(hasValidLuhn('0')).toBe(false);
    expect(hasValidLuhn('811218-9876')).toBe(false);
  });
});
