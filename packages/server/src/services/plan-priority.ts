import { planPriority, type ChargeEntry, type PaymentEntry } from '@kvarbo/domain';
import type { RepaymentPlanTable } from '../db/schema.ts';

/**
 * The allocation order while a repayment plan runs: from the day it was agreed, a payment covers the current
 * rent before the plan's debt. Payments from before the agreement keep the plain oldest-first order — they
 * were paid before any plan existed, and moving them would rewrite history.
 */
export function priorityFor(
  plan: Pick<RepaymentPlanTable, 'charge_ids' | 'agreed_on'>,
): (charge: ChargeEntry, payment: PaymentEntry) => number {
  const rank = planPriority(new Set(JSON.parse(plan.charge_ids) as string[]));
  return (charge, payment) => (payment.bookingDate < plan.agreed_on ? 0 : rank(charge, payment));
}
