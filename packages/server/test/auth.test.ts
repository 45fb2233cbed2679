import crypto from 'node:crypto';
import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Role } from '../src/auth/actor.ts';
import { ensureOrganisation } from '../src/cli/bootstrap.ts';
import { readConfig, type Config } from '../src/config.ts';
import type { DialectName } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';
import { fixedClock, type Clock } from '../src/services/context.ts';
import { createTestDb, TEST_DIALECTS } from './support/test-db.ts';
import { Client, PASSWORD, startTestApp, TODAY, type TestApp } from './support/test-app.ts';

// Session lifecycle, lockout, throttling, CSRF and user administration, through the real HTTP routes and
// checked against the rows in the database.

const NOW = `${TODAY}T10:00:00.000Z`;
const MINUTE = 60_000;
/** The same configuration startTestApp builds (its defaults: 5 failures, 15 minutes' lock, 30 minutes idle, 12 hours max). */
const DEFAULTS: Config = { ...readConfig({ KVARBO_DATA_DIR: os.tmpdir() }), webDistDir: '/nonexistent' };

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

// Each login gets an address of its own, so the per-address login throttle (20 a minute) only bites where
// a test means it to.
let addressCounter = 0;
const nextAddress = () => {
  addressCounter++;
  return `10.1.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
};

type LoginAnswer = { status: number; body: any; setCookie: string; token: string | null; client: Client | null };

async function loginRaw(
  app: FastifyInstance,
  username: string,
  password: string,
  opts: { remoteAddress?: string; headers?: Record<string, string> } = {},
): Promise<LoginAnswer> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress: opts.remoteAddress ?? nextAddress(),
    ...(opts.headers ? { headers: opts.headers } : {}),
  });
  const raw = res.headers['set-cookie'];
  const setCookie = (Array.isArray(raw) ? raw : raw ? [raw] : []).find((c) => c.startsWith('kvarbo_session=')) ?? '';
  const token = res.cookies.find((c) => c.name === 'kvarbo_session')?.value ?? null;
  const body = res.body ? JSON.parse(res.body) : undefined;
  const client = res.statusCode === 200 && token ? new Client(app, token, body.csrfToken) : null;
  return { status: res.statusCode, body, setCookie, token, client };
}

async function signIn(app: FastifyInstance, username: string, password = PASSWORD): Promise<Client> {
  const r = await loginRaw(app, username, password);
  if (!r.client) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.client;
}

type AnyDb = TestApp['db'];

async function count(db: AnyDb, table: 'sessions' | 'landlords' | 'users', where: Record<string, string> = {}): Promise<number> {
  let query = db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n'));
  for (const [column, value] of Object.entries(where)) query = query.where(column as never, '=', value as never);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

function userRow(db: AnyDb, username: string) {
  return db.kysely.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
}

let userCounter = 0;
/** A user of its own for a test that changes the user's state (lockout, password, disabled). */
async function freshUser(
  services: TestApp['services'],
  organisationId: string,
  memberships: { unitId: string; role: Role }[] = [],
): Promise<{ id: string; username: string }> {
  const username = `user${++userCounter}.${crypto.randomBytes(3).toString('hex')}`;
  const u = await services.users.createUser(organisationId, {
    username,
    displayName: `Test ${username}`,
    password: PASSWORD,
    isAdmin: false,
    memberships,
  });
  return { id: u.id, username };
}

/** An app whose clock the test moves, on a fresh database with one organisation and unit. */
async function startClockApp(dialect: DialectName, overrides: Partial<Config> = {}) {
  const db = await createTestDb(dialect);
  const config: Config = { ...DEFAULTS, ...overrides };
  let time = Date.parse(NOW);
  const clock: Clock = { now: () => new Date(time), today: () => fixedClock(new Date(time).toISOString()).today() };
  const { app, services } = await buildApp({ db, config, clock });
  await app.ready();
  const org = await ensureOrganisation(db, new Date());
  return {
    app,
    db,
    services,
    config,
    organisationId: org.id,
    advance(ms: number) {
      time += ms;
    },
    nowIso: () => new Date(time).toISOString(),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

describe.each(TEST_DIALECTS)('auth on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('login', () => {
    it('sets an HttpOnly, SameSite=Lax session cookie (not Secure on plain http) and stores only the token hash', async () => {
      const r = await loginRaw(t.app, 'caseworkera', PASSWORD);
      expect(r.status).toBe(200);
      expect(r.setCookie).toMatch(/^kvarbo_session=[^;]+/);
      expect(r.setCookie).toMatch(/;\s*HttpOnly/i);
      expect(r.setCookie).toMatch(/;\s*SameSite=Lax/i);
      expect(r.setCookie).toMatch(/;\s*Path=\/(;|$)/);
      expect(r.setCookie).not.toMatch(/Secure/i);
      expect(r.token).toBeTruthy();
      expect(r.token!.length).toBeGreaterThanOrEqual(32);

      // The answer carries the user and a CSRF token.
      expect(r.body.user).toMatchObject({
        id: t.userIds.caseworkerA,
        username: 'caseworkera',
        displayName: 'Test caseworkerA',
        isAdmin: false,
      });
      expect(typeof r.body.csrfToken).toBe('string');
      expect(r.body.csrfToken.length).toBeGreaterThanOrEqual(32);

      // The database holds sha256(token), never the token itself.
      expect(await count(t.db, 'sessions', { id: r.token! })).toBe(0);
      const row = await t.db.kysely.selectFrom('sessions').selectAll().where('id', '=', sha256(r.token!)).executeTakeFirst();
      expect(row).toBeDefined();
      expect(row!.user_id).toBe(t.userIds.caseworkerA);
      expect(row!.csrf_token).toBe(r.body.csrfToken);
      expect(row!.created_at).toBe(NOW);
      expect(row!.last_seen_at).toBe(NOW);
      expect(row!.expires_at).toBe(new Date(Date.parse(NOW) + DEFAULTS.sessionMaxHours * 3_600_000).toISOString());

      const session = await r.client!.get('/api/auth/session');
      expect(session.status).toBe(200);
      expect(session.body.csrfToken).toBe(r.body.csrfToken);
      expect(session.body.user).toEqual({
        id: t.userIds.caseworkerA,
        username: 'caseworkera',
        displayName: 'Test caseworkerA',
        isAdmin: false,
        kind: 'staff',
        landlordId: null,
        locale: 'sv',
        units: [{ id: t.unitA, name: 'Enhet A', role: 'caseworker' }],
      });
    });

    it('ignores X-Forwarded-Proto when the proxy is not trusted', async () => {
      const r = await loginRaw(t.app, 'caseworkera', PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
      expect(r.status).toBe(200);
      expect(r.setCookie).toMatch(/^kvarbo_session=/);
      expect(r.setCookie).not.toMatch(/Secure/i);
    });

    it('answers a wrong password and an unknown user with the same 401 and counts the failure', async () => {
      const u = await freshUser(t.services, t.organisationId);
      const wrong = await loginRaw(t.app, u.username, 'not the password at all');
      const unknown = await loginRaw(t.app, 'nobody-by-this-name', 'not the password at all');
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.setCookie).toBe('');
      expect(unknown.setCookie).toBe('');
      expect(await count(t.db, 'sessions', { user_id: u.id })).toBe(0);
      expect((await userRow(t.db, u.username)).failed_login_count).toBe(1);
    });

    it('resets the failure counter on a successful login', async () => {
      const u = await freshUser(t.services, t.organisationId);
      for (let i = 0; i < 2; i++) expect((await loginRaw(t.app, u.username, 'wrong password!')).status).toBe(401);
      expect((await userRow(t.db, u.username)).failed_login_count).toBe(2);
      expect((await loginRaw(t.app, u.username, PASSWORD)).status).toBe(200);
      expect((await userRow(t.db, u.username)).failed_login_count).toBe(0);
    });
  });

  it('marks the cookie Secure behind a trusted https proxy', async () => {
    const proxied = await startTestApp(dialect, { trustProxy: true });
    try {
      const r = await loginRaw(proxied.app, 'caseworkera', PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
      expect(r.status).toBe(200);
      expect(r.setCookie).toMatch(/^kvarbo_session=/);
      expect(r.setCookie).toMatch(/;\s*Secure/i);
      expect(r.setCookie).toMatch(/;\s*HttpOnly/i);
      expect(r.setCookie).toMatch(/;\s*SameSite=Lax/i);
      // The same trusted app over plain http: not Secure.
      const plain = await loginRaw(proxied.app, 'caseworkera', PASSWORD);
      expect(plain.status).toBe(200);
      expect(plain.setCookie).not.toMatch(/Secure/i);
    } finally {
      await proxied.close();
    }
  });

  describe('account lockout', () => {
    it(`locks after ${DEFAULTS.loginMaxFailures} failures in a row, refuses even the right password while locked, and opens again when the time has passed`, async () => {
      const c = await startClockApp(dialect);
      try {
        const max = c.config.loginMaxFailures;
        const u = await freshUser(c.services, c.organisationId);
        for (let i = 1; i < max; i++) {
          const r = await loginRaw(c.app, u.username, `wrong password ${i}`);
          expect(r.status, `attempt ${i}`).toBe(401);
          expect(r.body.error.code).toBe('INVALID_CREDENTIALS');
        }
        expect((await userRow(c.db, u.username)).failed_login_count).toBe(max - 1);

        const lockedUntil = new Date(Date.parse(NOW) + c.config.loginLockMinutes * MINUTE).toISOString();
        const last = await loginRaw(c.app, u.username, 'wrong password again');
        expect(last.status).toBe(423);
        expect(last.body.error.code).toBe('LOCKED');
        expect(last.body.error.lockedUntil).toBe(lockedUntil);
        expect((await userRow(c.db, u.username)).locked_until).toBe(lockedUntil);

        // Locked: the right password does not open it, and no session is made.
        const right = await loginRaw(c.app, u.username, PASSWORD);
        expect(right.status).toBe(423);
        expect(right.body.error).toMatchObject({ code: 'LOCKED', lockedUntil });
        expect(right.setCookie).toBe('');
        c.advance(c.config.loginLockMinutes * MINUTE - 1_000);
        expect((await loginRaw(c.app, u.username, PASSWORD)).status).toBe(423);
        expect(await count(c.db, 'sessions', { user_id: u.id })).toBe(0);

        // The lock has run out: the right password works and the account starts over.
        c.advance(2_000);
        const after = await loginRaw(c.app, u.username, PASSWORD);
        expect(after.status).toBe(200);
        expect(await count(c.db, 'sessions', { user_id: u.id })).toBe(1);
        const row = await userRow(c.db, u.username);
        expect(row.failed_login_count).toBe(0);
        expect(row.locked_until).toBeNull();
        // A single new mistake is an ordinary 401, not a lock.
        const again = await loginRaw(c.app, u.username, 'wrong once more');
        expect(again.status).toBe(401);
        expect((await userRow(c.db, u.username)).failed_login_count).toBe(1);
      } finally {
        await c.close();
      }
    });

    it('follows the configured number of failures and lock time', async () => {
      const c = await startClockApp(dialect, { loginMaxFailures: 2, loginLockMinutes: 1 });
      try {
        const u = await freshUser(c.services, c.organisationId);
        expect((await loginRaw(c.app, u.username, 'wrong password 1')).status).toBe(401);
        const locked = await loginRaw(c.app, u.username, 'wrong password 2');
        expect(locked.status).toBe(423);
        expect(locked.body.error.lockedUntil).toBe(new Date(Date.parse(NOW) + MINUTE).toISOString());
        c.advance(MINUTE + 1);
        expect((await loginRaw(c.app, u.username, PASSWORD)).status).toBe(200);
      } finally {
        await c.close();
      }
    });

    it('locks even when the failed attempts arrive at the same time', async () => {
      const u = await freshUser(t.services, t.organisationId);
      const attempts = DEFAULTS.loginMaxFailures * 2;
      const answers = await Promise.all(Array.from({ length: attempts }, (_, i) => loginRaw(t.app, u.username, `parallel wrong ${i}`)));
      expect(answers.every((a) => a.status === 401 || a.status === 423)).toBe(true);
      expect(answers.some((a) => a.status === 423)).toBe(true);
      const right = await loginRaw(t.app, u.username, PASSWORD);
      expect(right.status).toBe(423);
      expect((await userRow(t.db, u.username)).locked_until).not.toBeNull();
    });

    it('opens when locked_until is in the past', async () => {
      const u = await freshUser(t.services, t.organisationId);
      const past = new Date(Date.parse(NOW) - MINUTE).toISOString();
      const future = new Date(Date.parse(NOW) + MINUTE).toISOString();
      await t.db.kysely.updateTable('users').set({ locked_until: future, failed_login_count: 3 }).where('id', '=', u.id).execute();
      expect((await loginRaw(t.app, u.username, PASSWORD)).status).toBe(423);
      await t.db.kysely.updateTable('users').set({ locked_until: past }).where('id', '=', u.id).execute();
      expect((await loginRaw(t.app, u.username, PASSWORD)).status).toBe(200);
      const row = await userRow(t.db, u.username);
      expect(row.locked_until).toBeNull();
      expect(row.failed_login_count).toBe(0);
    });
  });

  it('throttles more than 20 login attempts a minute from one address with 429 RATE_LIMITED', async () => {
    const address = '192.0.2.77';
    for (let i = 1; i <= 20; i++) {
      const r = await loginRaw(t.app, `unknown-${i}`, 'some wrong password', { remoteAddress: address });
      expect(r.status, `attempt ${i}`).toBe(401);
    }
    const throttled = await loginRaw(t.app, 'caseworkera', PASSWORD, { remoteAddress: address });
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('RATE_LIMITED');
    expect(throttled.setCookie).toBe('');
    // Another address is not affected.
    expect((await loginRaw(t.app, 'caseworkera', PASSWORD, { remoteAddress: '192.0.2.78' })).status).toBe(200);
  });

  describe('CSRF', () => {
    it('refuses a state-changing request without or with a wrong x-csrf-token and writes nothing', async () => {
      const c = await signIn(t.app, 'caseworkera');
      const before = await count(t.db, 'landlords');
      const payload = { name: 'CSRF-testvärd AB' };

      const without = await new Client(t.app, c.token, null).post('/api/landlords', payload);
      expect(without.status).toBe(403);
      expect(without.body.error.code).toBe('CSRF');

      const wrong = await new Client(t.app, c.token, 'not-the-token').post('/api/landlords', payload);
      expect(wrong.status).toBe(403);
      expect(wrong.body.error.code).toBe('CSRF');

      // Another session's token does not do either.
      const other = await signIn(t.app, 'managera');
      const borrowed = await new Client(t.app, c.token, other.csrf).post('/api/landlords', payload);
      expect(borrowed.status).toBe(403);
      expect(borrowed.body.error.code).toBe('CSRF');
      expect(await count(t.db, 'landlords')).toBe(before);

      // Reads need no token.
      expect((await new Client(t.app, c.token, null).get('/api/landlords')).status).toBe(200);

      const ok = await c.post('/api/landlords', payload);
      expect(ok.status).toBe(201);
      expect(ok.body.name).toBe(payload.name);
      expect(await count(t.db, 'landlords')).toBe(before + 1);
      expect(await count(t.db, 'landlords', { id: ok.body.id })).toBe(1);
    });

    it('refuses logout and password change without the token', async () => {
      const c = await signIn(t.app, 'caseworkera');
      const noToken = new Client(t.app, c.token, null);
      expect((await noToken.post('/api/auth/logout')).body.error.code).toBe('CSRF');
      expect(await count(t.db, 'sessions', { id: sha256(c.token!) })).toBe(1);
      const pw = await noToken.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new password' });
      expect(pw.status).toBe(403);
      expect(pw.body.error.code).toBe('CSRF');
      expect((await loginRaw(t.app, 'caseworkera', PASSWORD)).status).toBe(200);
    });
  });

  it('logs out: 204, the session row is gone and the old cookie gets 401', async () => {
    const c = await signIn(t.app, 'caseworkera');
    const other = await signIn(t.app, 'caseworkera');
    expect(await count(t.db, 'sessions', { id: sha256(c.token!) })).toBe(1);

    const res = await c.post('/api/auth/logout');
    expect(res.status).toBe(204);
    const cleared = ([] as unknown[])
      .concat(res.headers['set-cookie'] ?? [])
      .map(String)
      .find((s) => s.startsWith('kvarbo_session='));
    expect(cleared).toMatch(/^kvarbo_session=;/);
    expect(await count(t.db, 'sessions', { id: sha256(c.token!) })).toBe(0);

    const after = await c.get('/api/auth/session');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
    // Only that session ended.
    expect((await other.get('/api/auth/session')).status).toBe(200);
  });

  it('answers 401 without a session and with a made-up cookie', async () => {
    const none = await t.anonymous.get('/api/auth/session');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHENTICATED');
    expect((await new Client(t.app, 'made-up-token', null).get('/api/auth/session')).status).toBe(401);
    // A cookie holding the stored hash (as if the sessions table leaked) is no key either.
    const c = await signIn(t.app, 'caseworkera');
    expect((await new Client(t.app, sha256(c.token!), null).get('/api/auth/session')).status).toBe(401);
  });

  describe('password change', () => {
    it('checks the current and the new password, then changes it and ends the other sessions', async () => {
      const u = await freshUser(t.services, t.organisationId, [{ unitId: t.unitA, role: 'caseworker' }]);
      const current = await signIn(t.app, u.username);
      const other = await signIn(t.app, u.username);
      const hashBefore = (await userRow(t.db, u.username)).password_hash;
      const newPassword = 'an entirely new passphrase';

      const wrong = await current.post('/api/auth/password', { currentPassword: 'not my password', newPassword });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.code).toBe('VALIDATION');
      expect(wrong.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['currentPassword']);

      const short = await current.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short-11ch.' });
      expect(short.status).toBe(400);
      expect(short.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['newPassword']);

      expect((await userRow(t.db, u.username)).password_hash).toBe(hashBefore);
      expect(await count(t.db, 'sessions', { user_id: u.id })).toBe(2);

      const ok = await current.post('/api/auth/password', { currentPassword: PASSWORD, newPassword });
      expect(ok.status).toBe(204);
      const row = await userRow(t.db, u.username);
      expect(row.password_hash).not.toBe(hashBefore);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);

      // The other session is gone, this one lives on.
      expect(await count(t.db, 'sessions', { user_id: u.id })).toBe(1);
      expect(await count(t.db, 'sessions', { id: sha256(current.token!) })).toBe(1);
      expect((await other.get('/api/auth/session')).status).toBe(401);
      expect((await current.get('/api/auth/session')).status).toBe(200);

      const old = await loginRaw(t.app, u.username, PASSWORD);
      expect(old.status).toBe(401);
      expect(old.body.error.code).toBe('INVALID_CREDENTIALS');
      expect((await loginRaw(t.app, u.username, newPassword)).status).toBe(200);
    });

    it('does not touch other users’ sessions', async () => {
      const a = await freshUser(t.services, t.organisationId);
      const b = await freshUser(t.services, t.organisationId);
      const ca = await signIn(t.app, a.username);
      const cb = await signIn(t.app, b.username);
      expect((await ca.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'yet another long password' })).status).toBe(
        204,
      );
      expect((await cb.get('/api/auth/session')).status).toBe(200);
      expect(await count(t.db, 'sessions', { user_id: b.id })).toBe(1);
    });
  });

  describe('session timeouts', () => {
    it(`ends a session idle for more than sessionIdleMinutes (${DEFAULTS.sessionIdleMinutes})`, async () => {
      const c = await signIn(t.app, 'caseworkera');
      const id = sha256(c.token!);
      // Idle a little less than the limit: still valid, and the visit is recorded.
      const recent = new Date(Date.parse(NOW) - (DEFAULTS.sessionIdleMinutes - 1) * MINUTE).toISOString();
      await t.db.kysely.updateTable('sessions').set({ last_seen_at: recent }).where('id', '=', id).execute();
      expect((await c.get('/api/auth/session')).status).toBe(200);
      const touched = await t.db.kysely.selectFrom('sessions').select('last_seen_at').where('id', '=', id).executeTakeFirstOrThrow();
      expect(touched.last_seen_at).toBe(NOW);

      const stale = new Date(Date.parse(NOW) - (DEFAULTS.sessionIdleMinutes + 1) * MINUTE).toISOString();
      await t.db.kysely.updateTable('sessions').set({ last_seen_at: stale }).where('id', '=', id).execute();
      const res = await c.get('/api/auth/session');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
      expect(await count(t.db, 'sessions', { id })).toBe(0);
    });

    it('ends a session past its maximum age even when it is in use', async () => {
      const c = await signIn(t.app, 'caseworkera');
      const id = sha256(c.token!);
      const created = new Date(Date.parse(NOW) - DEFAULTS.sessionMaxHours * 3_600_000 - MINUTE).toISOString();
      await t.db.kysely
        .updateTable('sessions')
        .set({ created_at: created, expires_at: new Date(Date.parse(NOW) - MINUTE).toISOString(), last_seen_at: NOW })
        .where('id', '=', id)
        .execute();
      expect((await c.get('/api/auth/session')).status).toBe(401);
      expect(await count(t.db, 'sessions', { id })).toBe(0);
    });

    it('times out by the clock: idle past the limit answers 401', async () => {
      const app = await startClockApp(dialect);
      try {
        const u = await freshUser(app.services, app.organisationId);
        const c = await signIn(app.app, u.username);
        app.advance((app.config.sessionIdleMinutes - 5) * MINUTE);
        expect((await c.get('/api/auth/session')).status).toBe(200); // and is touched
        app.advance((app.config.sessionIdleMinutes - 5) * MINUTE);
        expect((await c.get('/api/auth/session')).status).toBe(200); // still within the idle limit of the last visit
        app.advance((app.config.sessionIdleMinutes + 1) * MINUTE);
        expect((await c.get('/api/auth/session')).status).toBe(401);
        expect(await count(app.db, 'sessions', { user_id: u.id })).toBe(0);
      } finally {
        await app.close();
      }
    });
  });

  describe('administration', () => {
    it('a disabled user cannot log in and their session stops working', async () => {
      const admin = await signIn(t.app, 'admin');
      const u = await freshUser(t.services, t.organisationId, [{ unitId: t.unitA, role: 'caseworker' }]);
      const c = await signIn(t.app, u.username);
      expect((await c.get('/api/auth/session')).status).toBe(200);

      const res = await admin.patch(`/api/admin/users/${u.id}`, { version: 1, disabled: true });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: u.id, disabled: true });
      expect((await userRow(t.db, u.username)).disabled_at).toBe(NOW);

      expect((await c.get('/api/auth/session')).status).toBe(401);
      expect((await c.get('/api/landlords')).status).toBe(401);
      const login = await loginRaw(t.app, u.username, PASSWORD);
      expect(login.status).toBe(401);
      expect(login.body.error.code).toBe('INVALID_CREDENTIALS');
      expect(login.setCookie).toBe('');

      // Enabled again: can log in.
      expect((await admin.patch(`/api/admin/users/${u.id}`, { version: res.body.version, disabled: false })).status).toBe(200);
      expect((await userRow(t.db, u.username)).disabled_at).toBeNull();
      expect((await loginRaw(t.app, u.username, PASSWORD)).status).toBe(200);
    });

    it('refuses non-admins', async () => {
      const manager = await signIn(t.app, 'managera');
      const list = await manager.get('/api/admin/users');
      expect(list.status).toBe(403);
      expect(list.body.error.code).toBe('FORBIDDEN');
      const before = await count(t.db, 'users');
      const create = await manager.post('/api/admin/users', {
        username: 'sneaky',
        displayName: 'Sneaky',
        password: 'a-long-password-123',
        isAdmin: true,
      });
      expect(create.status).toBe(403);
      expect(await count(t.db, 'users')).toBe(before);
      expect((await manager.patch(`/api/admin/users/${t.userIds.managerA}`, { version: 1, isAdmin: true })).status).toBe(403);
      expect((await userRow(t.db, 'managera')).is_admin).toBe(0);
      expect((await t.anonymous.get('/api/admin/users')).status).toBe(401);
    });

    it('lets an admin list users and create one with memberships, who can then log in', async () => {
      const admin = await signIn(t.app, 'admin');
      const list = await admin.get('/api/admin/users');
      expect(list.status).toBe(200);
      expect(list.body.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['admin', 'managera', 'caseworkerb']));

      const password = 'a-long-password-123';
      const res = await admin.post('/api/admin/users', {
        username: 'Nyanstalld',
        displayName: 'Nya Anställda',
        password,
        isAdmin: false,
        memberships: [
          { unitId: t.unitA, role: 'host' },
          { unitId: t.unitB, role: 'analyst' },
        ],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ username: 'nyanstalld', displayName: 'Nya Anställda', isAdmin: false, disabled: false });
      expect(res.body).not.toHaveProperty('passwordHash');
      expect(res.text).not.toContain(password);
      expect(res.body.memberships).toEqual(
        expect.arrayContaining([
          { unitId: t.unitA, role: 'host' },
          { unitId: t.unitB, role: 'analyst' },
        ]),
      );

      const row = await userRow(t.db, 'nyanstalld');
      expect(row.id).toBe(res.body.id);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      const memberships = await t.db.kysely
        .selectFrom('unit_memberships')
        .select(['unit_id', 'role'])
        .where('user_id', '=', row.id)
        .orderBy('role')
        .execute();
      expect(memberships).toEqual([
        { unit_id: t.unitB, role: 'analyst' },
        { unit_id: t.unitA, role: 'host' },
      ]);

      const login = await loginRaw(t.app, 'nyanstalld', password);
      expect(login.status).toBe(200);
      expect(login.body.user.units).toEqual([
        { id: t.unitA, name: 'Enhet A', role: 'host' },
        { id: t.unitB, name: 'Enhet B', role: 'analyst' },
      ]);
    });

    it('validates username and password, and refuses a taken username', async () => {
      const admin = await signIn(t.app, 'admin');
      const base = { displayName: 'Någon', password: 'a-long-password-123', isAdmin: false, memberships: [] };
      const before = await count(t.db, 'users');

      const badName = await admin.post('/api/admin/users', { ...base, username: 'inte giltig!' });
      expect(badName.status).toBe(400);
      expect(badName.body.error.code).toBe('VALIDATION');
      expect(badName.body.error.fields.map((f: { field: string }) => f.field)).toContain('username');

      const shortPassword = await admin.post('/api/admin/users', { ...base, username: 'kortlosen', password: 'elva-tecken' });
      expect(shortPassword.status).toBe(400);
      expect(shortPassword.body.error.fields.map((f: { field: string }) => f.field)).toContain('password');

      expect(await count(t.db, 'users')).toBe(before);

      // Usernames are case-insensitive: "ManagerA" is taken by "managera".
      const taken = await admin.post('/api/admin/users', { ...base, username: 'ManagerA' });
      expect(taken.status).toBe(409);
      expect(taken.body.error.code).toBe('USERNAME_TAKEN');
      expect(await count(t.db, 'users')).toBe(before);
      expect((await userRow(t.db, 'managera')).display_name).toBe('Test managerA');
    });
  });
});
