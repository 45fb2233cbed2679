import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { readConfig, type Config } from '../../src/config.ts';
import type { DialectName } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { ensureOrganisation } from '../../src/cli/bootstrap.ts';
import { newId } from '../../src/auth/tokens.ts';
import { insertUnit } from '../../src/repositories/units.repository.ts';
import type { Role } from '../../src/auth/actor.ts';
import { fixedClock, type Clock } from '../../src/services/context.ts';
import { saveSecuritySettings } from '../../src/repositories/two-factor.repository.ts';
import { totpCode } from '../../src/auth/totp.ts';
import { createTestDb, type TestDb } from './test-db.ts';
import { settleAuditLinking } from '../../src/audit/audit-at-commit.ts';

export const PASSWORD = 'correct horse battery staple';
export const TODAY = '2026-11-23';

export type TestUserKey = 'admin' | 'managerA' | 'caseworkerA' | 'hostA' | 'analystA' | 'caseworkerB' | 'managerB' | 'adminOnly';

/**
 * A running app on a fresh database with two units (A and B) and one user per role, and a client per
 * user that logs in through the real login route and sends the CSRF token like the web client does.
 */
export async function startTestApp(
  dialect: DialectName,
  overrides: Partial<Config> = {},
  today = TODAY,
  /**
   * twoFactorDefault: leave units A and B without security settings, so the default applies (every staff role
   * must use two-factor; `as()` then enrols on first login). Otherwise the test units require no two-factor.
   */
  options: { twoFactorDefault?: boolean; clock?: Clock } = {},
) {
  const db: TestDb = await createTestDb(dialect);
  const config: Config = { ...readConfig({ KVARBO_DATA_DIR: os.tmpdir() }), webDistDir: '/nonexistent', ...overrides };
  const clock = options.clock ?? fixedClock(`${today}T10:00:00Z`);
  const { app, services } = await buildApp({ db, config, clock });
  await app.ready();
  settleAudit.set(app, () => settleAuditLinking(db.kysely));

  const org = await ensureOrganisation(db, new Date());
  const unitA = newId();
  const unitB = newId();
  await insertUnit(db.kysely, { id: unitA, organisation_id: org.id, name: 'Enhet A', created_at: new Date().toISOString() });
  await insertUnit(db.kysely, { id: unitB, organisation_id: org.id, name: 'Enhet B', created_at: new Date().toISOString() });
  if (!options.twoFactorDefault) {
    for (const unitId of [unitA, unitB]) {
      const at = new Date().toISOString();
      await saveSecuritySettings(db.kysely, {
        unit_id: unitId,
        two_factor_roles: '[]',
        idle_minutes: 30,
        updated_by: null,
        updated_at: at,
      });
    }
  }

  const spec: Record<TestUserKey, { admin?: boolean; memberships: { unitId: string; role: Role }[] }> = {
    admin: { admin: true, memberships: [{ unitId: unitA, role: 'manager' }] },
    adminOnly: { admin: true, memberships: [] },
    managerA: { memberships: [{ unitId: unitA, role: 'manager' }] },
    caseworkerA: { memberships: [{ unitId: unitA, role: 'caseworker' }] },
    hostA: { memberships: [{ unitId: unitA, role: 'host' }] },
    analystA: { memberships: [{ unitId: unitA, role: 'analyst' }] },
    caseworkerB: { memberships: [{ unitId: unitB, role: 'caseworker' }] },
    managerB: { memberships: [{ unitId: unitB, role: 'manager' }] },
  };
  const userIds = {} as Record<TestUserKey, string>;
  for (const [key, s] of Object.entries(spec) as [TestUserKey, (typeof spec)[TestUserKey]][]) {
    const u = await services.users.createUser(org.id, {
      username: key.toLowerCase(),
      displayName: `Test ${key}`,
      password: PASSWORD,
      isAdmin: !!s.admin,
      memberships: s.memberships,
    });
    userIds[key] = u.id;
  }

  const clients = new Map<TestUserKey, Client>();
  async function as(key: TestUserKey): Promise<Client> {
    let c = clients.get(key);
    if (!c) {
      c = await login(app, key.toLowerCase(), PASSWORD, clock.now().getTime());
      clients.set(key, c);
    }
    return c;
  }

  return {
    app,
    db,
    services,
    organisationId: org.id,
    unitA,
    unitB,
    userIds,
    clock,
    as,
    anonymous: new Client(app, null, null),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** TOTP secrets of users enrolled through `login`, per app, so a later login can answer the code step. */
export const totpSecrets = new WeakMap<FastifyInstance, Map<string, string>>();

/**
 * Logs in through the real routes. When the login answers with a two-factor step, enrols (remembering the secret)
 * or verifies with a code computed at the server's clock time. The code of a time step is accepted once: a second
 * login of the same user in the same step uses the next step's code (accepted within the ±1 window).
 */
export async function login(app: FastifyInstance, username: string, password: string, at?: number): Promise<Client> {
  let res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const first = res.json();
  if (first.twoFactor) {
    const secrets = totpSecrets.get(app) ?? new Map<string, string>();
    totpSecrets.set(app, secrets);
    const now = at ?? Date.parse(res.headers.date as string);
    if (first.twoFactor === 'enrol') {
      secrets.set(username, first.secret);
      res = await app.inject({
        method: 'POST',
        url: '/api/auth/two-factor/enrol',
        payload: { challenge: first.challenge, code: totpCode(first.secret, now) },
      });
    } else {
      const secret = secrets.get(username);
      if (!secret) throw new Error(`login ${username}: two-factor secret unknown to the test`);
      for (const offset of [0, 30_000]) {
        res = await app.inject({
          method: 'POST',
          url: '/api/auth/two-factor/verify',
          payload: { challenge: first.challenge, code: totpCode(secret, now + offset) },
        });
        if (res.statusCode === 200) break;
      }
    }
    if (res.statusCode !== 200) throw new Error(`login ${username} two-factor failed: ${res.statusCode} ${res.body}`);
  }
  const cookie = res.cookies.find((c) => c.name === 'kvarbo_session');
  return new Client(app, cookie!.value, res.json().csrfToken);
}

export type Res = { status: number; body: any; text: string; headers: Record<string, unknown> };

/**
 * The app's audit linking, which runs after a request has answered (audit-at-commit.ts). The test client waits for
 * it after every request, so a test sees the chain as it stands once the server is quiet.
 */
const settleAudit = new WeakMap<FastifyInstance, () => Promise<void>>();

export class Client {
  constructor(
    readonly app: FastifyInstance,
    readonly token: string | null,
    readonly csrf: string | null,
  ) {}

  async request(method: string, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      ...(payload !== undefined ? { payload: payload as object } : {}),
      headers: {
        ...(this.token ? { cookie: `kvarbo_session=${this.token}` } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
    });
    await settleAudit.get(this.app)?.();
    let body: unknown = undefined;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.statusCode, body, text: res.body, headers: res.headers };
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, payload?: unknown) {
    return this.request('POST', url, payload ?? {});
  }
  patch(url: string, payload: unknown) {
    return this.request('PATCH', url, payload);
  }
  put(url: string, payload: unknown) {
    return this.request('PUT', url, payload);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}
