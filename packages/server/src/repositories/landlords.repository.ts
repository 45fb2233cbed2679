import type { Insertable, Updateable } from 'kysely';
import type { LandlordContactTable, LandlordTable } from '../db/schema.ts';
import { likePattern, offsetOf, type PageRequest, type Q } from './query.ts';

export type LandlordFilter = { organisationId: string; q?: string; sort: 'name' | '-name' } & PageRequest;

export async function listLandlords(q: Q, f: LandlordFilter) {
  let base = q.selectFrom('landlords').where('organisation_id', '=', f.organisationId);
  if (f.q) base = base.where('search_text', 'like', likePattern(f.q));
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('name', f.sort === '-name' ? 'desc' : 'asc')
      .orderBy('id')
      .limit(f.pageSize)
      .offset(offsetOf(f))
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export function findLandlord(q: Q, organisationId: string, id: string) {
  return q.selectFrom('landlords').selectAll().where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
}

export async function insertLandlord(q: Q, row: Insertable<LandlordTable>) {
  await q.insertInto('landlords').values(row).execute();
}

export async function updateLandlord(q: Q, id: string, patch: Updateable<LandlordTable>) {
  await q.updateTable('landlords').set(patch).where('id', '=', id).execute();
}

export function contactsOf(q: Q, landlordId: string) {
  return q.selectFrom('landlord_contacts').selectAll().where('landlord_id', '=', landlordId).orderBy('name').execute();
}

export async function insertContact(q: Q, row: Insertable<LandlordContactTable>) {
  await q.insertInto('landlord_contacts').values(row).execute();
}

export async function deleteContact(q: Q, landlordId: string, contactId: string): Promise<boolean> {
  const r = await q.deleteFrom('landlord_contacts').where('landlord_id', '=', landlordId).where('id', '=', contactId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
