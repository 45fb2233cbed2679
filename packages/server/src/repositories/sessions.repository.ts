import type { Insertable } from 'kysely';
import type { SessionTable } from '../db/schema.ts';
import type { Q } from './query.ts';

export async function insertSession(q: Q, row: Insertable<SessionTable>) {
  await q.insertInto('sessions').values(row).execute();
}

export function findSession(q: Q, id: string) {
  return q.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The session and its user in one round trip: every authenticated request starts here (docs/benchmarks.md).
 * Null user columns cannot happen (sessions.user_id references users), so an inner join.
 */
export function findSessionWithUser(q: Q, id: string) {
  return q
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
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
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
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
