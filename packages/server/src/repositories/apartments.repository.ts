import type { Insertable, Updateable } from 'kysely';
import type { ApartmentTable } from '../db/schema.ts';
import { likePattern, offsetOf, type PageRequest, type Q } from './query.ts';
import { nextVersion, updatedOne } from './row-version.ts';

export const APARTMENT_SORTS = ['address', 'type', 'monthlyRentOre', 'district', 'landlordName'] as const;
export type ApartmentSort = (typeof APARTMENT_SORTS)[number];

export type ApartmentFilter = {
  unitIds: string[];
  q?: string;
  type?: ApartmentTable['type'];
  landlordId?: string;
  sort: ApartmentSort;
  descending: boolean;
} & PageRequest;

const sortColumn = {
  address: 'a.address',
  type: 'a.type',
  monthlyRentOre: 'a.monthly_rent_ore',
  district: 'a.district',
  landlordName: 'l.name',
} as const;

function selectApartments(q: Q) {
  return q
    .selectFrom('apartments as a')
    .innerJoin('landlords as l', 'l.id', 'a.landlord_id')
    .selectAll('a')
    .select('l.name as landlord_name');
}

export async function listApartments(q: Q, f: ApartmentFilter) {
  if (f.unitIds.length === 0) return { items: [], total: 0 };
  let base = q.selectFrom('apartments as a').innerJoin('landlords as l', 'l.id', 'a.landlord_id').where('a.unit_id', 'in', f.unitIds);
  if (f.q) base = base.where('a.search_text', 'like', likePattern(f.q));
  if (f.type) base = base.where('a.type', '=', f.type);
  if (f.landlordId) base = base.where('a.landlord_id', '=', f.landlordId);
  const [items, count] = await Promise.all([
    base
      .selectAll('a')
      .select('l.name as landlord_name')
      .orderBy(sortColumn[f.sort], f.descending ? 'desc' : 'asc')
      .orderBy('a.address')
      .orderBy('a.id')
      .limit(f.pageSize)
      .offset(offsetOf(f))
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export function findApartment(q: Q, id: string) {
  return selectApartments(q).where('a.id', '=', id).executeTakeFirst();
}

export async function insertApartment(q: Q, row: Insertable<ApartmentTable>) {
  await q.insertInto('apartments').values(row).execute();
}

/**
 * With `version` (an edit by a user): updates only if the row is still at that version and moves it to the next;
 * false when stale. Without it (a system write such as a flag set by a checkpoint) the version is left as it is.
 */
export async function updateApartment(q: Q, id: string, patch: Updateable<ApartmentTable>, version?: number): Promise<boolean> {
  if (version === undefined) return updatedOne(await q.updateTable('apartments').set(patch).where('id', '=', id).executeTakeFirst());
  const r = await q
    .updateTable('apartments')
    .set({ ...patch, version: nextVersion() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return updatedOne(r);
}

/** The resident living in each apartment on the given day (placements never overlap per apartment). */
export function currentOccupants(q: Q, apartmentIds: string[], today: string) {
  if (apartmentIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('placements as p')
    .innerJoin('residents as r', 'r.id', 'p.resident_id')
    .select(['p.apartment_id', 'r.id as resident_id', 'r.unit_id as resident_unit_id', 'r.first_name', 'r.last_name'])
    .where('p.apartment_id', 'in', apartmentIds)
    .where('p.start_date', '<=', today)
    .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', today)]))
    .execute();
}
