// Test data (RULES.md rule 12): the RULES.md example 811218-9876; Skatteverket's samordningsnummer example
// 701063-2391 (SKV M 2010:3); 19121212-1212, listed as a Skatteverket test number (Tolvan Tolvansson, seen in
// the list of KentorIT/PU-Adapter, not checked against Skatteverket's own file); otherwise numbers dated
// 1600–1896, which cannot belong to a living person. `today` is a parameter, so century inference is
// exercised in the past rather than on modern dates.
import { describe, it, expect } from 'vitest';
import { hasValidLuhn } from './luhn.ts';
import {
  PERSONAL_NUMBER_MESSAGES,
  formatPersonalNumber,
  formatPersonalNumberShort,
  parsePersonalNumber,
  personalNumberMessage,
} from './personal-number.ts';

const TODAY = '2026-01-15';

describe('the test numbers themselves', () => {
  it('have valid Luhn digits over YYMMDDNNN', () => {
    for (const ten of ['8112189876', '7010632391', '1212121212', '9001019802']) {
      expect(hasValidLuhn(ten), ten).toBe(true);
    }
  });
});

describe('parsePersonalNumber: valid', () => {
  it.each(['811218-9876', '8112189876', '198112189876', '19811218-9876', '  811218-9876 \n'])('accepts %j and normalises it', (input) => {
    expect(parsePersonalNumber(input, TODAY)).toEqual({
      ok: true,
      kind: 'personnummer',
      normalized: '19811218-9876',
      birthDate: '1981-12-18',
    });
  });

  it('accepts Skatteverket test numbers in twelve-digit form', () => {
    expect(parsePersonalNumber('19121212-1212', TODAY)).toMatchObject({ ok: true, birthDate: '1912-12-12' });
    expect(parsePersonalNumber('189001019802', TODAY)).toMatchObject({
      ok: true,
      normalized: '18900101-9802',
      birthDate: '1890-01-01',
    });
  });

  it('recognises a samordningsnummer and gives the real birth date (day − 60)', () => {
    const expected = { ok: true, kind: 'samordningsnummer', normalized: '19701063-2391', birthDate: '1970-10-03' };
    expect(parsePersonalNumber('701063-2391', TODAY)).toEqual(expected);
    expect(parsePersonalNumber('19701063-2391', TODAY)).toEqual(expected);
  });

  it('accepts 29 February in leap years only (1896, and 1600 as 2000 is divisible by 400)', () => {
    expect(parsePersonalNumber('18960229-9803', TODAY)).toMatchObject({ ok: true, birthDate: '1896-02-29' });
    expect(parsePersonalNumber('16000229-9808', TODAY)).toMatchObject({ ok: true, birthDate: '1600-02-29' });
    expect(parsePersonalNumber('19000229-9808', TODAY)).toEqual({ ok: false, code: 'date' });
  });
});

describe('parsePersonalNumber: century of ten-digit forms', () => {
  it("takes the most recent century that is not in the future for '-' and no separator", () => {
    expect(parsePersonalNumber('900101-9802', '1950-06-01')).toMatchObject({ birthDate: '1890-01-01' });
    expect(parsePersonalNumber('9001019802', '1950-06-01')).toMatchObject({ birthDate: '1890-01-01' });
    expect(parsePersonalNumber('121212-1212', '1912-12-12')).toMatchObject({ birthDate: '1912-12-12' });
    expect(parsePersonalNumber('121212-1212', '1912-12-11')).toMatchObject({ birthDate: '1812-12-12' });
  });

  it("reads '+' as 100 years or older", () => {
    expect(parsePersonalNumber('121212+1212', TODAY)).toMatchObject({
      ok: true,
      normalized: '19121212-1212',
      birthDate: '1912-12-12',
    });
    expect(parsePersonalNumber('900101+9802', TODAY)).toMatchObject({ birthDate: '1890-01-01' });
    expect(parsePersonalNumber('900101+9802', '1990-06-01')).toMatchObject({ birthDate: '1890-01-01' });
  });

  it("uses '+' from the start of the year the person turns 100 (FOL 18 §), before the birthday", () => {
    expect(parsePersonalNumber('900701+9806', '1990-06-01')).toMatchObject({ birthDate: '1890-07-01' });
    expect(parsePersonalNumber('900701+9806', '1989-12-31')).toMatchObject({ birthDate: '1790-07-01' });
  });

  it('rejects 29 February 1900 whichever way the century was inferred', () => {
    expect(parsePersonalNumber('000229+9808', '2000-06-01')).toEqual({ ok: false, code: 'date' });
    expect(parsePersonalNumber('000229-9808', '1950-06-01')).toEqual({ ok: false, code: 'date' });
  });
});

describe('parsePersonalNumber: invalid', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'format'],
    ['811218 9876', 'format'],
    ['81121-89876', 'format'],
    ['811218--9876', 'format'],
    ['811218-98760', 'format'],
    ['811218-987', 'format'],
    ['19811218+9876', 'format'],
    ['811218-0008', 'format'], // birth numbers run 001–999
    ['810230-9872', 'date'], // 30 February, even though the check digit is right
    ['811318-9876', 'date'],
    ['811200-9876', 'date'],
    ['811240-9876', 'date'], // between personnummer days and samordningsnummer days
    ['700291-2397', 'date'], // samordningsnummer for 31 February
    ['701093-2395', 'date'], // samordningsnummer for day 33
    ['811218-9875', 'checksum'],
    ['811218-9786', 'checksum'],
    ['19811218-9870', 'checksum'],
    ['701063-2392', 'checksum'],
  ] as const)('rejects %j as %s', (input, code) => {
    expect(parsePersonalNumber(input, TODAY)).toEqual({ ok: false, code });
  });

  it('rejects a birth date after today', () => {
    expect(parsePersonalNumber('18900101-9802', '1889-12-31')).toEqual({ ok: false, code: 'future' });
    expect(parsePersonalNumber('18900101-9802', '1890-01-01')).toMatchObject({ ok: true });
  });

  it('throws on a malformed today, a programming error', () => {
    expect(() => parsePersonalNumber('811218-9876', '2026-1-15')).toThrow(RangeError);
  });
});

describe('formatting', () => {
  it('formats the long form', () => {
    expect(formatPersonalNumber('19811218-9876')).toBe('19811218-9876');
    expect(formatPersonalNumber('198112189876')).toBe('19811218-9876');
    expect(formatPersonalNumber('not a number')).toBe('not a number');
  });

  it("formats the short form with '+' from the year the person turns 100", () => {
    expect(formatPersonalNumberShort('19121212-1212', '2011-12-31')).toBe('121212-1212');
    expect(formatPersonalNumberShort('19121212-1212', '2012-01-01')).toBe('121212+1212');
    expect(formatPersonalNumberShort('19811218-9876', TODAY)).toBe('811218-9876');
  });

  it('round-trips through the short form', () => {
    for (const [n, today] of [
      ['19121212-1212', TODAY],
      ['18900701-9806', '1990-06-01'],
      ['19701063-2391', TODAY],
    ] as const) {
      const parsed = parsePersonalNumber(formatPersonalNumberShort(n, today), today);
      expect(parsed).toMatchObject({ ok: true, normalized: n });
    }
  });
});

describe('personalNumberMessage', () => {
  it('explains a wrong check digit', () => {
    expect(personalNumberMessage('checksum', 'sv')).toBe('Kontrollsiffran stämmer inte – kontrollera personnumret.');
    expect(personalNumberMessage('checksum', 'en')).toBe('The check digit does not match – check the personal identity number.');
  });

  it('has a message in both languages for every code', () => {
    for (const messages of Object.values(PERSONAL_NUMBER_MESSAGES)) {
      expect(messages.sv.length).toBeGreaterThan(10);
      expect(messages.en.length).toBeGreaterThan(10);
    }
  });
});
