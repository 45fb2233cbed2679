// Invariants of allocate() over random ledgers: charges, credit notes, payments and payment reversals, with
// dates drawn from a short span so that ties on due dates and booking dates are common.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { allocate, allocateAsOf } from './allocation.ts';
import type { AllocationResult, ChargeEntry, PaymentEntry } from './allocation.ts';
import { addDays } from './calendar-date.ts';

const START = '2026-01-01';
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04'];

type Ledger = { charges: ChargeEntry[]; payments: PaymentEntry[] };

/** 0–2 reversals taking back at most the whole amount: the first a share of it, the second the rest or none. */
const reversalsArb = fc.option(fc.record({ permille: fc.integer({ min: 1, max: 1000 }), all: fc.boolean(), delay: fc.nat(20) }), {
  freq: 2,
});

function reversalAmounts(amountOre: number, r: { permille: number; all: boolean }): number[] {
  const first = Math.max(1, Math.floor((amountOre * r.permille) / 1000));
  const rest = amountOre - first;
  return r.all && rest > 0 ? [-first, -rest] : [-first];
}

const chargeArb = fc.record({
  amountOre: fc.integer({ min: 1, max: 1_000_000 }),
  day: fc.nat(60),
  month: fc.constantFrom(...MONTHS),
  reversal: reversalsArb,
});

const paymentArb = fc.record({
  amountOre: fc.integer({ min: 1, max: 2_000_000 }),
  day: fc.nat(90),
  reversal: reversalsArb,
});

const ledgerArb: fc.Arbitrary<Ledger> = fc
  .record({ charges: fc.array(chargeArb, { maxLength: 8 }), payments: fc.array(paymentArb, { maxLength: 10 }) })
  .map(({ charges, payments }) => {
    const ledger: Ledger = { charges: [], payments: [] };
    charges.forEach((c, i) => {
      const dueDate = addDays(START, c.day);
      ledger.charges.push({ id: `c${i}`, month: c.month, dueDate, amountOre: c.amountOre });
      if (!c.reversal) return;
      reversalAmounts(c.amountOre, c.reversal).forEach((amountOre, j) =>
        ledger.charges.push({ id: `c${i}-cn${j}`, month: c.month, dueDate, amountOre, reversesChargeId: `c${i}` }),
      );
    });
    payments.forEach((p, i) => {
      const bookingDate = addDays(START, p.day);
      // Ids run against booking order half the time, so the id tie-break never stands in for the date.
      ledger.payments.push({ id: `p${(i * 7) % 10}${i}`, bookingDate, amountOre: p.amountOre });
      if (!p.reversal) return;
      const reversalDate = addDays(bookingDate, p.reversal.delay);
      reversalAmounts(p.amountOre, p.reversal).forEach((amountOre, j) =>
        ledger.payments.push({ id: `r${i}-${j}`, bookingDate: reversalDate, amountOre, reversesPaymentId: `p${(i * 7) % 10}${i}` }),
      );
    });
    return ledger;
  });

/** A ledger together with a shuffled copy of each of its arrays. */
const shuffledArb = ledgerArb.chain((ledger) =>
  fc.record({
    ledger: fc.constant(ledger),
    charges: fc.shuffledSubarray(ledger.charges, { minLength: ledger.charges.length }),
    payments: fc.shuffledSubarray(ledger.payments, { minLength: ledger.payments.length }),
  }),
);

const run = (l: Ledger): AllocationResult => allocate(l.charges, l.payments);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function netPayments(payments: PaymentEntry[]): number {
  return sum(payments.map((p) => p.amountOre));
}

describe('allocate: invariants over random ledgers', () => {
  it('allocates every paid öre either to a charge or to credit', () => {
    fc.assert(
      fc.property(ledgerArb, (l) => {
        const r = run(l);
        expect(r.totalPaidOre).toBe(netPayments(l.payments));
        expect(sum(r.allocations.map((a) => a.amountOre)) + r.creditOre).toBe(r.totalPaidOre);
        expect(r.creditOre).toBeGreaterThanOrEqual(0);
        expect(r.allocations.every((a) => Number.isSafeInteger(a.amountOre) && a.amountOre > 0)).toBe(true);
      }),
    );
  });

  it('never pays a charge more than its amount, and paidOre is the sum of its allocations', () => {
    fc.assert(
      fc.property(ledgerArb, (l) => {
        const r = run(l);
        for (const c of r.charges) {
          expect(c.amountOre).toBeGreaterThan(0);
          expect(c.paidOre).toBeLessThanOrEqual(c.amountOre);
          expect(c.paidOre).toBe(sum(r.allocations.filter((a) => a.chargeId === c.chargeId).map((a) => a.amountOre)));
          expect(c.openOre).toBe(c.amountOre - c.paidOre);
          expect(c.openOre).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('has credit only when every charge is fully paid, and balance = charged − paid = open − credit', () => {
    fc.assert(
      fc.property(ledgerArb, (l) => {
        const r = run(l);
        if (r.creditOre > 0) expect(r.charges.every((c) => c.openOre === 0)).toBe(true);
        expect(r.totalChargedOre).toBe(sum(l.charges.map((c) => c.amountOre)));
        expect(r.balanceOre).toBe(r.totalChargedOre - r.totalPaidOre);
        expect(r.balanceOre).toBe(sum(r.charges.map((c) => c.openOre)) - r.creditOre);
      }),
    );
  });

  it('pays charges oldest first: fully paid ones, at most one partly paid, then unpaid ones', () => {
    fc.assert(
      fc.property(ledgerArb, (l) => {
        const r = run(l);
        let paidBefore = 0;
        for (const c of r.charges) {
          expect(c.paidOre).toBe(Math.min(c.amountOre, Math.max(0, r.totalPaidOre - paidBefore)));
          paidBefore += c.amountOre;
        }
        const keys = r.charges.map((c) => `${c.dueDate} ${c.month} ${c.chargeId}`);
        expect(keys).toEqual([...keys].sort());
      }),
    );
  });

  it('dates a fully paid charge by the latest payment allocated to it, and only a fully paid one', () => {
    fc.assert(
      fc.property(ledgerArb, (l) => {
        const r = run(l);
        const dateOf = new Map(l.payments.map((p) => [p.id, p.bookingDate]));
        for (const c of r.charges) {
          const dates = r.allocations.filter((a) => a.chargeId === c.chargeId).map((a) => dateOf.get(a.paymentId)!);
          expect(c.paidInFullOn).toBe(c.openOre === 0 ? dates.sort().at(-1) : null);
        }
      }),
    );
  });

  it('does not depend on the order of the input arrays', () => {
    fc.assert(
      fc.property(shuffledArb, ({ ledger, charges, payments }) => {
        expect(allocate(charges, payments)).toEqual(run(ledger));
      }),
    );
  });

  it('equals allocate when asked as of a day after every entry', () => {
    fc.assert(
      fc.property(ledgerArb, (l) => {
        expect(allocateAsOf(l.charges, l.payments, '9999-12-31')).toEqual(run(l));
      }),
    );
  });

  it('as of a day, equals allocate over the entries booked by then', () => {
    fc.assert(
      fc.property(ledgerArb, fc.nat(120), (l, day) => {
        const asOf = addDays(START, day);
        const booked = l.payments.filter((p) => p.bookingDate <= asOf);
        expect(allocateAsOf(l.charges, l.payments, asOf)).toEqual(allocate(l.charges, booked));
      }),
    );
  });
});
