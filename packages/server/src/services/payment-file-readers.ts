import { AppError, invalidField } from '../errors.ts';
import fs from 'node:fs';
import readline from 'node:readline';
import { createBgmaxParser, parseCamt, parseError, parsePaymentRows, suggestColumnMapping, type ParseError } from '@kvarbo/domain';
import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';

// Turns an incoming-payment file into one stream of rows, whatever its format. Each reader is called twice
// by the import: once to validate the whole file (nothing kept in memory), once to write it. BgMax is read
// line by line, so a file of 100 000 payments never sits in memory.

export type IncomingRow = {
  /** Line in the file (BgMax, CSV/Excel) or null (camt: see element). */
  lineNo: number | null;
  element: string | null;
  /** The bank's own id for the transaction; re-imports skip rows whose id is stored already. */
  bankReference: string;
  bookingDate: string;
  amountOre: number;
  reference: string | null;
  payerName: string | null;
  freeText: string | null;
  /** The bankgiro the money was paid to, when the file says (BgMax). */
  payeeBankgiro: string | null;
  /** A deduction or a bank's reversal: never matched automatically, a person decides what it corrects. */
  isCorrection: boolean;
};

export type ReaderEvent =
  { kind: 'row'; row: IncomingRow } | { kind: 'error'; error: ParseError } | { kind: 'end'; payments: number; totalOre: number };

export type PaymentFileReader = () => AsyncGenerator<ReaderEvent>;

/** BgMax is ISO-8859-1 (Bankgirot's manual): decoded as latin1, a line at a time. */
export function bgmaxReader(file: string): PaymentFileReader {
  return async function* () {
    const parser = createBgmaxParser();
    const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'latin1' }), crlfDelay: Infinity });
    let lineNo = 0;
    for await (const line of lines) {
      lineNo++;
      // An empty last line is a trailing line break, not a record.
      if (line === '') continue;
      yield* fromBgmaxEvents(parser.pushLine(line, lineNo));
    }
    yield* fromBgmaxEvents(parser.end());
  };
}

function* fromBgmaxEvents(events: ReturnType<ReturnType<typeof createBgmaxParser>['pushLine']>): Generator<ReaderEvent> {
  for (const e of events) {
    if (e.kind === 'error') yield { kind: 'error', error: e.error };
    else if (e.kind === 'end') yield { kind: 'end', payments: e.file.payments + e.file.deductions, totalOre: e.file.totalOre };
    else if (e.kind === 'payment') {
      const p = e.payment;
      yield {
        kind: 'row',
        row: {
          lineNo: p.lineNo,
          element: null,
          bankReference: `bgmax:${p.payeeBankgiro}:${p.bankSerial}`,
          bookingDate: p.paymentDate,
          amountOre: p.amountOre,
          // Reference code 2 is a checked OCR reference; anything else in the field is a message from the payer.
          reference: p.referenceCode === 2 ? p.reference || null : null,
          payerName: [p.payerName, p.payerNameExtra].filter(Boolean).join(' ') || null,
          freeText: [p.referenceCode === 2 ? '' : p.reference, ...p.information].filter(Boolean).join(' ') || null,
          payeeBankgiro: p.payeeBankgiro,
          isCorrection: p.recordType === 'deduction',
        },
      };
    }
  }
}

/**
 * camt.053/054 XML, parsed whole (bank notifications are small next to BgMax batch files). The XML declaration
 * decides the encoding; UTF-8 when it says nothing, as XML prescribes.
 */
export function camtReader(file: string): PaymentFileReader {
  return async function* () {
    const bytes = await fs.promises.readFile(file);
    const declared = /encoding=["']([\w-]+)["']/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1]?.toLowerCase();
    const xml = bytes.toString(declared === 'iso-8859-1' || declared === 'latin1' || declared === 'windows-1252' ? 'latin1' : 'utf8');
    const result = parseCamt(xml);
    if (!result.ok) {
      for (const error of result.errors) yield { kind: 'error', error };
      return;
    }
    for (const p of result.payments) {
      if (p.currency !== 'SEK') {
        yield {
          kind: 'error',
          error: parseError({ element: p.element }, 'Ccy', 'currency', {
            sv: `beloppet är i ${p.currency}; Kvarbo tar bara emot hyror i SEK`,
            en: `the amount is in ${p.currency}; Kvarbo only takes rent in SEK`,
          }),
        };
        continue;
      }
      yield {
        kind: 'row',
        row: {
          lineNo: null,
          element: p.element,
          bankReference: `camt:${p.bankReference}`,
          bookingDate: p.bookingDate,
          amountOre: p.amountOre,
          reference: p.ocrReference,
          payerName: p.payerName,
          freeText: p.freeText,
          payeeBankgiro: null,
          isCorrection: p.reversal || p.amountOre < 0,
        },
      };
    }
    yield { kind: 'end', payments: result.totals.payments, totalOre: result.totals.paymentsSumOre };
  };
}

export type ColumnMapping = Partial<Record<'date' | 'amount' | 'reference' | 'name' | 'bankReference' | 'note', number>>;

/**
 * A CSV or Excel list of payments (an internet bank's export, a landlord's ledger): read whole into rows of
 * text, then the staff member's column mapping picks the fields. The first row holds the headers.
 */
export function tableReader(format: 'csv' | 'xlsx', file: string, mapping: ColumnMapping | undefined): PaymentFileReader {
  return async function* () {
    const rows = await readTable(format, file);
    const headers = rows[0] ?? [];
    const map = mapping ?? suggestColumnMapping(headers);
    const result = parsePaymentRows(rows, map, { firstDataRow: 2 });
    for (const error of result.errors) yield { kind: 'error', error };
    if (result.errors.length) return;
    let totalOre = 0;
    for (const p of result.payments) {
      totalOre += p.amountOre;
      yield {
        kind: 'row',
        row: {
          lineNo: p.line,
          element: null,
          bankReference: `${format}:${p.bankReference}`,
          bookingDate: p.date,
          amountOre: p.amountOre,
          reference: p.reference,
          payerName: p.name,
          freeText: p.note,
          payeeBankgiro: null,
          isCorrection: p.amountOre < 0,
        },
      };
    }
    yield { kind: 'end', payments: result.payments.length, totalOre };
  };
}

/** Rows of text: CSV in UTF-8 or, when not valid UTF-8, Windows-1252 (Swedish banks' exports); Excel's first sheet. */
export async function readTable(format: 'csv' | 'xlsx', file: string): Promise<string[][]> {
  try {
    return await readTableUnchecked(format, file);
  } catch (err) {
    if (err instanceof AppError) throw err;
    // A file that is not what its format says (not a workbook, broken CSV quoting): the person's mistake, named.
    throw invalidField('file', 'unreadable', {
      sv:
        format === 'csv'
          ? 'Filen kunde inte läsas som CSV (kontrollera citattecken och avgränsare).'
          : 'Filen kunde inte läsas som en Excel-fil (.xlsx).',
      en:
        format === 'csv'
          ? 'The file could not be read as CSV (check quotes and separators).'
          : 'The file could not be read as an Excel file (.xlsx).',
    });
  }
}

async function readTableUnchecked(format: 'csv' | 'xlsx', file: string): Promise<string[][]> {
  const bytes = await fs.promises.readFile(file);
  if (format === 'csv') {
    const text = isUtf8(bytes) ? bytes.toString('utf8').replace(/^\uFEFF/, '') : bytes.toString('latin1');
    return parseCsv(text, { delimiter: detectDelimiter(text), relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  }
  // exceljs is large; loaded only when an Excel file arrives.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows.push(Array.from(cells, (c) => c ?? ''));
  });
  return rows;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  // Excel dates are calendar days; exceljs gives them as UTC midnight.
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object' && 'result' in v) return cellText(v.result as ExcelJS.CellValue);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
}

function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [';', '\t', ','].map((d) => [d, firstLine.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export const PAYMENT_FORMATS = ['bgmax', 'camt054', 'camt053', 'csv', 'xlsx'] as const;
export type PaymentFormat = (typeof PAYMENT_FORMATS)[number];

export function readerFor(format: PaymentFormat, file: string, mapping?: ColumnMapping): PaymentFileReader {
  switch (format) {
    case 'bgmax':
      return bgmaxReader(file);
    case 'camt054':
    case 'camt053':
      return camtReader(file);
    case 'csv':
    case 'xlsx':
      return tableReader(format, file, mapping);
  }
}
