import type { Insertable } from 'kysely';
import type { OidcLoginStateTable } from '../db/schema.ts';
import type { Q } from './query.ts';

export async function insertLoginState(q: Q, row: Insertable<OidcLoginStateTable>) {
  await q.insertInto('oidc_login_states').values(row).execute();
}

/** Reads and deletes in one go: of two callbacks with the same state, only one gets the row. */
export async function takeLoginState(q: Q, id: string) {
  const row = await q.selectFrom('oidc_login_states').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const deleted = await q.deleteFrom('oidc_login_states').where('id', '=', id).executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1 ? row : undefined;
}

export async function deleteExpiredLoginStates(q: Q, nowIso: string) {
  await q.deleteFrom('oidc_login_states').where('expires_at', '<', nowIso).execute();
}

/** Users whose username or e-mail equals the value, ignoring case (e-mail addresses are not case-sensitive in practice). */
export function findUsersByField(q: Q, field: 'username' | 'email', value: string) {
  return q
    .selectFrom('users')
    .select(['id', 'kind', 'disabled_at', 'landlord_id'])
    .where((eb) => eb(eb.fn('lower', [field]), '=', value.toLowerCase()))
    .limit(2)
    .execute();
}
