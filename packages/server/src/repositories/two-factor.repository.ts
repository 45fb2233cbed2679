import type { Insertable } from 'kysely';
import { secretBoxFor, SecretUnreadableError, type SecretBox, type SecretKeyConfig } from '../auth/secret-box.ts';
import type { LoginChallengeTable, TwoFactorRecoveryCodeTable, UnitSecuritySettingsTable } from '../db/schema.ts';
import type { Q } from './query.ts';
import { nextVersion, updatedOne } from './row-version.ts';
import * as plainQueries from './two-factor.repository.ts';

/**
 * The two-factor queries with TOTP secrets sealed at rest (auth/secret-box.ts): secrets go in sealed and come out
 * in clear, so the service works with plaintext and the columns never hold it. Rows from before encryption (no
 * `v1:` prefix) are read as plaintext; `kvarbo serve` seals them at start (sealStoredSecrets).
 */
export function twoFactorRepository(config: SecretKeyConfig) {
  const box = secretBoxFor(config);
  return {
    // The queries below are the only ones that touch a secret; the rest are this module's own, as they are.
    ...plainQueries,

    async findTwoFactor(q: Q, userId: string) {
      const row = await q.selectFrom('user_two_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return row && withOpenedSecret(row, row.secret, box, userId);
    },

    async saveTwoFactor(q: Q, row: { user_id: string; secret: string; enrolled_at: string; last_step: number | null }) {
      await q.deleteFrom('user_two_factor').where('user_id', '=', row.user_id).execute();
      await q
        .insertInto('user_two_factor')
        .values({ ...row, secret: box.seal(row.secret, row.user_id) })
        .execute();
    },

    /** The pending secret of an enrolment is sealed like an enrolled one. */
    async insertChallenge(q: Q, row: Insertable<LoginChallengeTable>) {
      await q
        .insertInto('login_challenges')
        .values({ ...row, secret: row.secret == null ? null : box.seal(row.secret, row.user_id) })
        .execute();
    },

    async findChallenge(q: Q, id: string) {
      const row = await q.selectFrom('login_challenges').selectAll().where('id', '=', id).executeTakeFirst();
      return row && (row.secret === null ? row : withOpenedSecret(row, row.secret, box, row.user_id));
    },
  };
}

/**
 * The row with `secret` opened when read, not when loaded: a row whose secret no configured key opens still counts
 * as enrolled (never as "no two-factor"), and the failure comes at the code step as a 500 whose logged message
 * names the user (never the secret).
 */
function withOpenedSecret<T extends { secret: string | null }>(
  row: T,
  stored: string,
  box: SecretBox,
  userId: string,
): T & { secret: string } {
  return Object.defineProperty({ ...row }, 'secret', {
    enumerable: true,
    get() {
      try {
        return box.open(stored, userId);
      } catch (e) {
        if (!(e instanceof SecretUnreadableError)) throw e;
        throw new SecretUnreadableError(`The TOTP secret of user ${userId} cannot be decrypted: ${e.message}`);
      }
    },
  }) as T & { secret: string };
}

export type SealCounts = { encrypted: number; reencrypted: number; unchanged: number; unreadable: string[] };

/**
 * Seals the plaintext secrets left from before encryption and, with `reseal`, re-seals those under the previous key
 * with the current one. Each row is written only if it still holds what was read, so a login or enrolment meanwhile
 * is never overwritten; running it twice changes nothing the second time. `unreadable`: the user ids whose secret no
 * configured key opens (left as they are).
 */
export async function sealStoredSecrets(q: Q, box: SecretBox, options: { reseal: boolean }): Promise<SealCounts> {
  const counts: SealCounts = { encrypted: 0, reencrypted: 0, unchanged: 0, unreadable: [] };
  const next = (stored: string, userId: string): string | null => {
    const state = box.stateOf(stored);
    if (state === 'plaintext') {
      counts.encrypted++;
      return box.seal(stored, userId);
    }
    if (state === 'previous' && options.reseal) {
      let plaintext: string;
      try {
        plaintext = box.open(stored, userId);
      } catch (e) {
        if (!(e instanceof SecretUnreadableError)) throw e;
        counts.unreadable.push(userId); // altered, or another user's value: left as it is
        return null;
      }
      counts.reencrypted++;
      return box.seal(plaintext, userId);
    }
    if (state === 'unknown_key') counts.unreadable.push(userId);
    else counts.unchanged++;
    return null;
  };
  for (const row of await q.selectFrom('user_two_factor').select(['user_id', 'secret']).execute()) {
    const sealed = next(row.secret, row.user_id);
    if (sealed === null) continue;
    await q
      .updateTable('user_two_factor')
      .set({ secret: sealed })
      .where('user_id', '=', row.user_id)
      .where('secret', '=', row.secret)
      .execute();
  }
  // Pending enrolments live five minutes, but one started just before an upgrade holds its secret in clear too.
  const pending = await q.selectFrom('login_challenges').select(['id', 'user_id', 'secret']).where('secret', 'is not', null).execute();
  for (const row of pending) {
    const sealed = next(row.secret!, row.user_id);
    if (sealed === null) continue;
    await q.updateTable('login_challenges').set({ secret: sealed }).where('id', '=', row.id).where('secret', '=', row.secret).execute();
  }
  return counts;
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
