import { describe, it, expect } from 'vitest';
import { allocate, allocateAsOf, chargeStatusAt, isLedgerError } from './allocation.ts';
import type { ChargeEntry, PaymentEntry } from './allocation.ts';
import { DomainError } from './errors.ts';

const RENT = 650_000; // 6 500 kr

// Rent is due on the last vardag before the month (RULES.md 1): February 2026 on Friday 30 January.
const feb = charge('feb', '2026-02', '2026-01-30');
const mar = charge('mar', '2026-03', '2026-02-27');
const apr = charge('apr', '2026-04', '2026-03-31');

function charge(id: string, month: string, dueDate: string, amountOre = RENT): ChargeEntry {
  return { id, month, dueDate, amountOre };
}
function creditNote(id: string, reversesChargeId: string, amountOre: number): ChargeEntry {
  return { id, month: '2026-02', dueDate: '2026-01-30', amountOre, reversesChargeId };
}
function pay(id: string, bookingDate: string, amountOre = RENT): PaymentEntry {
  return { id, bookingDate, amountOre };
}
function reverse(id: string, reversesPaymentId: string, bookingDate: string, amountOre = -RENT): PaymentEntry {
  return { id, bookingDate, amountOre, reversesPaymentId };
}

function thrownCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect(isLedgerError(e)).toBe(true);
    return (e as DomainError).code;
  }
  return undefined;
}

describe('allocate: plain cases', () => {
  it('settles a charge paid exactly, on the day of the payment', () => {
    const r = allocate([feb], [pay('p1', '2026-01-28')]);
    expect(r.allocations).toEqual([{ paymentId: 'p1', chargeId: 'feb', amountOre: RENT }]);
    expect(r.charges).toEqual([
      { chargeId: 'feb', month: '2026-02', dueDate: '2026-01-30', amountOre: RENT, paidOre: RENT, openOre: 0, paidInFullOn: '2026-01-28' },
    ]);
    expect(r).toMatchObject({ creditOre: 0, balanceOre: 0, totalChargedOre: RENT, totalPaidOre: RENT });
  });

  it('leaves a partly paid charge open with no paidInFullOn', () => {
    const r = allocate([feb], [pay('p1', '2026-01-28', 400_000)]);
    expect(r.charges[0]).toMatchObject({ paidOre: 400_000, openOre: 250_000, paidInFullOn: null });
    expect(r).toMatchObject({ creditOre: 0, balanceOre: 250_000 });
  });

  it('dates a charge paid in instalments by the payment that completed it', () => {
    const r = allocate([feb], [pay('p1', '2026-01-28', 400_000), pay('p2', '2026-02-12', 250_000)]);
    expect(r.charges[0]).toMatchObject({ paidOre: RENT, openOre: 0, paidInFullOn: '2026-02-12' });
    expect(r.allocations.map((a) => a.paymentId)).toEqual(['p1', 'p2']);
  });

  it('keeps an overpayment as credit, and the next charge consumes it', () => {
    const payments = [pay('p1', '2026-01-28', 800_000)];
    expect(allocate([feb], payments)).toMatchObject({ creditOre: 150_000, balanceOre: -150_000 });

    const r = allocate([feb, mar], payments);
    expect(r.creditOre).toBe(0);
    expect(r.charges[1]).toMatchObject({ chargeId: 'mar', paidOre: 150_000, openOre: 500_000, paidInFullOn: null });
    expect(r.allocations).toEqual([
      { paymentId: 'p1', chargeId: 'feb', amountOre: RENT },
      { paymentId: 'p1', chargeId: 'mar', amountOre: 150_000 },
    ]);
  });

  it('dates a charge closed partly by carried-forward credit by the last payment reaching it', () => {
    const r = allocate([feb, mar], [pay('p1', '2026-01-28', 800_000), pay('p2', '2026-02-20', 500_000)]);
    expect(r.charges[1]).toMatchObject({ chargeId: 'mar', openOre: 0, paidInFullOn: '2026-02-20' });
  });

  it('counts a prepayment months ahead as paying each month on the day it was made (on time)', () => {
    const r = allocate([feb, mar, apr], [pay('p1', '2026-01-10', 3 * RENT)]);
    expect(r.charges.map((c) => c.paidInFullOn)).toEqual(['2026-01-10', '2026-01-10', '2026-01-10']);
    expect(r.charges.every((c) => c.paidInFullOn! < c.dueDate)).toBe(true);
    expect(r.creditOre).toBe(0);
  });

  it('keeps a payment made before any charge exists as credit', () => {
    const r = allocate([], [pay('p1', '2026-01-10')]);
    expect(r).toEqual({ allocations: [], charges: [], creditOre: RENT, balanceOre: -RENT, totalChargedOre: 0, totalPaidOre: RENT });
  });

  it('allocates a payment booked before the charge was issued to that charge', () => {
    const r = allocate([apr], [pay('p1', '2026-01-05')]);
    expect(r.charges[0]).toMatchObject({ openOre: 0, paidInFullOn: '2026-01-05' });
  });

  it('pays the oldest open charge first (arrears before the current month)', () => {
    const r = allocate([mar, feb], [pay('p1', '2026-02-26')]);
    expect(r.charges.map((c) => [c.chargeId, c.openOre])).toEqual([
      ['feb', 0],
      ['mar', RENT],
    ]);
  });

  it('reports an empty ledger as all zeros', () => {
    expect(allocate([], [])).toEqual({ allocations: [], charges: [], creditOre: 0, balanceOre: 0, totalChargedOre: 0, totalPaidOre: 0 });
  });
});

describe('allocate: reversals', () => {
  it('reopens the charge when its payment is reversed, and moves paidInFullOn to the payment that now pays it', () => {
    // p1 bounces; p2 (meant for March) is now what pays February, and late.
    const payments = [pay('p1', '2026-01-28'), pay('p2', '2026-02-10'), reverse('r1', 'p1', '2026-02-03')];
    const before = allocate([feb, mar], payments.slice(0, 2));
    expect(before.charges.map((c) => c.paidInFullOn)).toEqual(['2026-01-28', '2026-02-10']);

    const after = allocate([feb, mar], payments);
    expect(after.charges.map((c) => [c.chargeId, c.openOre, c.paidInFullOn])).toEqual([
      ['feb', 0, '2026-02-10'],
      ['mar', RENT, null],
    ]);
    expect(after.allocations).toEqual([{ paymentId: 'p2', chargeId: 'feb', amountOre: RENT }]);
    expect(after).toMatchObject({ totalPaidOre: RENT, balanceOre: RENT, creditOre: 0 });
  });

  it('nets a partial payment reversal', () => {
    const r = allocate([feb], [pay('p1', '2026-01-28'), reverse('r1', 'p1', '2026-02-02', -50_000)]);
    expect(r.charges[0]).toMatchObject({ paidOre: 600_000, openOre: 50_000, paidInFullOn: null });
  });

  it('turns the payment into credit when the charge is fully credited, and drops the charge', () => {
    const r = allocate([feb, creditNote('cn1', 'feb', -RENT)], [pay('p1', '2026-01-28')]);
    expect(r.charges).toEqual([]);
    expect(r).toMatchObject({ creditOre: RENT, balanceOre: -RENT, totalChargedOre: 0, allocations: [] });
  });

  it('lowers a partly credited charge and leaves the difference as credit', () => {
    const r = allocate([feb, creditNote('cn1', 'feb', -50_000)], [pay('p1', '2026-01-28')]);
    expect(r.charges[0]).toMatchObject({ amountOre: 600_000, paidOre: 600_000, openOre: 0 });
    expect(r.creditOre).toBe(50_000);
  });

  it('accepts several reversals up to the full amount', () => {
    const r = allocate(
      [feb, creditNote('cn1', 'feb', -RENT / 2), creditNote('cn2', 'feb', -RENT / 2)],
      [pay('p1', '2026-01-28', 100), reverse('r1', 'p1', '2026-01-29', -60), reverse('r2', 'p1', '2026-01-29', -40)],
    );
    expect(r).toMatchObject({ charges: [], totalChargedOre: 0, totalPaidOre: 0, creditOre: 0 });
  });
});

describe('allocate: ordering and ties', () => {
  it('orders payments by booking date, not by id or input order', () => {
    const r = allocate([feb, mar], [pay('a', '2026-02-20', 700_000), pay('b', '2026-01-28', 600_000)]);
    expect(r.allocations).toEqual([
      { paymentId: 'b', chargeId: 'feb', amountOre: 600_000 },
      { paymentId: 'a', chargeId: 'feb', amountOre: 50_000 },
      { paymentId: 'a', chargeId: 'mar', amountOre: 650_000 },
    ]);
    expect(r.charges.map((c) => c.paidInFullOn)).toEqual(['2026-02-20', '2026-02-20']);
  });

  it('breaks a booking-date tie by payment id', () => {
    const r = allocate([feb, mar], [pay('p2', '2026-01-28'), pay('p1', '2026-01-28')]);
    expect(r.allocations.map((a) => [a.paymentId, a.chargeId])).toEqual([
      ['p1', 'feb'],
      ['p2', 'mar'],
    ]);
  });

  it('breaks a due-date tie by month, then by charge id', () => {
    const extra = charge('a-extra', '2026-02', '2026-01-30', 100);
    const earlierMonth = charge('z', '2026-01', '2026-01-30', 100);
    const r = allocate([feb, extra, earlierMonth], []);
    expect(r.charges.map((c) => c.chargeId)).toEqual(['z', 'a-extra', 'feb']);
  });

  it('gives the same result whatever the order of the input arrays', () => {
    const charges = [feb, mar, apr, creditNote('cn1', 'mar', -100_000)];
    const payments = [
      pay('p1', '2026-01-28', 300_000),
      pay('p2', '2026-01-28', 500_000),
      reverse('r1', 'p1', '2026-02-01', -1),
      pay('p3', '2026-03-01'),
    ];
    expect(allocate([...charges].reverse(), [...payments].reverse())).toEqual(allocate(charges, payments));
  });
});

describe('allocateAsOf and chargeStatusAt', () => {
  const charges = [feb, mar];
  const payments = [pay('p1', '2026-01-28'), pay('p2', '2026-02-10'), reverse('r1', 'p1', '2026-02-03')];

  it('ignores payments and reversals booked after the day', () => {
    expect(allocateAsOf(charges, payments, '2026-01-27').charges.map((c) => c.paidOre)).toEqual([0, 0]);
    // On 1 February the bounce was not yet known: February looked paid on time.
    expect(chargeStatusAt(charges, payments, 'feb', '2026-02-01')).toMatchObject({ openOre: 0, paidInFullOn: '2026-01-28' });
    // On 5 February it was known, and February was open.
    expect(chargeStatusAt(charges, payments, 'feb', '2026-02-05')).toMatchObject({ paidOre: 0, openOre: RENT, paidInFullOn: null });
    // By the 15th p2 had paid it, late.
    expect(chargeStatusAt(charges, payments, 'feb', '2026-02-15')).toMatchObject({ openOre: 0, paidInFullOn: '2026-02-10' });
  });

  it('counts entries booked on the day itself', () => {
    expect(chargeStatusAt(charges, payments, 'feb', '2026-01-28')?.paidInFullOn).toBe('2026-01-28');
  });

  it('equals allocate on a day after every entry', () => {
    expect(allocateAsOf(charges, payments, '9999-12-31')).toEqual(allocate(charges, payments));
  });

  it('gives null for an unknown or fully credited charge', () => {
    expect(chargeStatusAt(charges, payments, 'nope', '2026-02-15')).toBeNull();
    expect(chargeStatusAt([feb, creditNote('cn', 'feb', -RENT)], [], 'feb', '2026-02-15')).toBeNull();
  });

  it('still validates entries booked after the day', () => {
    expect(thrownCode(() => allocateAsOf([feb], [pay('p1', '2026-03-01', 0)], '2026-02-01'))).toBe('LEDGER_INVALID_ENTRY');
  });

  it('rejects an invalid date', () => {
    expect(() => allocateAsOf(charges, payments, '2026-02-30')).toThrow(RangeError);
  });
});

describe('allocate: the priority extension point (for repayment plans)', () => {
  type PlanCharge = ChargeEntry & { kind: 'rent' | 'plan_instalment' };
  const arrears: PlanCharge = { ...charge('old', '2025-12', '2025-11-28', 300_000), kind: 'plan_instalment' };
  const current: PlanCharge = { ...feb, kind: 'rent' };

  it('is plain oldest first without a priority', () => {
    expect(allocate([arrears, current], [pay('p1', '2026-01-28')]).charges.map((c) => c.openOre)).toEqual([0, 300_000]);
  });

  it('lets a rule fill current rent before older debt, oldest first within a rank', () => {
    const rentFirst = (c: PlanCharge) => (c.kind === 'rent' ? 0 : 1);
    const r = allocate([arrears, current], [pay('p1', '2026-01-28', 700_000)], { priority: rentFirst });
    expect(r.allocations).toEqual([
      { paymentId: 'p1', chargeId: 'feb', amountOre: RENT },
      { paymentId: 'p1', chargeId: 'old', amountOre: 50_000 },
    ]);
    expect(r.charges.map((c) => c.chargeId)).toEqual(['old', 'feb']);
  });
});

describe('allocate: invalid ledgers', () => {
  it('rejects a reversal larger than the payment or charge it reverses', () => {
    expect(thrownCode(() => allocate([], [pay('p1', '2026-01-28'), reverse('r1', 'p1', '2026-01-29', -RENT - 1)]))).toBe(
      'LEDGER_REVERSAL_EXCEEDS_ENTRY',
    );
    expect(thrownCode(() => allocate([feb, creditNote('cn1', 'feb', -400_000), creditNote('cn2', 'feb', -400_000)], []))).toBe(
      'LEDGER_REVERSAL_EXCEEDS_ENTRY',
    );
  });

  it('rejects a reversal of something that is not there, or of another reversal', () => {
    expect(thrownCode(() => allocate([], [reverse('r1', 'p9', '2026-01-29')]))).toBe('LEDGER_REVERSAL_TARGET_MISSING');
    expect(thrownCode(() => allocate([creditNote('cn1', 'feb', -1)], []))).toBe('LEDGER_REVERSAL_TARGET_MISSING');
    const payments = [pay('p1', '2026-01-28'), reverse('r1', 'p1', '2026-01-29'), reverse('r2', 'r1', '2026-01-30')];
    expect(thrownCode(() => allocate([], payments))).toBe('LEDGER_REVERSAL_OF_REVERSAL');
  });

  it('rejects a payment reversal booked before the payment', () => {
    expect(thrownCode(() => allocate([], [pay('p1', '2026-01-28'), reverse('r1', 'p1', '2026-01-27')]))).toBe(
      'LEDGER_REVERSAL_BEFORE_ENTRY',
    );
  });

  it('rejects fractions of öre, wrong signs and bad dates or months', () => {
    const cases: [ChargeEntry[], PaymentEntry[]][] = [
      [[charge('c', '2026-02', '2026-01-30', 100.5)], []],
      [[charge('c', '2026-02', '2026-01-30', 0)], []],
      [[charge('c', '2026-02', '2026-01-30', -5)], []],
      [[charge('c', '2026-13', '2026-01-30')], []],
      [[charge('c', '2026-02', '2026-02-30')], []],
      [[feb, creditNote('cn', 'feb', 5)], []],
      [[], [pay('p', '2026-01-28', Number.NaN)]],
      [[], [pay('p', '2026-01-28', -5)]],
      [[], [pay('p', '28/1/2026')]],
      [[], [pay('p', '2026-01-28'), reverse('r', 'p', '2026-01-29', 5)]],
      [[], [pay('', '2026-01-28')]],
    ];
    for (const [charges, payments] of cases) {
      expect(
        thrownCode(() => allocate(charges, payments)),
        JSON.stringify([charges, payments]),
      ).toBe('LEDGER_INVALID_ENTRY');
    }
  });

  it('rejects two entries with the same id, and names the entry in the error body', () => {
    let error: unknown;
    try {
      allocate([], [pay('p1', '2026-01-28'), pay('p1', '2026-02-28')]);
    } catch (e) {
      error = e;
    }
    expect(isLedgerError(error)).toBe(true);
    expect((error as DomainError).toBody('en').error).toMatchObject({ code: 'LEDGER_DUPLICATE_ID', entryId: 'p1' });
    expect((error as DomainError).status).toBe(409);
  });
});
