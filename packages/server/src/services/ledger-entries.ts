import type { ChargeEntry, PaymentEntry } from '@kvarbo/domain';
import type { PaymentTable, RentChargeTable } from '../db/schema.ts';
import { chargesOf } from '../repositories/charges.repository.ts';
import { paymentsOf } from '../repositories/payments.repository.ts';
import type { Q } from '../repositories/query.ts';

// Stored ledger rows as the domain's allocation entries: the one mapping every ledger computation uses.

export function toChargeEntry(c: Pick<RentChargeTable, 'id' | 'month' | 'due_date' | 'amount_ore' | 'reverses_charge_id'>): ChargeEntry {
  return { id: c.id, month: c.month, dueDate: c.due_date, amountOre: c.amount_ore, reversesChargeId: c.reverses_charge_id };
}

export function toPaymentEntry(x: Pick<PaymentTable, 'id' | 'booking_date' | 'amount_ore' | 'reverses_payment_id'>): PaymentEntry {
  return { id: x.id, bookingDate: x.booking_date, amountOre: x.amount_ore, reversesPaymentId: x.reverses_payment_id };
}

/** One placement's charges and payments, ready for allocate(). */
export async function ledgerEntriesOf(q: Q, placementId: string): Promise<{ charges: ChargeEntry[]; payments: PaymentEntry[] }> {
  const [charges, payments] = await Promise.all([chargesOf(q, [placementId]), paymentsOf(q, [placementId])]);
  return { charges: charges.map(toChargeEntry), payments: payments.map(toPaymentEntry) };
}
