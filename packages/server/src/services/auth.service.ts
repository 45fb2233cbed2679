import type { Actor, Role } from '../auth/actor.ts';
import type { UserTable } from '../db/schema.ts';
import { decoy, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/password.ts';
import { newId, randomToken, sha256 } from '../auth/tokens.ts';
import { AppError, invalidField } from '../errors.ts';
import * as sessions from '../repositories/sessions.repository.ts';
import * as users from '../repositories/users.repository.ts';
import type { ServiceContext } from './context.ts';
import { createSignInEventsService } from './sign-in-events.service.ts';
import { createTwoFactorService, idleMinutesOf, type TwoFactorStep } from './two-factor.service.ts';

export type SessionInfo = { token: string; csrfToken: string; actor: Actor };
export type SessionMeta = { ip: string | null; userAgent: string | null };

const invalidCredentials = () =>
  new AppError('INVALID_CREDENTIALS', 401, {
    sv: 'Fel användarnamn eller lösenord.',
    en: 'Wrong username or password.',
  });

const localLoginDisabled = () =>
  new AppError('LOCAL_LOGIN_DISABLED', 403, {
    sv: 'Inloggning med lösenord är avstängd. Logga in med organisationens inloggning.',
    en: 'Password login is switched off. Log in with your organisation’s single sign-on.',
  });

export function lockedError(until: string) {
  return new AppError(
    'LOCKED',
    423,
    {
      sv: 'Kontot är tillfälligt låst efter för många misslyckade inloggningar. Försök igen om en stund.',
      en: 'The account is temporarily locked after too many failed logins. Try again later.',
    },
    [],
    { lockedUntil: until },
  );
}

type ActorUser = Pick<UserTable, 'display_name' | 'organisation_id' | 'kind' | 'is_admin' | 'landlord_id' | 'disabled_at'> & {
  user_id: string;
};

/** The actor of a signed-in user, or null for an account that may not act (disabled; a landlord without a company). */
function actorOf(user: ActorUser, memberships: { unit_id: string; role: Role }[], ip: string | null): Actor | null {
  if (user.disabled_at) return null;
  if (user.kind === 'landlord' && !user.landlord_id) return null; // a landlord account must name its company
  return {
    userId: user.user_id,
    userName: user.display_name,
    organisationId: user.organisation_id,
    isAdmin: user.kind === 'staff' && Number(user.is_admin) === 1,
    kind: user.kind,
    landlordId: user.kind === 'landlord' ? user.landlord_id : null,
    // A landlord account has no unit memberships, whatever the table says: it never sees a person's record.
    memberships: user.kind === 'staff' ? memberships.map((m) => ({ unitId: m.unit_id, role: m.role })) : [],
    ip,
  };
}

export function createAuthService(ctx: ServiceContext) {
  const q = () => ctx.db.kysely;

  async function actorFor(userId: string, ip: string | null): Promise<Actor | null> {
    const user = await users.findUser(q(), userId);
    if (!user) return null;
    const memberships = user.kind === 'staff' ? await users.membershipsOf(q(), userId) : [];
    return actorOf({ ...user, user_id: user.id }, memberships, ip);
  }

  /** Counts a failed password or code in the database; locks the account at the limit. */
  async function registerFailure(userId: string): Promise<void> {
    // Counted in the database, not from a row read earlier: parallel guesses must not lose increments.
    const { failed_login_count: failures } = await q()
      .updateTable('users')
      .set((eb) => ({ failed_login_count: eb('failed_login_count', '+', 1) }))
      .where('id', '=', userId)
      .returning('failed_login_count')
      .executeTakeFirstOrThrow();
    if (failures >= ctx.config.loginMaxFailures) {
      const lockedUntil = new Date(ctx.clock.now().getTime() + ctx.config.loginLockMinutes * 60_000).toISOString();
      await users.updateUser(q(), userId, { failed_login_count: 0, locked_until: lockedUntil });
      throw lockedError(lockedUntil);
    }
  }

  const signInEvents = createSignInEventsService(ctx);
  const twoFactor = createTwoFactorService(ctx, { actorFor, registerFailure, signInEvents });

  /** A wrong password or code: counted, and the event says whether this one locked the account. */
  async function failedAttempt(userId: string, method: 'password' | 'totp' | 'recovery-code', outcome: string, meta: SessionMeta) {
    try {
      await registerFailure(userId);
    } catch (e) {
      await signInEvents.record({ method, outcome: `${outcome}-locked`, userId }, meta);
      throw e;
    }
    await signInEvents.record({ method, outcome, userId }, meta);
  }

  return {
    actorFor,
    /**
     * A session for a user whose identity is already established (single sign-on). It never asks for a
     * two-factor code: the identity provider has done the strong authentication (docs/two-factor.md).
     */
    startSession,
    twoFactor,

    /** Second login step with a current code or a recovery code (docs/two-factor.md). */
    async verifyTwoFactor(challenge: string, input: { code?: string; recoveryCode?: string }, meta: SessionMeta): Promise<SessionInfo> {
      return startSession(await twoFactor.verifyLogin(challenge, input, meta), meta);
    },

    /** Finishes enrolment during login; the recovery codes are shown this once. */
    async enrolTwoFactor(challenge: string, code: string, meta: SessionMeta): Promise<SessionInfo & { recoveryCodes: string[] }> {
      const { userId, recoveryCodes } = await twoFactor.enrolLogin(challenge, code, meta);
      return { ...(await startSession(userId, meta)), recoveryCodes };
    },

    /** The signed-in user as the web client needs it. */
    async me(actor: Actor) {
      const [user, memberships] = await Promise.all([users.findUser(q(), actor.userId), users.membershipsOf(q(), actor.userId)]);
      return {
        id: actor.userId,
        username: user?.username ?? '',
        displayName: actor.userName,
        isAdmin: actor.isAdmin,
        kind: actor.kind,
        landlordId: actor.landlordId,
        locale: user?.locale ?? 'sv',
        units: memberships.map((m) => ({ id: m.unit_id, name: m.unit_name, role: m.role })),
      };
    },

    /**
     * Lockout is per account (KVARBO_LOGIN_MAX_FAILURES in a row locks it for KVARBO_LOGIN_LOCK_MINUTES);
     * per-address throttling sits in front of this in the route. Unknown usernames cost the same time.
     */
    async login(username: string, password: string, meta: SessionMeta): Promise<SessionInfo | TwoFactorStep> {
      const now = ctx.clock.now();
      const user = await users.findUserByUsername(q(), username.trim().toLowerCase());
      // The sign-in log names the account, or keeps the username tried when none matched; never the password.
      const who = user ? { userId: user.id } : { usernameTried: username.trim() };
      if (!ctx.config.localLogin) {
        await signInEvents.record({ method: 'password', outcome: 'local-login-off', ...who }, meta);
        throw localLoginDisabled();
      }
      if (!user || user.disabled_at) {
        await verifyPassword(await decoy(), password);
        await signInEvents.record({ method: 'password', outcome: user ? 'disabled' : 'unknown-user', ...who }, meta);
        throw invalidCredentials();
      }
      if (user.locked_until && user.locked_until > now.toISOString()) {
        await signInEvents.record({ method: 'password', outcome: 'locked', ...who }, meta);
        throw lockedError(user.locked_until);
      }
      if (!(await verifyPassword(user.password_hash, password))) {
        await failedAttempt(user.id, 'password', 'wrong-password', meta);
        throw invalidCredentials();
      }
      // The failure count is reset only when the whole login succeeds: wrong codes after a right password
      // count towards the same lockout.
      const step = await twoFactor.afterPassword(user.id);
      if (step) {
        await signInEvents.record({ method: 'password', outcome: 'second-step', ...who }, meta);
        return step;
      }
      await users.updateUser(q(), user.id, { failed_login_count: 0, locked_until: null });
      const session = await startSession(user.id, meta);
      await signInEvents.record({ method: 'password', outcome: 'ok', ...who }, meta);
      return session;
    },

    async resolve(token: string, ip: string | null): Promise<{ actor: Actor; csrfToken: string; sessionId: string } | null> {
      // One round trip on every request: the session with its user and memberships. The actor is built as actorFor
      // builds it (kept in step by auth.test.ts); the idle limit is idleMinutesOf's (two-factor.service.ts).
      const id = sha256(token);
      const rows = await sessions.findSessionWithMemberships(q(), id);
      const session = rows[0];
      if (!session) return null;
      const now = ctx.clock.now();
      if (session.expires_at <= now.toISOString()) {
        await sessions.deleteSession(q(), id);
        return null;
      }
      const memberships = rows.flatMap((m) =>
        m.unit_id !== null && m.role !== null ? [{ unit_id: m.unit_id, role: m.role, idle_minutes: m.idle_minutes }] : [],
      );
      const actor = actorOf(session, memberships, ip);
      if (!actor) return null;
      // Idle limit: the strictest of the user's units (unit security settings), the configured one without units.
      const idleMinutes = idleMinutesOf(
        memberships.map((m) => m.idle_minutes),
        ctx.config.sessionIdleMinutes,
      );
      const idleLimit = new Date(now.getTime() - idleMinutes * 60_000).toISOString();
      if (session.last_seen_at < idleLimit) {
        await sessions.deleteSession(q(), id);
        return null;
      }
      // Touch at most once a minute: keeps the idle timeout honest without a write per request.
      if (now.getTime() - Date.parse(session.last_seen_at) > 60_000) await sessions.touchSession(q(), id, now.toISOString());
      return { actor, csrfToken: session.csrf_token, sessionId: id };
    },

    async logout(token: string, actor: Actor, meta: SessionMeta) {
      await sessions.deleteSession(q(), sha256(token));
      await signInEvents.record({ method: 'logout', outcome: 'logged-out', userId: actor.userId }, meta);
    },

    signInEvents,

    async changePassword(actor: Actor, sessionId: string, current: string, next: string) {
      const user = await users.findUser(q(), actor.userId);
      if (!user || !(await verifyPassword(user.password_hash, current))) {
        throw invalidField('currentPassword', 'wrong_password', {
          sv: 'Nuvarande lösenord stämmer inte.',
          en: 'The current password is wrong.',
        });
      }
      checkNewPassword(next, 'newPassword');
      if (next === current) {
        throw invalidField('newPassword', 'same_password', {
          sv: 'Välj ett annat lösenord än det nuvarande.',
          en: 'Choose a password different from the current one.',
        });
      }
      await ctx.db.kysely.transaction().execute(async (trx) => {
        await users.updateUser(trx, user.id, {
          password_hash: await hashPassword(next),
          password_changed_at: ctx.clock.now().toISOString(),
        });
        // Other sessions may belong to whoever learned the old password.
        await sessions.deleteSessionsOfUser(trx, user.id, sessionId);
      });
    },
  };

  async function startSession(userId: string, meta: { ip: string | null; userAgent: string | null }): Promise<SessionInfo> {
    const token = randomToken();
    const csrfToken = randomToken();
    const now = ctx.clock.now();
    await sessions.deleteExpiredSessions(q(), now.toISOString());
    await sessions.insertSession(q(), {
      id: sha256(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ctx.config.sessionMaxHours * 3_600_000).toISOString(),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    });
    const actor = await actorFor(userId, meta.ip);
    if (!actor) throw invalidCredentials();
    return { token, csrfToken, actor };
  }
}

export function checkNewPassword(password: string, field: string) {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalidField(field, 'too_short', {
      sv: `Lösenordet behöver minst ${MIN_PASSWORD_LENGTH} tecken.`,
      en: `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
    });
  }
}

export { newId };
