import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { CamtPayment } from './camt.ts';
import { decimalToOre, parseCamt } from './camt.ts';
import v02 from './fixtures/camt054-v02-bankgiro.xml?raw';
import v08 from './fixtures/camt054-v08-prefixed.xml?raw';
import stmt from './fixtures/camt053-v04-statement.xml?raw';

function ok(xml: string) {
  const r = parseCamt(xml);
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 2));
  return r;
}
function errorsOf(xml: string) {
  const r = parseCamt(xml);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}
/** Replaces exactly one occurrence, so a test cannot silently change nothing. */
function edit(xml: string, from: string, to: string): string {
  expect(xml.split(from)).toHaveLength(2);
  return xml.replace(from, to);
}

describe('camt.054.001.02 (Bankgirot-style notification)', () => {
  it('reads single, batched, reversed and detail-less credit entries and skips a debit', () => {
    const r = ok(v02);
    expect(r.kind).toBe('camt.054');
    expect(r.version).toBe('001.02');
    expect(r.messageId).toBe('KVB-TEST-20260302-0001');
    expect(r.created).toBe('2026-03-02T06:15:00');
    const day = { currency: 'SEK', bookingDate: '2026-03-02', valueDate: '2026-03-02', reversal: false, endToEndId: null };
    expect(r.payments).toEqual<CamtPayment[]>([
      {
        ...day,
        element: 'Ntfctn[1]/Ntry[1]/NtryDtls/TxDtls[1]',
        amountOre: 650000,
        bankReference: '000000000101',
        ocrReference: '100120260326',
        freeText: null,
        payerName: 'Testperson Ett',
      },
      {
        ...day,
        element: 'Ntfctn[1]/Ntry[2]/NtryDtls/TxDtls[1]',
        amountOre: 650000,
        bankReference: '000000000102',
        ocrReference: '100220260325',
        freeText: null,
        payerName: 'Testperson Två',
      },
      {
        ...day,
        element: 'Ntfctn[1]/Ntry[2]/NtryDtls/TxDtls[2]',
        amountOre: 450000,
        bankReference: 'BG-20260302-BATCH1#2',
        ocrReference: null,
        freeText: 'Hyra mars lgh 1101',
        payerName: 'Testperson Tre',
      },
      {
        ...day,
        element: 'Ntfctn[1]/Ntry[2]/NtryDtls/TxDtls[3]',
        amountOre: 400000,
        bankReference: '000000000104',
        ocrReference: '100320260423',
        freeText: null,
        payerName: null,
      },
      {
        ...day,
        element: 'Ntfctn[1]/Ntry[4]/NtryDtls/TxDtls[1]',
        amountOre: -650000,
        reversal: true,
        bankReference: '000000000199',
        ocrReference: '100520260322',
        freeText: null,
        payerName: 'Testperson Fyra',
      },
      {
        ...day,
        element: 'Ntfctn[1]/Ntry[5]',
        valueDate: '2026-03-03',
        amountOre: 123456,
        bankReference: 'BG-20260302-000105',
        ocrReference: null,
        freeText: 'Insättning kontant',
        payerName: null,
      },
    ]);
    expect(r.totals).toEqual({
      entries: 5,
      creditEntries: 3,
      creditSumOre: 2273456,
      debitEntries: 2,
      debitSumOre: 675000,
      payments: 6,
      paymentsSumOre: 1623456,
      skippedEntries: 1,
    });
  });

  it('accepts CRLF line breaks and a byte-order mark', () => {
    expect(ok('\ufeff' + v02.replaceAll('\n', '\r\n')).payments).toHaveLength(6);
  });
});

describe('camt.054.001.08 (namespace prefix, two notifications)', () => {
  it('reads Dbtr/Pty/Nm, Sts/Cd, DtTm booking dates, TxDtls/Amt and several NtryDtls', () => {
    const r = ok(v08);
    expect(r.version).toBe('001.08');
    expect(r.messageId).toBe('KVB-TEST-V08-77');
    expect(r.payments).toEqual<CamtPayment[]>([
      {
        element: 'Ntfctn[1]/Ntry[1]/NtryDtls/TxDtls[1]',
        amountOre: 720000,
        currency: 'SEK',
        bookingDate: '2026-03-02',
        valueDate: '2026-03-02',
        bankReference: 'SE-NTRY-1',
        ocrReference: '100620260320',
        freeText: null,
        payerName: 'Testperson Fem',
        reversal: false,
        endToEndId: 'E2E-7788',
      },
      {
        element: 'Ntfctn[2]/Ntry[1]/NtryDtls[1]/TxDtls[1]',
        amountOre: 120000,
        currency: 'SEK',
        bookingDate: '2026-03-02',
        valueDate: null,
        bankReference: 'TX-A',
        ocrReference: null,
        freeText: 'Hyra april',
        payerName: null,
        reversal: false,
        endToEndId: null,
      },
      {
        element: 'Ntfctn[2]/Ntry[1]/NtryDtls[2]/TxDtls[1]',
        amountOre: -20000,
        currency: 'SEK',
        bookingDate: '2026-03-02',
        valueDate: null,
        bankReference: 'E2E-B',
        ocrReference: null,
        freeText: null,
        payerName: 'Testbolaget AB',
        reversal: false,
        endToEndId: 'E2E-B',
      },
    ]);
    // The pending entry is skipped but still counted against TtlCdtNtries.
    expect(r.totals).toMatchObject({
      entries: 3,
      creditEntries: 3,
      creditSumOre: 850000,
      skippedEntries: 1,
      payments: 3,
      paymentsSumOre: 820000,
    });
  });
});

describe('camt.053.001.04 statement', () => {
  it('reads the credit entry and skips the debit and the returned outgoing payment', () => {
    const r = ok(stmt);
    expect(r.kind).toBe('camt.053');
    expect(r.version).toBe('001.04');
    expect(r.payments).toEqual<CamtPayment[]>([
      {
        element: 'Stmt[1]/Ntry[1]/NtryDtls/TxDtls[1]',
        amountOre: 650000,
        currency: 'SEK',
        bookingDate: '2026-03-02',
        valueDate: '2026-03-02',
        bankReference: 'STMT-TX-1',
        ocrReference: '100720260329',
        freeText: null,
        payerName: 'Testperson Sex',
        reversal: false,
        endToEndId: 'E2E-S1',
      },
    ]);
    expect(r.totals).toMatchObject({
      entries: 3,
      creditEntries: 2,
      creditSumOre: 700000,
      debitEntries: 1,
      debitSumOre: 650000,
      skippedEntries: 2,
    });
  });
});

describe('broken messages', () => {
  it('reports totals that do not match the entries, naming the summary element', () => {
    const errors = errorsOf(edit(v02, '<Sum>22734.56</Sum>', '<Sum>22734.57</Sum>'));
    expect(errors).toEqual([
      {
        line: 18,
        element: 'Ntfctn[1]/TxsSummry/TtlCdtNtries',
        field: 'Sum',
        code: 'totals_mismatch',
        message: {
          sv: 'Rad 18, Ntfctn[1]/TxsSummry/TtlCdtNtries: Summeringen säger att kreditposter (insättningar) blir 22734.57 (Sum) men posterna blir 22734.56.',
          en: 'Line 18, Ntfctn[1]/TxsSummry/TtlCdtNtries: The summary says the credit entries (money in) come to 22734.57 (Sum) but the entries come to 22734.56.',
        },
      },
    ]);
    const count = errorsOf(edit(v02, '<TtlDbtNtries><NbOfNtries>2</NbOfNtries>', '<TtlDbtNtries><NbOfNtries>3</NbOfNtries>'));
    expect(count).toEqual([
      expect.objectContaining({ element: 'Ntfctn[1]/TxsSummry/TtlDbtNtries', field: 'NbOfNtries', code: 'totals_mismatch' }),
    ]);
  });

  it('reports batch transactions that do not add up to the entry amount', () => {
    const errors = errorsOf(edit(v02, '<Amt Ccy="SEK">4000.00</Amt>', '<Amt Ccy="SEK">4100.00</Amt>'));
    expect(errors).toEqual([
      expect.objectContaining({ element: 'Ntfctn[1]/Ntry[2]', line: 49, field: 'Amt', code: 'transactions_sum_mismatch' }),
    ]);
    expect(errors[0]!.message.en).toContain('The entry amount is 15000.00 SEK but its 3 transactions (TxDtls) add up to 15100.00 SEK.');
  });

  it('reports a missing amount, naming the entry', () => {
    const errors = errorsOf(edit(v02, '<Amt Ccy="SEK">1234.56</Amt>', ''));
    expect(errors[0]).toMatchObject({ element: 'Ntfctn[1]/Ntry[5]', field: 'Amt', code: 'missing_element' });
    expect(errors[0]!.message.sv).toBe('Rad 103, Ntfctn[1]/Ntry[5]: Det saknas beloppet (Amt).');
  });

  it('reports a missing amount in a batch transaction', () => {
    const errors = errorsOf(edit(v02, '<AmtDtls><TxAmt><Amt Ccy="SEK">4500.00</Amt></TxAmt></AmtDtls>', ''));
    expect(errors).toEqual([
      expect.objectContaining({ element: 'Ntfctn[1]/Ntry[2]/NtryDtls/TxDtls[2]', field: 'Amt', code: 'missing_element' }),
    ]);
  });

  it('reports amounts that are not decimals with a point', () => {
    const errors = errorsOf(edit(v02, '<Amt Ccy="SEK">1234.56</Amt>', '<Amt Ccy="SEK">1234,56</Amt>'));
    expect(errors[0]).toMatchObject({ element: 'Ntfctn[1]/Ntry[5]', field: 'Amt', code: 'invalid_amount' });
    expect(errorsOf(edit(v02, '<Amt Ccy="SEK">1234.56</Amt>', '<Amt>1234.56</Amt>'))[0]).toMatchObject({ code: 'invalid_currency' });
  });

  it('reports a bad date', () => {
    const errors = errorsOf(edit(v02, '<ValDt><Dt>2026-03-03</Dt></ValDt>', '<ValDt><Dt>2026-02-30</Dt></ValDt>'));
    expect(errors).toEqual([expect.objectContaining({ element: 'Ntfctn[1]/Ntry[5]', field: 'ValDt', code: 'invalid_date' })]);
    expect(errors[0]!.message.en).toBe(
      'Line 103, Ntfctn[1]/Ntry[5]: The value date (ValDt) should be a date such as 2026-03-01 but is "2026-02-30".',
    );
  });

  it('reports a missing or wrong credit/debit indicator', () => {
    expect(
      errorsOf(
        edit(
          v02,
          '<CdtDbtInd>DBIT</CdtDbtInd>\n        <Sts>BOOK</Sts>\n        <BookgDt><Dt>2026-03-02</Dt></BookgDt>\n        <AcctSvcrRef>FEE',
          '<CdtDbtInd>DEBIT</CdtDbtInd>\n        <Sts>BOOK</Sts>\n        <BookgDt><Dt>2026-03-02</Dt></BookgDt>\n        <AcctSvcrRef>FEE',
        ),
      )[0],
    ).toMatchObject({
      element: 'Ntfctn[1]/Ntry[3]',
      field: 'CdtDbtInd',
      code: 'invalid_value',
    });
  });

  it('reports text that is not XML', () => {
    expect(errorsOf('Datum;Belopp\n2026-03-01;100')).toEqual([expect.objectContaining({ line: 1, field: 'file', code: 'not_xml' })]);
    expect(errorsOf('')).toEqual([expect.objectContaining({ code: 'empty_file' })]);
  });

  it('reports malformed XML with the line the parser gives', () => {
    const cut = v02.slice(0, v02.indexOf('</Ntfctn>'));
    const errors = errorsOf(cut + '</BkToCstmrDbtCdtNtfctn></Document>');
    expect(errors).toEqual([expect.objectContaining({ field: 'file', code: 'malformed_xml' })]);
    expect(errors[0]!.line).toBeGreaterThan(1);
  });

  it('reports a pain.001 payment order as the wrong kind of message', () => {
    const pain = `<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">
  <CstmrCdtTrfInitn><GrpHdr><MsgId>P1</MsgId></GrpHdr></CstmrCdtTrfInitn>
</Document>`;
    expect(errorsOf(pain)).toEqual([
      {
        element: 'Document/CstmrCdtTrfInitn',
        field: 'root',
        code: 'wrong_root',
        message: {
          sv: 'Document/CstmrCdtTrfInitn: Filen är ett pain.001-meddelande (CstmrCdtTrfInitn), inte en kontohändelse- eller kontoutdragsfil (camt.054 eller camt.053).',
          en: 'Document/CstmrCdtTrfInitn: The file is a pain.001 message (CstmrCdtTrfInitn), not a notification or statement (camt.054 or camt.053).',
        },
      },
    ]);
    expect(errorsOf('<Invoice><Id>1</Id></Invoice>')[0]).toMatchObject({ element: 'Invoice', code: 'wrong_root' });
  });

  it('refuses a DOCTYPE (entity expansion)', () => {
    const evil = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document><BkToCstmrStmt/></Document>';
    expect(errorsOf(evil)).toEqual([expect.objectContaining({ code: 'doctype_not_allowed' })]);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constantFrom(v02, v08, stmt).chain((x) => fc.nat(x.length).map((n) => x.slice(0, n))),
        ),
        (s) => {
          expect(typeof parseCamt(s).ok).toBe('boolean');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('decimalToOre', () => {
  it('converts ISO decimal amounts to öre without floating point', () => {
    expect(decimalToOre('1234.50')).toBe(123450);
    expect(decimalToOre('0.1')).toBe(10);
    expect(decimalToOre('0100.05')).toBe(10005);
    expect(decimalToOre('7')).toBe(700);
    expect(decimalToOre('19.990')).toBe(1999);
    expect(decimalToOre('1.15')).toBe(115); // 1.15 * 100 is 114.99999999999999 in floating point
  });

  it('rejects what is not whole öre or not an ISO amount', () => {
    for (const s of ['1.005', '1,50', '-5.00', '1e3', '', '.50', '12.', '1 000.00']) expect(decimalToOre(s), s).toBeNull();
  });

  it('round-trips every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e15 }), (ore) => {
        expect(decimalToOre(`${Math.floor(ore / 100)}.${String(ore % 100).padStart(2, '0')}`)).toBe(ore);
      }),
    );
  });
});
