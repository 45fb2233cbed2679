import type { Q } from './query.ts';
import { nextVersion, updatedOne } from './row-version.ts';

export function listUnits(q: Q, organisationId: string) {
  return q.selectFrom('units').selectAll().where('organisation_id', '=', organisationId).orderBy('name').execute();
}

export function findUnit(q: Q, id: string) {
  return q.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUnit(q: Q, row: { id: string; organisation_id: string; name: string; created_at: string }) {
  await q.insertInto('units').values(row).execute();
}

export function firstOrganisation(q: Q) {
  return q.selectFrom('organisations').selectAll().orderBy('created_at').limit(1).executeTakeFirst();
}

export async function insertOrganisation(q: Q, row: { id: string; name: string; created_at: string }) {
  await q.insertInto('organisations').values(row).execute();
}

export function unitStaff(q: Q, unitId: string) {
  return q
    .selectFrom('unit_memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'm.role'])
    .where('m.unit_id', '=', unitId)
    .where('u.disabled_at', 'is', null)
    .orderBy('u.display_name')
    .execute();
}

/** An administrator's edit of a unit: only if it is still at `version`, moving it to the next; false when stale. */
export async function updateUnitAtVersion(q: Q, id: string, version: number, patch: { name?: string; bankgiro?: string | null }) {
  const r = await q
    .updateTable('units')
    .set({ ...patch, version: nextVersion() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return updatedOne(r);
}
