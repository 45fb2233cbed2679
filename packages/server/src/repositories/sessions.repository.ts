import type { Insertable } from 'kysely';
import type { SessionTable } from '../db/schema.ts';
import type { Q } from './query.ts';

export async function insertSession(q: Q, row: Insertable<SessionTable>) {
  await q.insertInto('sessions').values(row).execute();
}

/**
 * The session, its user and the user's unit memberships with each unit's idle limit, in one round trip: every
 * authenticated request starts here (docs/benchmarks.md). One row per membership; one row with null membership
 * columns for a user without units. A landlord account's memberships are not read: it never has any that count.
 */
export function findSessionWithMemberships(q: Q, id: string) {
  return q
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('unit_memberships as m', (join) => join.onRef('m.user_id', '=', 'u.id').on('u.kind', '=', 'staff'))
    .leftJoin('units as un', 'un.id', 'm.unit_id')
    .leftJoin('unit_security_settings as ss', 'ss.unit_id', 'm.unit_id')
    .select([
      's.user_id',
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      'u.display_name',
      'u.organisation_id',
      'u.kind',
      'u.is_admin',
      'u.landlord_id',
      'u.disabled_at',
      'm.unit_id',
      'm.role',
      'ss.idle_minutes',
    ])
    .where('s.id', '=', id)
    .orderBy('un.name')
    .execute();
}

export async function touchSession(q: Q, id: string, lastSeenAt: string) {
  await q.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute();
}

export async function deleteSession(q: Q, id: string) {
  await q.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(q: Q, userId: string, exceptId?: string) {
  let query = q.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) query = query.where('id', '!=', exceptId);
  await query.execute();
}

export async function deleteExpiredSessions(q: Q, nowIso: string) {
  await q.deleteFrom('sessions').where('expires_at', '<', nowIso).execute();
}
