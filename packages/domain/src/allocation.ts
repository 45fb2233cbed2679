// The rent ledger of one placement: monthly rent charges and the payments that settle them. The server
// stores only the entries and calls allocate() to work out what is paid; nothing derived is stored. Replaying
// from scratch is what makes corrections simple: a correction is a reversing entry (a payment that bounced,
// a credit note on a wrong charge), never an edit or a delete, so the history stays auditable, and the result
// cannot depend on the order rows happened to be inserted.
//
// The rule (issue text): a payment goes to the oldest open charge first; what is left over stays as credit
// for the next charge; a partial payment leaves the charge partly open. Because the replay knows every
// charge at once, a payment made before a charge exists (a prepayment) is allocated straight to that later
// charge, so "credit" in the result is only money no known charge needs: total paid − total allocated.
//
// Definitions, relied on by the rent follow-up (on time / late / unpaid by the 15th, RULES.md 3):
// - Charge order: dueDate, then month, then id. Payment order: bookingDate, then id. Ids and dates compare
//   by UTF-16 code units (plain `<`), never localeCompare, so every server sorts alike. With the default
//   order the id tie-break only decides which of two same-day payments is named in `allocations`; how much
//   of each charge is paid, and on which date, is the same either way.
// - paidInFullOn: the booking date of the last payment any part of which was allocated to the charge, once
//   nothing is open; null while anything is open. Credit carried forward from an earlier payment therefore
//   gives that earlier date, which correctly counts as on time.
// - A reversal nets against the entry it points at, on that entry's own date: a bounced payment was, in
//   hindsight, never paid. allocateAsOf() shows what was known on a day instead.
//
// Extension point: repayment plans (avbetalningsplaner) will add their instalments as charges of another
// kind, and may want a payment to settle the current month's rent before older debt so the tenancy is not
// put at risk. That is `AllocateOptions.priority`; plans themselves are not built here.
import { DomainError } from './errors.ts';
import type { Localized } from './errors.ts';
import { isCalendarDate } from './calendar-date.ts';

export type ChargeEntry = {
  id: string;
  /** The rent month the charge is for, 'YYYY-MM'. */
  month: string;
  /** 'YYYY-MM-DD'. */
  dueDate: string;
  /** Positive öre for a charge; negative for a credit note, which sets reversesChargeId. */
  amountOre: number;
  /** Set on a credit note: the charge it lowers. Its own month and dueDate are not used. */
  reversesChargeId?: string | null;
};

export type PaymentEntry = {
  id: string;
  /** 'YYYY-MM-DD': the day the money reached the account (or, for a reversal, the day it was taken back). */
  bookingDate: string;
  /** Positive öre for a payment; negative for a reversal, which sets reversesPaymentId. */
  amountOre: number;
  /** Set on a reversal: the payment it takes back, wholly or partly. */
  reversesPaymentId?: string | null;
};

export type Allocation = { paymentId: string; chargeId: string; amountOre: number };

export type ChargeStatus = {
  chargeId: string;
  month: string;
  dueDate: string;
  /** Net of credit notes. */
  amountOre: number;
  paidOre: number;
  /** amountOre − paidOre, never negative. */
  openOre: number;
  /** Booking date of the last payment allocated to the charge once it is fully paid; otherwise null. */
  paidInFullOn: string | null;
};

export type AllocationResult = {
  /** In payment order; within a payment, in the order it filled the charges. One row per payment and charge. */
  allocations: Allocation[];
  /** Charges with a net amount above zero, oldest first; a fully credited charge is left out. */
  charges: ChargeStatus[];
  /** Paid but not needed by any charge: totalPaidOre − the sum of allocations. */
  creditOre: number;
  /** totalChargedOre − totalPaidOre; negative means the resident is in credit. */
  balanceOre: number;
  totalChargedOre: number;
  totalPaidOre: number;
};

export type AllocateOptions<C extends ChargeEntry = ChargeEntry> = {
  /**
   * Extension point for repayment plans: a rank per open charge for this payment; lower ranks are filled
   * first, equal ranks oldest first. Charges arrive as the caller passed them, so a caller's own fields
   * (say `kind: 'plan_instalment'`) are visible. Default: every charge ranks 0, i.e. plain oldest first.
   */
  priority?: (charge: C, payment: PaymentEntry) => number;
};

export type LedgerErrorCode =
  | 'LEDGER_INVALID_ENTRY'
  | 'LEDGER_DUPLICATE_ID'
  | 'LEDGER_REVERSAL_TARGET_MISSING'
  | 'LEDGER_REVERSAL_OF_REVERSAL'
  | 'LEDGER_REVERSAL_BEFORE_ENTRY'
  | 'LEDGER_REVERSAL_EXCEEDS_ENTRY';

/** True for the errors allocate() throws on an inconsistent ledger (a DomainError, status 409). */
export function isLedgerError(e: unknown): e is DomainError & { code: LedgerErrorCode } {
  return e instanceof DomainError && e.code.startsWith('LEDGER_');
}

export function allocate<C extends ChargeEntry>(
  charges: readonly C[],
  payments: readonly PaymentEntry[],
  options: AllocateOptions<C> = {},
): AllocationResult {
  return replay(buildLedger(charges, payments, null), options);
}

/**
 * The ledger as it stood at the end of asOfDate: payments and payment reversals booked after that day are
 * left out, so a payment that bounced later still counts as paid then. Charges and credit notes are all
 * used: a credit note says what was really owed, and charges ordered after a given charge never change
 * what that charge received. Pass only the charges that should count when balanceOre must be as of the day.
 * The whole ledger is validated first, so a broken entry is reported whatever the date.
 */
export function allocateAsOf<C extends ChargeEntry>(
  charges: readonly C[],
  payments: readonly PaymentEntry[],
  asOfDate: string,
  options: AllocateOptions<C> = {},
): AllocationResult {
  if (!isCalendarDate(asOfDate)) throw new RangeError(`asOfDate must be YYYY-MM-DD, got "${asOfDate}"`);
  return replay(buildLedger(charges, payments, asOfDate), options);
}

/** How much of one charge was paid by the end of asOfDate (the 1st, 5th, 15th checkpoints); null when the
 *  charge is unknown or fully credited. */
export function chargeStatusAt<C extends ChargeEntry>(
  charges: readonly C[],
  payments: readonly PaymentEntry[],
  chargeId: string,
  asOfDate: string,
  options: AllocateOptions<C> = {},
): ChargeStatus | null {
  return allocateAsOf(charges, payments, asOfDate, options).charges.find((c) => c.chargeId === chargeId) ?? null;
}

type Net<E> = { entry: E; amountOre: number };
type Ledger<C> = { charges: Net<C>[]; payments: Net<PaymentEntry>[] };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function buildLedger<C extends ChargeEntry>(charges: readonly C[], payments: readonly PaymentEntry[], asOfDate: string | null): Ledger<C> {
  const chargeById = indexEntries(charges, (c) => c.reversesChargeId ?? null, checkCharge);
  const paymentById = indexEntries(payments, (p) => p.reversesPaymentId ?? null, checkPayment);

  const chargeNet = netAmounts(
    charges,
    chargeById,
    (c) => c.reversesChargeId ?? null,
    () => true,
  );
  const counted = (p: PaymentEntry) => asOfDate === null || p.bookingDate <= asOfDate;
  // A reversal is booked no earlier than its payment (checked in netAmounts), so filtering by date never
  // leaves a reversal without its payment.
  const paymentNet = netAmounts(
    payments,
    paymentById,
    (p) => p.reversesPaymentId ?? null,
    counted,
    (p, target) => {
      if (p.bookingDate < target.bookingDate) throw ledgerError('LEDGER_REVERSAL_BEFORE_ENTRY', p.id, bookedBeforeMessages);
    },
  );

  return {
    charges: collect(charges, chargeNet).sort((a, b) => compareCharges(a.entry, b.entry)),
    payments: collect(payments, paymentNet).sort((a, b) => comparePayments(a.entry, b.entry)),
  };
}

function replay<C extends ChargeEntry>(ledger: Ledger<C>, options: AllocateOptions<C>): AllocationResult {
  const { charges, payments } = ledger;
  const open = charges.map((c) => c.amountOre);
  const paidInFullOn: (string | null)[] = charges.map(() => null);
  const allocations: Allocation[] = [];
  const priority = options.priority;

  for (const payment of payments) {
    let left = payment.amountOre;
    let order = charges.map((_, i) => i).filter((i) => open[i]! > 0);
    if (priority) {
      const rank = new Map(order.map((i) => [i, priority(charges[i]!.entry, payment.entry)]));
      // Array sort is stable, so equal ranks keep the oldest-first order.
      order = order.sort((a, b) => rank.get(a)! - rank.get(b)!);
    }
    for (const i of order) {
      if (left === 0) break;
      const amountOre = Math.min(left, open[i]!);
      left -= amountOre;
      open[i]! -= amountOre;
      allocations.push({ paymentId: payment.entry.id, chargeId: charges[i]!.entry.id, amountOre });
      // Payments are replayed in booking order, so the one that closes a charge is the last one to reach it.
      if (open[i] === 0) paidInFullOn[i] = payment.entry.bookingDate;
    }
  }

  const totalChargedOre = sum(charges.map((c) => c.amountOre));
  const totalPaidOre = sum(payments.map((p) => p.amountOre));
  const allocatedOre = sum(allocations.map((a) => a.amountOre));
  return {
    allocations,
    charges: charges.map((c, i) => ({
      chargeId: c.entry.id,
      month: c.entry.month,
      dueDate: c.entry.dueDate,
      amountOre: c.amountOre,
      paidOre: c.amountOre - open[i]!,
      openOre: open[i]!,
      paidInFullOn: paidInFullOn[i]!,
    })),
    creditOre: totalPaidOre - allocatedOre,
    balanceOre: totalChargedOre - totalPaidOre,
    totalChargedOre,
    totalPaidOre,
  };
}

function compareCharges(a: ChargeEntry, b: ChargeEntry): number {
  return compareStrings(a.dueDate, b.dueDate) || compareStrings(a.month, b.month) || compareStrings(a.id, b.id);
}

function comparePayments(a: PaymentEntry, b: PaymentEntry): number {
  return compareStrings(a.bookingDate, b.bookingDate) || compareStrings(a.id, b.id);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkCharge(c: ChargeEntry): boolean {
  if (c.reversesChargeId) return c.amountOre < 0;
  return c.amountOre > 0 && MONTH.test(c.month) && isCalendarDate(c.dueDate);
}

function checkPayment(p: PaymentEntry): boolean {
  return isCalendarDate(p.bookingDate) && (p.reversesPaymentId ? p.amountOre < 0 : p.amountOre > 0);
}

/** Validates each entry's own fields and the uniqueness of ids; returns the entries by id. */
function indexEntries<E extends { id: string; amountOre: number }>(
  entries: readonly E[],
  reverses: (e: E) => string | null,
  check: (e: E) => boolean,
): Map<string, E> {
  const byId = new Map<string, E>();
  for (const e of entries) {
    if (typeof e.id !== 'string' || e.id === '' || !Number.isSafeInteger(e.amountOre) || !check(e)) {
      throw ledgerError('LEDGER_INVALID_ENTRY', String(e.id), invalidMessages);
    }
    if (byId.has(e.id)) throw ledgerError('LEDGER_DUPLICATE_ID', e.id, duplicateMessages);
    byId.set(e.id, e);
  }
  for (const e of entries) {
    const targetId = reverses(e);
    if (!targetId) continue;
    const target = byId.get(targetId);
    if (!target) throw ledgerError('LEDGER_REVERSAL_TARGET_MISSING', e.id, missingMessages);
    if (reverses(target)) throw ledgerError('LEDGER_REVERSAL_OF_REVERSAL', e.id, reversalOfReversalMessages);
  }
  return byId;
}

/** Each original entry's amount net of its reversals; reversals may not take back more than the entry. The
 *  cap is checked on the whole ledger, `counted` only decides what goes into the returned amounts. */
function netAmounts<E extends { id: string; amountOre: number }>(
  entries: readonly E[],
  byId: Map<string, E>,
  reverses: (e: E) => string | null,
  counted: (e: E) => boolean,
  checkPair: (reversal: E, target: E) => void = () => {},
): Map<string, number> {
  const full = new Map<string, number>();
  const net = new Map<string, number>();
  for (const e of entries) {
    if (reverses(e)) continue;
    full.set(e.id, e.amountOre);
    if (counted(e)) net.set(e.id, e.amountOre);
  }
  for (const e of entries) {
    const targetId = reverses(e);
    if (!targetId) continue;
    checkPair(e, byId.get(targetId)!);
    const remaining = full.get(targetId)! + e.amountOre;
    if (remaining < 0) throw ledgerError('LEDGER_REVERSAL_EXCEEDS_ENTRY', e.id, exceedsMessages);
    full.set(targetId, remaining);
    if (counted(e)) net.set(targetId, net.get(targetId)! + e.amountOre);
  }
  return net;
}

function collect<E extends { id: string }>(entries: readonly E[], net: Map<string, number>): Net<E>[] {
  return entries.filter((e) => (net.get(e.id) ?? 0) > 0).map((entry) => ({ entry, amountOre: net.get(entry.id)! }));
}

function sum(amounts: number[]): number {
  const total = amounts.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(total)) throw new RangeError('Ledger total is beyond exact integer arithmetic');
  return total;
}

function ledgerError(code: LedgerErrorCode, entryId: string, messages: Localized): DomainError {
  return new DomainError({ code, status: 409, messages, extra: { entryId } });
}

const invalidMessages: Localized = {
  sv: 'En post i reskontran har ogiltigt belopp, datum eller månad.',
  en: 'A ledger entry has an invalid amount, date or month.',
};
const duplicateMessages: Localized = { sv: 'Två poster i reskontran har samma id.', en: 'Two ledger entries share an id.' };
const missingMessages: Localized = {
  sv: 'Rättelsen pekar på en post som inte finns.',
  en: 'The correction points at an entry that does not exist.',
};
const reversalOfReversalMessages: Localized = {
  sv: 'En rättelse kan inte rätta en annan rättelse.',
  en: 'A correction cannot correct another correction.',
};
const bookedBeforeMessages: Localized = {
  sv: 'Återföringen är bokförd före betalningen den återför.',
  en: 'The reversal is booked before the payment it reverses.',
};
const exceedsMessages: Localized = {
  sv: 'Rättelserna överstiger beloppet på posten de rättar.',
  en: 'The corrections exceed the amount of the entry they correct.',
};
