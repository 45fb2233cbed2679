// Bankgirot's BgMax file ("Bankgiro Inbetalningar"): the incoming payments to a bankgiro number, one file a
// day. RULES.md rule 14 describes the layout; this module checks it and also builds valid files for tests
// and the import benchmark.
//
// What was verified, and where (search tool, 2026):
// - Bankgirot's "Bankgiro Inbetalningar Teknisk manual" (August 2015, docplayer.se/661720) and the English
//   "Technical Manual" (November 2019, documents.pub): their tables of contents list exactly these records:
//   Startpost TK01, Öppningspost 05, Betalningspost 20, Avdragspost 21, Extra referensnummerpost 22/23,
//   Informationspost 25, Namnpost 26, Adresspost 1 27, Adresspost 2 28, Organisationsnummerpost 29,
//   Insättningspost 15, Slutpost 70. The record tables themselves were not readable through the tool, so the
//   positions below were checked against Bankgirot's published example file
//   (bankgiroinbetalningar_exempelfil_avtal-om-ocr-kontroll_checksiffra_langd_sv.txt, copies in
//   github.com/fabhed/bgmax-parser and rickardlindgren/BgMax) by recomputing its sums and counts, and against
//   three independent parsers written from the manual (fabhed/bgmax-parser config.js,
//   jonpetterbergman/bgmax Finance/BgMax/TK.hs, richardolsson/pybgmax parser.py).
// - All RULES.md positions hold: 01 layout name 3–22, version 23–24, timestamp 25–44 (20 digits,
//   YYYYMMDDHHMMSS + microseconds), test mark 45; 05 bankgiro 3–12, plusgiro 13–22, currency 23–25; 20/21/22/23
//   bankgiro 3–12, reference 13–37, amount 38–55, reference code 56, channel 57, Bankgirot serial 58–69,
//   image mark 70, deduction code 71 (21 only); 25 text 3–52; 26 name 3–37 + extra name 38–72; 27 address
//   3–37 + postcode 38–46; 28 city 3–37, country 38–72, country code 73–74; 29 number 3–14; 15 account 3–37,
//   payment date 38–45, deposit serial 46–50, amount 51–68, currency 69–71, count 72–79, deposit type 80;
//   70 counts at 3–10, 11–18, 19–26, 27–34.
// Differences from, or additions to, RULES.md found while checking:
// - The 15 record's count (72–79) counts payment AND deduction records: the example's first section has two
//   20 records and one 21 and says 3. Its amount is the 20 amounts minus the 21 amounts (100 000 − 50 000 +
//   140 000 = 190 000 öre in the example).
// - Extra reference records (22/23) do not add to the deposit: the example's 22 records carry amount 0 and
//   the deposit equals the 20/21 sums. They only spread one payment over several references.
// - Reference codes: 2 = correct OCR reference (right-aligned); 0 and 1 = no reference; 3, 4, 5 = references
//   Bankgirot did not OCR-check (one or several, or known to be wrong). Channels: 1 bank, 2 Leverantörs-
//   betalningar, 3 paper form, 4 Autogiro. Deposit type (80) is K, D, S or blank.
// - The manual, as quoted in jonpetterbergman/bgmax, tells readers to ignore records they do not know. Kvarbo
//   rejects them by default (an import the unit cannot fully account for must not be booked silently);
//   `ignoreUnknownRecords: true` follows the manual instead. The 70 counts still guard the payment records.
// - Bankgirot's own example file has lines that are not 80 characters (trailing spaces stripped, one line
//   with tab characters); this parser reports such lines, as a real file from Bankgirot has fixed-width lines.
// - Since 2016-10-31 Bankgirot reports only SEK (bankgirot.se, Bankgiro Receivables technical information);
//   the currency is still read from the file rather than assumed.
//
// Encoding: a BgMax file is ISO-8859-1. The caller decodes bytes to text (e.g. Node's Buffer
// `toString('latin1')` or `new TextDecoder('latin1')`) and hands this module decoded lines; the domain package
// does no I/O. A UTF-8 file decoded as Latin-1 makes each å/ä/ö two characters, so the line-length check
// catches a wrong encoding and the message says so.
//
// Streaming: the server imports files of 100 000 payments, so the parser takes one line at a time and keeps
// only the open section. A section's payments are emitted when its 15 deposit record arrives, because that
// record carries the payment date. Memory is therefore bounded by the largest section, not the file.
import type { Localized } from './errors.ts';
import { isCalendarDate } from './calendar-date.ts';
import { formatKronor } from './money.ts';
import type { ParseError } from './parse-error.ts';
import { capitalize, parseError } from './parse-error.ts';

export const BGMAX_LINE_LENGTH = 80;

export type BgmaxExtraReference = {
  reference: string;
  referenceCode: number;
  /** Öre; negative for a 23 record (negative extra reference, e.g. a credit note). */
  amountOre: number;
};

export type BgmaxPayment = {
  /** Line of the 20 or 21 record. */
  lineNo: number;
  /** 1-based number of the section (05 … 15) in the file. */
  sectionIndex: number;
  recordType: 'payment' | 'deduction';
  /** The unit's bankgiro number, digits without leading zeros. */
  payeeBankgiro: string;
  /** The payer's bankgiro number, digits without leading zeros; null when the payer has none (zeros). */
  senderBankgiro: string | null;
  /** Trimmed; '' when the payer gave none. */
  reference: string;
  /** 2 = correct OCR reference; anything else: none, not OCR-checked or wrong (see the comment above). */
  referenceCode: number;
  /** Öre; negative for deductions (21). */
  amountOre: number;
  /** 1 bank, 2 Leverantörsbetalningar, 3 paper form, 4 Autogiro. */
  channel: number;
  /** Bankgirot's serial number (positions 58–69): unique per payment, the de-duplication key. */
  bankSerial: string;
  imageMark: number;
  /** Only for deductions (position 71). */
  deductionCode: number | null;
  /** YYYY-MM-DD, from the section's 15 deposit record. */
  paymentDate: string;
  currency: string;
  extraReferences: BgmaxExtraReference[];
  information: string[];
  payerName?: string;
  payerNameExtra?: string;
  payerAddress?: string;
  payerPostcode?: string;
  payerCity?: string;
  payerCountry?: string;
  payerCountryCode?: string;
  /** 10 digits for an organisation number (Bankgirot pads it with 00), 12 for a personal number. */
  payerOrgNumber?: string;
};

export type BgmaxDeposit = {
  lineNo: number;
  sectionIndex: number;
  payeeBankgiro: string;
  payeePlusgiro: string | null;
  payeeAccount: string;
  paymentDate: string;
  depositSerial: string;
  /** Öre, payments minus deductions of the section. */
  amountOre: number;
  currency: string;
  /** Payment plus deduction records of the section. */
  paymentCount: number;
  depositType: string | null;
};

export type BgmaxFileSummary = {
  /** Local Swedish time from the start record, 'YYYY-MM-DDTHH:MM:SS.ffffff'. */
  timestamp: string;
  testMark: 'T' | 'P';
  version: number;
  sections: number;
  /** Number of 20 records. */
  payments: number;
  /** Number of 21 records. */
  deductions: number;
  /** Number of 22 and 23 records. */
  extraReferences: number;
  /** Sum of the deposits (payments minus deductions), öre. */
  totalOre: number;
};

export type BgmaxEvent =
  | { kind: 'payment'; payment: BgmaxPayment }
  | { kind: 'deposit'; deposit: BgmaxDeposit }
  /** Last event, and only for a file without any error: commit the import when it arrives. */
  | { kind: 'end'; file: BgmaxFileSummary }
  | { kind: 'error'; error: ParseError };

export type BgmaxParserOptions = {
  /** Stop reporting after this many errors (one more error says so). Default 100. */
  maxErrors?: number;
  /** Skip records with unknown transaction codes, as Bankgirot's manual suggests. Default false. */
  ignoreUnknownRecords?: boolean;
};

export type BgmaxParser = {
  /** One decoded line without its line break (a trailing \r is allowed); lineNo is 1-based. */
  pushLine(line: string, lineNo: number): BgmaxEvent[];
  /** Call after the last line: reports what is missing and, for a valid file, emits the 'end' event. */
  end(): BgmaxEvent[];
};

// Field labels in words, with the positions so the unit can show the line to Bankgirot's support.
type FieldLabel = { key: string; from: number; to: number; sv: string; en: string };
const f = (key: string, from: number, to: number, sv: string, en: string): FieldLabel => ({ key, from, to, sv, en });

const F = {
  length: f('lineLength', 1, 80, 'radens längd', 'line length'),
  code: f('transactionCode', 1, 2, 'transaktionskoden', 'the transaction code'),
  layout: f('layoutName', 3, 22, 'layoutnamnet', 'the layout name'),
  version: f('version', 23, 24, 'versionen', 'the version'),
  timestamp: f('timestamp', 25, 44, 'tidsstämpeln', 'the timestamp'),
  testMark: f('testMark', 45, 45, 'testmarkeringen', 'the test mark'),
  payeeBankgiro: f('payeeBankgiro', 3, 12, 'mottagarens bankgironummer', "the payee's bankgiro number"),
  payeePlusgiro: f('payeePlusgiro', 13, 22, 'mottagarens plusgironummer', "the payee's plusgiro number"),
  sectionCurrency: f('currency', 23, 25, 'valutan', 'the currency'),
  senderBankgiro: f('senderBankgiro', 3, 12, 'avsändarens bankgironummer', "the sender's bankgiro number"),
  amount: f('amount', 38, 55, 'beloppet', 'the amount'),
  referenceCode: f('referenceCode', 56, 56, 'referenskoden', 'the reference code'),
  channel: f('channel', 57, 57, 'betalningskanalen', 'the payment channel'),
  bankSerial: f('bankSerial', 58, 69, 'Bankgirots löpnummer', "Bankgirot's serial number"),
  imageMark: f('imageMark', 70, 70, 'avibildmarkeringen', 'the image mark'),
  deductionCode: f('deductionCode', 71, 71, 'avdragskoden', 'the deduction code'),
  orgNumber: f('payerOrgNumber', 3, 14, 'organisationsnumret', 'the organisation number'),
  payeeAccount: f('payeeAccount', 3, 37, 'mottagarens bankkonto', "the payee's bank account"),
  paymentDate: f('paymentDate', 38, 45, 'betalningsdagen', 'the payment date'),
  depositSerial: f('depositSerial', 46, 50, 'insättningens löpnummer', 'the deposit serial number'),
  depositAmount: f('depositAmount', 51, 68, 'insättningsbeloppet', 'the deposit amount'),
  depositCurrency: f('depositCurrency', 69, 71, 'insättningens valuta', 'the deposit currency'),
  depositCount: f('depositPaymentCount', 72, 79, 'antalet betalningar', 'the number of payments'),
  endPayments: f('paymentCount', 3, 10, 'antalet betalningsposter', 'the number of payment records'),
  endDeductions: f('deductionCount', 11, 18, 'antalet avdragsposter', 'the number of deduction records'),
  endExtraRefs: f('extraReferenceCount', 19, 26, 'antalet extra referensnummerposter', 'the number of extra reference records'),
  endDeposits: f('depositCount', 27, 34, 'antalet insättningsposter', 'the number of deposit records'),
} as const;

const RECORD_NAMES: Record<string, Localized> = {
  '01': { sv: 'startposten (01)', en: 'the start record (01)' },
  '05': { sv: 'öppningsposten (05)', en: 'the section opening record (05)' },
  '15': { sv: 'insättningsposten (15)', en: 'the deposit record (15)' },
  '20': { sv: 'betalningsposten (20)', en: 'the payment record (20)' },
  '21': { sv: 'avdragsposten (21)', en: 'the deduction record (21)' },
  '22': { sv: 'extra referensnummerposten (22)', en: 'the extra reference record (22)' },
  '23': { sv: 'extra referensnummerposten (23)', en: 'the extra reference record (23)' },
  '25': { sv: 'informationsposten (25)', en: 'the information record (25)' },
  '26': { sv: 'namnposten (26)', en: 'the name record (26)' },
  '27': { sv: 'adressposten (27)', en: 'the address record (27)' },
  '28': { sv: 'adressposten (28)', en: 'the address record (28)' },
  '29': { sv: 'organisationsnummerposten (29)', en: 'the organisation number record (29)' },
  '70': { sv: 'slutposten (70)', en: 'the end record (70)' },
};

const positions = (fl: FieldLabel): Localized =>
  fl.from === fl.to
    ? { sv: `position ${fl.from}`, en: `position ${fl.from}` }
    : { sv: `position ${fl.from}–${fl.to}`, en: `positions ${fl.from}–${fl.to}` };

function fieldError(line: number, fl: FieldLabel, code: string, sv: string, en: string): ParseError {
  const pos = positions(fl);
  return parseError({ line }, fl.key, code, {
    sv: `${capitalize(fl.sv)} (${pos.sv}) ${sv}`,
    en: `${capitalize(fl.en)} (${pos.en}) ${en}`,
  });
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== 32) return false;
  return true;
}

/** Positions are 1-based and inclusive, as in Bankgirot's manual. */
const at = (line: string, from: number, to: number): string => line.slice(from - 1, to);

function stripZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  return digits.slice(i);
}

const show = (s: string): string => `"${s}"`;

// The payment whose trailing 22–29 records are being read; `seen` holds one bit per 26–29 record read.
type Open = { payment: BgmaxPayment; seen: number };

const KNOWN_CODES = new Set(Object.keys(RECORD_NAMES));

type Section = {
  index: number;
  lineNo: number;
  payeeBankgiro: string;
  payeePlusgiro: string | null;
  currency: string;
  payments: BgmaxPayment[];
  sumOre: number;
  /** 20 and 21 records, counted even when a record's fields are broken. */
  records: number;
  /** A payment record could not be read, so the amount check would only repeat that error. */
  broken: boolean;
};

export function createBgmaxParser(options: BgmaxParserOptions = {}): BgmaxParser {
  const maxErrors = options.maxErrors ?? 100;
  let errorCount = 0;
  let lastLineNo = 0;
  let header: { version: number; timestamp: string; testMark: 'T' | 'P' } | null = null;
  let headerBroken = false;
  let firstRecordSeen = false;
  let section: Section | null = null;
  let sectionCount = 0;
  let current: Open | null = null;
  // After an unreadable 20/21 record its trailing 22–29 records have no payment to belong to; skip them quietly.
  let skipTrailing = false;
  const counted = { payments: 0, deductions: 0, extraRefs: 0, deposits: 0 };
  let totalOre = 0;
  let endSeen = false;
  let afterEndReported = false;
  let finished = false;

  function report(out: BgmaxEvent[], error: ParseError): void {
    errorCount++;
    if (errorCount <= maxErrors) out.push({ kind: 'error', error });
    else if (errorCount === maxErrors + 1) {
      out.push({
        kind: 'error',
        error: parseError({}, 'file', 'too_many_errors', {
          sv: `Filen har fler än ${maxErrors} fel; de följande visas inte. Kontrollera att det är en BgMax-fil.`,
          en: `The file has more than ${maxErrors} errors; the rest are not shown. Check that it is a BgMax file.`,
        }),
      });
    }
  }

  function digits(out: BgmaxEvent[], line: string, lineNo: number, fl: FieldLabel): string | null {
    const s = at(line, fl.from, fl.to);
    if (isDigits(s)) return s;
    report(
      out,
      fieldError(lineNo, fl, 'not_numeric', `ska bara innehålla siffror men är ${show(s)}.`, `must contain digits only but is ${show(s)}.`),
    );
    return null;
  }

  function amount(out: BgmaxEvent[], line: string, lineNo: number, fl: FieldLabel): number | null {
    const s = digits(out, line, lineNo, fl);
    if (s === null) return null;
    const n = Number(s);
    if (Number.isSafeInteger(n)) return n;
    report(
      out,
      fieldError(
        lineNo,
        fl,
        'amount_too_large',
        `är för stort för att vara ett belopp: ${show(s)}.`,
        `is too large to be an amount: ${show(s)}.`,
      ),
    );
    return null;
  }

  function date(out: BgmaxEvent[], line: string, lineNo: number, fl: FieldLabel): string | null {
    const s = digits(out, line, lineNo, fl);
    if (s === null) return null;
    const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
    if (isCalendarDate(iso)) return iso;
    report(
      out,
      fieldError(
        lineNo,
        fl,
        'invalid_date',
        `är inget giltigt datum (ÅÅÅÅMMDD): ${show(s)}.`,
        `is not a valid date (YYYYMMDD): ${show(s)}.`,
      ),
    );
    return null;
  }

  function structureError(out: BgmaxEvent[], lineNo: number, code: string, sv: string, en: string): void {
    report(out, parseError({ line: lineNo }, 'transactionCode', code, { sv, en }));
  }

  function closeSectionWithoutDeposit(out: BgmaxEvent[], lineNo: number, what: Localized): void {
    if (!section) return;
    structureError(
      out,
      lineNo,
      'section_not_closed',
      `Avsnittet som börjar på rad ${section.lineNo} saknar insättningspost (15) före ${what.sv}. Dess betalningar kan inte läsas in.`,
      `The section starting on line ${section.lineNo} has no deposit record (15) before ${what.en}. Its payments cannot be imported.`,
    );
    section = null;
    current = null;
    skipTrailing = false;
  }

  function readStart(out: BgmaxEvent[], line: string, lineNo: number): void {
    if (header || headerBroken) {
      structureError(
        out,
        lineNo,
        'misplaced_start',
        'Startposten (01) får bara finnas en gång, på första raden.',
        'The start record (01) may appear only once, on the first line.',
      );
      return;
    }
    const errorsBefore = errorCount;
    const layout = at(line, F.layout.from, F.layout.to);
    if (layout.trimEnd() !== 'BGMAX') {
      report(
        out,
        fieldError(
          lineNo,
          F.layout,
          'not_bgmax',
          `ska vara "BGMAX" men är ${show(layout.trimEnd())}. Filen är inte en BgMax-fil.`,
          `should be "BGMAX" but is ${show(layout.trimEnd())}. The file is not a BgMax file.`,
        ),
      );
    }
    const version = digits(out, line, lineNo, F.version);
    const ts = digits(out, line, lineNo, F.timestamp);
    let timestamp: string | null = null;
    if (ts !== null) {
      const d = `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}`;
      const [hh, mm, ss] = [Number(ts.slice(8, 10)), Number(ts.slice(10, 12)), Number(ts.slice(12, 14))];
      if (isCalendarDate(d) && hh < 24 && mm < 60 && ss < 60) {
        timestamp = `${d}T${ts.slice(8, 10)}:${ts.slice(10, 12)}:${ts.slice(12, 14)}.${ts.slice(14, 20)}`;
      } else {
        report(
          out,
          fieldError(
            lineNo,
            F.timestamp,
            'invalid_timestamp',
            `är ingen giltig tidpunkt: ${show(ts)}.`,
            `is not a valid point in time: ${show(ts)}.`,
          ),
        );
      }
    }
    const mark = at(line, F.testMark.from, F.testMark.to);
    if (mark !== 'T' && mark !== 'P') {
      report(
        out,
        fieldError(
          lineNo,
          F.testMark,
          'invalid_test_mark',
          `ska vara T (test) eller P (produktion) men är ${show(mark)}.`,
          `should be T (test) or P (production) but is ${show(mark)}.`,
        ),
      );
    }
    if (errorCount === errorsBefore && version !== null && timestamp !== null) {
      header = { version: Number(version), timestamp, testMark: mark as 'T' | 'P' };
    } else headerBroken = true;
  }

  function readOpening(out: BgmaxEvent[], line: string, lineNo: number): void {
    if (section)
      closeSectionWithoutDeposit(out, lineNo, { sv: `nästa öppningspost (rad ${lineNo})`, en: `the next opening record (line ${lineNo})` });
    const bg = digits(out, line, lineNo, F.payeeBankgiro);
    const pgRaw = at(line, F.payeePlusgiro.from, F.payeePlusgiro.to);
    let pg: string | null = null;
    if (!isBlank(pgRaw)) {
      if (isDigits(pgRaw)) pg = Number(pgRaw) === 0 ? null : stripZeros(pgRaw);
      else
        report(
          out,
          fieldError(
            lineNo,
            F.payeePlusgiro,
            'not_numeric',
            `ska vara siffror eller tomt men är ${show(pgRaw)}.`,
            `must be digits or blank but is ${show(pgRaw)}.`,
          ),
        );
    }
    const currency = at(line, F.sectionCurrency.from, F.sectionCurrency.to);
    if (!/^[A-Z]{3}$/.test(currency)) {
      report(
        out,
        fieldError(
          lineNo,
          F.sectionCurrency,
          'invalid_currency',
          `ska vara en valutakod som SEK men är ${show(currency)}.`,
          `should be a currency code such as SEK but is ${show(currency)}.`,
        ),
      );
    }
    sectionCount++;
    section = {
      index: sectionCount,
      lineNo,
      payeeBankgiro: bg === null ? '' : stripZeros(bg),
      payeePlusgiro: pg,
      currency,
      payments: [],
      sumOre: 0,
      records: 0,
      broken: bg === null,
    };
    current = null;
    skipTrailing = false;
  }

  function readPayment(out: BgmaxEvent[], line: string, lineNo: number, deduction: boolean): void {
    if (deduction) counted.deductions++;
    else counted.payments++;
    if (!section) {
      structureError(
        out,
        lineNo,
        'outside_section',
        `${capitalize(RECORD_NAMES[deduction ? '21' : '20']!.sv)} står utanför ett avsnitt: en öppningspost (05) ska komma före.`,
        `${capitalize(RECORD_NAMES[deduction ? '21' : '20']!.en)} is outside a section: an opening record (05) must come first.`,
      );
      current = null;
      skipTrailing = true;
      return;
    }
    section.records++;
    const errorsBefore = errorCount;
    const bg = digits(out, line, lineNo, F.senderBankgiro);
    const ore = amount(out, line, lineNo, F.amount);
    const refCode = digits(out, line, lineNo, F.referenceCode);
    const channel = digits(out, line, lineNo, F.channel);
    const serial = digits(out, line, lineNo, F.bankSerial);
    const image = digits(out, line, lineNo, F.imageMark);
    const dedCode = deduction ? digits(out, line, lineNo, F.deductionCode) : null;
    if (
      errorCount !== errorsBefore ||
      bg === null ||
      ore === null ||
      refCode === null ||
      channel === null ||
      serial === null ||
      image === null
    ) {
      section.broken = true;
      current = null;
      skipTrailing = true;
      return;
    }
    const signed = deduction ? -ore : ore;
    section.sumOre += signed;
    const payment: BgmaxPayment = {
      lineNo,
      sectionIndex: section.index,
      recordType: deduction ? 'deduction' : 'payment',
      payeeBankgiro: section.payeeBankgiro,
      senderBankgiro: Number(bg) === 0 ? null : stripZeros(bg),
      reference: at(line, 13, 37).trim(),
      referenceCode: Number(refCode),
      amountOre: signed,
      channel: Number(channel),
      bankSerial: serial,
      imageMark: Number(image),
      deductionCode: dedCode === null ? null : Number(dedCode),
      paymentDate: '',
      currency: section.currency,
      extraReferences: [],
      information: [],
    };
    section.payments.push(payment);
    current = { payment, seen: 0 };
    skipTrailing = false;
  }

  /** The payment a 22–29 record belongs to, or null (reported) when there is none. */
  function owner(out: BgmaxEvent[], code: string, lineNo: number): Open | null {
    if (current) return current;
    if (!skipTrailing) {
      const name = RECORD_NAMES[code]!;
      structureError(
        out,
        lineNo,
        section ? 'outside_payment' : 'outside_section',
        `${capitalize(name.sv)} hör till en betalning men står inte efter en betalningspost (20) eller avdragspost (21).`,
        `${capitalize(name.en)} belongs to a payment but does not follow a payment (20) or deduction (21) record.`,
      );
    }
    return null;
  }

  function once(out: BgmaxEvent[], o: Open, code: string, lineNo: number): boolean {
    const bit = 1 << (Number(code) - 26);
    if (!(o.seen & bit)) {
      o.seen |= bit;
      return true;
    }
    const name = RECORD_NAMES[code]!;
    structureError(
      out,
      lineNo,
      'duplicate_record',
      `${capitalize(name.sv)} finns två gånger för betalningen på rad ${o.payment.lineNo}.`,
      `${capitalize(name.en)} appears twice for the payment on line ${o.payment.lineNo}.`,
    );
    return false;
  }

  function readTrailing(out: BgmaxEvent[], code: string, line: string, lineNo: number): void {
    if (code === '22' || code === '23') counted.extraRefs++;
    const o = owner(out, code, lineNo);
    if (!o) return;
    const p = o.payment;
    switch (code) {
      case '22':
      case '23': {
        const ore = amount(out, line, lineNo, F.amount);
        const refCode = digits(out, line, lineNo, F.referenceCode);
        if (ore !== null && refCode !== null) {
          p.extraReferences.push({
            reference: at(line, 13, 37).trim(),
            referenceCode: Number(refCode),
            amountOre: code === '23' ? -ore : ore,
          });
        }
        return;
      }
      case '25': {
        const text = at(line, 3, 52).trim();
        if (text) p.information.push(text);
        return;
      }
      case '26': {
        if (!once(out, o, code, lineNo)) return;
        setText(p, 'payerName', at(line, 3, 37));
        setText(p, 'payerNameExtra', at(line, 38, 72));
        return;
      }
      case '27': {
        if (!once(out, o, code, lineNo)) return;
        setText(p, 'payerAddress', at(line, 3, 37));
        setText(p, 'payerPostcode', at(line, 38, 46));
        return;
      }
      case '28': {
        if (!once(out, o, code, lineNo)) return;
        setText(p, 'payerCity', at(line, 3, 37));
        setText(p, 'payerCountry', at(line, 38, 72));
        setText(p, 'payerCountryCode', at(line, 73, 74));
        return;
      }
      case '29': {
        if (!once(out, o, code, lineNo)) return;
        const n = digits(out, line, lineNo, F.orgNumber);
        // Bankgirot writes a 10-digit organisation number as 00NNNNNNNNNN; a 12-digit personal number starts 19/20.
        if (n !== null && Number(n) !== 0) p.payerOrgNumber = n.startsWith('00') ? n.slice(2) : n;
        return;
      }
    }
  }

  function readDeposit(out: BgmaxEvent[], line: string, lineNo: number): void {
    counted.deposits++;
    if (!section) {
      structureError(
        out,
        lineNo,
        'outside_section',
        'Insättningsposten (15) avslutar ett avsnitt men inget avsnitt är öppet: en öppningspost (05) ska komma före.',
        'The deposit record (15) closes a section but no section is open: an opening record (05) must come first.',
      );
      return;
    }
    const s = section;
    section = null;
    current = null;
    skipTrailing = false;
    const errorsBefore = errorCount;
    const account = digits(out, line, lineNo, F.payeeAccount);
    const paymentDate = date(out, line, lineNo, F.paymentDate);
    const serial = digits(out, line, lineNo, F.depositSerial);
    const ore = amount(out, line, lineNo, F.depositAmount);
    const currency = at(line, F.depositCurrency.from, F.depositCurrency.to);
    if (currency !== s.currency) {
      report(
        out,
        fieldError(
          lineNo,
          F.depositCurrency,
          'currency_mismatch',
          `är ${show(currency)} men avsnittets öppningspost (rad ${s.lineNo}) säger ${show(s.currency)}.`,
          `is ${show(currency)} but the section's opening record (line ${s.lineNo}) says ${show(s.currency)}.`,
        ),
      );
    }
    const count = digits(out, line, lineNo, F.depositCount);
    if (count !== null && Number(count) !== s.records) {
      report(
        out,
        fieldError(
          lineNo,
          F.depositCount,
          'deposit_count_mismatch',
          `är ${Number(count)} men avsnittet har ${s.records} betalnings- och avdragsposter.`,
          `is ${Number(count)} but the section has ${s.records} payment and deduction records.`,
        ),
      );
    }
    if (ore !== null && !s.broken && ore !== s.sumOre) {
      report(
        out,
        fieldError(
          lineNo,
          F.depositAmount,
          'deposit_sum_mismatch',
          `är ${formatKronor(ore, { decimals: 'always' })} men avsnittets betalningar minus avdrag blir ${formatKronor(s.sumOre, { decimals: 'always' })}.`,
          `is ${formatKronor(ore, { decimals: 'always' })} but the section's payments minus deductions come to ${formatKronor(s.sumOre, { decimals: 'always' })}.`,
        ),
      );
    }
    if (paymentDate === null || account === null || serial === null || ore === null) return;
    if (errorCount === errorsBefore) totalOre += ore;
    for (const p of s.payments) {
      p.paymentDate = paymentDate;
      out.push({ kind: 'payment', payment: p });
    }
    const type = at(line, 80, 80);
    out.push({
      kind: 'deposit',
      deposit: {
        lineNo,
        sectionIndex: s.index,
        payeeBankgiro: s.payeeBankgiro,
        payeePlusgiro: s.payeePlusgiro,
        payeeAccount: stripZeros(account),
        paymentDate,
        depositSerial: serial,
        amountOre: ore,
        currency,
        paymentCount: s.records,
        depositType: type === ' ' || type === '' ? null : type,
      },
    });
  }

  function readEnd(out: BgmaxEvent[], line: string, lineNo: number): void {
    if (section) closeSectionWithoutDeposit(out, lineNo, { sv: 'slutposten (70)', en: 'the end record (70)' });
    endSeen = true;
    const checks: [FieldLabel, number, Localized][] = [
      [F.endPayments, counted.payments, { sv: 'betalningsposter (20)', en: 'payment records (20)' }],
      [F.endDeductions, counted.deductions, { sv: 'avdragsposter (21)', en: 'deduction records (21)' }],
      [F.endExtraRefs, counted.extraRefs, { sv: 'extra referensnummerposter (22, 23)', en: 'extra reference records (22, 23)' }],
      [F.endDeposits, counted.deposits, { sv: 'insättningsposter (15)', en: 'deposit records (15)' }],
    ];
    for (const [fl, actual, what] of checks) {
      const s = digits(out, line, lineNo, fl);
      if (s !== null && Number(s) !== actual) {
        report(
          out,
          fieldError(
            lineNo,
            fl,
            'end_count_mismatch',
            `är ${Number(s)} men filen har ${actual} ${what.sv}.`,
            `is ${Number(s)} but the file has ${actual} ${what.en}.`,
          ),
        );
      }
    }
  }

  function pushLine(rawLine: string, lineNo: number): BgmaxEvent[] {
    const out: BgmaxEvent[] = [];
    if (finished) return out;
    try {
      lastLineNo = lineNo;
      const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
      if (endSeen) {
        if (line.trim() !== '' && !afterEndReported) {
          afterEndReported = true;
          structureError(
            out,
            lineNo,
            'after_end',
            'Det finns rader efter slutposten (70); den ska vara filens sista rad.',
            'There are lines after the end record (70); it must be the last line of the file.',
          );
        }
        return out;
      }
      if (line.trim() === '') {
        report(
          out,
          parseError({ line: lineNo }, 'lineLength', 'blank_line', {
            sv: 'Raden är tom. En BgMax-fil har inga tomma rader före slutposten (70).',
            en: 'The line is blank. A BgMax file has no blank lines before the end record (70).',
          }),
        );
        return out;
      }
      const code = line.slice(0, 2);
      if (!firstRecordSeen) {
        firstRecordSeen = true;
        if (code !== '01') {
          headerBroken = true;
          structureError(
            out,
            lineNo,
            'missing_start',
            'Filen börjar inte med en startpost (01) med layoutnamnet BGMAX. Det är inte en BgMax-fil, eller så saknas början.',
            'The file does not begin with a start record (01) with the layout name BGMAX. It is not a BgMax file, or its beginning is missing.',
          );
        }
      }
      if (!KNOWN_CODES.has(code)) {
        if (options.ignoreUnknownRecords && line.length === BGMAX_LINE_LENGTH) return out;
        report(
          out,
          fieldError(
            lineNo,
            F.code,
            'unknown_record',
            `${show(code)} är ingen känd posttyp i BgMax (01, 05, 15, 20–23, 25–29, 70).`,
            `${show(code)} is not a known BgMax record type (01, 05, 15, 20–23, 25–29, 70).`,
          ),
        );
        return out;
      }
      if (line.length !== BGMAX_LINE_LENGTH) {
        lengthError(out, line, lineNo);
        keepStructure(out, code, lineNo);
        return out;
      }
      switch (code) {
        case '01':
          readStart(out, line, lineNo);
          break;
        case '05':
          readOpening(out, line, lineNo);
          break;
        case '20':
        case '21':
          readPayment(out, line, lineNo, code === '21');
          break;
        case '15':
          readDeposit(out, line, lineNo);
          break;
        case '70':
          readEnd(out, line, lineNo);
          break;
        default:
          readTrailing(out, code, line, lineNo);
      }
    } catch (e) {
      report(out, unexpected(lineNo, e));
    }
    return out;
  }

  function lengthError(out: BgmaxEvent[], line: string, lineNo: number): void {
    // A UTF-8 file decoded as Latin-1 turns å, ä, ö into "Ã¥", "Ã¤", "Ã¶": say so, it is the usual cause.
    const mojibake = line.length > BGMAX_LINE_LENGTH && /\u00c3[\u0080-\u00bf]/.test(line);
    report(
      out,
      parseError({ line: lineNo }, 'lineLength', 'line_length', {
        sv:
          `Raden har ${line.length} tecken; varje rad i en BgMax-fil ska ha exakt ${BGMAX_LINE_LENGTH}.` +
          (mojibake ? ' Filen verkar vara sparad som UTF-8; BgMax ska vara ISO-8859-1 (Latin-1).' : ''),
        en:
          `The line has ${line.length} characters; every line of a BgMax file must have exactly ${BGMAX_LINE_LENGTH}.` +
          (mojibake ? ' The file seems to be saved as UTF-8; BgMax must be ISO-8859-1 (Latin-1).' : ''),
      }),
    );
  }

  /** A line of the wrong length is not read field by field, but sections and counts stay in step. */
  function keepStructure(out: BgmaxEvent[], code: string, lineNo: number): void {
    switch (code) {
      case '01':
        headerBroken = true;
        return;
      case '05':
        if (section)
          closeSectionWithoutDeposit(out, lineNo, {
            sv: `nästa öppningspost (rad ${lineNo})`,
            en: `the next opening record (line ${lineNo})`,
          });
        sectionCount++;
        section = {
          index: sectionCount,
          lineNo,
          payeeBankgiro: '',
          payeePlusgiro: null,
          currency: '',
          payments: [],
          sumOre: 0,
          records: 0,
          broken: true,
        };
        current = null;
        skipTrailing = false;
        return;
      case '20':
      case '21':
        if (code === '20') counted.payments++;
        else counted.deductions++;
        if (section) {
          section.records++;
          section.broken = true;
        }
        current = null;
        skipTrailing = true;
        return;
      case '22':
      case '23':
        counted.extraRefs++;
        return;
      case '15':
        counted.deposits++;
        section = null;
        current = null;
        skipTrailing = true;
        return;
      case '70':
        endSeen = true;
        return;
    }
  }

  function end(): BgmaxEvent[] {
    const out: BgmaxEvent[] = [];
    if (finished) return out;
    finished = true;
    if (!firstRecordSeen) {
      report(out, parseError({}, 'file', 'empty_file', { sv: 'Filen är tom.', en: 'The file is empty.' }));
      return out;
    }
    if (!endSeen) {
      if (section) closeSectionWithoutDeposit(out, lastLineNo, { sv: 'filens slut', en: 'the end of the file' });
      report(
        out,
        parseError({ line: lastLineNo }, 'transactionCode', 'missing_end', {
          sv: 'Filen slutar här utan slutpost (70). Den kan vara avklippt; be om en ny fil från banken.',
          en: 'The file ends here without an end record (70). It may be cut off; ask the bank for a new file.',
        }),
      );
    }
    if (errorCount === 0 && header) {
      out.push({
        kind: 'end',
        file: {
          timestamp: header.timestamp,
          testMark: header.testMark,
          version: header.version,
          sections: sectionCount,
          payments: counted.payments,
          deductions: counted.deductions,
          extraReferences: counted.extraRefs,
          totalOre,
        },
      });
    }
    return out;
  }

  return { pushLine, end };
}

function setText(
  p: BgmaxPayment,
  key: 'payerName' | 'payerNameExtra' | 'payerAddress' | 'payerPostcode' | 'payerCity' | 'payerCountry' | 'payerCountryCode',
  raw: string,
): void {
  const v = raw.trim();
  if (v) p[key] = v;
}

function unexpected(line: number | undefined, e: unknown): ParseError {
  const detail = e instanceof Error ? e.message : String(e);
  return parseError(line === undefined ? {} : { line }, 'file', 'unexpected', {
    sv: `Raden kunde inte läsas (${detail}).`,
    en: `The line could not be read (${detail}).`,
  });
}

export type BgmaxParseResult =
  { ok: true; file: BgmaxFileSummary; payments: BgmaxPayment[]; deposits: BgmaxDeposit[] } | { ok: false; errors: ParseError[] };

/** Whole-file convenience for small files and tests; the server streams with createBgmaxParser. */
export function parseBgmax(text: string, options: BgmaxParserOptions = {}): BgmaxParseResult {
  const parser = createBgmaxParser(options);
  const payments: BgmaxPayment[] = [];
  const deposits: BgmaxDeposit[] = [];
  const errors: ParseError[] = [];
  let file: BgmaxFileSummary | null = null;
  const collect = (events: BgmaxEvent[]) => {
    for (const e of events) {
      if (e.kind === 'payment') payments.push(e.payment);
      else if (e.kind === 'deposit') deposits.push(e.deposit);
      else if (e.kind === 'error') errors.push(e.error);
      else file = e.file;
    }
  };
  const lines = text.split('\n');
  // A final line break ends the last line; it does not start an empty one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (text === '') lines.length = 0;
  lines.forEach((line, i) => collect(parser.pushLine(line, i + 1)));
  collect(parser.end());
  if (errors.length > 0 || file === null) return { ok: false, errors };
  return { ok: true, file, payments, deposits };
}

// ---------------------------------------------------------------------------------------------------------
// Builder: valid BgMax text from payment specs, for tests and the import benchmark (100 000 payments). Plain
// string padding, no per-line regular expressions. Throws RangeError for specs that cannot be written: that is
// a programming error in the caller, not bad input from a bank.

export type BgmaxPaymentSpec = {
  /** Öre. Negative writes a deduction record (21) of that size. */
  amountOre: number;
  senderBankgiro?: string | null;
  reference?: string;
  /** Default: 2 (OCR) for an all-digit reference, 0 for none, 3 otherwise. */
  referenceCode?: number;
  channel?: number;
  /** 12 digits; default a running number unique in the file. */
  bankSerial?: string;
  imageMark?: number;
  /** For deductions; default 1. */
  deductionCode?: number;
  /** Negative amount writes a 23 record. */
  extraReferences?: { reference: string; amountOre: number; referenceCode?: number }[];
  information?: string[];
  payerName?: string;
  payerNameExtra?: string;
  payerAddress?: string;
  payerPostcode?: string;
  payerCity?: string;
  payerCountry?: string;
  payerCountryCode?: string;
  payerOrgNumber?: string;
};

export type BgmaxSectionSpec = {
  payeeBankgiro: string;
  payeePlusgiro?: string | null;
  currency?: string;
  /** YYYY-MM-DD. */
  paymentDate: string;
  payeeAccount?: string;
  depositSerial?: number;
  depositType?: string | null;
  payments: BgmaxPaymentSpec[];
};

export type BgmaxBuildOptions = {
  /** 'YYYY-MM-DDTHH:MM:SS' with optional '.ffffff'; default 2026-01-01T00:00:00.000000. */
  timestamp?: string;
  /** Default 'T': generated files are test files. */
  testMark?: 'T' | 'P';
  version?: number;
  lineEnding?: '\n' | '\r\n';
  /** First Bankgirot serial number handed out to payments without one; default 1. */
  firstBankSerial?: number;
};

/** The lines of a valid BgMax file, without line breaks; lazily, so a benchmark can stream 100 000 payments. */
export function* buildBgmaxLines(sections: BgmaxSectionSpec[], options: BgmaxBuildOptions = {}): Generator<string> {
  const ts = options.timestamp ?? '2026-01-01T00:00:00.000000';
  const tsMatch = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(ts);
  if (!tsMatch) throw new RangeError(`timestamp must be YYYY-MM-DDTHH:MM:SS(.ffffff), got "${ts}"`);
  const tsDigits = tsMatch.slice(1, 7).join('') + (tsMatch[7] ?? '').padEnd(6, '0');
  const version = options.version ?? 1;
  yield line(`01${'BGMAX'.padEnd(20)}${num(version, 2, 'version')}${tsDigits}${options.testMark ?? 'T'}`);
  let serial = options.firstBankSerial ?? 1;
  let payments = 0;
  let deductions = 0;
  let extraRefs = 0;
  for (const [si, s] of sections.entries()) {
    const currency = s.currency ?? 'SEK';
    if (currency.length !== 3) throw new RangeError(`currency must have three letters, got "${currency}"`);
    const pg = s.payeePlusgiro ? digitsField(s.payeePlusgiro, 10, 'payeePlusgiro') : ''.padEnd(10);
    yield line(`05${digitsField(s.payeeBankgiro, 10, 'payeeBankgiro')}${pg}${currency}`);
    let sum = 0;
    for (const p of s.payments) {
      const deduction = p.amountOre < 0;
      if (!Number.isSafeInteger(p.amountOre)) throw new RangeError(`amountOre must be whole öre, got ${p.amountOre}`);
      const reference = p.reference ?? '';
      const refCode = p.referenceCode ?? (reference === '' ? 0 : isDigits(reference) ? 2 : 3);
      const bankSerial = p.bankSerial ?? String(serial++).padStart(12, '0');
      if (bankSerial.length !== 12 || !isDigits(bankSerial)) throw new RangeError(`bankSerial must be 12 digits, got "${bankSerial}"`);
      const sender = digitsField(p.senderBankgiro ?? '0', 10, 'senderBankgiro');
      const common = `${sender}${refField(reference, refCode)}${num(Math.abs(p.amountOre), 18, 'amountOre')}${digit(refCode, 'referenceCode')}`;
      if (deduction) {
        deductions++;
        yield line(
          `21${common}${digit(p.channel ?? 1, 'channel')}${bankSerial}${digit(p.imageMark ?? 0, 'imageMark')}${digit(p.deductionCode ?? 1, 'deductionCode')}`,
        );
      } else {
        payments++;
        yield line(`20${common}${digit(p.channel ?? 1, 'channel')}${bankSerial}${digit(p.imageMark ?? 0, 'imageMark')}`);
      }
      sum += p.amountOre;
      for (const x of p.extraReferences ?? []) {
        extraRefs++;
        const code = x.referenceCode ?? (x.reference === '' ? 0 : isDigits(x.reference) ? 2 : 3);
        const tk = x.amountOre < 0 ? '23' : '22';
        yield line(
          `${tk}${sender}${refField(x.reference, code)}${num(Math.abs(x.amountOre), 18, 'extra reference amountOre')}${digit(code, 'referenceCode')}${digit(p.channel ?? 1, 'channel')}${bankSerial}${digit(p.imageMark ?? 0, 'imageMark')}`,
        );
      }
      for (const info of p.information ?? []) yield line(`25${text(info, 50, 'information')}`);
      if (p.payerName !== undefined || p.payerNameExtra !== undefined) {
        yield line(`26${text(p.payerName ?? '', 35, 'payerName')}${text(p.payerNameExtra ?? '', 35, 'payerNameExtra')}`);
      }
      if (p.payerAddress !== undefined || p.payerPostcode !== undefined) {
        yield line(`27${text(p.payerAddress ?? '', 35, 'payerAddress')}${text(p.payerPostcode ?? '', 9, 'payerPostcode')}`);
      }
      if (p.payerCity !== undefined || p.payerCountry !== undefined || p.payerCountryCode !== undefined) {
        yield line(
          `28${text(p.payerCity ?? '', 35, 'payerCity')}${text(p.payerCountry ?? '', 35, 'payerCountry')}${text(p.payerCountryCode ?? '', 2, 'payerCountryCode')}`,
        );
      }
      if (p.payerOrgNumber !== undefined) yield line(`29${digitsField(p.payerOrgNumber, 12, 'payerOrgNumber')}`);
    }
    if (!isCalendarDate(s.paymentDate)) throw new RangeError(`paymentDate must be YYYY-MM-DD, got "${s.paymentDate}"`);
    if (sum < 0) throw new RangeError(`section ${si + 1}: deductions exceed payments, a deposit cannot be negative`);
    const account = digitsField(s.payeeAccount ?? '0', 35, 'payeeAccount');
    const depositType = (s.depositType ?? ' ').padEnd(1).slice(0, 1);
    yield line(
      `15${account}${s.paymentDate.replaceAll('-', '')}${num(s.depositSerial ?? si + 1, 5, 'depositSerial')}${num(sum, 18, 'deposit amount')}${currency}${num(s.payments.length, 8, 'payment count')}${depositType}`,
    );
  }
  yield line(
    `70${num(payments, 8, 'payments')}${num(deductions, 8, 'deductions')}${num(extraRefs, 8, 'extra references')}${num(sections.length, 8, 'deposits')}`,
  );
}

/** A whole BgMax file as text (decoded; encode it as ISO-8859-1 to get the bytes Bankgirot sends). */
export function buildBgmaxFile(sections: BgmaxSectionSpec[], options: BgmaxBuildOptions = {}): string {
  const eol = options.lineEnding ?? '\n';
  // Joining in chunks keeps few strings alive at once: three times faster than one join of 300 000 lines.
  const chunks: string[] = [];
  let buffer: string[] = [];
  for (const l of buildBgmaxLines(sections, options)) {
    buffer.push(l);
    if (buffer.length === 4096) {
      chunks.push(buffer.join(eol));
      buffer = [];
    }
  }
  if (buffer.length > 0) chunks.push(buffer.join(eol));
  return chunks.join(eol) + eol;
}

function line(s: string): string {
  if (s.length > BGMAX_LINE_LENGTH) throw new RangeError(`BgMax line longer than ${BGMAX_LINE_LENGTH}: "${s}"`);
  return s.padEnd(BGMAX_LINE_LENGTH);
}

function num(n: number, width: number, what: string): string {
  const s = String(n);
  if (!Number.isSafeInteger(n) || n < 0 || s.length > width)
    throw new RangeError(`${what} must be a whole number of at most ${width} digits, got ${n}`);
  return s.padStart(width, '0');
}

function digit(n: number, what: string): string {
  return num(n, 1, what);
}

function digitsField(s: string, width: number, what: string): string {
  if (!isDigits(s) || s.length > width) throw new RangeError(`${what} must be at most ${width} digits, got "${s}"`);
  return s.padStart(width, '0');
}

function text(s: string, width: number, what: string): string {
  if (s.length > width) throw new RangeError(`${what} is longer than ${width} characters: "${s}"`);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 255 || (c >= 127 && c < 160)) throw new RangeError(`${what} has a character ISO-8859-1 BgMax cannot hold: "${s}"`);
  }
  return s.padEnd(width);
}

// OCR references are right-aligned (Bankgirot's example file); other references are left-aligned.
function refField(reference: string, code: number): string {
  const t = text(reference, 25, 'reference');
  return code === 2 ? reference.padStart(25) : t;
}
