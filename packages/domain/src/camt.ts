// ISO 20022 bank-to-customer messages with incoming payments: camt.054 BankToCustomerDebitCreditNotification
// (Document/BkToCstmrDbtCdtNtfctn/Ntfctn) and camt.053 BankToCustomerStatement (Document/BkToCstmrStmt/Stmt).
// RULES.md rule 15 names the elements; they were checked (search tool, 2026) against:
// - the ISO 20022 message definitions as generated from the ISO e-Repository (e.g. the Go models of
//   camt.05x.001.02 and the tools20022 Java repository): Ntry has Amt@Ccy, CdtDbtInd, RvslInd, Sts, BookgDt and
//   ValDt (a Dt or DtTm choice), AcctSvcrRef, NtryDtls (0..n) with TxDtls (0..n); TxDtls has Refs
//   (AcctSvcrRef, EndToEndId, …), RltdPties, RmtInf with Ustrd (0..n) and Strd (0..n)/CdtrRefInf/Ref;
//   TxsSummry has TtlNtries, TtlCdtNtries and TtlDbtNtries, each with NbOfNtries and Sum;
// - mx-message.com's tree of camt.054.001.11 (the same paths in the newest version);
// - Swedish banks' guides for these messages: Swedbank "MIG Credit and Debit Notification (CAMT.054)" (based on
//   camt.054.001.02), Nordea "MIG camt.054.001.02 – Credit" and Handelsbanken "Implementation guide ISO 20022
//   Credit Notification camt.054 version 2" (their opening pages; they follow the CGI-MP recommendations).
// Differences between versions this parser handles, by local element names whatever the namespace:
// - TxDtls/Amt exists from .001.03; in .001.02 a transaction's amount is only in TxDtls/AmtDtls/TxAmt/Amt.
// - RltdPties/Dbtr is Dbtr/Nm up to .001.07 and the choice Dbtr/Pty/Nm (or Dbtr/Agt) from .001.08.
// - Ntry/Sts is a code (BOOK, PDNG, INFO) up to .001.05 and Sts/Cd from .001.06 on.
// - ISO's usage rule for RvslInd: "If the CreditDebitIndicator is CRDT and ReversalIndicator is Yes, the
//   original operation was a debit entry. If the CreditDebitIndicator is DBIT and ReversalIndicator is Yes,
//   the original operation was a credit entry."
//
// What counts as a payment (Kvarbo's decisions):
// - CRDT without RvslInd: an incoming payment, positive amount.
// - DBIT with RvslInd true: an incoming payment taken back (returned, recalled). It comes out as a payment with
//   a NEGATIVE amount, reversal: true and its references, so the server can find and reverse the original.
// - DBIT without RvslInd (money going out) and CRDT with RvslInd (an outgoing payment coming back) are not rent
//   payments: skipped, but counted in totals.skippedEntries and in the TxsSummry checks.
// - Only booked entries (Sts BOOK, or no status) are payments; pending (PDNG) and information (INFO) entries
//   are skipped, they may still change.
// - An entry with several TxDtls (a batch, e.g. Bankgirot's OCR payments booked as one deposit) gives one
//   payment per TxDtls, whose amounts must add up to the entry amount. An entry with one TxDtls or none gives one
//   payment of the entry amount: the booked amount is what reached the account.
// De-duplication key (bankReference), the first present of: TxDtls/Refs/AcctSvcrRef; Ntry/AcctSvcrRef (with
// "#n" for the n-th transaction of a batch); TxDtls/Refs/EndToEndId unless "NOTPROVIDED"; Ntry/NtryRef (with
// "#n"); as a last resort MsgId plus the element path, unique within the message (GrpHdr/MsgId identifies the
// message) so importing the same file twice is still caught.
//
// The whole message is read into memory (fast-xml-parser has no streaming mode); bank notifications of a day
// are small compared with BgMax files, which stream.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Localized } from './errors.ts';
import { isCalendarDate } from './calendar-date.ts';
import type { ParseError } from './parse-error.ts';
import { parseError } from './parse-error.ts';

export type CamtKind = 'camt.054' | 'camt.053';

export type CamtPayment = {
  /** Where it came from, e.g. 'Ntfctn[1]/Ntry[3]/NtryDtls/TxDtls[2]', for messages to the caseworker. */
  element: string;
  /** Öre; negative for a reversal of an incoming payment. */
  amountOre: number;
  currency: string;
  /** YYYY-MM-DD; the value date when the entry has no booking date. */
  bookingDate: string;
  valueDate: string | null;
  /** The bank's reference for de-duplication (see the comment at the top). */
  bankReference: string;
  /** RmtInf/Strd/CdtrRefInf/Ref: the OCR reference. */
  ocrReference: string | null;
  /** RmtInf/Ustrd joined with spaces, or Ntry/AddtlNtryInf for an entry without transaction details. */
  freeText: string | null;
  /** RltdPties/Dbtr/Nm or Dbtr/Pty/Nm (UltmtDbtr when there is no Dbtr). */
  payerName: string | null;
  /** True for a DBIT entry with RvslInd: an incoming payment taken back. */
  reversal: boolean;
  endToEndId: string | null;
};

export type CamtTotals = {
  entries: number;
  creditEntries: number;
  creditSumOre: number;
  debitEntries: number;
  debitSumOre: number;
  /** Payments returned, and their signed sum (reversals negative). */
  payments: number;
  paymentsSumOre: number;
  /** Entries that are not payments: outgoing, pending or information entries. */
  skippedEntries: number;
};

export type CamtParseResult =
  | {
      ok: true;
      kind: CamtKind;
      /** Message version from the namespace, e.g. '001.08'; null without a camt namespace. */
      version: string | null;
      messageId: string;
      created: string;
      payments: CamtPayment[];
      totals: CamtTotals;
    }
  | { ok: false; errors: ParseError[] };

// Elements that may repeat, always read as arrays (local names, namespace prefixes removed).
const REPEATING = new Set(['Ntfctn', 'Stmt', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd']);

const ROOTS: Record<string, CamtKind> = { BkToCstmrDbtCdtNtfctn: 'camt.054', BkToCstmrStmt: 'camt.053' };
const OTHER_MESSAGES: Record<string, string> = {
  BkToCstmrAcctRpt: 'camt.052',
  CstmrCdtTrfInitn: 'pain.001',
  CstmrPmtStsRpt: 'pain.002',
  CstmrDrctDbtInitn: 'pain.008',
  FIToFICstmrCdtTrf: 'pacs.008',
};

const MAX_ERRORS = 100;

type Node = Record<string, unknown>;

export function parseCamt(xml: string): CamtParseResult {
  try {
    return parse(xml);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return fail(
      parseError({}, 'file', 'unexpected', { sv: `Filen kunde inte läsas (${detail}).`, en: `The file could not be read (${detail}).` }),
    );
  }
}

function fail(...errors: ParseError[]): CamtParseResult {
  return { ok: false, errors };
}

function parse(input: string): CamtParseResult {
  const xml = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (xml.trim() === '') return fail(parseError({}, 'file', 'empty_file', { sv: 'Filen är tom.', en: 'The file is empty.' }));
  if (!xml.trimStart().startsWith('<')) {
    return fail(
      parseError({ line: 1 }, 'file', 'not_xml', {
        sv: 'Filen är inte en XML-fil. Ett camt.053- eller camt.054-meddelande börjar med "<".',
        en: 'The file is not an XML file. A camt.053 or camt.054 message starts with "<".',
      }),
    );
  }
  // Bank messages never declare a DTD; refusing one shuts out entity-expansion attacks before parsing.
  if (/<!DOCTYPE/i.test(xml)) {
    return fail(
      parseError({}, 'file', 'doctype_not_allowed', {
        sv: 'Filen innehåller en DOCTYPE-deklaration, vilket bankmeddelanden inte har. Den läses inte in.',
        en: 'The file contains a DOCTYPE declaration, which bank messages do not have. It is not imported.',
      }),
    );
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { line, msg } = valid.err;
    return fail(
      parseError({ line }, 'file', 'malformed_xml', {
        sv: `Filen är inte giltig XML (${msg}). Den kan vara avklippt eller ändrad; be om en ny fil från banken.`,
        en: `The file is not valid XML (${msg}). It may be cut off or edited; ask the bank for a new file.`,
      }),
    );
  }
  const parser = new XMLParser({
    parseTagValue: false, // amounts and references stay strings: "0100.50" and "007" must not become numbers
    ignoreAttributes: false,
    removeNSPrefix: true,
    captureMetaData: true,
    isArray: (name) => REPEATING.has(name),
  });
  const doc = parser.parse(xml) as Node;
  const lines = lineIndex(xml);
  const meta = XMLParser.getMetaDataSymbol() as unknown as symbol;
  const lineOf = (node: unknown): number | undefined => {
    if (!isNode(node)) return undefined;
    const m = (node as Record<symbol, unknown>)[meta] as { startIndex?: number } | undefined;
    return m?.startIndex === undefined ? undefined : lines(m.startIndex);
  };

  const document = findDocument(doc);
  const messageName = document ? Object.keys(document).find((k) => !k.startsWith('@_') && !k.startsWith('#')) : undefined;
  const kind = messageName ? ROOTS[messageName] : undefined;
  if (!document || !messageName || !kind) {
    const root = messageName ?? Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#')) ?? '';
    const known = OTHER_MESSAGES[root];
    return fail(
      parseError({ element: document ? `Document/${root}` : root }, 'root', 'wrong_root', {
        sv: known
          ? `Filen är ett ${known}-meddelande (${root}), inte en kontohändelse- eller kontoutdragsfil (camt.054 eller camt.053).`
          : `Filen är inte ett camt.054- eller camt.053-meddelande: den börjar med <${root}>, inte <Document> med <BkToCstmrDbtCdtNtfctn> eller <BkToCstmrStmt>.`,
        en: known
          ? `The file is a ${known} message (${root}), not a notification or statement (camt.054 or camt.053).`
          : `The file is not a camt.054 or camt.053 message: it starts with <${root}>, not <Document> with <BkToCstmrDbtCdtNtfctn> or <BkToCstmrStmt>.`,
      }),
    );
  }
  const message = document[messageName] as Node;
  const errors: ParseError[] = [];
  const report = (e: ParseError) => {
    if (errors.length < MAX_ERRORS) errors.push(e);
    else if (errors.length === MAX_ERRORS) {
      errors.push(
        parseError({}, 'file', 'too_many_errors', {
          sv: `Fler än ${MAX_ERRORS} fel; de följande visas inte.`,
          en: `More than ${MAX_ERRORS} errors; the rest are not shown.`,
        }),
      );
    }
  };

  const grpHdr = child(message, 'GrpHdr');
  const messageId = text(child(grpHdr, 'MsgId')) ?? '';
  const created = text(child(grpHdr, 'CreDtTm')) ?? '';
  if (!messageId)
    report(
      missing({ element: 'GrpHdr/MsgId', line: lineOf(grpHdr) }, 'MsgId', { sv: 'meddelandets id (MsgId)', en: 'the message id (MsgId)' }),
    );

  const containerName = kind === 'camt.054' ? 'Ntfctn' : 'Stmt';
  const containers = list(message[containerName]);
  if (containers.length === 0) {
    report(
      parseError({ element: messageName }, containerName, 'missing_element', {
        sv: `Meddelandet har ingen ${containerName === 'Ntfctn' ? 'avisering (Ntfctn)' : 'kontoutdragsdel (Stmt)'}.`,
        en: `The message has no ${containerName === 'Ntfctn' ? 'notification (Ntfctn)' : 'statement (Stmt)'}.`,
      }),
    );
  }

  const payments: CamtPayment[] = [];
  const totals: CamtTotals = {
    entries: 0,
    creditEntries: 0,
    creditSumOre: 0,
    debitEntries: 0,
    debitSumOre: 0,
    payments: 0,
    paymentsSumOre: 0,
    skippedEntries: 0,
  };

  containers.forEach((container, ci) => {
    const cPath = `${containerName}[${ci + 1}]`;
    const sums = { entries: 0, credit: 0, creditOre: 0, debit: 0, debitOre: 0, complete: true };
    list(container['Ntry']).forEach((entry, ei) => {
      const ePath = `${cPath}/Ntry[${ei + 1}]`;
      const where: At = { element: ePath, line: lineOf(entry) };
      const errorsBefore = errors.length;
      sums.entries++;
      const amt = readAmount(entry, 'Amt', where, report);
      const cdi = text(child(entry, 'CdtDbtInd'));
      if (cdi !== 'CRDT' && cdi !== 'DBIT') {
        report(
          cdi === null
            ? missing(where, 'CdtDbtInd', { sv: 'kredit/debet-markeringen (CdtDbtInd)', en: 'the credit/debit indicator (CdtDbtInd)' })
            : parseError(where, 'CdtDbtInd', 'invalid_value', {
                sv: `Kredit/debet-markeringen (CdtDbtInd) ska vara CRDT eller DBIT men är "${cdi}".`,
                en: `The credit/debit indicator (CdtDbtInd) should be CRDT or DBIT but is "${cdi}".`,
              }),
        );
      }
      const rvslRaw = text(child(entry, 'RvslInd'));
      const reversal = rvslRaw === 'true' || rvslRaw === '1';
      if (rvslRaw !== null && !reversal && rvslRaw !== 'false' && rvslRaw !== '0') {
        report(
          parseError(where, 'RvslInd', 'invalid_value', {
            sv: `Återföringsmarkeringen (RvslInd) ska vara true eller false men är "${rvslRaw}".`,
            en: `The reversal indicator (RvslInd) should be true or false but is "${rvslRaw}".`,
          }),
        );
      }
      const bookingDate = readDate(entry, 'BookgDt', where, report);
      const valueDate = readDate(entry, 'ValDt', where, report);
      if (bookingDate === null && valueDate === null && child(entry, 'BookgDt') === undefined && child(entry, 'ValDt') === undefined) {
        report(missing(where, 'BookgDt', { sv: 'bokföringsdagen (BookgDt)', en: 'the booking date (BookgDt)' }));
      }
      if (amt === null || (cdi !== 'CRDT' && cdi !== 'DBIT')) {
        sums.complete = false;
        return;
      }
      if (cdi === 'CRDT') {
        sums.credit++;
        sums.creditOre += amt.ore;
      } else {
        sums.debit++;
        sums.debitOre += amt.ore;
      }
      const status = text(child(entry, 'Sts')) ?? text(child(child(entry, 'Sts'), 'Cd'));
      const isPayment = (cdi === 'CRDT' && !reversal) || (cdi === 'DBIT' && reversal);
      if (!isPayment || (status !== null && status !== 'BOOK') || errors.length !== errorsBefore) {
        if (errors.length === errorsBefore) totals.skippedEntries++;
        return;
      }
      const sign = cdi === 'CRDT' ? 1 : -1;
      const txs = list(entry['NtryDtls']).flatMap((d, di, all) =>
        list(d['TxDtls']).map((tx, ti) => ({ tx, path: `${ePath}/NtryDtls${all.length > 1 ? `[${di + 1}]` : ''}/TxDtls[${ti + 1}]` })),
      );
      const entryRef = text(child(entry, 'AcctSvcrRef'));
      const entryNtryRef = text(child(entry, 'NtryRef'));
      const base = { currency: amt.currency, bookingDate: (bookingDate ?? valueDate)!, valueDate, reversal };
      if (txs.length === 0) {
        const element = ePath;
        payments.push({
          ...base,
          element,
          amountOre: sign * amt.ore,
          bankReference: entryRef ?? entryNtryRef ?? `${messageId}/${element}`,
          ocrReference: null,
          freeText: text(child(entry, 'AddtlNtryInf')),
          payerName: null,
          endToEndId: null,
        });
        return;
      }
      const txAmounts = txs.map(({ tx, path }) =>
        txs.length === 1 ? amt.ore : batchAmount(tx, cdi, amt.currency, { element: path, line: lineOf(tx) }, report),
      );
      if (txAmounts.some((a) => a === null)) return;
      const txSum = (txAmounts as number[]).reduce((s, a) => s + a, 0);
      if (txSum !== amt.ore) {
        report(
          parseError(where, 'Amt', 'transactions_sum_mismatch', {
            sv: `Postens belopp är ${decimal(amt.ore)} ${amt.currency} men dess ${txs.length} transaktioner (TxDtls) blir tillsammans ${decimal(txSum)} ${amt.currency}.`,
            en: `The entry amount is ${decimal(amt.ore)} ${amt.currency} but its ${txs.length} transactions (TxDtls) add up to ${decimal(txSum)} ${amt.currency}.`,
          }),
        );
        return;
      }
      txs.forEach(({ tx, path }, k) => {
        const refs = child(tx, 'Refs');
        const e2e = text(child(refs, 'EndToEndId'));
        const endToEndId = e2e && e2e !== 'NOTPROVIDED' ? e2e : null;
        const suffix = txs.length > 1 ? `#${k + 1}` : '';
        const rmt = child(tx, 'RmtInf');
        const ustrd = list(rmt?.['Ustrd'])
          .map((u) => text(u))
          .filter((u): u is string => !!u);
        const ocr = list(rmt?.['Strd'])
          .map((s) => text(child(child(s, 'CdtrRefInf'), 'Ref')))
          .find((r): r is string => !!r);
        const parties = child(tx, 'RltdPties');
        payments.push({
          ...base,
          element: path,
          amountOre: sign * txAmounts[k]!,
          bankReference:
            text(child(refs, 'AcctSvcrRef')) ??
            (entryRef ? entryRef + suffix : null) ??
            endToEndId ??
            (entryNtryRef ? entryNtryRef + suffix : null) ??
            `${messageId}/${path}`,
          ocrReference: ocr ?? null,
          freeText: ustrd.length > 0 ? ustrd.join(' ') : null,
          payerName: partyName(child(parties, 'Dbtr')) ?? partyName(child(parties, 'UltmtDbtr')),
          endToEndId,
        });
      });
    });
    totals.entries += sums.entries;
    totals.creditEntries += sums.credit;
    totals.creditSumOre += sums.creditOre;
    totals.debitEntries += sums.debit;
    totals.debitSumOre += sums.debitOre;
    if (sums.complete) checkSummary(container, cPath, sums, lineOf, report);
  });

  if (errors.length > 0) return { ok: false, errors };
  totals.payments = payments.length;
  totals.paymentsSumOre = payments.reduce((s, p) => s + p.amountOre, 0);
  const version = /xmlns(?::[\w.-]+)?\s*=\s*["']urn:iso:std:iso:20022:tech:xsd:camt\.05[34]\.(\d{3}\.\d{2})["']/.exec(xml)?.[1] ?? null;
  return { ok: true, kind, version, messageId, created, payments, totals };
}

function checkSummary(
  container: Node,
  cPath: string,
  sums: { entries: number; credit: number; creditOre: number; debit: number; debitOre: number },
  lineOf: (n: unknown) => number | undefined,
  report: (e: ParseError) => void,
): void {
  const summary = child(container, 'TxsSummry');
  if (!summary) return;
  const groups: [string, number, number | null, Localized][] = [
    ['TtlNtries', sums.entries, null, { sv: 'poster', en: 'entries' }],
    ['TtlCdtNtries', sums.credit, sums.creditOre, { sv: 'kreditposter (insättningar)', en: 'credit entries (money in)' }],
    ['TtlDbtNtries', sums.debit, sums.debitOre, { sv: 'debetposter (uttag)', en: 'debit entries (money out)' }],
  ];
  for (const [name, count, ore, what] of groups) {
    const group = child(summary, name);
    if (!group) continue;
    const element = `${cPath}/TxsSummry/${name}`;
    const at = { element, line: lineOf(group) ?? lineOf(summary) };
    const nb = text(child(group, 'NbOfNtries'));
    if (nb !== null && Number(nb) !== count) {
      report(
        parseError(at, 'NbOfNtries', 'totals_mismatch', {
          sv: `Summeringen säger ${nb} ${what.sv} (NbOfNtries) men meddelandet har ${count}.`,
          en: `The summary says ${nb} ${what.en} (NbOfNtries) but the message has ${count}.`,
        }),
      );
    }
    if (ore === null || child(group, 'Sum') === undefined) continue;
    const sum = readAmount(group, 'Sum', at, report);
    if (sum !== null && sum.ore !== ore) {
      report(
        parseError(at, 'Sum', 'totals_mismatch', {
          sv: `Summeringen säger att ${what.sv} blir ${decimal(sum.ore)} (Sum) men posterna blir ${decimal(ore)}.`,
          en: `The summary says the ${what.en} come to ${decimal(sum.ore)} (Sum) but the entries come to ${decimal(ore)}.`,
        }),
      );
    }
  }
}

type At = { element: string; line?: number | undefined };

/** One transaction's amount in a batch, signed in the entry's direction (a transaction may go the other way). */
function batchAmount(tx: Node, entryCdi: string, currency: string, where: At, report: (e: ParseError) => void): number | null {
  let a: { ore: number; currency: string } | null;
  if (child(tx, 'Amt') !== undefined) a = readAmount(tx, 'Amt', where, report);
  else if (child(child(tx, 'AmtDtls'), 'TxAmt') !== undefined)
    a = readAmount(child(child(tx, 'AmtDtls'), 'TxAmt'), 'Amt', where, report, 'AmtDtls/TxAmt/Amt');
  else {
    report(missing(where, 'Amt', { sv: 'transaktionens belopp (Amt)', en: "the transaction's amount (Amt)" }));
    return null;
  }
  if (a === null) return null;
  if (a.currency !== currency) {
    report(
      parseError(where, 'Amt', 'currency_mismatch', {
        sv: `Transaktionens valuta ${a.currency} skiljer sig från postens (${currency}).`,
        en: `The transaction's currency ${a.currency} differs from the entry's (${currency}).`,
      }),
    );
    return null;
  }
  const txCdi = text(child(tx, 'CdtDbtInd'));
  return txCdi !== null && txCdi !== entryCdi ? -a.ore : a.ore;
}

function missing(a: At, field: string, what: Localized): ParseError {
  return parseError(a, field, 'missing_element', {
    sv: `Det saknas ${what.sv}.`,
    en: `${what.en.charAt(0).toUpperCase()}${what.en.slice(1)} is missing.`,
  });
}

// ISO amounts are decimals with a point and at most 5 fraction digits (ActiveOrHistoricCurrencyAndAmount).
// Kronor have two; further digits must be zeros, or the amount is not whole öre.
const AMOUNT = /^(\d{1,18})(?:\.(\d{1,5}))?$/;

/** "1234.50" → 123450 öre, exactly (no floating point). */
export function decimalToOre(s: string): number | null {
  const m = AMOUNT.exec(s.trim());
  if (!m) return null;
  const fraction = (m[2] ?? '').padEnd(5, '0');
  if (fraction.slice(2) !== '000') return null;
  const ore = Number(m[1]) * 100 + Number(fraction.slice(0, 2));
  return Number.isSafeInteger(ore) ? ore : null;
}

function readAmount(
  node: Node | undefined,
  name: string,
  a: At,
  report: (e: ParseError) => void,
  label = name,
): { ore: number; currency: string } | null {
  const el = child(node, name);
  if (el === undefined) {
    report(missing(a, name, { sv: `beloppet (${label})`, en: `the amount (${label})` }));
    return null;
  }
  const value = text(el) ?? '';
  const ore = decimalToOre(value);
  if (ore === null) {
    report(
      parseError(a, name, 'invalid_amount', {
        sv: `Beloppet (${label}) ska vara ett tal som 1234.50 men är "${value}".`,
        en: `The amount (${label}) should be a number such as 1234.50 but is "${value}".`,
      }),
    );
    return null;
  }
  const currency = isNode(el) && typeof el['@_Ccy'] === 'string' ? el['@_Ccy'] : '';
  if (name !== 'Sum' && !/^[A-Z]{3}$/.test(currency)) {
    report(
      parseError(a, name, 'invalid_currency', {
        sv: `Beloppet (${label}) saknar en giltig valuta (attributet Ccy, t.ex. SEK).`,
        en: `The amount (${label}) has no valid currency (the Ccy attribute, e.g. SEK).`,
      }),
    );
    return null;
  }
  return { ore, currency };
}

/** BookgDt or ValDt: its Dt (xs:date, maybe with a zone) or DtTm (the date part of the local time written). */
function readDate(entry: Node, name: 'BookgDt' | 'ValDt', a: At, report: (e: ParseError) => void): string | null {
  const el = child(entry, name);
  if (el === undefined) return null;
  const raw = text(child(el, 'Dt')) ?? text(child(el, 'DtTm')) ?? '';
  const date = raw.slice(0, 10);
  const rest = raw.slice(10);
  const restOk = rest === '' || /^(?:Z|[+-]\d{2}:\d{2}|T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)$/.test(rest);
  if (isCalendarDate(date) && restOk) return date;
  const label: Localized =
    name === 'BookgDt' ? { sv: 'Bokföringsdagen', en: 'The booking date' } : { sv: 'Valutadagen', en: 'The value date' };
  report(
    parseError(a, name, 'invalid_date', {
      sv: `${label.sv} (${name}) ska vara ett datum som 2026-03-01 men är "${raw}".`,
      en: `${label.en} (${name}) should be a date such as 2026-03-01 but is "${raw}".`,
    }),
  );
  return null;
}

function partyName(party: Node | undefined): string | null {
  return text(child(party, 'Nm')) ?? text(child(child(party, 'Pty'), 'Nm'));
}

function findDocument(doc: Node): Node | undefined {
  if (isNode(doc['Document'])) return doc['Document'];
  // Some banks wrap the Document in an envelope with a business application header.
  for (const [k, v] of Object.entries(doc)) {
    if (!k.startsWith('?') && isNode(v) && isNode(v['Document'])) return v['Document'];
  }
  return undefined;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function child(node: Node | undefined, name: string): Node | undefined {
  if (!node) return undefined;
  const v = node[name];
  if (Array.isArray(v)) return v[0] as Node | undefined;
  if (v === undefined) return undefined;
  // Leaf elements come back as strings; wrap them so callers can ask for their text.
  return isNode(v) ? v : { '#text': v };
}

function list(v: unknown): Node[] {
  const items = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return items.map((i) => (isNode(i) ? i : { '#text': i }));
}

/** Trimmed text of an element, or null when it is absent or empty. */
function text(node: unknown): string | null {
  if (node === undefined || node === null) return null;
  const v = isNode(node) ? node['#text'] : node;
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

function decimal(ore: number): string {
  const abs = Math.abs(ore);
  return `${ore < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 0-based character offset → 1-based line. */
function lineIndex(s: string): (offset: number) => number {
  let starts: number[] | null = null;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
