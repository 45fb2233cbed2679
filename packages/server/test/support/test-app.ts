import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { readConfig, type Config } from '../../src/config.ts';
import type { DialectName } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { ensureOrganisation } from '../../src/cli/bootstrap.ts';
import { newId } from '../../src/auth/tokens.ts';
import { insertUnit } from '../../src/repositories/units.repository.ts';
import type { Role } from '../../src/auth/actor.ts';
import { fixedClock } from '../../src/services/context.ts';
import { createTestDb, type TestDb } from './test-db.ts';

export const PASSWORD = 'correct horse battery staple';
export const TODAY = '2026-11-23';

export type TestUserKey = 'admin' | 'managerA' | 'caseworkerA' | 'hostA' | 'analystA' | 'caseworkerB' | 'managerB' | 'adminOnly';

/**
 * A running app on a fresh database with two units (A and B) and one user per role, and a client per
 * user that logs in through the real login route and sends the CSRF token like the web client does.
 */
export async function startTestApp(dialect: DialectName, overrides: Partial<Config> = {}, today = TODAY) {
  const db: TestDb = await createTestDb(dialect);
  const config: Config = { ...readConfig({ KVARBO_DATA_DIR: os.tmpdir() }), webDistDir: '/nonexistent', ...overrides };
  const { app, services } = await buildApp({ db, config, clock: fixedClock(`${today}T10:00:00Z`) });
  await app.ready();

  const org = await ensureOrganisation(db, new Date());
  const unitA = newId();
  const unitB = newId();
  await insertUnit(db.kysely, { id: unitA, organisation_id: org.id, name: 'Enhet A', created_at: new Date().toISOString() });
  await insertUnit(db.kysely, { id: unitB, organisation_id: org.id, name: 'Enhet B', created_at: new Date().toISOString() });

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
      c = await login(app, key.toLowerCase(), PASSWORD);
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
    as,
    anonymous: new Client(app, null, null),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

export async function login(app: FastifyInstance, username: string, password: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'kvarbo_session');
  return new Client(app, cookie!.value, res.json().csrfToken);
}

export type Res = { status: number; body: any; text: string; headers: Record<string, unknown> };

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
  delete(url: string) {
    return this.request('DELETE', url);
  }
}
