import type { Insertable, Updateable } from 'kysely';
import type { LandlordContactTable, LandlordTable } from '../db/schema.ts';
import { likePattern, offsetOf, type PageRequest, type Q } from './query.ts';
import { nextVersion, updatedOne } from './row-version.ts';

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

/**
 * With `version` (an edit by a user): updates only if the row is still at that version and moves it to the next;
 * false when stale. Without it (a system write such as a flag set by a checkpoint) the version is left as it is.
 */
export async function updateLandlord(q: Q, id: string, patch: Updateable<LandlordTable>, version?: number): Promise<boolean> {
  if (version === undefined) return updatedOne(await q.updateTable('landlords').set(patch).where('id', '=', id).executeTakeFirst());
  const r = await q
    .updateTable('landlords')
    .set({ ...patch, version: nextVersion() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return updatedOne(r);
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
