import type { Insertable, Updateable } from 'kysely';
import type { UserTable, UnitMembershipTable } from '../db/schema.ts';
import type { Q } from './query.ts';
import { nextVersion, updatedOne } from './row-version.ts';

export function findUserByUsername(q: Q, username: string) {
  return q.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUser(q: Q, id: string) {
  return q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function membershipsOf(q: Q, userId: string) {
  return q
    .selectFrom('unit_memberships as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.unit_id', 'm.role', 'u.name as unit_name'])
    .where('m.user_id', '=', userId)
    .orderBy('u.name')
    .execute();
}

export async function insertUser(q: Q, row: Insertable<UserTable>) {
  await q.insertInto('users').values(row).execute();
}

export async function updateUser(q: Q, id: string, patch: Updateable<UserTable>) {
  await q.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function replaceMemberships(q: Q, userId: string, rows: Omit<UnitMembershipTable, 'user_id'>[]) {
  await q.deleteFrom('unit_memberships').where('user_id', '=', userId).execute();
  if (rows.length)
    await q
      .insertInto('unit_memberships')
      .values(rows.map((r) => ({ ...r, user_id: userId })))
      .execute();
}

export function listUsers(q: Q, organisationId: string) {
  return q.selectFrom('users').selectAll().where('organisation_id', '=', organisationId).orderBy('username').execute();
}

export function allMemberships(q: Q, organisationId: string) {
  return q
    .selectFrom('unit_memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.unit_id', 'm.role'])
    .where('u.organisation_id', '=', organisationId)
    .execute();
}

export async function countUsers(q: Q): Promise<number> {
  const r = await q
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** An administrator's edit of an account: only if it is still at `version`, moving it to the next; false when stale. */
export async function updateUserAtVersion(q: Q, id: string, version: number, patch: Updateable<UserTable>): Promise<boolean> {
  const r = await q
    .updateTable('users')
    .set({ ...patch, version: nextVersion() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return updatedOne(r);
}
