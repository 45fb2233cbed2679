import type { Insertable } from 'kysely';
import type { RentAllowancePayoutTable } from '../db/schema.ts';
import type { Q } from './query.ts';

export async function insertAllowancePayout(q: Q, row: Insertable<RentAllowancePayoutTable>) {
  await q.insertInto('rent_allowance_payouts').values(row).execute();
}

export function allowancePayoutsOf(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return Promise.resolve([]);
  return q.selectFrom('rent_allowance_payouts').selectAll().where('placement_id', 'in', placementIds).orderBy('paid_on').execute();
}
