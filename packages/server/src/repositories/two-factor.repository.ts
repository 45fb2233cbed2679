import type { Insertable } from 'kysely';
import type { LoginChallengeTable, TwoFactorRecoveryCodeTable, UnitSecuritySettingsTable } from '../db/schema.ts';
import type { Q } from './query.ts';
import { nextVersion, updatedOne } from './row-version.ts';

export function findTwoFactor(q: Q, userId: string) {
  return q.selectFrom('user_two_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function saveTwoFactor(q: Q, row: { user_id: string; secret: string; enrolled_at: string; last_step: number | null }) {
  await q.deleteFrom('user_two_factor').where('user_id', '=', row.user_id).execute();
  await q.insertInto('user_two_factor').values(row).execute();
}

/** Moves the last used step forward only if the step is newer: of two requests with one code, one wins. */
export async function useStep(q: Q, userId: string, step: number): Promise<boolean> {
  const res = await q
    .updateTable('user_two_factor')
    .set({ last_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteTwoFactor(q: Q, userId: string) {
  await q.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
  await q.deleteFrom('user_two_factor').where('user_id', '=', userId).execute();
}

export async function replaceRecoveryCodes(q: Q, userId: string, rows: Insertable<TwoFactorRecoveryCodeTable>[]) {
  await q.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
  if (rows.length) await q.insertInto('two_factor_recovery_codes').values(rows).execute();
}

/** Marks an unused code as used; true if this call used it. */
export async function useRecoveryCode(q: Q, userId: string, codeHash: string, at: string): Promise<boolean> {
  const res = await q
    .updateTable('two_factor_recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function unusedRecoveryCodeCount(q: Q, userId: string): Promise<number> {
  const row = await q
    .selectFrom('two_factor_recovery_codes')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertChallenge(q: Q, row: Insertable<LoginChallengeTable>) {
  await q.insertInto('login_challenges').values(row).execute();
}

export function findChallenge(q: Q, id: string) {
  return q.selectFrom('login_challenges').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Deletes; true if this call deleted it (a challenge ends in one session at most). */
export async function takeChallenge(q: Q, id: string): Promise<boolean> {
  const res = await q.deleteFrom('login_challenges').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

export async function deleteExpiredChallenges(q: Q, nowIso: string) {
  await q.deleteFrom('login_challenges').where('expires_at', '<', nowIso).execute();
}

export function securitySettingsOf(q: Q, unitIds: string[]) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return q.selectFrom('unit_security_settings').selectAll().where('unit_id', 'in', unitIds).execute();
}

/** Replaces a unit's settings unconditionally (set-up, e.g. the test units); edits go through the versioned writes. */
export async function saveSecuritySettings(q: Q, row: Insertable<UnitSecuritySettingsTable>) {
  await q.deleteFrom('unit_security_settings').where('unit_id', '=', row.unit_id).execute();
  await q.insertInto('unit_security_settings').values(row).execute();
}

type SecuritySettingsValues = { two_factor_roles: string; idle_minutes: number; updated_by: string | null; updated_at: string };

/** The unit's first own settings (version 1); false when it has some already (another edit made them meanwhile). */
export async function insertSecuritySettingsIfNone(q: Q, unitId: string, values: SecuritySettingsValues): Promise<boolean> {
  const r = await q
    .insertInto('unit_security_settings')
    .values({ unit_id: unitId, ...values, version: 1 })
    .onConflict((oc) => oc.column('unit_id').doNothing())
    .returning('unit_id')
    .execute();
  return r.length === 1;
}

/** Changes the unit's settings only if they are still at `version`, and moves them on; false when stale. */
export async function updateSecuritySettingsAtVersion(
  q: Q,
  unitId: string,
  version: number,
  values: SecuritySettingsValues,
): Promise<boolean> {
  return updatedOne(
    await q
      .updateTable('unit_security_settings')
      .set({ ...values, version: nextVersion() })
      .where('unit_id', '=', unitId)
      .where('version', '=', version)
      .executeTakeFirst(),
  );
}
