// Repayment plans (avbetalningsplaner): rent arrears paid off in monthly instalments on top of the rent, agreed
// at the routine's manager meeting ("Gör en avbetalningsplan", source 000).
//
// A plan does not add charges. It names the charges it covers (the open arrears when it was agreed), and
// planPriority() makes allocate() fill those AFTER the ordinary rent, so that a payment of "rent + instalment"
// pays the current month first and only the rest goes to the debt. Why: the month's rent paid on time means
// no new arrears, and new arrears are what put the tenancy at risk — the landlord may terminate a lease when
// rent is more than a week overdue (Jordabalken 12 kap. 42 § first paragraph point 1, RULES.md 4), while the
// debt under the plan is one the unit has agreed to wait for. Plain oldest-first would put the money into the
// oldest debt and leave every new month unpaid, so the routine would raise reminders and manager meetings each
// month against a resident who keeps the plan exactly.
//
// How money is ranked for a payment booked on day D (planPriority):
//   0  ordinary charges for months up to the month after D's — overdue rent and the rent being paid now (rent
//      for April is paid in March); oldest first;
//   1  the plan's charges, oldest first;
//   2  ordinary charges for later months: a prepayment only once the debt is paid.
// The horizon "the month after D's" is also as far ahead as the server creates charges (docs/api.md: this and
// next month's), so a replay months later ranks a payment the same way as on the day it came in, and a plan
// instalment once paid stays paid. A resident who pays March's rent late, on 5 March, with an instalment on
// top, prepays April's rent with the instalment; the plan catches up with April's payment. That costs the plan
// a few weeks, never the tenancy.
//
// Schedule (planSchedule): instalment n is for month startMonth + n − 1 and, by default, due with that month's
// rent, on the same day (dueDateFor, normally rentDueDate): the plan is paid together with the rent. An agreed
// `dueDay` works like an agreed rent due day (rent-due-date.ts): day 1–28 of the month BEFORE the instalment's
// month, moved back to the previous vardag, so an instalment and the rent it goes with are due in the same
// month and never on different sides of a month's start. Show the due date, not only the month.
// Amounts: by count, equal instalments in whole kronor (rents are agreed in whole kronor, rent-proration.ts),
// rounded down, the last one taking the rest (larger by less than the number of instalments in kronor, plus any
// öre); a debt too small for whole kronor is split in öre. By amount, ceil(debt ÷ amount) instalments of the
// amount, the last one smaller. At most 60 instalments (five years): a longer plan is not one anyone can keep.
//
// Progress (planProgress) counts days as whole days, as monthStatusAt() does: an instalment due on day D may be
// paid until the end of D. It is missed when, by the end of its due date, the total paid to the plan is below
// the total scheduled up to and including it; the earliest unpaid money fills the earliest instalment, so
// paying ahead covers later instalments. A missed instalment stays in `missed` when it is caught up later
// (with the date it was), so the contact person's task is created once and the history stays true.

import type { Allocation, ChargeEntry, PaymentEntry } from './allocation.ts';
import { isCalendarDate } from './calendar-date.ts';
import { addMonths, isCalendarMonth, monthOf } from './calendar-month.ts';
import { InvalidFieldsError } from './localized-field-error.ts';
import type { LocalizedFieldError } from './localized-field-error.ts';
import { rentDueDate } from './rent-due-date.ts';

export type RepaymentPlanTerms = {
  /** The debt the plan pays off, öre; by default the open arrears (the caller's to work out). */
  debtOre: number;
  /** The month of the first instalment, 'YYYY-MM'. */
  startMonth: string;
  /** Exactly one of instalmentOre and instalments. */
  instalmentOre?: number | null;
  instalments?: number | null;
  /** Day 1–28 of the month before each instalment's month; default: due with the month's rent (dueDateFor). */
  dueDay?: number | null;
};

export type PlanInstalment = { number: number; month: string; dueDate: string; amountOre: number };

export type PlanPayment = { date: string; amountOre: number };

export type MissedInstalment = {
  number: number;
  month: string;
  dueDate: string;
  /** The part of this instalment not paid by the end of its due date. */
  shortOre: number;
  /** When payments to the plan caught up with it (by asOf), else null. */
  caughtUpOn: string | null;
};

export type PlanProgress = {
  /** Paid to the plan by asOf. */
  paidOre: number;
  /** Scheduled in instalments whose due date has passed (before asOf). */
  dueSoFarOre: number;
  /** dueSoFarOre − paidOre, never negative. */
  behindOre: number;
  missed: MissedInstalment[];
  /** Everything scheduled has been paid. */
  complete: boolean;
  /** The first instalment not yet fully paid, with what is still open of it; null when complete. */
  nextInstalment: (PlanInstalment & { openOre: number }) | null;
};

export const MAX_PLAN_INSTALMENTS = 60;

/** Every problem with the terms, empty when they are valid. Field names are the RepaymentPlanTerms keys. */
export function validateRepaymentPlanTerms(terms: RepaymentPlanTerms): LocalizedFieldError[] {
  const errors: LocalizedFieldError[] = [];
  const debtValid = isPositiveOre(terms.debtOre);
  if (!debtValid) errors.push({ field: 'debtOre', code: 'not_positive', message: messages.debt });
  if (!isCalendarMonth(terms.startMonth)) errors.push({ field: 'startMonth', code: 'invalid_month', message: messages.month });

  const hasAmount = terms.instalmentOre !== undefined && terms.instalmentOre !== null;
  const hasCount = terms.instalments !== undefined && terms.instalments !== null;
  if (hasAmount && hasCount) {
    errors.push({ field: 'instalments', code: 'both_given', message: messages.both });
  } else if (!hasAmount && !hasCount) {
    errors.push({ field: 'instalmentOre', code: 'required', message: messages.neither });
  } else if (hasAmount) {
    const amount = terms.instalmentOre!;
    if (!isPositiveOre(amount)) {
      errors.push({ field: 'instalmentOre', code: 'not_positive', message: messages.amount });
    } else if (debtValid && ceilDiv(terms.debtOre, amount) > MAX_PLAN_INSTALMENTS) {
      errors.push({ field: 'instalmentOre', code: 'too_many_instalments', message: messages.tooMany });
    }
  } else {
    const count = terms.instalments!;
    if (!Number.isInteger(count) || count < 1 || count > MAX_PLAN_INSTALMENTS) {
      errors.push({ field: 'instalments', code: 'out_of_range', message: messages.count });
    } else if (debtValid && count > terms.debtOre) {
      errors.push({ field: 'instalments', code: 'more_than_debt', message: messages.moreThanDebt });
    }
  }

  const dueDay = terms.dueDay;
  if (dueDay !== undefined && dueDay !== null && !(Number.isInteger(dueDay) && dueDay >= 1 && dueDay <= 28)) {
    errors.push({ field: 'dueDay', code: 'out_of_range', message: messages.dueDay });
  }
  return errors;
}

/** The instalments, in order. Throws InvalidFieldsError (with validateRepaymentPlanTerms()'s list) on invalid terms. */
export function planSchedule(terms: RepaymentPlanTerms, dueDateFor: (month: string) => string): PlanInstalment[] {
  const errors = validateRepaymentPlanTerms(terms);
  if (errors.length > 0) throw new InvalidFieldsError(errors);
  const dueDay = terms.dueDay ?? null;
  return instalmentAmounts(terms).map((amountOre, i) => {
    const month = addMonths(terms.startMonth, i);
    const dueDate = dueDay !== null ? rentDueDate(month, dueDay) : dueDateFor(month);
    if (!isCalendarDate(dueDate)) throw new RangeError(`dueDateFor(${month}) gave "${dueDate}", not a date`);
    return { number: i + 1, month, dueDate, amountOre };
  });
}

/** Where the plan stands on `asOf` (payments dated after it are left out). See the header for "missed". */
export function planProgress(schedule: readonly PlanInstalment[], paidToPlanByDate: readonly PlanPayment[], asOf: string): PlanProgress {
  if (!isCalendarDate(asOf)) throw new RangeError(`asOf must be YYYY-MM-DD, got "${asOf}"`);
  for (const i of schedule) {
    if (!isPositiveOre(i.amountOre) || !isCalendarDate(i.dueDate)) throw new RangeError(`Invalid instalment ${JSON.stringify(i)}`);
  }
  for (const p of paidToPlanByDate) {
    // Only positive amounts: allocate() nets reversals into the payments they reverse.
    if (!isPositiveOre(p.amountOre) || !isCalendarDate(p.date)) throw new RangeError(`Invalid payment to a plan ${JSON.stringify(p)}`);
  }
  const payments = paidToPlanByDate.filter((p) => p.date <= asOf).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const paidBy = (date: string) => sum(payments.filter((p) => p.date <= date).map((p) => p.amountOre));
  /** The first day the payments reach `total`, or null. */
  const reachedOn = (total: number) => {
    let paid = 0;
    for (const p of payments) {
      paid += p.amountOre;
      if (paid >= total) return p.date;
    }
    return null;
  };

  const paidOre = sum(payments.map((p) => p.amountOre));
  let scheduledOre = 0;
  let dueSoFarOre = 0;
  const missed: MissedInstalment[] = [];
  let nextInstalment: PlanProgress['nextInstalment'] = null;
  for (const instalment of schedule) {
    scheduledOre += instalment.amountOre;
    if (instalment.dueDate < asOf) {
      dueSoFarOre += instalment.amountOre;
      const paidByDue = paidBy(instalment.dueDate);
      if (paidByDue < scheduledOre) {
        const { number, month, dueDate } = instalment;
        const shortOre = Math.min(instalment.amountOre, scheduledOre - paidByDue);
        missed.push({ number, month, dueDate, shortOre, caughtUpOn: reachedOn(scheduledOre) });
      }
    }
    if (nextInstalment === null && paidOre < scheduledOre) {
      nextInstalment = { ...instalment, openOre: Math.min(instalment.amountOre, scheduledOre - paidOre) };
    }
  }
  return {
    paidOre,
    dueSoFarOre,
    behindOre: Math.max(0, dueSoFarOre - paidOre),
    missed,
    complete: paidOre >= scheduledOre,
    nextInstalment,
  };
}

/**
 * An AllocateOptions.priority for a placement with a plan: ordinary rent up to the month after the payment's
 * month first, then the plan's charges, then later months (see the header for why).
 */
export function planPriority(planChargeIds: ReadonlySet<string>): (charge: ChargeEntry, payment: PaymentEntry) => number {
  return (charge, payment) => {
    if (planChargeIds.has(charge.id)) return 1;
    return charge.month <= addMonths(monthOf(payment.bookingDate), 1) ? 0 : 2;
  };
}

/** What allocate() put on the plan's charges, dated by the payments' booking dates: planProgress()'s input. */
export function planPayments(
  allocations: readonly Allocation[],
  payments: readonly PaymentEntry[],
  planChargeIds: ReadonlySet<string>,
): PlanPayment[] {
  const dateOf = new Map(payments.map((p) => [p.id, p.bookingDate]));
  return allocations
    .filter((a) => planChargeIds.has(a.chargeId))
    .map((a) => {
      const date = dateOf.get(a.paymentId);
      if (date === undefined) throw new RangeError(`Allocation names payment "${a.paymentId}", which is not among the payments`);
      return { date, amountOre: a.amountOre };
    });
}

/** The instalment amounts of valid terms (see the header). */
function instalmentAmounts(terms: RepaymentPlanTerms): number[] {
  const debt = terms.debtOre;
  if (terms.instalmentOre !== undefined && terms.instalmentOre !== null) {
    const amount = terms.instalmentOre;
    const count = ceilDiv(debt, amount);
    return Array.from({ length: count }, (_, i) => (i < count - 1 ? amount : debt - (count - 1) * amount));
  }
  const count = terms.instalments!;
  const inKronor = floorDiv(floorDiv(debt, count), 100) * 100;
  const regular = inKronor > 0 ? inKronor : floorDiv(debt, count);
  return Array.from({ length: count }, (_, i) => (i < count - 1 ? regular : debt - (count - 1) * regular));
}

// Exact for non-negative safe integers, where a floating-point quotient may round across a whole number.
function floorDiv(a: number, b: number): number {
  return (a - (a % b)) / b;
}

function ceilDiv(a: number, b: number): number {
  return floorDiv(a, b) + (a % b === 0 ? 0 : 1);
}

function isPositiveOre(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) > 0;
}

function sum(amounts: number[]): number {
  const total = amounts.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(total)) throw new RangeError('Plan total is beyond exact integer arithmetic');
  return total;
}

const messages = {
  debt: { sv: 'Skulden måste vara ett belopp över 0 kr.', en: 'The debt must be an amount above 0 kr.' },
  month: { sv: 'Ange startmånad som ÅÅÅÅ-MM.', en: 'Give the start month as YYYY-MM.' },
  both: {
    sv: 'Ange antingen belopp per avbetalning eller antal avbetalningar, inte båda.',
    en: 'Give either the instalment amount or the number of instalments, not both.',
  },
  neither: {
    sv: 'Ange belopp per avbetalning eller antal avbetalningar.',
    en: 'Give the instalment amount or the number of instalments.',
  },
  amount: { sv: 'Avbetalningen måste vara ett belopp över 0 kr.', en: 'The instalment must be an amount above 0 kr.' },
  tooMany: {
    sv: `Med det beloppet blir det fler än ${MAX_PLAN_INSTALMENTS} avbetalningar. Höj beloppet.`,
    en: `That amount needs more than ${MAX_PLAN_INSTALMENTS} instalments. Raise it.`,
  },
  count: {
    sv: `Antalet avbetalningar måste vara 1–${MAX_PLAN_INSTALMENTS}.`,
    en: `The number of instalments must be 1–${MAX_PLAN_INSTALMENTS}.`,
  },
  moreThanDebt: {
    sv: 'Fler avbetalningar än skulden räcker till (minst 1 öre var).',
    en: 'More instalments than the debt allows (at least 1 öre each).',
  },
  dueDay: { sv: 'Förfallodagen måste vara 1–28.', en: 'The due day must be 1–28.' },
};
