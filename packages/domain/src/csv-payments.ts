// Payment lists a caseworker exports from the internet bank or gets from the landlord as CSV or Excel. The
// server reads the file into rows of strings; this module suggests which column is which from the header
// words (Swedish banks' exports and English ones), and turns the rows into payments, naming the row and the
// column header in every error so the caseworker can find the cell in the spreadsheet.
//
// Amounts are read as Swedish people and banks write them ("1 234,50", "1234.50", "-200,00", "1 234,50 kr")
// and a separator that could be either decimal or thousands ("1.234", "1,500") is refused rather than guessed:
// a wrong guess is a factor 1000 on someone's rent. Dates must have the year first (2026-03-01, 20260301,
// 2026/03/01); "1/3/2026" is 1 March in Sweden but 3 January in the US, so it is refused too.
import type { Localized } from './errors.ts';
import { isCalendarDate } from './calendar-date.ts';
import type { ParseError } from './parse-error.ts';
import { capitalize, parseError } from './parse-error.ts';

export const PAYMENT_COLUMNS = ['date', 'amount', 'reference', 'name', 'bankReference', 'note'] as const;
export type PaymentColumn = (typeof PAYMENT_COLUMNS)[number];
/** Column index (0-based) for each field. */
export type ColumnMapping = Partial<Record<PaymentColumn, number>>;

export type CsvPayment = {
  /** 1-based row number as a spreadsheet shows it (rows[0] is line 1). */
  line: number;
  /** YYYY-MM-DD. */
  date: string;
  /** Öre; negative for money out, which the list may also hold. */
  amountOre: number;
  /** Trimmed; '' when the row has none. */
  reference: string;
  name: string | null;
  /** The bank's id for the transaction, or a key derived from the row (see deriveBankReference). */
  bankReference: string;
  bankReferenceDerived: boolean;
  note: string | null;
};

export type PaymentRowsOptions = {
  /** Line number (1-based, as the spreadsheet shows it) of the first payment; lines before it are headers or titles. */
  firstDataRow: number;
  /** Line number of the header row, for naming columns in errors; default the line before firstDataRow; 0 for none. */
  headerRow?: number;
};

// Header words, best first; compared without case, accents, spaces or punctuation ("Bokföringsdag",
// "bokforings-dag" and "BOKFÖRINGSDAG" are the same). Exact matches beat partial ones. The words come from
// the exports of Swedish banks (Swedbank: Bokföringsdag, Transaktionsdag, Referens, Beskrivning, Belopp; Nordea:
// Bokföringsdag, Belopp, Namn, Meddelande; SEB: Bokföringsdatum, Verifikationsnummer, Text/mottagare;
// Handelsbanken: Reskontradatum, Transaktionsdatum, Text) and common English ones. The date of the payment is
// preferred to the booking date: rent counts as paid when it was paid in.
type Words = { exact: string[]; partial: string[]; not: string[] };
const WORDS: Record<PaymentColumn, Words> = {
  bankReference: {
    exact: [
      'transaktionsid',
      'transaktionsnummer',
      'transaktionsreferens',
      'verifikationsnummer',
      'verifikationsnr',
      'verifikation',
      'vernr',
      'lopnummer',
      'lopnr',
      'bgclopnummer',
      'bankreferens',
      'arkivreferens',
      'serienummer',
      'transactionid',
      'transactionreference',
      'bankreference',
      'id',
    ],
    partial: ['transaktionsid', 'verifikation', 'lopnummer', 'bankreferens', 'arkivreferens', 'transactionid'],
    not: [],
  },
  date: {
    exact: [
      'betalningsdag',
      'betalningsdatum',
      'betaldatum',
      'betaldag',
      'transaktionsdag',
      'transaktionsdatum',
      'insattningsdag',
      'insattningsdatum',
      'bokforingsdag',
      'bokforingsdatum',
      'bokfdag',
      'bokfdatum',
      'reskontradatum',
      'datum',
      'paymentdate',
      'transactiondate',
      'bookingdate',
      'date',
      'valutadag',
      'valutadatum',
      'valuedate',
    ],
    partial: ['betalningsdag', 'betalningsdatum', 'datum', 'date', 'dag'],
    not: [],
  },
  amount: {
    exact: [
      'belopp',
      'inbetaltbelopp',
      'insattbelopp',
      'betaltbelopp',
      'transaktionsbelopp',
      'beloppsek',
      'beloppkr',
      'summa',
      'kronor',
      'amount',
      'sum',
      'sek',
      'kr',
    ],
    partial: ['belopp', 'amount', 'summa'],
    not: ['saldo', 'balance', 'moms', 'vat', 'avgift', 'fee'],
  },
  reference: {
    exact: [
      'ocr',
      'ocrnummer',
      'ocrnr',
      'ocrreferens',
      'referens',
      'referensnummer',
      'refnr',
      'betalningsreferens',
      'meddelande',
      'reference',
      'paymentreference',
      'ref',
      'message',
    ],
    partial: ['ocr', 'referens', 'reference', 'meddelande', 'message'],
    not: ['bank', 'arkiv', 'transaktion', 'transaction', 'verifikation'],
  },
  name: {
    exact: [
      'namn',
      'betalare',
      'betalarensnamn',
      'betalarnamn',
      'inbetalare',
      'avsandare',
      'avsandarensnamn',
      'kundnamn',
      'kund',
      'motpart',
      'name',
      'payer',
      'payername',
      'sender',
      'debtor',
      'counterparty',
    ],
    partial: ['namn', 'betalare', 'avsandare', 'name', 'payer'],
    not: ['konto', 'account', 'clearing', 'nummer', 'number', 'mottagare', 'recipient'],
  },
  note: {
    exact: [
      'anteckning',
      'anteckningar',
      'notering',
      'kommentar',
      'beskrivning',
      'rubrik',
      'text',
      'fritext',
      'information',
      'info',
      'specifikation',
      'note',
      'notes',
      'comment',
      'description',
    ],
    partial: ['anteckning', 'kommentar', 'beskrivning', 'note', 'comment', 'description', 'text'],
    not: [],
  },
};
// Most specific first, so "Transaktionsreferens" becomes the bank reference before "referens" can claim it.
const RESOLVE_ORDER: PaymentColumn[] = ['bankReference', 'date', 'amount', 'reference', 'name', 'note'];

function normalizeHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** A first guess for the column mapping, for the caseworker to confirm; each column is used at most once. */
export function suggestColumnMapping(headers: string[]): ColumnMapping {
  const normalized = headers.map(normalizeHeader);
  const used = new Set<number>();
  const mapping: ColumnMapping = {};
  for (const field of RESOLVE_ORDER) {
    const words = WORDS[field];
    let best = -1;
    let bestScore = Infinity;
    for (let column = 0; column < normalized.length; column++) {
      const h = normalized[column]!;
      if (h === '' || used.has(column) || words.not.some((w) => h.includes(w))) continue;
      const exact = words.exact.indexOf(h);
      const partial = words.partial.findIndex((w) => h.includes(w));
      const score = exact >= 0 ? exact : partial >= 0 ? 1000 + partial : Infinity;
      if (score < bestScore) [best, bestScore] = [column, score];
    }
    if (best >= 0) {
      mapping[field] = best;
      used.add(best);
    }
  }
  return mapping;
}

export type AmountProblem = 'empty' | 'format' | 'ambiguous' | 'decimals';

const SPACES = /[\s\u00a0\u202f\u2009]/g;

/** Swedish and international ways of writing an amount → öre, or why not. */
export function parseListAmount(raw: string): { ore: number } | { problem: AmountProblem } {
  let s = raw.trim();
  if (s === '') return { problem: 'empty' };
  s = s
    .replace(/\s*(?:kr\.?|sek|:-)$/i, '')
    .replace(/^sek\s*/i, '')
    .trim();
  let negative = false;
  if (/^[-\u2212+]/.test(s)) {
    negative = s[0] !== '+';
    s = s.slice(1).trim();
  } else if (s.endsWith('-')) {
    negative = true; // "200,00-", as some bank statements write money out
    s = s.slice(0, -1).trim();
  }
  s = s.replace(SPACES, ' ');
  if (!/^\d[\d ., ]*$/.test(s) || /[ .,]{2}/.test(s) || /[ .,]$/.test(s)) return { problem: 'format' };
  const dots = s.split('.').length - 1;
  const commas = s.split(',').length - 1;
  const spaces = s.includes(' ');
  let decimal: '.' | ',' | null = null;
  if (dots > 0 && commas > 0) {
    decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    if ((decimal === '.' ? dots : commas) > 1) return { problem: 'format' };
  } else if (dots + commas === 1) {
    const sep = dots === 1 ? '.' : ',';
    const [before = '', after = ''] = s.split(sep);
    const lastGroup = before.split(' ').pop() ?? '';
    // "1.234" and "1,500": thousands or decimals? Only when spaces already group the thousands is it clear.
    if (!spaces && after.length === 3 && lastGroup.length <= 3) return { problem: 'ambiguous' };
    decimal = sep;
  }
  const [intPart = '', fracPart = ''] = decimal === null ? [s] : s.split(decimal);
  const groups = intPart.split(/[ .,]/);
  if (groups.length > 1 && (groups[0]!.length > 3 || groups.slice(1).some((g) => g.length !== 3))) return { problem: 'format' };
  if (decimal !== null && fracPart.length === 0) return { problem: 'format' };
  if (fracPart.length > 2 && !/^0+$/.test(fracPart.slice(2))) return { problem: 'decimals' };
  const ore = Number(groups.join('')) * 100 + Number(fracPart.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(ore)) return { problem: 'format' };
  return { ore: negative && ore !== 0 ? -ore : ore };
}

export type DateProblem = 'empty' | 'format' | 'ambiguous' | 'invalid' | 'serial';

/** Year-first dates, with or without a time → 'YYYY-MM-DD', or why not. */
export function parseListDate(raw: string): { date: string } | { problem: DateProblem } {
  const s = raw.trim();
  if (s === '') return { problem: 'empty' };
  const time = '(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?';
  const ymd = new RegExp(`^(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})${time}$`).exec(s);
  const compact = new RegExp(`^(\\d{4})(\\d{2})(\\d{2})${time}$`).exec(s);
  let y: string | undefined, m: string | undefined, d: string | undefined;
  if (ymd) [y, m, d] = [ymd[1], ymd[3], ymd[4]];
  else if (compact) [y, m, d] = [compact[1], compact[2], compact[3]];
  else if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(s)) return { problem: 'ambiguous' };
  else if (/^\d{5}(?:\.\d+)?$/.test(s)) return { problem: 'serial' };
  else return { problem: 'format' };
  const date = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  return isCalendarDate(date) ? { date } : { problem: 'invalid' };
}

/**
 * The de-duplication key of a row without a bank reference. Importing the same list twice, or a new export
 * that overlaps the last one, must not book a payment twice, and what stays the same between exports is the
 * payment itself: date, amount, reference and payer. Two identical payments on one day (a resident paying the
 * same rent twice) are both real, so the key also holds which occurrence of such a row it is, counted from the
 * top of the list; overlapping exports keep such rows in the same order (banks sort by date and keep their
 * order within a day). The line number is not part of the key because lines shift between exports.
 */
export function deriveBankReference(
  p: { date: string; amountOre: number; reference: string; name: string | null },
  occurrence: number,
): string {
  const norm = (s: string | null) => (s ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  return `csv:${p.date}|${p.amountOre}|${norm(p.reference)}|${norm(p.name)}|${occurrence}`;
}

/** Rows → payments. Blank rows are skipped; a row with an error gives no payment, only the error. */
export function parsePaymentRows(
  rows: string[][],
  mapping: ColumnMapping,
  options: PaymentRowsOptions,
): { payments: CsvPayment[]; errors: ParseError[] } {
  const payments: CsvPayment[] = [];
  const errors: ParseError[] = [];
  const headerRow = options.headerRow ?? options.firstDataRow - 1;
  const header = headerRow >= 1 ? rows[headerRow - 1] : undefined;
  const columnName = (field: PaymentColumn): Localized => {
    const i = mapping[field]!;
    const h = header?.[i]?.trim();
    return h ? { sv: `kolumnen "${h}"`, en: `the column "${h}"` } : { sv: `kolumn ${columnLetter(i)}`, en: `column ${columnLetter(i)}` };
  };
  for (const required of ['date', 'amount'] as const) {
    if (mapping[required] === undefined || mapping[required] < 0) {
      const what = required === 'date' ? { sv: 'datum', en: 'date' } : { sv: 'belopp', en: 'amount' };
      errors.push(
        parseError({}, 'mapping', `mapping_missing_${required}`, {
          sv: `Välj vilken kolumn som innehåller ${what.sv}.`,
          en: `Choose the column that holds the ${what.en}.`,
        }),
      );
    }
  }
  if (errors.length > 0) return { payments, errors };

  const occurrences = new Map<string, number>();
  const seenBankRefs = new Map<string, number>();
  const cell = (row: string[], field: PaymentColumn): string => {
    const i = mapping[field];
    return i === undefined || i < 0 ? '' : String(row[i] ?? '').trim();
  };

  for (let r = Math.max(0, options.firstDataRow - 1); r < rows.length; r++) {
    const row = rows[r] ?? [];
    if (row.every((c) => String(c ?? '').trim() === '')) continue;
    const line = r + 1;
    const before = errors.length;
    const fail = (field: PaymentColumn, code: string, sv: string, en: string) => {
      const col = columnName(field);
      errors.push(parseError({ line }, field, code, { sv: `${capitalize(col.sv)}: ${sv}`, en: `${capitalize(col.en)}: ${en}` }));
    };

    const rawDate = cell(row, 'date');
    const date = parseListDate(rawDate);
    if ('problem' in date) {
      const msg = DATE_MESSAGES[date.problem](rawDate);
      fail('date', `date_${date.problem}`, msg.sv, msg.en);
    }
    const rawAmount = cell(row, 'amount');
    const amount = parseListAmount(rawAmount);
    if ('problem' in amount) {
      const msg = AMOUNT_MESSAGES[amount.problem](rawAmount);
      fail('amount', `amount_${amount.problem}`, msg.sv, msg.en);
    }
    if (errors.length !== before || 'problem' in date || 'problem' in amount) continue;

    const reference = cell(row, 'reference');
    const name = cell(row, 'name') || null;
    const note = cell(row, 'note') || null;
    const given = cell(row, 'bankReference');
    let bankReference = given;
    if (given) {
      const first = seenBankRefs.get(given);
      if (first !== undefined) {
        fail(
          'bankReference',
          'duplicate_bank_reference',
          `"${given}" finns redan på rad ${first}. Varje betalning ska ha ett eget id; välj en annan kolumn eller ingen.`,
          `"${given}" is already on line ${first}. Each payment must have its own id; choose another column or none.`,
        );
        continue;
      }
      seenBankRefs.set(given, line);
    } else {
      const base = { date: date.date, amountOre: amount.ore, reference, name };
      const key = deriveBankReference(base, 0);
      const n = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, n);
      bankReference = deriveBankReference(base, n);
    }
    payments.push({ line, date: date.date, amountOre: amount.ore, reference, name, bankReference, bankReferenceDerived: !given, note });
  }
  return { payments, errors };
}

const AMOUNT_MESSAGES: Record<AmountProblem, (raw: string) => Localized> = {
  empty: () => ({ sv: 'Beloppet saknas.', en: 'The amount is missing.' }),
  format: (raw) => ({
    sv: `"${raw}" är inget belopp. Skriv till exempel 1 234,50.`,
    en: `"${raw}" is not an amount. Write for example 1234.50.`,
  }),
  ambiguous: (raw) => ({
    sv: `"${raw}" kan läsas både som tusental och som decimaler. Skriv beloppet utan tusentalsavgränsare, till exempel 1234,50.`,
    en: `"${raw}" can be read both as thousands and as decimals. Write the amount without a thousands separator, for example 1234.50.`,
  }),
  decimals: (raw) => ({
    sv: `"${raw}" har fler än två decimaler; beloppet ska vara i kronor och öre.`,
    en: `"${raw}" has more than two decimals; the amount must be in kronor and öre.`,
  }),
};

const DATE_MESSAGES: Record<DateProblem, (raw: string) => Localized> = {
  empty: () => ({ sv: 'Datumet saknas.', en: 'The date is missing.' }),
  format: (raw) => ({
    sv: `"${raw}" är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD.`,
    en: `"${raw}" is not a date. Write the date as YYYY-MM-DD.`,
  }),
  ambiguous: (raw) => ({
    sv: `"${raw}" kan betyda olika datum (dag/månad eller månad/dag). Skriv datumet som ÅÅÅÅ-MM-DD.`,
    en: `"${raw}" could mean different dates (day/month or month/day). Write the date as YYYY-MM-DD.`,
  }),
  invalid: (raw) => ({ sv: `"${raw}" är inget giltigt datum.`, en: `"${raw}" is not a valid date.` }),
  serial: (raw) => ({
    sv: `"${raw}" ser ut som ett datumnummer från Excel. Formatera kolumnen som datum (ÅÅÅÅ-MM-DD) och spara igen.`,
    en: `"${raw}" looks like an Excel date number. Format the column as a date (YYYY-MM-DD) and save again.`,
  }),
};

/** 0 → A, 25 → Z, 26 → AA, as spreadsheets name columns. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
