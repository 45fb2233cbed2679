import { describe, expect, it } from 'vitest';
import { formatPostcode, postalLines, swedishDate, swedishMonth, textLines, toWinAnsi } from './letter-layout.ts';
import { decodeWinAnsiHex } from './pdf-test-helpers.ts';

const NBSP = '\u00a0';

describe('Swedish months and dates', () => {
  it('names months in lower case with the year', () => {
    expect(swedishMonth('2026-12')).toBe('december 2026');
    expect(swedishMonth('2027-01')).toBe('januari 2027');
    expect(['03', '05', '06', '07', '08'].map((m) => swedishMonth(`2026-${m}`))).toEqual([
      'mars 2026',
      'maj 2026',
      'juni 2026',
      'juli 2026',
      'augusti 2026',
    ]);
  });

  it('writes dates as "30 november 2026", keeping day and month together', () => {
    expect(swedishDate('2026-11-30')).toBe(`30${NBSP}november 2026`);
    expect(swedishDate('2027-02-05')).toBe(`5${NBSP}februari 2027`);
  });

  it('rejects what is not a month or a date', () => {
    expect(() => swedishMonth('2026-13')).toThrow(RangeError);
    expect(() => swedishMonth('december')).toThrow(RangeError);
    expect(() => swedishDate('2026-02-30')).toThrow(RangeError);
  });
});

describe('addresses', () => {
  it('writes postcodes as "123 45" and splits free text into lines', () => {
    expect(formatPostcode('11867')).toBe('118 67');
    expect(formatPostcode('118 67')).toBe('118 67');
    expect(formatPostcode('DK-2100')).toBe('DK-2100');
    expect(textLines(' Box 1 \r\n\n123 45 Ort\n')).toEqual(['Box 1', '123 45 Ort']);
    expect(textLines(null)).toEqual([]);
    expect(postalLines({ address: 'Gatan 1\nlgh 1102', postcode: '12345', city: 'Farsta' })).toEqual([
      'Gatan 1',
      'lgh 1102',
      '123 45 Farsta',
    ]);
  });
});

describe('toWinAnsi', () => {
  it('keeps Swedish and other Western European letters, the no-break space and typographic marks', () => {
    const s = `Åsa Ärlig Öberg, René Müller, Ørsted – ”citat” 6${NBSP}500 kr € … •`;
    expect(toWinAnsi(s)).toBe(s);
  });

  it('composes decomposed letters (a + ring → å)', () => {
    expect(toWinAnsi('Pa\u030aminnelse')).toBe('Påminnelse');
  });

  it('drops accents WinAnsi lacks and replaces what it cannot show', () => {
    expect(toWinAnsi('Łukasz Şahin Ćosić Đorđević')).toBe('Lukasz Sahin Cosic Dordevic');
    expect(toWinAnsi('\u22121 200 kr')).toBe('-1 200 kr');
    expect(toWinAnsi('a\tb\nc')).toBe('a b c');
    expect(toWinAnsi('Иван 😀')).toBe('???? ?');
  });

  it('gives only characters pdfkit encodes as one WinAnsi byte each', () => {
    const out = toWinAnsi('Łódź – Åre – 😀 – Ελλάδα – 東京');
    const winAnsiAbove255 = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
    for (const ch of out) {
      const c = ch.codePointAt(0) ?? 0;
      expect((c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c <= 0xff) || winAnsiAbove255.includes(ch)).toBe(true);
    }
    expect(out).toBe('Lódz – Åre – ? – ?????? – ??');
  });
});

describe('decodeWinAnsiHex (test helper)', () => {
  it('decodes Latin-1 and the WinAnsi 0x80–0x9F range, and refuses odd-length strings', () => {
    expect(decodeWinAnsiHex('50e56d')).toBe('Påm');
    expect(decodeWinAnsiHex('96a080')).toBe(`–${NBSP}€`);
    expect(() => decodeWinAnsiHex('142')).toThrow();
  });
});
