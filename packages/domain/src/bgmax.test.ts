import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { BgmaxEvent, BgmaxPayment, BgmaxPaymentSpec, BgmaxSectionSpec } from './bgmax.ts';
import { buildBgmaxFile, buildBgmaxLines, createBgmaxParser, parseBgmax } from './bgmax.ts';

// Written by hand, field by field after Bankgirot's layout (not with buildBgmaxFile), every record type in
// use: two sections of one bankgiro number, 20, 21, 22, 23, 25, 26, 27, 28, 29, 15 and 70. Each line is
// exactly 80 characters. OCR references carry a length digit and a Luhn check digit (RULES.md rule 13).
const HAND = [
  '01BGMAX               0120260302053012123456P                                   ',
  '050001234566          SEK                                                       ',
  '200000000000             100120260326000000000000650000210000000001010          ',
  '26Testperson Ett                                                                ',
  '27Provgatan 1                        123 45                                     ',
  '28Teststad                                                                      ',
  '210005555555Kreditfaktura 17         0000000000000200003200000000010201         ',
  '26Testbolaget AB                                                                ',
  '29005560000001                                                                  ',
  '200000000000100220260325 100320260423000000000001200000310000000001030          ',
  '220000000000             100220260325000000000000800000210000000001030          ',
  '230000000000KF 9                     000000000000100000310000000001030          ',
  '220000000000             100320260423000000000000500000210000000001030          ',
  '25Hyra mars och april                                                           ',
  '25Avdrag kreditnota 9                                                           ',
  '26Testperson Två                     c/o Prov                                   ',
  '28Göteborg                           SVERIGE                            SE      ',
  '15000000000000000000000000001234567892026030200001000000000001830000SEK00000003 ',
  '050001234566          SEK                                                       ',
  '200000000000                         000000000000450000130000000001041          ',
  '25Hyra mars lgh 1101                                                            ',
  '26Testperson Tre                                                                ',
  '27Provvägen 3                        98765                                      ',
  '28Kiruna                                                                        ',
  '200009876543             100520260322000000000000123456210000000001050          ',
  '29005591234567                                                                  ',
  '15000000000000000000000000001234567892026030300002000000000000573456SEK00000002K',
  '7000000004000000010000000300000002                                              ',
];
const text = (lines: string[]) => lines.join('\n') + '\n';

/** HAND with line n (1-based) replaced, or removed when replacement is null. */
function change(n: number, replacement: string | null): string[] {
  const lines = [...HAND];
  if (replacement === null) lines.splice(n - 1, 1);
  else lines[n - 1] = replacement;
  return lines;
}
/** Overwrites 1-based positions from..from+value.length-1 of line n. */
function patch(n: number, from: number, value: string): string[] {
  const old = HAND[n - 1]!;
  return change(n, old.slice(0, from - 1) + value + old.slice(from - 1 + value.length));
}
function errorsOf(lines: string[]) {
  const r = parseBgmax(text(lines));
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('the hand-written file', () => {
  it('has 80-character lines', () => {
    for (const line of HAND) expect(line).toHaveLength(80);
  });

  it('parses to exact payments, deposits and file summary', () => {
    const r = parseBgmax(text(HAND));
    if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 2));
    const common = { payeeBankgiro: '1234566', currency: 'SEK', deductionCode: null, imageMark: 0 } as const;
    expect(r.payments).toEqual<BgmaxPayment[]>([
      {
        ...common,
        lineNo: 3,
        sectionIndex: 1,
        recordType: 'payment',
        senderBankgiro: null,
        reference: '100120260326',
        referenceCode: 2,
        amountOre: 650000,
        channel: 1,
        bankSerial: '000000000101',
        paymentDate: '2026-03-02',
        extraReferences: [],
        information: [],
        payerName: 'Testperson Ett',
        payerAddress: 'Provgatan 1',
        payerPostcode: '123 45',
        payerCity: 'Teststad',
      },
      {
        ...common,
        lineNo: 7,
        sectionIndex: 1,
        recordType: 'deduction',
        senderBankgiro: '5555555',
        reference: 'Kreditfaktura 17',
        referenceCode: 3,
        amountOre: -20000,
        channel: 2,
        bankSerial: '000000000102',
        deductionCode: 1,
        paymentDate: '2026-03-02',
        extraReferences: [],
        information: [],
        payerName: 'Testbolaget AB',
        payerOrgNumber: '5560000001',
      },
      {
        ...common,
        lineNo: 10,
        sectionIndex: 1,
        recordType: 'payment',
        senderBankgiro: null,
        reference: '100220260325 100320260423',
        referenceCode: 3,
        amountOre: 1200000,
        channel: 1,
        bankSerial: '000000000103',
        paymentDate: '2026-03-02',
        extraReferences: [
          { reference: '100220260325', referenceCode: 2, amountOre: 800000 },
          { reference: 'KF 9', referenceCode: 3, amountOre: -100000 },
          { reference: '100320260423', referenceCode: 2, amountOre: 500000 },
        ],
        information: ['Hyra mars och april', 'Avdrag kreditnota 9'],
        payerName: 'Testperson Två',
        payerNameExtra: 'c/o Prov',
        payerCity: 'Göteborg',
        payerCountry: 'SVERIGE',
        payerCountryCode: 'SE',
      },
      {
        ...common,
        lineNo: 20,
        sectionIndex: 2,
        recordType: 'payment',
        senderBankgiro: null,
        reference: '',
        referenceCode: 1,
        amountOre: 450000,
        channel: 3,
        bankSerial: '000000000104',
        imageMark: 1,
        paymentDate: '2026-03-03',
        extraReferences: [],
        information: ['Hyra mars lgh 1101'],
        payerName: 'Testperson Tre',
        payerAddress: 'Provvägen 3',
        payerPostcode: '98765',
        payerCity: 'Kiruna',
      },
      {
        ...common,
        lineNo: 25,
        sectionIndex: 2,
        recordType: 'payment',
        senderBankgiro: '9876543',
        reference: '100520260322',
        referenceCode: 2,
        amountOre: 123456,
        channel: 1,
        bankSerial: '000000000105',
        paymentDate: '2026-03-03',
        extraReferences: [],
        information: [],
        payerOrgNumber: '5591234567',
      },
    ]);
    expect(r.deposits).toEqual([
      {
        lineNo: 18,
        sectionIndex: 1,
        payeeBankgiro: '1234566',
        payeePlusgiro: null,
        payeeAccount: '123456789',
        paymentDate: '2026-03-02',
        depositSerial: '00001',
        amountOre: 1830000,
        currency: 'SEK',
        paymentCount: 3,
        depositType: null,
      },
      {
        lineNo: 27,
        sectionIndex: 2,
        payeeBankgiro: '1234566',
        payeePlusgiro: null,
        payeeAccount: '123456789',
        paymentDate: '2026-03-03',
        depositSerial: '00002',
        amountOre: 573456,
        currency: 'SEK',
        paymentCount: 2,
        depositType: 'K',
      },
    ]);
    expect(r.file).toEqual({
      timestamp: '2026-03-02T05:30:12.123456',
      testMark: 'P',
      version: 1,
      sections: 2,
      payments: 4,
      deductions: 1,
      extraReferences: 3,
      totalOre: 2403456,
    });
  });

  it('accepts CRLF line endings and a last line without a line break', () => {
    const r = parseBgmax(HAND.join('\r\n'));
    expect(r.ok).toBe(true);
  });
});

describe('broken files', () => {
  it('reports a line of the wrong length, naming line and field', () => {
    const errors = errorsOf(change(3, HAND[2]!.trimEnd()));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 3, field: 'lineLength', code: 'line_length' });
    expect(errors[0]!.message.sv).toBe('Rad 3: Raden har 70 tecken; varje rad i en BgMax-fil ska ha exakt 80.');
    expect(errors[0]!.message.en).toBe('Line 3: The line has 70 characters; every line of a BgMax file must have exactly 80.');
  });

  it('says so when a UTF-8 file was decoded as Latin-1', () => {
    const utf8AsLatin1 = HAND[15]!.replace('å', '\u00c3\u00a5');
    const [e] = errorsOf(change(16, utf8AsLatin1));
    expect(e).toMatchObject({ line: 16, code: 'line_length' });
    expect(e!.message.sv).toContain('UTF-8');
    expect(e!.message.sv).toContain('ISO-8859-1');
  });

  it('reports letters in an amount, and only that (the section sum is not checked again)', () => {
    const errors = errorsOf(patch(3, 38, '0000000000006500AB'));
    expect(errors).toEqual([
      {
        line: 3,
        field: 'amount',
        code: 'not_numeric',
        message: {
          sv: 'Rad 3: Beloppet (position 38–55) ska bara innehålla siffror men är "0000000000006500AB".',
          en: 'Line 3: The amount (positions 38–55) must contain digits only but is "0000000000006500AB".',
        },
      },
    ]);
  });

  it('reports a deposit total that does not match the payments minus deductions', () => {
    const errors = errorsOf(patch(18, 51, '000000000001830001'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 18, field: 'depositAmount', code: 'deposit_sum_mismatch' });
    expect(errors[0]!.message.sv).toBe(
      'Rad 18: Insättningsbeloppet (position 51–68) är 18\u00a0300,01\u00a0kr men avsnittets betalningar minus avdrag blir 18\u00a0300,00\u00a0kr.',
    );
  });

  it('reports a deposit count that does not match the section', () => {
    const errors = errorsOf(patch(18, 72, '00000004'));
    expect(errors).toEqual([expect.objectContaining({ line: 18, field: 'depositPaymentCount', code: 'deposit_count_mismatch' })]);
    expect(errors[0]!.message.en).toBe(
      'Line 18: The number of payments (positions 72–79) is 4 but the section has 3 payment and deduction records.',
    );
  });

  it('reports end-record counts that do not match what was read', () => {
    const errors = errorsOf(patch(28, 3, '00000005000000010000000200000002'));
    expect(errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [28, 'paymentCount', 'end_count_mismatch'],
      [28, 'extraReferenceCount', 'end_count_mismatch'],
    ]);
    expect(errors[0]!.message.sv).toBe('Rad 28: Antalet betalningsposter (position 3–10) är 5 men filen har 4 betalningsposter (20).');
  });

  it('reports the deposit-record count of the end record', () => {
    const errors = errorsOf(patch(28, 27, '00000003'));
    expect(errors).toEqual([expect.objectContaining({ line: 28, field: 'depositCount', code: 'end_count_mismatch' })]);
  });

  it('reports an unknown record type, or skips it when told to follow the manual', () => {
    const lines = [...HAND];
    lines.splice(5, 0, '99' + 'x'.repeat(78));
    const errors = errorsOf(lines);
    expect(errors).toEqual([expect.objectContaining({ line: 6, field: 'transactionCode', code: 'unknown_record' })]);
    expect(errors[0]!.message.sv).toContain('"99" är ingen känd posttyp');
    expect(parseBgmax(text(lines), { ignoreUnknownRecords: true }).ok).toBe(true);
  });

  it('reports a missing end record on the last line', () => {
    const errors = errorsOf(change(28, null));
    expect(errors).toEqual([expect.objectContaining({ line: 27, field: 'transactionCode', code: 'missing_end' })]);
    expect(errors[0]!.message.en).toBe(
      'Line 27: The file ends here without an end record (70). It may be cut off; ask the bank for a new file.',
    );
  });

  it('reports a payment before any section', () => {
    const lines = [...HAND];
    lines.splice(1, 0, HAND[2]!);
    const errors = errorsOf(lines);
    expect(errors[0]).toMatchObject({ line: 2, field: 'transactionCode', code: 'outside_section' });
    expect(errors[0]!.message.sv).toBe('Rad 2: Betalningsposten (20) står utanför ett avsnitt: en öppningspost (05) ska komma före.');
    // The stray record also makes the end record's count of payment records wrong.
    expect(errors[1]).toMatchObject({ line: 29, field: 'paymentCount', code: 'end_count_mismatch' });
  });

  it('reports a name record with no payment before it', () => {
    const lines = [...HAND];
    lines.splice(2, 0, HAND[3]!);
    expect(errorsOf(lines)[0]).toMatchObject({ line: 3, code: 'outside_payment' });
  });

  it('reports a section without a deposit record', () => {
    const errors = errorsOf(change(18, null));
    expect(errors[0]).toMatchObject({ line: 18, code: 'section_not_closed' });
    expect(errors[0]!.message.sv).toContain('Avsnittet som börjar på rad 2 saknar insättningspost (15)');
  });

  it('reports a file that is not BgMax', () => {
    const errors = errorsOf(patch(1, 3, 'BGMIN'));
    expect(errors[0]).toMatchObject({ line: 1, field: 'layoutName', code: 'not_bgmax' });
    const other = parseBgmax('Datum;Belopp\n2026-03-01;100\n');
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.errors[0]).toMatchObject({ line: 1, code: 'missing_start' });
  });

  it('reports a bad test mark, timestamp and payment date', () => {
    expect(errorsOf(patch(1, 45, 'X'))[0]).toMatchObject({ line: 1, field: 'testMark' });
    expect(errorsOf(patch(1, 25, '20261302'))[0]).toMatchObject({ line: 1, field: 'timestamp', code: 'invalid_timestamp' });
    const [e] = errorsOf(patch(18, 38, '20260230'));
    expect(e).toMatchObject({ line: 18, field: 'paymentDate', code: 'invalid_date' });
    expect(e!.message.en).toBe('Line 18: The payment date (positions 38–45) is not a valid date (YYYYMMDD): "20260230".');
  });

  it('reports a deposit currency different from the section', () => {
    expect(errorsOf(patch(18, 69, 'EUR'))[0]).toMatchObject({ line: 18, field: 'depositCurrency', code: 'currency_mismatch' });
  });

  it('reports a second name record for the same payment', () => {
    const lines = [...HAND];
    lines.splice(4, 0, HAND[3]!);
    expect(errorsOf(lines)[0]).toMatchObject({ line: 5, code: 'duplicate_record' });
  });

  it('reports blank lines inside the file but ignores them after the end record', () => {
    const lines = [...HAND];
    lines.splice(4, 0, '');
    expect(errorsOf(lines)[0]).toMatchObject({ line: 5, code: 'blank_line' });
    expect(parseBgmax(text([...HAND, '', '   '])).ok).toBe(true);
    expect(errorsOf([...HAND, HAND[1]!])[0]).toMatchObject({ line: 29, code: 'after_end' });
  });

  it('reports an empty file', () => {
    expect(parseBgmax('')).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'file', code: 'empty_file' })] });
  });

  it('caps the number of errors reported', () => {
    const r = parseBgmax(Array.from({ length: 50 }, () => 'garbage').join('\n'), { maxErrors: 5 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(6);
      expect(r.errors[5]).toMatchObject({ code: 'too_many_errors' });
    }
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 90 }), fc.constantFrom(...HAND)), { maxLength: 40 }), (lines) => {
        const r = parseBgmax(lines.join('\n'));
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});

describe('streaming', () => {
  it('emits the payments of a section when its deposit record arrives, then the end event', () => {
    const parser = createBgmaxParser();
    const seen: { line: number; events: BgmaxEvent[] }[] = [];
    HAND.forEach((line, i) => {
      const events = parser.pushLine(line, i + 1);
      if (events.length > 0) seen.push({ line: i + 1, events });
    });
    const last = parser.end();
    expect(seen.map((s) => s.line)).toEqual([18, 27]);
    expect(seen[0]!.events.map((e) => (e.kind === 'payment' ? e.payment.bankSerial : e.kind))).toEqual([
      '000000000101',
      '000000000102',
      '000000000103',
      'deposit',
    ]);
    expect(seen[1]!.events.map((e) => (e.kind === 'payment' ? e.payment.bankSerial : e.kind))).toEqual([
      '000000000104',
      '000000000105',
      'deposit',
    ]);
    expect(last).toEqual([{ kind: 'end', file: expect.objectContaining({ payments: 4, totalOre: 2403456 }) }]);
  });

  it('sends no end event when the file had an error', () => {
    const parser = createBgmaxParser();
    patch(18, 72, '00000009').forEach((line, i) => parser.pushLine(line, i + 1));
    expect(parser.end()).toEqual([]);
  });

  it('handles a generated file of 20 000 payments line by line', () => {
    const payments: BgmaxPaymentSpec[] = Array.from({ length: 20_000 }, (_, i) => ({ amountOre: 100 + i, reference: String(1000 + i) }));
    const parser = createBgmaxParser();
    let count = 0;
    let sum = 0;
    let lineNo = 0;
    for (const line of buildBgmaxLines([{ payeeBankgiro: '1234566', paymentDate: '2026-03-02', payments }])) {
      for (const e of parser.pushLine(line, ++lineNo)) {
        if (e.kind === 'payment') {
          count++;
          sum += e.payment.amountOre;
        }
        expect(e.kind).not.toBe('error');
      }
    }
    expect(parser.end()[0]?.kind).toBe('end');
    expect(count).toBe(20_000);
    expect(sum).toBe(20_000 * 100 + (19_999 * 20_000) / 2);
  });
});

describe('buildBgmaxFile', () => {
  const latin1 = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖé0123456789 -.,/&'.split(''));
  const words = (max: number) =>
    fc
      .string({ unit: latin1, minLength: 1, maxLength: max })
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  const reference = fc.oneof(fc.constant(''), fc.stringMatching(/^[1-9]\d{1,24}$/), words(25));
  const payment: fc.Arbitrary<BgmaxPaymentSpec> = fc
    .record(
      {
        amountOre: fc.oneof(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: -50_000, max: -1 })),
        senderBankgiro: fc.option(fc.stringMatching(/^[1-9]\d{6,7}$/), { nil: null }),
        reference,
        channel: fc.integer({ min: 1, max: 4 }),
        imageMark: fc.integer({ min: 0, max: 1 }),
        extraReferences: fc.array(
          fc.record({ reference: fc.stringMatching(/^[1-9]\d{1,24}$/), amountOre: fc.integer({ min: -100_000, max: 100_000 }) }),
          {
            maxLength: 3,
          },
        ),
        information: fc.array(words(50), { maxLength: 2 }),
        payerName: words(35),
        payerAddress: words(35),
        payerPostcode: fc.stringMatching(/^[1-9]\d{2} \d{2}$/),
        payerCity: words(35),
        payerOrgNumber: fc.stringMatching(/^[1-9]\d{9}$/),
      },
      { requiredKeys: ['amountOre', 'channel', 'imageMark', 'extraReferences', 'information'] },
    )
    .map((p) => ({ ...p }));
  const section: fc.Arbitrary<BgmaxSectionSpec> = fc
    .record({
      payeeBankgiro: fc.stringMatching(/^[1-9]\d{6,7}$/),
      paymentDate: fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      depositType: fc.constantFrom(null, 'K', 'D', 'S'),
      payments: fc.array(payment, { minLength: 1, maxLength: 6 }),
    })
    .filter((s) => s.payments.reduce((a, p) => a + p.amountOre, 0) >= 0);

  it('round-trips: build random sections, parse, get the same payments and totals', () => {
    fc.assert(
      fc.property(
        fc.array(section, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('\n' as const, '\r\n' as const),
        (sections, lineEnding) => {
          const r = parseBgmax(buildBgmaxFile(sections, { lineEnding, testMark: 'T', timestamp: '2026-03-02T06:00:00' }));
          if (!r.ok) throw new Error(JSON.stringify(r.errors));
          const specs = sections.flatMap((s, si) => s.payments.map((p) => ({ s, si, p })));
          expect(r.payments).toHaveLength(specs.length);
          r.payments.forEach((got, i) => {
            const { s, si, p } = specs[i]!;
            const ref = p.reference ?? '';
            expect(got).toMatchObject({
              sectionIndex: si + 1,
              recordType: p.amountOre < 0 ? 'deduction' : 'payment',
              payeeBankgiro: s.payeeBankgiro,
              senderBankgiro: p.senderBankgiro ?? null,
              reference: ref,
              referenceCode: ref === '' ? 0 : /^\d+$/.test(ref) ? 2 : 3,
              amountOre: p.amountOre,
              channel: p.channel,
              imageMark: p.imageMark,
              paymentDate: s.paymentDate,
              currency: 'SEK',
              extraReferences: (p.extraReferences ?? []).map((x) => ({ ...x, referenceCode: 2 })),
              information: p.information,
            });
            expect(got.payerName).toBe(p.payerName);
            expect(got.payerAddress).toBe(p.payerAddress);
            expect(got.payerPostcode).toBe(p.payerPostcode);
            expect(got.payerCity).toBe(p.payerCity);
            expect(got.payerOrgNumber).toBe(p.payerOrgNumber);
          });
          expect(new Set(r.payments.map((p) => p.bankSerial)).size).toBe(specs.length);
          const total = specs.reduce((a, { p }) => a + p.amountOre, 0);
          expect(r.file).toEqual({
            timestamp: '2026-03-02T06:00:00.000000',
            testMark: 'T',
            version: 1,
            sections: sections.length,
            payments: specs.filter(({ p }) => p.amountOre >= 0).length,
            deductions: specs.filter(({ p }) => p.amountOre < 0).length,
            extraReferences: specs.reduce((a, { p }) => a + (p.extraReferences?.length ?? 0), 0),
            totalOre: total,
          });
          expect(r.deposits.map((d) => d.depositType)).toEqual(sections.map((s) => s.depositType));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('writes 80-character lines and refuses specs it cannot write', () => {
    const file = buildBgmaxFile([{ payeeBankgiro: '1234566', paymentDate: '2026-03-02', payments: [{ amountOre: 100, reference: '18' }] }]);
    for (const line of file.split('\n').slice(0, -1)) expect(line).toHaveLength(80);
    expect(() =>
      buildBgmaxFile([{ payeeBankgiro: '1234566', paymentDate: '2026-03-02', payments: [{ amountOre: 1, reference: 'x'.repeat(26) }] }]),
    ).toThrow(RangeError);
    expect(() => buildBgmaxFile([{ payeeBankgiro: '1234566', paymentDate: '2026-02-30', payments: [] }])).toThrow(RangeError);
    expect(() =>
      buildBgmaxFile([{ payeeBankgiro: '1234566', paymentDate: '2026-03-02', payments: [{ amountOre: 1, payerName: 'Łukasz' }] }]),
    ).toThrow(RangeError);
    expect(() => buildBgmaxFile([{ payeeBankgiro: '1234566', paymentDate: '2026-03-02', payments: [{ amountOre: -1 }] }])).toThrow(
      RangeError,
    );
  });
});
