import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidFieldsError } from './localized-field-error.ts';
import { budgetSummary, paymentProposal, paymentTier, validateHouseholdBudget } from './household-budget.ts';
import type { BudgetDebt, HouseholdBudget } from './household-budget.ts';

// 28 000 kr in, 21 000 kr out: 7 000 kr a month to pay debts with.
const incomes = [
  { label: 'Lön', amountOre: 2_500_000 },
  { label: 'Bostadsbidrag', amountOre: 300_000 },
];
const costs = [
  { label: 'Hyra', amountOre: 950_000 },
  { label: 'Mat', amountOre: 450_000 },
  { label: 'El', amountOre: 60_000 },
  { label: 'Övrigt', amountOre: 640_000 },
];
const landlord = (debtOre: number, atKronofogden = false): BudgetDebt => ({
  creditor: 'Stockholmshem',
  debtOre,
  atKronofogden,
  rentArrears: true,
});
const csn: BudgetDebt = { creditor: 'CSN', debtOre: 3_000_000, atKronofogden: true };
const telia: BudgetDebt = { creditor: 'Telia', debtOre: 200_000, atKronofogden: true };
const klarna: BudgetDebt = { creditor: 'Klarna', debtOre: 500_000, atKronofogden: false };

const monthly = (b: HouseholdBudget, opts?: { monthlyOre?: number | null }) => paymentProposal(b, opts).payments.map((p) => p.monthlyOre);

describe('budgetSummary', () => {
  it('adds up incomes, costs and debts', () => {
    expect(budgetSummary({ incomes, costs, debts: [landlord(1_845_000, true), csn, telia, klarna] })).toEqual({
      incomeOre: 2_800_000,
      costOre: 2_100_000,
      surplusOre: 700_000,
      totalDebtOre: 5_545_000,
      kronofogdenDebtOre: 5_045_000,
      rentArrearsOre: 1_845_000,
    });
    expect(budgetSummary({ incomes: [], costs: [{ label: 'Hyra', amountOre: 100 }], debts: [] }).surplusOre).toBe(-100);
  });
});

describe('paymentProposal', () => {
  it('puts the whole surplus on the rent arrears while they are larger than it', () => {
    const p = paymentProposal({ incomes, costs, debts: [csn, landlord(1_845_000), telia, klarna] });
    expect(p.availableOre).toBe(700_000);
    expect(p.payments.map((x) => [x.creditor, x.tier, x.monthlyOre, x.monthsToClear])).toEqual([
      ['CSN', 'kronofogden', 0, null],
      ['Stockholmshem', 'rent_arrears', 700_000, 3], // 18 450 kr at 7 000 kr: 3 months
      ['Telia', 'kronofogden', 0, null],
      ['Klarna', 'other', 0, null],
    ]);
    expect(p.proposedOre).toBe(700_000);
    expect(p.unallocatedOre).toBe(0);
    expect(p.monthsToClearAll).toBeNull();
  });

  it('pays rent arrears in full, then Kronofogden debts pro rata, then the rest', () => {
    // 7 000 kr: 5 000 kr to the landlord; 2 000 kr over 30 000 + 2 000 kr at Kronofogden = 1 875 + 125 kr.
    const p = paymentProposal({ incomes, costs, debts: [landlord(500_000), csn, telia, klarna] });
    expect(p.payments.map((x) => [x.monthlyOre, x.monthsToClear])).toEqual([
      [500_000, 1],
      [187_500, 16],
      [12_500, 16],
      [0, null],
    ]);
  });

  it('leaves money over when every debt can be paid at once', () => {
    const p = paymentProposal({ incomes, costs, debts: [landlord(100_000), { ...klarna, debtOre: 50_000 }] });
    expect(monthly({ incomes, costs, debts: [landlord(100_000), { ...klarna, debtOre: 50_000 }] })).toEqual([100_000, 50_000]);
    expect(p.unallocatedOre).toBe(550_000);
    expect(p.monthsToClearAll).toBe(1);
    expect(paymentProposal({ incomes, costs, debts: [] })).toMatchObject({
      payments: [],
      proposedOre: 0,
      unallocatedOre: 700_000,
      monthsToClearAll: 0,
    });
  });

  it('divides a chosen amount instead of the surplus', () => {
    const p = paymentProposal({ incomes, costs, debts: [landlord(1_845_000)] }, { monthlyOre: 300_000 });
    expect(p.payments[0]).toMatchObject({ monthlyOre: 300_000, monthsToClear: 7 }); // 6,15 → 7
  });

  it('gives rounding öre to the largest remainders, ties to the creditor listed first', () => {
    const b = (debts: number[], surplus: number): HouseholdBudget => ({
      incomes: [{ label: 'In', amountOre: surplus }],
      costs: [],
      debts: debts.map((debtOre, i) => ({ creditor: `C${i}`, debtOre, atKronofogden: false })),
    });
    // 100 öre over 1 000 : 2 000 : 4 000 = 14,29 / 28,57 / 57,14 → 14 / 28 / 57, the öre over to 28,57.
    expect(monthly(b([1_000, 2_000, 4_000], 100))).toEqual([14, 29, 57]);
    // 100 öre over three equal debts: 33,33 each, the öre over to the first.
    expect(monthly(b([1_000, 1_000, 1_000], 100))).toEqual([34, 33, 33]);
  });

  it('gives nothing when the budget shows a deficit', () => {
    const p = paymentProposal({ incomes, costs: [...costs, { label: 'Barnomsorg', amountOre: 800_000 }], debts: [landlord(1_000)] });
    expect(p).toMatchObject({ availableOre: 0, proposedOre: 0, monthsToClearAll: null });
    expect(p.payments[0]).toMatchObject({ monthlyOre: 0, monthsToClear: null });
  });

  it('divides exactly, within each debt, for large amounts (BigInt)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ debtOre: fc.integer({ min: 1, max: 2_000_000_000 }), atKronofogden: fc.boolean(), rentArrears: fc.boolean() }),
          { maxLength: 8 },
        ),
        fc.integer({ min: 0, max: 50_000_000 }),
        (debts, surplus) => {
          const budget = {
            incomes: [{ label: 'In', amountOre: surplus }],
            costs: [],
            debts: debts.map((d, i) => ({ ...d, creditor: `C${i}` })),
          };
          const p = paymentProposal(budget);
          const total = debts.reduce((s, d) => s + d.debtOre, 0);
          expect(p.proposedOre).toBe(Math.min(surplus, total));
          for (const x of p.payments) expect(x.monthlyOre >= 0 && x.monthlyOre <= x.debtOre).toBe(true);
        },
      ),
    );
  });

  it('refuses a chosen amount that is not positive or above the surplus', () => {
    const budget = { incomes, costs, debts: [landlord(1_000)] };
    const codeOf = (monthlyOre: number) => {
      try {
        paymentProposal(budget, { monthlyOre });
        return null;
      } catch (e) {
        return (e as InvalidFieldsError).fields.map((f) => `${f.field}:${f.code}`);
      }
    };
    expect(codeOf(0)).toEqual(['monthlyOre:not_positive']);
    expect(codeOf(12.5)).toEqual(['monthlyOre:not_positive']);
    expect(codeOf(700_001)).toEqual(['monthlyOre:exceeds_surplus']);
    expect(codeOf(700_000)).toBeNull();
  });
});

describe('validateHouseholdBudget', () => {
  it('names the field of every problem', () => {
    const errors = validateHouseholdBudget({
      incomes: [{ label: '', amountOre: -1 }],
      costs: [{ label: 'Hyra', amountOre: 1.5 }],
      debts: [{ creditor: ' ', debtOre: 0, atKronofogden: 'yes' as unknown as boolean }],
    });
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      'incomes[0].label:required',
      'incomes[0].amountOre:negative',
      'costs[0].amountOre:negative',
      'debts[0].creditor:required',
      'debts[0].debtOre:not_positive',
      'debts[0].atKronofogden:required',
    ]);
    expect(errors[0]?.message).toEqual({ sv: 'Ange vad posten avser.', en: 'Say what the item is.' });
    expect(() => budgetSummary({ incomes: [], costs: [], debts: [{ creditor: 'X', debtOre: -5, atKronofogden: false }] })).toThrow(
      InvalidFieldsError,
    );
  });

  it('ranks a debt by rent arrears first, then Kronofogden', () => {
    expect(paymentTier(landlord(1, true))).toBe('rent_arrears');
    expect(paymentTier(csn)).toBe('kronofogden');
    expect(paymentTier(klarna)).toBe('other');
  });
});
