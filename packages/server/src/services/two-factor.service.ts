import { randomInt } from 'node:crypto';
import QRCode from 'qrcode';
import type { Actor, Role } from '../auth/actor.ts';
import { newId, randomToken, sha256 } from '../auth/tokens.ts';
import { matchTotp, newTotpSecret, otpauthUri } from '../auth/totp.ts';
import { AppError, forbidden, invalidField } from '../errors.ts';
import { twoFactorRepository } from '../repositories/two-factor.repository.ts';
import * as users from '../repositories/users.repository.ts';
import { findUnit } from '../repositories/units.repository.ts';
import { recordAudit } from './audit.service.ts';
import { expectVersion, mustHaveUpdated } from './row-version.ts';
import type { ServiceContext } from './context.ts';
import type { SignInEventsService } from './sign-in-events.service.ts';

/** Roles that must use two-factor in a unit without its own setting: all staff roles. */
export const DEFAULT_TWO_FACTOR_ROLES: readonly Role[] = ['manager', 'caseworker', 'host', 'analyst'];
export const IDLE_MINUTES_MIN = 5;
export const IDLE_MINUTES_MAX = 480;
export const DEFAULT_IDLE_MINUTES = 30;

/**
 * Idle limit for a user's sessions: the strictest of the user's units (null: the unit keeps the default), or the
 * configured one for a user without units.
 */
export function idleMinutesOf(unitLimits: (number | null)[], withoutUnits: number): number {
  if (unitLimits.length === 0) return withoutUnits;
  return Math.min(...unitLimits.map((m) => m ?? DEFAULT_IDLE_MINUTES));
}
export const CHALLENGE_MINUTES = 5;
export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0/O, 1/I/L: readable aloud and on paper

type Meta = { ip: string | null; userAgent: string | null };

export type TwoFactorStep =
  { twoFactor: 'verify'; challenge: string } | { twoFactor: 'enrol'; challenge: string; secret: string; otpauthUri: string; qrSvg: string };

const wrongCode = () => invalidField('code', 'wrong_code', { sv: 'Koden stämmer inte. Försök igen.', en: 'The code is wrong. Try again.' });
const challengeGone = () =>
  invalidField('challenge', 'expired', {
    sv: 'Inloggningen har gått ut. Börja om med användarnamn och lösenord.',
    en: 'The login has expired. Start again with username and password.',
  });

export function newRecoveryCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

export function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export function createTwoFactorService(
  ctx: ServiceContext,
  deps: {
    actorFor(userId: string, ip: string | null): Promise<Actor | null>;
    /** Counts a failed attempt towards the account lockout; throws LOCKED when the limit is reached. */
    registerFailure(userId: string): Promise<void>;
    /** The sign-in log (docs/two-factor.md): every second step, right or wrong, and every admin reset. */
    signInEvents: SignInEventsService;
  },
) {
  const q = () => ctx.db.kysely;
  const repo = twoFactorRepository(ctx.config); // TOTP secrets sealed at rest (auth/secret-box.ts)
  const nowMs = () => ctx.clock.now().getTime();

  async function unitSettings(unitIds: string[]) {
    const rows = await repo.securitySettingsOf(q(), unitIds);
    const byUnit = new Map(rows.map((r) => [r.unit_id, r]));
    return (unitId: string) => {
      const r = byUnit.get(unitId);
      return {
        twoFactorRoles: r ? (JSON.parse(r.two_factor_roles) as Role[]) : [...DEFAULT_TWO_FACTOR_ROLES],
        idleMinutes: r ? r.idle_minutes : DEFAULT_IDLE_MINUTES,
        isDefault: !r,
        /** Row version of the unit's own settings; 0 while the unit keeps the defaults (no row). */
        version: r ? Number(r.version) : 0,
      };
    };
  }

  /** True if one of the user's units names one of the user's roles there. */
  async function requiredFor(userId: string): Promise<boolean> {
    const user = await users.findUser(q(), userId);
    if (!user || user.kind !== 'staff') return false;
    const memberships = await users.membershipsOf(q(), userId);
    const settings = await unitSettings(memberships.map((m) => m.unit_id));
    return memberships.some((m) => settings(m.unit_id).twoFactorRoles.includes(m.role));
  }

  async function newChallenge(userId: string, purpose: 'verify' | 'enrol', secret: string | null) {
    const challenge = randomToken();
    const now = ctx.clock.now();
    await repo.deleteExpiredChallenges(q(), now.toISOString());
    await repo.insertChallenge(q(), {
      id: sha256(challenge),
      user_id: userId,
      purpose,
      secret,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000).toISOString(),
    });
    return challenge;
  }

  async function enrolmentOffer(userId: string) {
    const user = await users.findUser(q(), userId);
    const secret = newTotpSecret();
    const uri = otpauthUri(secret, user?.username ?? 'kvarbo');
    const challenge = await newChallenge(userId, 'enrol', secret);
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { challenge, secret, otpauthUri: uri, qrSvg };
  }

  /** `login`: the second step of a login, whose refusals go into the sign-in log (not so the account page's). */
  async function openChallenge(
    challenge: string,
    purpose: 'verify' | 'enrol',
    userId?: string,
    login?: { method: 'totp' | 'recovery-code'; meta: Meta },
  ) {
    const row = await repo.findChallenge(q(), sha256(challenge));
    if (!row || row.purpose !== purpose || (userId && row.user_id !== userId)) throw challengeGone();
    const refused = async (outcome: string) => {
      if (login) await deps.signInEvents.record({ method: login.method, outcome, userId: row.user_id }, login.meta);
    };
    if (row.expires_at <= ctx.clock.now().toISOString()) {
      await repo.takeChallenge(q(), row.id);
      await refused('challenge-expired');
      throw challengeGone();
    }
    const user = await users.findUser(q(), row.user_id);
    if (!user || user.disabled_at) {
      await refused('disabled');
      throw challengeGone();
    }
    if (user.locked_until && user.locked_until > ctx.clock.now().toISOString()) {
      await refused('locked');
      throw new AppError('LOCKED', 423, { sv: 'Kontot är tillfälligt låst.', en: 'The account is temporarily locked.' }, [], {
        lockedUntil: user.locked_until,
      });
    }
    return row;
  }

  async function failed(
    userId: string,
    challengeId: string,
    login?: { method: 'totp' | 'recovery-code'; meta: Meta },
    error: () => Error = wrongCode,
  ): Promise<never> {
    const record = async (outcome: string) => {
      if (login) await deps.signInEvents.record({ method: login.method, outcome, userId }, login.meta);
    };
    try {
      await deps.registerFailure(userId);
    } catch (e) {
      // Locked: the challenge is spent, the next try starts again from the password.
      await repo.takeChallenge(q(), challengeId);
      await record('code-wrong-locked');
      throw e;
    }
    await record('code-wrong');
    throw error();
  }

  /** Checks a current code for an enrolled user and uses its step (no replay). */
  async function useCode(userId: string, code: string): Promise<boolean> {
    const tf = await repo.findTwoFactor(q(), userId);
    if (!tf) return false;
    const step = matchTotp(tf.secret, code.replace(/\s/g, ''), nowMs());
    if (step === null) return false;
    return repo.useStep(q(), userId, step);
  }

  async function issueRecoveryCodes(userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const at = ctx.clock.now().toISOString();
    await repo.replaceRecoveryCodes(
      q(),
      userId,
      codes.map((c) => ({ id: newId(), user_id: userId, code_hash: sha256(normaliseRecoveryCode(c)), used_at: null, created_at: at })),
    );
    return codes;
  }

  async function audit(actor: Actor | null, userId: string, action: 'create' | 'update', entity = 'two_factor') {
    if (!actor) return;
    await recordAudit(q(), actor, ctx.clock.now(), [{ residentId: null, unitId: null, entity, entityId: userId, action }]);
  }

  async function confirmEnrolment(userId: string, secret: string, code: string, actor: Actor | null) {
    const step = matchTotp(secret, code.replace(/\s/g, ''), nowMs());
    if (step === null) return null;
    await repo.saveTwoFactor(q(), { user_id: userId, secret, enrolled_at: ctx.clock.now().toISOString(), last_step: step });
    const recoveryCodes = await issueRecoveryCodes(userId);
    await audit(actor, userId, 'create');
    return recoveryCodes;
  }

  return {
    requiredFor,

    /** After a correct password: the second step the user must take, or null when a session may start at once. */
    async afterPassword(userId: string): Promise<TwoFactorStep | null> {
      if (await repo.findTwoFactor(q(), userId)) return { twoFactor: 'verify', challenge: await newChallenge(userId, 'verify', null) };
      if (await requiredFor(userId)) return { twoFactor: 'enrol', ...(await enrolmentOffer(userId)) };
      return null;
    },

    /** Second step with a current code or a recovery code; returns the user id whose session may start. */
    async verifyLogin(challenge: string, input: { code?: string; recoveryCode?: string }, meta: Meta): Promise<string> {
      const login = { method: input.recoveryCode ? ('recovery-code' as const) : ('totp' as const), meta };
      const row = await openChallenge(challenge, 'verify', undefined, login);
      if (input.recoveryCode) {
        const ok = await repo.useRecoveryCode(
          q(),
          row.user_id,
          sha256(normaliseRecoveryCode(input.recoveryCode)),
          ctx.clock.now().toISOString(),
        );
        if (!ok) {
          return failed(row.user_id, row.id, login, () =>
            invalidField('recoveryCode', 'wrong_code', {
              sv: 'Reservkoden stämmer inte eller är redan använd.',
              en: 'The recovery code is wrong or already used.',
            }),
          );
        }
        await audit(await deps.actorFor(row.user_id, meta.ip), row.user_id, 'update', 'two_factor_recovery_code');
      } else if (!(await useCode(row.user_id, input.code ?? ''))) {
        return failed(row.user_id, row.id, login);
      }
      if (!(await repo.takeChallenge(q(), row.id))) throw challengeGone();
      await users.updateUser(q(), row.user_id, { failed_login_count: 0, locked_until: null });
      await deps.signInEvents.record({ method: login.method, outcome: 'ok', userId: row.user_id }, meta);
      return row.user_id;
    },

    /** Finishes enrolment during login with the first code; the recovery codes are shown once. */
    async enrolLogin(challenge: string, code: string, meta: Meta): Promise<{ userId: string; recoveryCodes: string[] }> {
      const login = { method: 'totp' as const, meta };
      const row = await openChallenge(challenge, 'enrol', undefined, login);
      const recoveryCodes = await confirmEnrolment(row.user_id, row.secret!, code, await deps.actorFor(row.user_id, meta.ip));
      if (!recoveryCodes) return failed(row.user_id, row.id, login);
      await repo.takeChallenge(q(), row.id);
      await users.updateUser(q(), row.user_id, { failed_login_count: 0, locked_until: null });
      await deps.signInEvents.record({ method: 'totp', outcome: 'ok', userId: row.user_id }, meta);
      return { userId: row.user_id, recoveryCodes };
    },

    async status(actor: Actor) {
      const tf = await repo.findTwoFactor(q(), actor.userId);
      return {
        enrolled: !!tf,
        enrolledAt: tf?.enrolled_at ?? null,
        required: await requiredFor(actor.userId),
        recoveryCodesLeft: tf ? await repo.unusedRecoveryCodeCount(q(), actor.userId) : 0,
      };
    },

    /** Voluntary enrolment (or a new phone) from the account page. */
    async startEnrolment(actor: Actor) {
      if (actor.kind !== 'staff') throw forbidden();
      return enrolmentOffer(actor.userId);
    },

    async confirmAccountEnrolment(actor: Actor, challenge: string, code: string) {
      const row = await openChallenge(challenge, 'enrol', actor.userId);
      const recoveryCodes = await confirmEnrolment(actor.userId, row.secret!, code, actor);
      if (!recoveryCodes) return failed(actor.userId, row.id);
      await repo.takeChallenge(q(), row.id);
      return { recoveryCodes };
    },

    async regenerateRecoveryCodes(actor: Actor, code: string) {
      if (!(await useCode(actor.userId, code))) {
        await deps.registerFailure(actor.userId);
        throw wrongCode();
      }
      const recoveryCodes = await issueRecoveryCodes(actor.userId);
      await audit(actor, actor.userId, 'update', 'two_factor_recovery_code');
      return { recoveryCodes };
    },

    async switchOff(actor: Actor, code: string) {
      if (await requiredFor(actor.userId)) {
        throw new AppError('TWO_FACTOR_REQUIRED', 409, {
          sv: 'Tvåstegsverifiering krävs för din roll i en enhet och kan inte stängas av.',
          en: 'Two-factor sign-in is required for your role in a unit and cannot be switched off.',
        });
      }
      if (!(await useCode(actor.userId, code))) {
        await deps.registerFailure(actor.userId);
        throw wrongCode();
      }
      await repo.deleteTwoFactor(q(), actor.userId);
      await audit(actor, actor.userId, 'update');
    },

    /** Lost phone: an admin removes the user's two-factor; the next login enrols again if a unit requires it. */
    async reset(actor: Actor, userId: string, userAgent: string | null = null) {
      if (!actor.isAdmin) throw forbidden();
      const user = await users.findUser(q(), userId);
      if (!user || user.organisation_id !== actor.organisationId) throw forbidden();
      await repo.deleteTwoFactor(q(), userId);
      await audit(actor, userId, 'update', 'two_factor_reset');
      await deps.signInEvents.record(
        { method: 'admin', outcome: 'two-factor-reset', userId, byUserId: actor.userId },
        { ip: actor.ip, userAgent },
      );
    },

    /** For the admin's users page: whether the user has two-factor, so the reset button shows only then. */
    async statusForAdmin(actor: Actor, userId: string) {
      if (!actor.isAdmin) throw forbidden();
      const user = await users.findUser(q(), userId);
      if (!user || user.organisation_id !== actor.organisationId) throw forbidden();
      const tf = await repo.findTwoFactor(q(), userId);
      return { enrolled: !!tf, enrolledAt: tf?.enrolled_at ?? null };
    },

    async unitSecuritySettings(actor: Actor, unitId: string) {
      if (!actor.isAdmin && !actor.memberships.some((m) => m.unitId === unitId)) throw forbidden();
      const unit = await findUnit(q(), unitId);
      if (!unit || unit.organisation_id !== actor.organisationId) throw forbidden();
      const s = (await unitSettings([unitId]))(unitId);
      return {
        unitId,
        twoFactorRoles: DEFAULT_TWO_FACTOR_ROLES.filter((r) => s.twoFactorRoles.includes(r)),
        idleMinutes: s.idleMinutes,
        isDefault: s.isDefault,
        version: s.version,
        canEdit: actor.isAdmin || actor.memberships.some((m) => m.unitId === unitId && m.role === 'manager'),
      };
    },

    /**
     * Saves the unit's settings made from the version read (`version`, 0 for the defaults); settings saved by someone
     * else meanwhile are refused with 409 STALE_VERSION and nothing changes (docs/concurrency.md).
     */
    async changeUnitSecuritySettings(
      actor: Actor,
      unitId: string,
      input: { version: number; twoFactorRoles: Role[]; idleMinutes: number },
    ) {
      const current = await this.unitSecuritySettings(actor, unitId);
      if (!current.canEdit) throw forbidden();
      if (!Number.isInteger(input.idleMinutes) || input.idleMinutes < IDLE_MINUTES_MIN || input.idleMinutes > IDLE_MINUTES_MAX) {
        throw invalidField('idleMinutes', 'out_of_range', {
          sv: `Ange mellan ${IDLE_MINUTES_MIN} och ${IDLE_MINUTES_MAX} minuter.`,
          en: `Enter between ${IDLE_MINUTES_MIN} and ${IDLE_MINUTES_MAX} minutes.`,
        });
      }
      await q()
        .transaction()
        .execute(async (trx) => {
          const [row] = await repo.securitySettingsOf(trx, [unitId]);
          expectVersion({ version: row ? row.version : 0 }, input.version);
          const values = {
            two_factor_roles: JSON.stringify([...new Set(input.twoFactorRoles)]),
            idle_minutes: input.idleMinutes,
            updated_by: actor.userId,
            updated_at: ctx.clock.now().toISOString(),
          };
          mustHaveUpdated(
            row
              ? await repo.updateSecuritySettingsAtVersion(trx, unitId, input.version, values)
              : await repo.insertSecuritySettingsIfNone(trx, unitId, values),
          );
          await recordAudit(trx, actor, ctx.clock.now(), [
            { residentId: null, unitId, entity: 'unit_security_settings', entityId: unitId, action: 'update' },
          ]);
        });
      return this.unitSecuritySettings(actor, unitId);
    },
  };
}
