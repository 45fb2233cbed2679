import { describe, expect, it } from 'vitest';
import { formatKronor, ocrReferenceFor } from '@kvarbo/domain';
import { renderReminderLetters, type ReminderLetterData } from './reminder-letter.ts';
import { pageCount, pdfInfoString, pdfPageTexts, pdfText, pdfTextLines, textHexStrings } from './pdf-test-helpers.ts';

const NBSP = '\u00a0';
const raw = { compress: false } as const;

const unit = {
  name: 'Träningslägenheterna Söder',
  letterhead: 'Götgatan 12, 118 46 Stockholm\nTelefon 08-123 456 78',
  bankgiro: '123-4567',
};

function letter(overrides: Partial<ReminderLetterData> = {}): ReminderLetterData {
  return {
    unit,
    resident: { name: 'Åsa Ödström', address: 'Ringvägen 5 lgh 1102', postcode: '11867', city: 'Stockholm' },
    month: '2026-12',
    dueDate: '2026-11-30',
    openOre: 650_000,
    ocrReference: ocrReferenceFor(1001),
    contact: { name: 'Björn Häggström', phone: '08-123 456 79' },
    date: '2026-12-01',
    ...overrides,
  };
}

describe('renderReminderLetters', () => {
  it('writes the reminder in Swedish with amount, due date, bankgiro and OCR number', async () => {
    const pdf = await renderReminderLetters([letter()], raw);
    const text = pdfText(pdf);
    const ocr = ocrReferenceFor(1001);

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(text).toContain('Påminnelse om hyra för december 2026');
    expect(text).toContain('Hej Åsa Ödström!');
    expect(text).toContain(`30${NBSP}november 2026`);
    expect(text).toContain('Hur är läget?');
    // The payment block: one sentence, and the values on their own lines.
    expect(pdfTextLines(pdf)).toContain(`Betala till bankgiro 123-4567 med OCR-nummer ${ocr}`);
    expect(pdfTextLines(pdf)).toContain(ocr);
    // formatKronor groups with no-break spaces; WinAnsi has U+00A0 as byte 0xA0, so it survives.
    expect(formatKronor(650_000)).toBe(`6${NBSP}500${NBSP}kr`);
    expect(text).toContain(`6${NBSP}500${NBSP}kr`);
    expect(textHexStrings(pdf).flat().join('')).toContain('36a0353030a06b72');
    // Whom to call, that a recent payment makes the letter moot, and help with budget and social services.
    expect(text).toContain('Ring gärna Björn Häggström på');
    expect(text).toContain('08-123 456 79');
    expect(text).toContain('bortse från den här påminnelsen');
    expect(text).toMatch(/hjälp med att göra en budget och med kontakten med socialtjänsten/);
    // Letterhead, date and the address block (postcode written "118 67").
    for (const line of ['Träningslägenheterna Söder', 'Götgatan 12, 118 46 Stockholm', '2026-12-01']) {
      expect(pdfTextLines(pdf)).toContain(line);
    }
    expect(pdfTextLines(pdf)).toEqual(expect.arrayContaining(['Åsa Ödström', 'Ringvägen 5 lgh 1102', '118 67 Stockholm']));
  });

  it('writes å, ä, ö, é and ü as single WinAnsi bytes', async () => {
    const pdf = await renderReminderLetters(
      [letter({ resident: { name: 'Åke Bäck-Öhlén Müller', address: 'Ängsvägen 1', postcode: '12345', city: 'Täby' } })],
      raw,
    );
    const hex = textHexStrings(pdf).flat().join('');
    // "Påminnelse": P=50 å=e5 m=6d …
    expect(hex).toContain('50e56d696e6e656c7365');
    expect(pdfText(pdf)).toContain('Åke Bäck-Öhlén Müller');
    expect(pdfTextLines(pdf)).toContain('123 45 Täby');
  });

  it('prints one page per letter, in order, so one letter and a batch use the same function', async () => {
    const batch = [1001, 1002, 1003].map((serial, i) =>
      letter({
        ocrReference: ocrReferenceFor(serial),
        resident: { name: `Boende ${i + 1}`, address: 'Ringvägen 5', postcode: '11867', city: 'Stockholm' },
      }),
    );
    const pdf = await renderReminderLetters(batch, raw);
    expect(pageCount(pdf)).toBe(3);
    const pages = pdfPageTexts(pdf);
    expect(pages).toHaveLength(3);
    pages.forEach((page, i) => {
      expect(page).toContain(`Hej Boende ${i + 1}!`);
      expect(page).toContain(ocrReferenceFor(1001 + i));
    });
    expect(pageCount(await renderReminderLetters([letter()], raw))).toBe(1);
  });

  it('keeps every letter on one page even with long names, addresses and letterhead', async () => {
    const long = 'Mycket långt namn '.repeat(8).trim();
    const pdf = await renderReminderLetters(
      [
        letter({
          unit: { ...unit, name: long, letterhead: Array.from({ length: 12 }, (_, i) => `Rad ${i} ${long}`).join('\n') },
          resident: { name: long, address: `${long}\nc/o ${long}`, postcode: '11867', city: long },
          contact: { name: long, phone: '070-000 00 00' },
        }),
        letter(),
      ],
      raw,
    );
    expect(pageCount(pdf)).toBe(2);
  });

  it('tells the resident whom to ask when the unit has no bankgiro, and works without a phone number', async () => {
    const pdf = await renderReminderLetters([letter({ unit: { ...unit, bankgiro: null }, contact: { name: 'Eva Ek', phone: null } })], raw);
    const text = pdfText(pdf);
    expect(pdfTextLines(pdf)).toContain(`Betala med OCR-nummer ${ocrReferenceFor(1001)}`);
    expect(text).not.toContain('bankgiro');
    expect(text).toContain('Fråga Eva Ek');
    expect(text).toContain('Hör gärna av dig till Eva Ek');
  });

  it('replaces characters the standard fonts cannot show instead of writing broken hex', async () => {
    const pdf = await renderReminderLetters(
      [letter({ resident: { name: 'Łukasz Şahin', address: 'Gatan 1\t2', postcode: '11867', city: 'Stockholm' } })],
      raw,
    );
    for (const hex of textHexStrings(pdf).flat()) expect(hex.length % 2).toBe(0);
    expect(pdfText(pdf)).toContain('Hej Lukasz Sahin!');
  });

  it('renders the same bytes for the same input, compressed or not', async () => {
    const data = [letter(), letter({ ocrReference: ocrReferenceFor(1002) })];
    const [a, b] = await Promise.all([renderReminderLetters(data), renderReminderLetters(data)]);
    expect(a.equals(b)).toBe(true);
    const [c, d] = await Promise.all([renderReminderLetters(data, raw), renderReminderLetters(data, raw)]);
    expect(c.equals(d)).toBe(true);
    expect(a.length).toBeLessThan(c.length);
    const other = await renderReminderLetters([letter({ date: '2026-12-02' }), data[1]!]);
    expect(other.equals(a)).toBe(false);
  });

  it('puts a title and the unit in the metadata, never the resident, and dates it from the letter', async () => {
    const pdf = await renderReminderLetters([letter()], raw);
    expect(pdfInfoString(pdf, 'Title')).toBe('Påminnelse om hyra december 2026');
    expect(pdfInfoString(pdf, 'Author')).toBe('Träningslägenheterna Söder');
    expect(pdfInfoString(pdf, 'CreationDate')).toBe('D:20261201000000Z');
    const info = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer'].map((k) => pdfInfoString(pdf, k));
    expect(info.join(' ')).not.toMatch(/Åsa|Ödström|Ringvägen|1001/);
  });

  it('refuses letters it should not print', async () => {
    await expect(renderReminderLetters([])).rejects.toThrow(RangeError);
    await expect(renderReminderLetters([letter({ ocrReference: '1234567890' })])).rejects.toThrow(/OCR/);
    await expect(renderReminderLetters([letter({ ocrReference: '100 164' })])).rejects.toThrow(/OCR/);
    await expect(renderReminderLetters([letter({ openOre: 0 })])).rejects.toThrow(/openOre/);
    await expect(renderReminderLetters([letter({ month: '2026-13' })])).rejects.toThrow(/month/);
    await expect(renderReminderLetters([letter({ dueDate: '30/11/2026' })])).rejects.toThrow(/dueDate/);
  });
});
