import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate } from './allocation.ts';
import type { ChargeEntry, PaymentEntry } from './allocation.ts';
import { addMonths } from './calendar-month.ts';
import { InvalidFieldsError } from './localized-field-error.ts';
import { rentDueDate } from './rent-due-date.ts';
import {
  MAX_PLAN_INSTALMENTS,
  planPayments,
  planPriority,
  planProgress,
  planSchedule,
  validateRepaymentPlanTerms,
} from './repayment-plan.ts';
import type { PlanInstalment, RepaymentPlanTerms } from './repayment-plan.ts';

const withRent = (month: string) => rentDueDate(month);
const amounts = (s: PlanInstalment[]) => s.map((i) => i.amountOre);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('planSchedule by number of instalments', () => {
  it('splits the debt in equal whole kronor, the last taking the rest, due with each month’s rent', () => {
    expect(planSchedule({ debtOre: 1_000_000, startMonth: '2027-02', instalments: 3 }, withRent)).toEqual([
      { number: 1, month: '2027-02', dueDate: '2027-01-29', amountOre: 333_300 },
      { number: 2, month: '2027-03', dueDate: '2027-02-26', amountOre: 333_300 },
      { number: 3, month: '2027-04', dueDate: '2027-03-31', amountOre: 333_400 },
    ]);
  });

  it('keeps öre in the last instalment', () => {
    // 12 345,67 kr in four: 3 086 kr three times, then 3 087,67 kr.
    expect(amounts(planSchedule({ debtOre: 1_234_567, startMonth: '2026-03', instalments: 4 }, withRent))).toEqual([
      308_600, 308_600, 308_600, 308_767,
    ]);
  });

  it('splits in öre a debt too small for whole kronor, and a single instalment is the debt', () => {
    expect(amounts(planSchedule({ debtOre: 150, startMonth: '2026-03', instalments: 2 }, withRent))).toEqual([75, 75]);
    expect(amounts(planSchedule({ debtOre: 987_654, startMonth: '2026-03', instalments: 1 }, withRent))).toEqual([987_654]);
  });

  it('crosses the year with consecutive months', () => {
    const s = planSchedule({ debtOre: 600_000, startMonth: '2026-11', instalments: 4 }, withRent);
    expect(s.map((i) => `${i.month} ${i.dueDate}`)).toEqual([
      '2026-11 2026-10-30',
      '2026-12 2026-11-30',
      '2027-01 2026-12-30',
      '2027-02 2027-01-29',
    ]);
  });
});

describe('planSchedule by instalment amount', () => {
  it('makes ceil(debt ÷ amount) instalments, the last one smaller', () => {
    expect(amounts(planSchedule({ debtOre: 1_000_000, startMonth: '2026-03', instalmentOre: 300_000 }, withRent))).toEqual([
      300_000, 300_000, 300_000, 100_000,
    ]);
    expect(amounts(planSchedule({ debtOre: 900_000, startMonth: '2026-03', instalmentOre: 300_000 }, withRent))).toEqual([
      300_000, 300_000, 300_000,
    ]);
  });

  it('makes one instalment of the debt when the amount is larger', () => {
    expect(amounts(planSchedule({ debtOre: 250_000, startMonth: '2026-03', instalmentOre: 300_000 }, withRent))).toEqual([250_000]);
  });
});

describe('planSchedule with an agreed due day', () => {
  it('is due on that day of the month before, or the vardag before it, like an agreed rent due day', () => {
    const s = planSchedule({ debtOre: 300_000, startMonth: '2026-04', instalments: 3, dueDay: 25 }, withRent);
    // 25 April 2026 is a Saturday; 25 December 2026 would be juldagen.
    expect(s.map((i) => i.dueDate)).toEqual(['2026-03-25', '2026-04-24', '2026-05-25']);
    expect(planSchedule({ debtOre: 100_000, startMonth: '2027-01', instalments: 1, dueDay: 25 }, withRent)[0]?.dueDate).toBe('2026-12-23');
  });
});

describe('validateRepaymentPlanTerms', () => {
  const codes = (t: RepaymentPlanTerms) => validateRepaymentPlanTerms(t).map((e) => `${e.field}:${e.code}`);
  const ok: RepaymentPlanTerms = { debtOre: 1_000_000, startMonth: '2026-03', instalments: 10 };

  it('accepts valid terms', () => {
    expect(codes(ok)).toEqual([]);
    expect(codes({ debtOre: 1_000_000, startMonth: '2026-03', instalmentOre: 50_000, instalments: null, dueDay: 28 })).toEqual([]);
  });

  it('names the field of each problem', () => {
    expect(codes({ ...ok, debtOre: 0 })).toEqual(['debtOre:not_positive']);
    expect(codes({ ...ok, debtOre: 10.5 })).toEqual(['debtOre:not_positive']);
    expect(codes({ ...ok, startMonth: '2026-3' })).toEqual(['startMonth:invalid_month']);
    expect(codes({ ...ok, instalments: 0 })).toEqual(['instalments:out_of_range']);
    expect(codes({ ...ok, instalments: MAX_PLAN_INSTALMENTS + 1 })).toEqual(['instalments:out_of_range']);
    expect(codes({ ...ok, instalments: 2.5 })).toEqual(['instalments:out_of_range']);
    expect(codes({ ...ok, debtOre: 5 })).toEqual(['instalments:more_than_debt']);
    expect(codes({ ...ok, instalmentOre: 100 })).toEqual(['instalments:both_given']);
    expect(codes({ debtOre: 1_000, startMonth: '2026-03' })).toEqual(['instalmentOre:required']);
    expect(codes({ debtOre: 1_000, startMonth: '2026-03', instalmentOre: -5 })).toEqual(['instalmentOre:not_positive']);
    expect(codes({ debtOre: 6_100, startMonth: '2026-03', instalmentOre: 100 })).toEqual(['instalmentOre:too_many_instalments']);
    expect(codes({ debtOre: 6_000, startMonth: '2026-03', instalmentOre: 100 })).toEqual([]);
    expect(codes({ ...ok, dueDay: 29 })).toEqual(['dueDay:out_of_range']);
  });

  it('makes planSchedule throw the same list, with messages in both languages', () => {
    let error: unknown;
    try {
      planSchedule({ debtOre: -1, startMonth: '2026-03', instalments: 0 }, withRent);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidFieldsError);
    const fields = (error as InvalidFieldsError).fields;
    expect(fields.map((f) => f.field)).toEqual(['debtOre', 'instalments']);
    expect(fields.every((f) => f.message.sv !== '' && f.message.en !== '')).toBe(true);
  });

  it('rejects a dueDateFor that does not give a date', () => {
    expect(() => planSchedule(ok, () => '2026-02-30')).toThrow(RangeError);
  });
});

const termsArb: fc.Arbitrary<RepaymentPlanTerms> = fc.oneof(
  fc
    .record({ debtOre: fc.integer({ min: 1, max: 100_000_000 }), instalments: fc.integer({ min: 1, max: MAX_PLAN_INSTALMENTS }) })
    .filter((t) => t.instalments <= t.debtOre)
    .map((t) => ({ ...t, startMonth: '2026-11' })),
  fc
    .record({ debtOre: fc.integer({ min: 1, max: 100_000_000 }), instalmentOre: fc.integer({ min: 1, max: 100_000_000 }) })
    .filter((t) => Math.ceil(t.debtOre / t.instalmentOre) <= MAX_PLAN_INSTALMENTS)
    .map((t) => ({ ...t, startMonth: '2026-11' })),
);

describe('planSchedule: invariants', () => {
  it('always sums to the debt in positive whole öre over consecutive months, the last instalment taking the rest', () => {
    fc.assert(
      fc.property(termsArb, (terms) => {
        const s = planSchedule(terms, withRent);
        expect(sum(amounts(s))).toBe(terms.debtOre);
        expect(s.every((i) => Number.isSafeInteger(i.amountOre) && i.amountOre > 0)).toBe(true);
        expect(s.length).toBeLessThanOrEqual(MAX_PLAN_INSTALMENTS);
        s.forEach((i, n) => {
          expect(i.number).toBe(n + 1);
          expect(i.month).toBe(addMonths('2026-11', n));
        });
        const regular = s.slice(0, -1).map((i) => i.amountOre);
        const last = s[s.length - 1]!.amountOre;
        if (terms.instalmentOre) {
          expect(regular.every((a) => a === terms.instalmentOre)).toBe(true);
          expect(last).toBeLessThanOrEqual(terms.instalmentOre);
        } else {
          expect(s.length).toBe(terms.instalments);
          expect(new Set(regular).size).toBeLessThanOrEqual(1);
          expect(regular.every((a) => a <= last)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('planProgress', () => {
  // 1 500 kr in three, due with the rent for March, April and May 2026: 27 February, 31 March, 30 April.
  const schedule = planSchedule({ debtOre: 150_000, startMonth: '2026-03', instalments: 3 }, withRent);
  const paid = (date: string, amountOre = 50_000) => ({ date, amountOre });

  it('shows a plan paid on time as complete, with nothing missed', () => {
    const p = planProgress(schedule, [paid('2026-02-27'), paid('2026-03-31'), paid('2026-04-28')], '2026-05-15');
    expect(p).toEqual({ paidOre: 150_000, dueSoFarOre: 150_000, behindOre: 0, missed: [], complete: true, nextInstalment: null });
  });

  it('does not call an instalment missed on its due date, only from the day after', () => {
    expect(planProgress(schedule, [], '2026-02-27')).toMatchObject({ dueSoFarOre: 0, behindOre: 0, missed: [] });
    expect(planProgress(schedule, [], '2026-02-28')).toMatchObject({
      dueSoFarOre: 50_000,
      behindOre: 50_000,
      missed: [{ number: 1, month: '2026-03', dueDate: '2026-02-27', shortOre: 50_000, caughtUpOn: null }],
      nextInstalment: { number: 1, openOre: 50_000 },
    });
  });

  it('keeps a late instalment as missed, with the day it was caught up', () => {
    const p = planProgress(schedule, [paid('2026-03-03'), paid('2026-03-31')], '2026-04-10');
    expect(p.missed).toEqual([{ number: 1, month: '2026-03', dueDate: '2026-02-27', shortOre: 50_000, caughtUpOn: '2026-03-03' }]);
    expect(p).toMatchObject({ paidOre: 100_000, dueSoFarOre: 100_000, behindOre: 0, complete: false });
    expect(p.nextInstalment).toEqual({ number: 3, month: '2026-05', dueDate: '2026-04-30', amountOre: 50_000, openOre: 50_000 });
  });

  it('counts what is short of a partly paid instalment, and lets later money fill the earliest one first', () => {
    const p = planProgress(schedule, [paid('2026-02-27', 30_000), paid('2026-03-31', 50_000)], '2026-04-10');
    // By 31 March 80 000 of 100 000 is paid: instalment 1 caught up, instalment 2 short by 20 000.
    expect(p.missed).toEqual([
      { number: 1, month: '2026-03', dueDate: '2026-02-27', shortOre: 20_000, caughtUpOn: '2026-03-31' },
      { number: 2, month: '2026-04', dueDate: '2026-03-31', shortOre: 20_000, caughtUpOn: null },
    ]);
    expect(p).toMatchObject({ paidOre: 80_000, behindOre: 20_000 });
    expect(p.nextInstalment).toMatchObject({ number: 2, openOre: 20_000 });
  });

  it('lists every instalment missed outright', () => {
    const p = planProgress(schedule, [], '2026-05-01');
    expect(p.missed.map((m) => [m.number, m.shortOre])).toEqual([
      [1, 50_000],
      [2, 50_000],
      [3, 50_000],
    ]);
    expect(p).toMatchObject({ paidOre: 0, dueSoFarOre: 150_000, behindOre: 150_000, complete: false });
  });

  it('lets a payment ahead cover later instalments', () => {
    const p = planProgress(schedule, [paid('2026-02-20', 100_000)], '2026-04-10');
    expect(p).toMatchObject({ paidOre: 100_000, behindOre: 0, missed: [], nextInstalment: { number: 3, openOre: 50_000 } });
    expect(planProgress(schedule, [paid('2026-02-20', 150_000)], '2026-02-21')).toMatchObject({ complete: true, nextInstalment: null });
  });

  it('leaves out payments after asOf', () => {
    expect(planProgress(schedule, [paid('2026-03-05')], '2026-03-04')).toMatchObject({ paidOre: 0, missed: [{ caughtUpOn: null }] });
  });

  it('rejects malformed input', () => {
    expect(() => planProgress(schedule, [paid('2026-03-05', 0)], '2026-03-04')).toThrow(RangeError);
    expect(() => planProgress(schedule, [paid('2026-3-5')], '2026-03-04')).toThrow(RangeError);
    expect(() => planProgress(schedule, [], '2026-03')).toThrow(RangeError);
  });
});

describe('planPriority with allocate', () => {
  const RENT = 650_000;
  // December and January were never paid; the plan (agreed in January) covers them: 13 000 kr in 13 × 1 000 kr,
  // the first due with February's rent on 30 January. The server has already made March's charge.
  const charges: ChargeEntry[] = [
    { id: 'dec', month: '2025-12', dueDate: '2025-11-28', amountOre: RENT },
    { id: 'jan', month: '2026-01', dueDate: '2025-12-30', amountOre: RENT },
    { id: 'feb', month: '2026-02', dueDate: '2026-01-30', amountOre: RENT },
    { id: 'mar', month: '2026-03', dueDate: '2026-02-27', amountOre: RENT },
  ];
  const plan = new Set(['dec', 'jan']);
  const schedule = planSchedule({ debtOre: 2 * RENT, startMonth: '2026-02', instalments: 13 }, withRent);
  const rentAndInstalment: PaymentEntry = { id: 'p1', bookingDate: '2026-01-29', amountOre: RENT + 100_000 };

  it('pays the current month first and the instalment off the arrears', () => {
    const r = allocate(charges, [rentAndInstalment], { priority: planPriority(plan) });
    expect(Object.fromEntries(r.charges.map((c) => [c.chargeId, c.openOre]))).toEqual({
      dec: RENT - 100_000,
      jan: RENT,
      feb: 0,
      mar: RENT,
    });
    expect(r.charges.find((c) => c.chargeId === 'feb')?.paidInFullOn).toBe('2026-01-29');
    const toPlan = planPayments(r.allocations, [rentAndInstalment], plan);
    expect(toPlan).toEqual([{ date: '2026-01-29', amountOre: 100_000 }]);
    expect(planProgress(schedule, toPlan, '2026-02-10')).toMatchObject({ paidOre: 100_000, behindOre: 0, missed: [] });
  });

  it('where plain oldest first would leave the current month unpaid', () => {
    const r = allocate(charges, [rentAndInstalment]);
    expect(Object.fromEntries(r.charges.map((c) => [c.chargeId, c.openOre]))).toEqual({
      dec: 0,
      jan: RENT - 100_000,
      feb: RENT,
      mar: RENT,
    });
  });

  it('covers arrears outside the plan before the plan, and later months only after it', () => {
    const withApril: ChargeEntry[] = [...charges, { id: 'apr', month: '2026-04', dueDate: '2026-03-31', amountOre: RENT }];
    const big: PaymentEntry = { id: 'p1', bookingDate: '2026-01-29', amountOre: 2 * RENT + 1_400_000 };
    const r = allocate(withApril, [big], { priority: planPriority(new Set(['dec'])) });
    // January is not in this plan: it and February come first, then the plan's December, then March and April.
    expect(r.allocations.map((a) => `${a.chargeId} ${a.amountOre}`)).toEqual([
      'jan 650000',
      'feb 650000',
      'dec 650000',
      'mar 650000',
      'apr 100000',
    ]);
  });

  it('ranks a payment the same however many later charges exist when it is replayed', () => {
    const later: ChargeEntry[] = ['2026-04', '2026-05', '2026-06'].map((month) => ({
      id: month,
      month,
      dueDate: rentDueDate(month),
      amountOre: RENT,
    }));
    const payments: PaymentEntry[] = [rentAndInstalment, { id: 'p2', bookingDate: '2026-02-26', amountOre: RENT + 100_000 }];
    const now = allocate(charges, payments, { priority: planPriority(plan) });
    const replayed = allocate([...charges, ...later], payments, { priority: planPriority(plan) });
    expect(planPayments(replayed.allocations, payments, plan)).toEqual(planPayments(now.allocations, payments, plan));
    expect(planPayments(now.allocations, payments, plan)).toEqual([
      { date: '2026-01-29', amountOre: 100_000 },
      { date: '2026-02-26', amountOre: 100_000 },
    ]);
  });

  it('lets a late payer’s instalment prepay next month’s rent (the documented trade-off)', () => {
    // February's rent paid late, on 5 February, with the instalment on top: March (due 27 February) is the rent
    // being paid now, so it comes before the plan.
    const late: PaymentEntry = { id: 'p1', bookingDate: '2026-02-05', amountOre: RENT + 100_000 };
    const r = allocate(charges, [late], { priority: planPriority(plan) });
    expect(r.allocations.map((a) => `${a.chargeId} ${a.amountOre}`)).toEqual(['feb 650000', 'mar 100000']);
  });
});
