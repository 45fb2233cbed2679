// The household budget of budget and debt counselling in an eviction-prevention case (issue 6): monthly incomes
// and costs, the debts per creditor, and a payment proposal that divides what the household can pay each month
// among the creditors. Amounts are integer öre (money.ts); incomes and costs are per month.
//
// Payment proposal (Kvarbo's decision, documented here because counsellors will be asked why):
//   The money available is the chosen monthly amount, or by default the whole monthly surplus (incomes − costs;
//   nothing when there is none). It is filled in three tiers, each tier only with what the one before left:
//     1  rent arrears to the landlord (whether or not the landlord has gone to Kronofogden): the tenancy is at
//        stake. Paying the rent owed within the reinstatement period keeps the lease (JB 12:44, RULES.md 5),
//        and it is the debt an eviction is enforced for. The case exists to keep the home, so this comes first;
//     2  other debts at Kronofogden: enforcement is under way (attachment of wages, fees that grow), while
//        paying them off stops it;
//     3  other debts.
//   Within a tier the money is divided pro rata by debt, as in a voluntary settlement with creditors: each
//   creditor gets floor(available × debt ÷ tier total) öre, and the öre left over by the rounding go one each to
//   the largest remainders, ties to the creditor listed first — the same input always gives the same proposal.
//   A creditor is never proposed more a month than it is owed: a tier that can be paid in full gets exactly its
//   debts (cleared in one month) and the rest goes to the next tier.
//   The monthly amounts are the proposal sent to the creditors and stay fixed; months to clear is
//   ceil(debt ÷ monthly amount) under them (null when a creditor gets nothing). Money freed when a debt is paid
//   off is not moved automatically: make a new proposal then, with the budget of that day.

import type { Localized } from './errors.ts';
import { InvalidFieldsError } from './localized-field-error.ts';
import type { LocalizedFieldError } from './localized-field-error.ts';

export type BudgetLine = { label: string; amountOre: number };

export type BudgetDebt = {
  creditor: string;
  debtOre: number;
  /** The debt is registered for collection at Kronofogden (the Enforcement Authority). */
  atKronofogden: boolean;
  /** The debt is rent owed to the household's landlord. */
  rentArrears?: boolean;
};

export type HouseholdBudget = { incomes: BudgetLine[]; costs: BudgetLine[]; debts: BudgetDebt[] };

export type BudgetSummary = {
  incomeOre: number;
  costOre: number;
  /** incomeOre − costOre; negative when the costs are larger. */
  surplusOre: number;
  totalDebtOre: number;
  kronofogdenDebtOre: number;
  rentArrearsOre: number;
};

export const PAYMENT_TIERS = ['rent_arrears', 'kronofogden', 'other'] as const;
export type PaymentTier = (typeof PAYMENT_TIERS)[number];
export const PAYMENT_TIER_LABELS: Record<PaymentTier, Localized> = {
  rent_arrears: { sv: 'Hyresskuld till hyresvärden', en: 'Rent arrears to the landlord' },
  kronofogden: { sv: 'Skuld hos Kronofogden', en: 'Debt at Kronofogden' },
  other: { sv: 'Övrig skuld', en: 'Other debt' },
};

export type ProposalPayment = {
  /** The debt's index in budget.debts. */
  index: number;
  creditor: string;
  debtOre: number;
  tier: PaymentTier;
  monthlyOre: number;
  /** ceil(debtOre ÷ monthlyOre); null when monthlyOre is 0. */
  monthsToClear: number | null;
};

export type PaymentProposal = {
  /** What was divided: the chosen amount, or the surplus (0 when there is none). */
  availableOre: number;
  /** In the order of budget.debts. */
  payments: ProposalPayment[];
  /** The sum of the monthly payments. */
  proposedOre: number;
  /** availableOre − proposedOre: left when every debt can be paid in full in one month. */
  unallocatedOre: number;
  /** The longest monthsToClear; null when some creditor gets nothing; 0 without debts. */
  monthsToClearAll: number | null;
};

/** Which tier a debt is paid in (see the header). */
export function paymentTier(debt: BudgetDebt): PaymentTier {
  if (debt.rentArrears === true) return 'rent_arrears';
  return debt.atKronofogden ? 'kronofogden' : 'other';
}

/** Every problem with the budget, empty when valid. Fields are named like `incomes[0].amountOre`. */
export function validateHouseholdBudget(budget: HouseholdBudget): LocalizedFieldError[] {
  const errors: LocalizedFieldError[] = [];
  for (const list of ['incomes', 'costs'] as const) {
    const lines = budget[list];
    if (!Array.isArray(lines)) {
      errors.push({ field: list, code: 'required', message: messages.list });
      continue;
    }
    lines.forEach((line, i) => {
      if (!isText(line.label)) errors.push({ field: `${list}[${i}].label`, code: 'required', message: messages.label });
      if (!(Number.isSafeInteger(line.amountOre) && line.amountOre >= 0)) {
        errors.push({ field: `${list}[${i}].amountOre`, code: 'negative', message: messages.amount });
      }
    });
  }
  if (!Array.isArray(budget.debts)) {
    errors.push({ field: 'debts', code: 'required', message: messages.list });
  } else {
    budget.debts.forEach((debt, i) => {
      if (!isText(debt.creditor)) errors.push({ field: `debts[${i}].creditor`, code: 'required', message: messages.creditor });
      if (!(Number.isSafeInteger(debt.debtOre) && debt.debtOre > 0)) {
        errors.push({ field: `debts[${i}].debtOre`, code: 'not_positive', message: messages.debt });
      }
      if (typeof debt.atKronofogden !== 'boolean') {
        errors.push({ field: `debts[${i}].atKronofogden`, code: 'required', message: messages.kronofogden });
      }
    });
  }
  return errors;
}

/** The budget's totals. Throws InvalidFieldsError (validateHouseholdBudget()'s list) on an invalid budget. */
export function budgetSummary(budget: HouseholdBudget): BudgetSummary {
  assertValid(validateHouseholdBudget(budget));
  const incomeOre = sum(budget.incomes.map((l) => l.amountOre));
  const costOre = sum(budget.costs.map((l) => l.amountOre));
  return {
    incomeOre,
    costOre,
    surplusOre: incomeOre - costOre,
    totalDebtOre: sum(budget.debts.map((d) => d.debtOre)),
    kronofogdenDebtOre: sum(budget.debts.filter((d) => d.atKronofogden).map((d) => d.debtOre)),
    rentArrearsOre: sum(budget.debts.filter((d) => d.rentArrears === true).map((d) => d.debtOre)),
  };
}

/**
 * The monthly payment to each creditor (see the header). `monthlyOre` chooses the amount to divide; it must be
 * above 0 and not above the surplus (field 'monthlyOre'). Throws InvalidFieldsError on invalid input.
 */
export function paymentProposal(budget: HouseholdBudget, options: { monthlyOre?: number | null } = {}): PaymentProposal {
  const summary = budgetSummary(budget);
  const chosen = options.monthlyOre ?? null;
  if (chosen !== null) {
    if (!(Number.isSafeInteger(chosen) && chosen > 0)) {
      throw new InvalidFieldsError([{ field: 'monthlyOre', code: 'not_positive', message: messages.monthly }]);
    }
    if (chosen > summary.surplusOre) {
      throw new InvalidFieldsError([{ field: 'monthlyOre', code: 'exceeds_surplus', message: messages.exceedsSurplus }]);
    }
  }
  const availableOre = chosen ?? Math.max(0, summary.surplusOre);

  const monthly = budget.debts.map(() => 0);
  let left = availableOre;
  for (const tier of PAYMENT_TIERS) {
    const members = budget.debts.flatMap((d, index) => (paymentTier(d) === tier ? [{ index, debt: d.debtOre }] : []));
    const tierTotal = sum(members.map((m) => m.debt));
    const shares =
      left >= tierTotal
        ? members.map((m) => m.debt)
        : proRata(
            left,
            members.map((m) => m.debt),
          );
    members.forEach((m, i) => {
      monthly[m.index] = shares[i]!;
    });
    left -= sum(shares);
  }

  const payments = budget.debts.map((d, index): ProposalPayment => {
    const monthlyOre = monthly[index]!;
    return {
      index,
      creditor: d.creditor,
      debtOre: d.debtOre,
      tier: paymentTier(d),
      monthlyOre,
      monthsToClear: monthlyOre > 0 ? ceilDiv(d.debtOre, monthlyOre) : null,
    };
  });
  const proposedOre = sum(monthly);
  const months = payments.map((p) => p.monthsToClear);
  return {
    availableOre,
    payments,
    proposedOre,
    unallocatedOre: availableOre - proposedOre,
    monthsToClearAll: months.some((m) => m === null) ? null : Math.max(0, ...(months as number[])),
  };
}

/** `amount` (less than the sum of `weights`) divided in proportion to the weights, largest remainder, ties to the
 *  first. BigInt, because amount × weight can pass 2^53 (100 000 kr × 10 000 000 kr in öre). */
function proRata(amount: number, weights: number[]): number[] {
  const total = BigInt(sum(weights));
  const a = BigInt(amount);
  const parts = weights.map((w, i) => ({ i, share: (a * BigInt(w)) / total, rest: (a * BigInt(w)) % total }));
  let leftOver = a - parts.reduce((s, p) => s + p.share, 0n);
  const byRest = [...parts].sort((x, y) => (x.rest > y.rest ? -1 : x.rest < y.rest ? 1 : x.i - y.i));
  for (const p of byRest) {
    if (leftOver === 0n) break;
    p.share += 1n;
    leftOver -= 1n;
  }
  return parts.map((p) => Number(p.share));
}

function ceilDiv(a: number, b: number): number {
  return (a - (a % b)) / b + (a % b === 0 ? 0 : 1);
}

function sum(amounts: number[]): number {
  const total = amounts.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(total)) throw new RangeError('Budget total is beyond exact integer arithmetic');
  return total;
}

function isText(s: unknown): boolean {
  return typeof s === 'string' && s.trim() !== '';
}

function assertValid(errors: LocalizedFieldError[]): void {
  if (errors.length > 0) throw new InvalidFieldsError(errors);
}

const messages = {
  list: { sv: 'Listan saknas.', en: 'The list is missing.' },
  label: { sv: 'Ange vad posten avser.', en: 'Say what the item is.' },
  amount: { sv: 'Beloppet måste vara 0 kr eller mer.', en: 'The amount must be 0 kr or more.' },
  creditor: { sv: 'Ange borgenär.', en: 'Give the creditor.' },
  debt: { sv: 'Skulden måste vara ett belopp över 0 kr.', en: 'The debt must be an amount above 0 kr.' },
  kronofogden: { sv: 'Ange om skulden finns hos Kronofogden.', en: 'Say whether the debt is at Kronofogden.' },
  monthly: { sv: 'Beloppet per månad måste vara över 0 kr.', en: 'The monthly amount must be above 0 kr.' },
  exceedsSurplus: {
    sv: 'Beloppet per månad är större än hushållets överskott i budgeten.',
    en: 'The monthly amount is larger than the household’s budget surplus.',
  },
};
