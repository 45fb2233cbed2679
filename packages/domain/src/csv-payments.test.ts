import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  columnLetter,
  deriveBankReference,
  parseListAmount,
  parseListDate,
  parsePaymentRows,
  suggestColumnMapping,
} from './csv-payments.ts';

describe('suggestColumnMapping', () => {
  it("maps Swedbank's export, leaving the export's row number and the balance alone", () => {
    const headers = [
      'Radnummer',
      'Clearingnummer',
      'Kontonummer',
      'Produkt',
      'Valuta',
      'Bokföringsdag',
      'Transaktionsdag',
      'Valutadag',
      'Referens',
      'Beskrivning',
      'Belopp',
      'Bokfört saldo',
    ];
    expect(suggestColumnMapping(headers)).toEqual({ date: 6, amount: 10, reference: 8, note: 9 });
  });

  it("maps Nordea's export: Namn is the payer, Avsändare an account", () => {
    const headers = [
      'Bokföringsdag',
      'Belopp',
      'Avsändare',
      'Mottagare',
      'Namn',
      'Rubrik',
      'Meddelande',
      'Egna anteckningar',
      'Saldo',
      'Valuta',
    ];
    expect(suggestColumnMapping(headers)).toEqual({ date: 0, amount: 1, name: 4, reference: 6, note: 5 });
  });

  it("maps SEB's and Handelsbanken's exports", () => {
    expect(suggestColumnMapping(['Bokföringsdatum', 'Valutadatum', 'Verifikationsnummer', 'Text/mottagare', 'Belopp', 'Saldo'])).toEqual({
      date: 0,
      bankReference: 2,
      note: 3,
      amount: 4,
    });
    expect(suggestColumnMapping(['Reskontradatum', 'Transaktionsdatum', 'Text', 'Belopp', 'Saldo'])).toEqual({
      date: 1,
      note: 2,
      amount: 3,
    });
  });

  it("maps a landlord's list and English headers, ignoring case, accents and punctuation", () => {
    expect(suggestColumnMapping(['Betalningsdag', 'OCR-nummer', 'Betalare', 'Summa', 'Löpnummer'])).toEqual({
      date: 0,
      reference: 1,
      name: 2,
      amount: 3,
      bankReference: 4,
    });
    expect(suggestColumnMapping(['Transaction ID', 'Date', 'Name', 'Reference', 'Amount', 'Note'])).toEqual({
      bankReference: 0,
      date: 1,
      name: 2,
      reference: 3,
      amount: 4,
      note: 5,
    });
    expect(suggestColumnMapping(['BOKFORINGSDAG', ' belopp (kr) ', 'Avsändare'])).toEqual({ date: 0, amount: 1, name: 2 });
  });

  it('leaves unknown headers unmapped and uses each column once', () => {
    expect(suggestColumnMapping(['Foo', 'Bar', ''])).toEqual({});
    expect(suggestColumnMapping(['Datum', 'Datum'])).toEqual({ date: 0 });
  });
});

describe('parseListAmount', () => {
  it('reads Swedish and international amounts', () => {
    const cases: [string, number][] = [
      ['1 234,50', 123450],
      ['1234.50', 123450],
      ['-200,00', -20000],
      ['1 234,50 kr', 123450],
      ['1\u00a0234,50\u00a0kr', 123450],
      ['\u2212 1 200', -120000],
      ['6500', 650000],
      ['6 500:-', 650000],
      ['0,5', 50],
      ['1.234,50', 123450],
      ['1,234.50', 123450],
      ['1 234 567,89 SEK', 123456789],
      ['200,00-', -20000],
      ['+75', 7500],
      ['1234.500', 123450],
      ['12 345.6', 1234560],
    ];
    for (const [s, ore] of cases) expect(parseListAmount(s), s).toEqual({ ore });
  });

  it('refuses amounts it would have to guess', () => {
    expect(parseListAmount('1.234')).toEqual({ problem: 'ambiguous' });
    expect(parseListAmount('1,500')).toEqual({ problem: 'ambiguous' });
    expect(parseListAmount('12,3456')).toEqual({ problem: 'decimals' });
    expect(parseListAmount('12 345.678')).toEqual({ problem: 'decimals' });
    for (const s of ['abc', '1 2345', '12.', '1..2', '1,2,3.4,5', 'kr', '12,50 EUR'])
      expect(parseListAmount(s), s).toEqual({ problem: 'format' });
    expect(parseListAmount('  ')).toEqual({ problem: 'empty' });
  });

  it('reads every amount written the Swedish way', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ore) => {
        const abs = Math.abs(ore);
        const kronor = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, ' ');
        const s = `${ore < 0 ? '-' : ''}${kronor},${String(abs % 100).padStart(2, '0')} kr`;
        expect(parseListAmount(s)).toEqual({ ore });
      }),
    );
  });
});

describe('parseListDate', () => {
  it('reads year-first dates, with or without a time', () => {
    for (const s of ['2026-03-01', '20260301', '2026/03/01', '2026.03.01', '2026-3-1', '2026-03-01 00:00:00', '2026-03-01T00:00:00.000Z']) {
      expect(parseListDate(s), s).toEqual({ date: '2026-03-01' });
    }
  });

  it('refuses day/month orders, Excel serial numbers and impossible dates', () => {
    expect(parseListDate('1/3/2026')).toEqual({ problem: 'ambiguous' });
    expect(parseListDate('01.03.2026')).toEqual({ problem: 'ambiguous' });
    expect(parseListDate('46082')).toEqual({ problem: 'serial' });
    expect(parseListDate('2026-02-30')).toEqual({ problem: 'invalid' });
    expect(parseListDate('260301')).toEqual({ problem: 'format' });
    expect(parseListDate('mars')).toEqual({ problem: 'format' });
    expect(parseListDate('')).toEqual({ problem: 'empty' });
  });
});

describe('parsePaymentRows', () => {
  const rows = [
    ['Inbetalningar mars 2026'],
    ['Datum', 'Belopp', 'OCR', 'Namn', 'Kommentar'],
    ['2026-03-01', '6 500,00', '100120260326', 'Testperson Ett', ''],
    ['', '', '', '', ''],
    ['20260302', '4500', ' 100220260325 ', 'Testperson Två', 'delbetalning'],
    ['2026-03-02', '4500', '100220260325', 'Testperson Två', ''],
    ['2026-03-03', '-200,00', '', '', 'återbetalning'],
  ];
  const mapping = { date: 0, amount: 1, reference: 2, name: 3, note: 4 };

  it('turns rows into payments with spreadsheet line numbers', () => {
    const r = parsePaymentRows(rows, mapping, { firstDataRow: 3 });
    expect(r.errors).toEqual([]);
    expect(r.payments).toEqual([
      {
        line: 3,
        date: '2026-03-01',
        amountOre: 650000,
        reference: '100120260326',
        name: 'Testperson Ett',
        bankReference: 'csv:2026-03-01|650000|100120260326|testperson ett|1',
        bankReferenceDerived: true,
        note: null,
      },
      {
        line: 5,
        date: '2026-03-02',
        amountOre: 450000,
        reference: '100220260325',
        name: 'Testperson Två',
        bankReference: 'csv:2026-03-02|450000|100220260325|testperson två|1',
        bankReferenceDerived: true,
        note: 'delbetalning',
      },
      {
        line: 6,
        date: '2026-03-02',
        amountOre: 450000,
        reference: '100220260325',
        name: 'Testperson Två',
        bankReference: 'csv:2026-03-02|450000|100220260325|testperson två|2',
        bankReferenceDerived: true,
        note: null,
      },
      {
        line: 7,
        date: '2026-03-03',
        amountOre: -20000,
        reference: '',
        name: null,
        bankReference: 'csv:2026-03-03|-20000|||1',
        bankReferenceDerived: true,
        note: 'återbetalning',
      },
    ]);
  });

  it('derives the same keys from an overlapping export with other line numbers', () => {
    const first = parsePaymentRows(rows, mapping, { firstDataRow: 3 }).payments.map((p) => p.bankReference);
    const later = [rows[1]!, ...rows.slice(4), ['2026-03-04', '100', '', '', '']];
    const second = parsePaymentRows(later, mapping, { firstDataRow: 2 }).payments.map((p) => p.bankReference);
    expect(second.slice(0, 3)).toEqual(first.slice(1));
    expect(deriveBankReference({ date: '2026-03-04', amountOre: 10000, reference: '', name: null }, 1)).toBe(second[3]);
  });

  it('uses the bank reference column when there is one and reports a repeated id', () => {
    const withIds = [
      ['Verifikation', 'Datum', 'Belopp'],
      ['V-1', '2026-03-01', '100'],
      ['V-2', '2026-03-01', '100'],
      ['V-1', '2026-03-02', '200'],
    ];
    const r = parsePaymentRows(withIds, { bankReference: 0, date: 1, amount: 2 }, { firstDataRow: 2 });
    expect(r.payments.map((p) => [p.bankReference, p.bankReferenceDerived])).toEqual([
      ['V-1', false],
      ['V-2', false],
    ]);
    expect(r.errors).toEqual([expect.objectContaining({ line: 4, field: 'bankReference', code: 'duplicate_bank_reference' })]);
    expect(r.errors[0]!.message.sv).toBe(
      'Rad 4: Kolumnen "Verifikation": "V-1" finns redan på rad 2. Varje betalning ska ha ett eget id; välj en annan kolumn eller ingen.',
    );
  });

  it('names line and column header in errors, and skips only the bad rows', () => {
    const bad = [
      ['Datum', 'Belopp', 'OCR'],
      ['1/3/2026', '100', ''],
      ['2026-03-01', '1.234', ''],
      ['2026-03-01', 'sexhundra', ''],
      ['2026-03-02', '100', '123'],
    ];
    const r = parsePaymentRows(bad, { date: 0, amount: 1, reference: 2 }, { firstDataRow: 2 });
    expect(r.payments.map((p) => p.line)).toEqual([5]);
    expect(r.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [2, 'date', 'date_ambiguous'],
      [3, 'amount', 'amount_ambiguous'],
      [4, 'amount', 'amount_format'],
    ]);
    expect(r.errors[0]!.message).toEqual({
      sv: 'Rad 2: Kolumnen "Datum": "1/3/2026" kan betyda olika datum (dag/månad eller månad/dag). Skriv datumet som ÅÅÅÅ-MM-DD.',
      en: 'Line 2: The column "Datum": "1/3/2026" could mean different dates (day/month or month/day). Write the date as YYYY-MM-DD.',
    });
    expect(r.errors[1]!.message.sv).toBe(
      'Rad 3: Kolumnen "Belopp": "1.234" kan läsas både som tusental och som decimaler. Skriv beloppet utan tusentalsavgränsare, till exempel 1234,50.',
    );
  });

  it('names the column by its letter when there is no header row', () => {
    const r = parsePaymentRows([['2026-03-01', '', 'x']], { date: 0, amount: 1 }, { firstDataRow: 1 });
    expect(r.errors).toEqual([
      {
        line: 1,
        field: 'amount',
        code: 'amount_empty',
        message: { sv: 'Rad 1: Kolumn B: Beloppet saknas.', en: 'Line 1: Column B: The amount is missing.' },
      },
    ]);
  });

  it('asks for the date and amount columns when they are not mapped', () => {
    const r = parsePaymentRows(rows, { reference: 2 }, { firstDataRow: 3 });
    expect(r.payments).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(['mapping_missing_date', 'mapping_missing_amount']);
  });

  it('works with the suggested mapping', () => {
    const mapping2 = suggestColumnMapping(rows[1]!);
    expect(mapping2).toEqual({ date: 0, amount: 1, reference: 2, name: 3, note: 4 });
    expect(parsePaymentRows(rows, mapping2, { firstDataRow: 3 }).payments).toHaveLength(4);
  });
});

describe('columnLetter', () => {
  it('names columns as spreadsheets do', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
