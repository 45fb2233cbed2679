import type { Insertable } from 'kysely';
import type { RentChargeTable } from '../db/schema.ts';
import type { Q } from './query.ts';

/** Placements that owe rent for some day of the month, with everything needed to price the month. */
export function placementsToCharge(q: Q, month: string, unitIds: string[] | null) {
  const first = `${month}-01`;
  const last = `${month}-31`; // compares correctly as text for every month length
  let query = q
    .selectFrom('placements as p')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .select([
      'p.id',
      'p.start_date',
      'p.end_date',
      'p.monthly_rent_ore',
      'p.agreed_due_day',
      'p.apartment_id',
      'p.resident_id',
      'a.monthly_rent_ore as apartment_rent_ore',
      'a.unit_id',
    ])
    .where('p.resident_pays_rent', '=', 1)
    .where('p.start_date', '<=', last)
    .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', first)]));
  if (unitIds) query = query.where('a.unit_id', 'in', unitIds.length ? unitIds : ['-']);
  return query.orderBy('p.id').execute();
}

export function rentChangesFor(q: Q, placementIds: string[], apartmentIds: string[]) {
  return q
    .selectFrom('rent_changes')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('placement_id', 'in', placementIds.length ? placementIds : ['-']),
        eb('apartment_id', 'in', apartmentIds.length ? apartmentIds : ['-']),
      ]),
    )
    .execute();
}

export async function insertRentChange(
  q: Q,
  row: {
    id: string;
    apartment_id: string | null;
    placement_id: string | null;
    from_month: string;
    monthly_rent_ore: number | null;
    created_by: string | null;
    created_at: string;
  },
) {
  await q.insertInto('rent_changes').values(row).execute();
}

/** Inserts charges; a (placement, month, seq) that exists already is skipped. Returns the ids inserted. */
export async function insertCharges(q: Q, rows: Insertable<RentChargeTable>[]): Promise<string[]> {
  const inserted: string[] = [];
  for (let i = 0; i < rows.length; i += 400) {
    const result = await q
      .insertInto('rent_charges')
      .values(rows.slice(i, i + 400))
      .onConflict((oc) => oc.columns(['placement_id', 'month', 'seq']).doNothing())
      .returning('id')
      .execute();
    inserted.push(...result.map((r) => r.id));
  }
  return inserted;
}

export function chargesOf(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('rent_charges')
    .selectAll()
    .where('placement_id', 'in', placementIds)
    .orderBy('month')
    .orderBy('created_at')
    .execute();
}

/** Charges from a month on that a rent change must reissue: the live (not reversed) ones. */
export function liveChargesFrom(q: Q, placementIds: string[], fromMonth: string) {
  if (placementIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('rent_charges as c')
    .selectAll('c')
    .where('c.placement_id', 'in', placementIds)
    .where('c.month', '>=', fromMonth)
    .where('c.reverses_charge_id', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('rent_charges as r').select('r.id').whereRef('r.reverses_charge_id', '=', 'c.id'))))
    .execute();
}
