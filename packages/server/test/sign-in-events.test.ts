import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { totpCode } from '../src/auth/totp.ts';
import type { OidcConfig } from '../src/config.ts';
import { fixedClock, type Clock } from '../src/services/context.ts';
import { stockholmDayStart } from '../src/services/sign-in-events.service.ts';
import { startOidcProvider, type OidcProvider } from './support/oidc-provider.ts';
import { Client, PASSWORD, startTestApp, TODAY, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// The sign-in log (inloggningslogg, docs/two-factor.md): every login outcome written once with the right user and
// method, never a password or a code; the admin-only list with filters, paging and CSV; retention by `kvarbo cull`.

const REDIRECT_URI = 'https://kvarbo.example/api/auth/oidc/callback';
const CLIENT_ID = 'kvarbo-test';
const WRONG_PASSWORD = 'Fel-lösenord-Sommar2026';
const STEP = 30_000;
let address = 0;
const nextAddress = () => `10.9.${Math.floor(++address / 250)}.${(address % 250) + 1}`;

function post(app: FastifyInstance, url: string, payload: object, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url, payload, remoteAddress: nextAddress(), headers });
}

describe.each(TEST_DIALECTS)('sign-in log on %s', (dialect) => {
  let t: TestApp;
  let idp: OidcProvider;
  let time = Date.parse(`${TODAY}T10:00:00Z`);
  const clock: Clock = { now: () => new Date(time), today: () => fixedClock(new Date(time).toISOString()).today() };
  let admin: Client;

  beforeAll(async () => {
    idp = await startOidcProvider({ clientId: CLIENT_ID, clientSecret: 'secret', redirectUri: REDIRECT_URI });
    const oidc: OidcConfig = {
      issuer: idp.issuer,
      clientId: CLIENT_ID,
      clientSecret: 'secret',
      redirectUri: REDIRECT_URI,
      scopes: 'openid email',
      claim: 'email',
      userField: 'email',
      label: 'Testkommunen',
    };
    t = await startTestApp(dialect, { loginMaxFailures: 3, oidc }, TODAY, { clock });
    await t.db.kysely.updateTable('users').set({ email: 'anna@kommun.example' }).where('id', '=', t.userIds.caseworkerA).execute();
    await t.db.kysely.updateTable('users').set({ email: 'host@kommun.example' }).where('id', '=', t.userIds.hostA).execute();
    admin = await t.as('admin');
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });
  beforeEach(async () => {
    idp.state.claims = { sub: 'idp-anna', email: 'anna@kommun.example', email_verified: true };
    idp.state.authorizeError = null;
    idp.state.tamper = {};
    await t.db.kysely.deleteFrom('sign_in_events').execute();
  });

  const events = () => t.db.kysely.selectFrom('sign_in_events').selectAll().orderBy('occurred_at').orderBy('id').execute();
  const brief = async () => (await events()).map((e) => [e.method, e.outcome, e.user_id ?? e.username_tried]);

  it('writes each password outcome once, with the user, and never the password', async () => {
    const ua = 'Mozilla/5.0 '.repeat(50);
    const ok = await post(t.app, '/api/auth/login', { username: 'analysta', password: PASSWORD }, { 'user-agent': ua });
    expect(ok.statusCode).toBe(200);
    const tried = `okänd-${'x'.repeat(150)}`;
    expect((await post(t.app, '/api/auth/login', { username: tried.slice(0, 64), password: WRONG_PASSWORD })).statusCode).toBe(401);
    expect((await post(t.app, '/api/auth/login', { username: 'caseworkerb', password: WRONG_PASSWORD })).statusCode).toBe(401);
    expect((await post(t.app, '/api/auth/login', { username: 'caseworkerb', password: WRONG_PASSWORD })).statusCode).toBe(401);
    expect((await post(t.app, '/api/auth/login', { username: 'caseworkerb', password: WRONG_PASSWORD })).statusCode).toBe(423);
    expect((await post(t.app, '/api/auth/login', { username: 'caseworkerb', password: PASSWORD })).statusCode).toBe(423);
    await t.db.kysely.updateTable('users').set({ disabled_at: '2026-11-01T00:00:00.000Z' }).where('id', '=', t.userIds.managerB).execute();
    expect((await post(t.app, '/api/auth/login', { username: 'managerb', password: PASSWORD })).statusCode).toBe(401);
    await t.db.kysely.updateTable('users').set({ disabled_at: null }).where('id', '=', t.userIds.managerB).execute();

    const u = t.userIds;
    expect(await brief()).toEqual([
      ['password', 'ok', u.analystA],
      ['password', 'unknown-user', tried.slice(0, 64)],
      ['password', 'wrong-password', u.caseworkerB],
      ['password', 'wrong-password', u.caseworkerB],
      ['password', 'wrong-password-locked', u.caseworkerB],
      ['password', 'locked', u.caseworkerB],
      ['password', 'disabled', u.managerB],
    ]);
    const rows = await events();
    expect(rows[0]!.user_agent).toBe(ua.slice(0, 300));
    expect(rows[0]!.ip).toMatch(/^10\.9\./);
    // A matched account is named by id only; the username tried is kept only when nobody matched.
    expect(rows.filter((r) => r.user_id).every((r) => r.username_tried === null)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(WRONG_PASSWORD);
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
  });

  it('keeps at most 100 characters of an unmatched username (single sign-on claim)', async () => {
    const long = `${'a'.repeat(140)}@kommun.example`;
    idp.state.claims = { sub: 'idp-long', email: long, email_verified: true };
    await ssoLogin();
    const [row] = await events();
    expect(row).toMatchObject({ method: 'sso', outcome: 'sso-refused:unknown-user', user_id: null, username_tried: long.slice(0, 100) });
  });

  it('writes the second step: code and recovery code, right and wrong, and never the code', async () => {
    // managerA enrols from the account page (the test units require no two-factor).
    const manager = await t.as('managerA');
    const offer = (await manager.post('/api/account/two-factor/enrolment')).body;
    const confirmed = await manager.post('/api/account/two-factor/enrolment/confirm', {
      challenge: offer.challenge,
      code: totpCode(offer.secret, time),
    });
    expect(confirmed.status).toBe(200);
    const recovery: string[] = confirmed.body.recoveryCodes;
    await t.db.kysely.deleteFrom('sign_in_events').execute();

    time += 2 * STEP;
    let step = (await post(t.app, '/api/auth/login', { username: 'managera', password: PASSWORD })).json();
    expect(step.twoFactor).toBe('verify');
    const wrongCode = totpCode(offer.secret, time - 20 * STEP);
    expect((await post(t.app, '/api/auth/two-factor/verify', { challenge: step.challenge, code: wrongCode })).statusCode).toBe(400);
    const rightCode = totpCode(offer.secret, time);
    expect((await post(t.app, '/api/auth/two-factor/verify', { challenge: step.challenge, code: rightCode })).statusCode).toBe(200);

    step = (await post(t.app, '/api/auth/login', { username: 'managera', password: PASSWORD })).json();
    const wrongRecovery = 'ZZZZZ-ZZZZZ';
    expect((await post(t.app, '/api/auth/two-factor/verify', { challenge: step.challenge, recoveryCode: wrongRecovery })).statusCode).toBe(
      400,
    );
    expect((await post(t.app, '/api/auth/two-factor/verify', { challenge: step.challenge, recoveryCode: recovery[0] })).statusCode).toBe(
      200,
    );

    const m = t.userIds.managerA;
    expect(await brief()).toEqual([
      ['password', 'second-step', m],
      ['totp', 'code-wrong', m],
      ['totp', 'ok', m],
      ['password', 'second-step', m],
      ['recovery-code', 'code-wrong', m],
      ['recovery-code', 'ok', m],
    ]);
    // Only the wrong codes are failures: the right password with a code to come is not one.
    const failures = (await admin.get(`/api/admin/sign-in-events?onlyFailures=true&userId=${m}`)).body;
    expect(failures.items.map((i: { outcome: string; method: string }) => `${i.method} ${i.outcome}`)).toEqual([
      'recovery-code code-wrong',
      'totp code-wrong',
    ]);
    const text = JSON.stringify(await events());
    for (const secret of [wrongCode, rightCode, wrongRecovery, recovery[0]!, offer.secret]) expect(text).not.toContain(secret);

    // The admin's reset: shown, done, and written with the affected user and the admin.
    expect((await admin.get(`/api/admin/users/${m}/two-factor`)).body).toMatchObject({ enrolled: true });
    expect((await (await t.as('caseworkerA')).post(`/api/admin/users/${m}/two-factor/reset`)).status).toBe(403);
    expect((await admin.post(`/api/admin/users/${m}/two-factor/reset`)).status).toBe(204);
    expect((await admin.get(`/api/admin/users/${m}/two-factor`)).body).toMatchObject({ enrolled: false });
    const reset = (await events()).at(-1)!;
    expect(reset).toMatchObject({ method: 'admin', outcome: 'two-factor-reset', user_id: m, by_user_id: t.userIds.admin });
    expect((await events()).filter((e) => e.method === 'admin')).toHaveLength(1);
  });

  it('writes a logout', async () => {
    const res = await post(t.app, '/api/auth/login', { username: 'hosta', password: PASSWORD });
    const cookie = res.cookies.find((c) => c.name === 'kvarbo_session')!;
    const host = new Client(t.app, cookie.value, res.json().csrfToken);
    expect((await host.post('/api/auth/logout')).status).toBe(204);
    expect(await brief()).toEqual([
      ['password', 'ok', t.userIds.hostA],
      ['logout', 'logged-out', t.userIds.hostA],
    ]);
  });

  async function ssoLogin(options: { browser?: boolean } = {}) {
    const start = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
    expect(start.statusCode).toBe(302);
    const browser = start.cookies.find((c) => c.name === 'kvarbo_oidc')!.value;
    const atIdp = await fetch(String(start.headers.location), { redirect: 'manual' });
    const back = new URL(atIdp.headers.get('location')!);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/auth/oidc/callback?${back.searchParams.toString()}`,
      headers: options.browser === false ? {} : { cookie: `kvarbo_oidc=${browser}` },
    });
    expect(res.statusCode).toBe(302);
    return String(res.headers.location);
  }

  it('writes single sign-on: ok and each refusal with its reason', async () => {
    expect(await ssoLogin()).toBe('/');
    idp.state.authorizeError = 'access_denied';
    expect(await ssoLogin()).toBe('/login?sso=cancelled');
    idp.state.authorizeError = null;
    expect(await ssoLogin({ browser: false })).toBe('/login?sso=state');
    idp.state.tamper = { audience: 'someone-else' };
    expect(await ssoLogin()).toBe('/login?sso=failed');
    idp.state.tamper = {};
    idp.state.claims = { sub: 'idp-x' };
    expect(await ssoLogin()).toBe('/login?sso=missing-claim');
    idp.state.claims = { sub: 'idp-y', email: 'ingen@kommun.example', email_verified: true };
    expect(await ssoLogin()).toBe('/login?sso=unknown-user');
    await t.db.kysely.updateTable('users').set({ disabled_at: '2026-11-01T00:00:00.000Z' }).where('id', '=', t.userIds.hostA).execute();
    idp.state.claims = { sub: 'idp-h', email: 'host@kommun.example', email_verified: true };
    expect(await ssoLogin()).toBe('/login?sso=disabled');
    await t.db.kysely.updateTable('users').set({ disabled_at: null }).where('id', '=', t.userIds.hostA).execute();

    expect(await brief()).toEqual([
      ['sso', 'ok', t.userIds.caseworkerA],
      ['sso', 'sso-refused:cancelled', null],
      ['sso', 'sso-refused:state', null],
      ['sso', 'sso-refused:failed', null],
      ['sso', 'sso-refused:missing-claim', null],
      ['sso', 'sso-refused:unknown-user', 'ingen@kommun.example'],
      ['sso', 'sso-refused:disabled', t.userIds.hostA],
    ]);
  });

  it('lists for admins only, newest first, 50 a page, with filters and the user’s name', async () => {
    const base = Date.parse(`${TODAY}T10:00:00Z`);
    const saved = time;
    try {
      // 55 failures of caseworkerB over three Stockholm days, and one ok of analystA.
      for (let i = 0; i < 55; i++) {
        time = base - (i % 3) * 86_400_000 + i * 1000;
        await t.services.auth.signInEvents.record(
          { method: 'password', outcome: 'wrong-password', userId: t.userIds.caseworkerB },
          { ip: '10.0.0.1', userAgent: null },
        );
      }
      time = base + 3_600_000;
      await t.services.auth.signInEvents.record(
        { method: 'password', outcome: 'ok', userId: t.userIds.analystA },
        { ip: '10.0.0.2', userAgent: null },
      );
    } finally {
      time = saved;
    }

    for (const who of ['caseworkerA', 'managerA'] as const) {
      expect((await (await t.as(who)).get('/api/admin/sign-in-events')).status).toBe(403);
      expect((await (await t.as(who)).get('/api/admin/sign-in-events.csv')).status).toBe(403);
    }
    expect((await t.anonymous.get('/api/admin/sign-in-events')).status).toBe(401);

    const page1 = await admin.get('/api/admin/sign-in-events');
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ total: 56, page: 1, pageSize: 50 });
    expect(page1.body.items).toHaveLength(50);
    expect(page1.body.items[0]).toMatchObject({ outcome: 'ok', userName: 'Test analystA', method: 'password', failure: false });
    const times = page1.body.items.map((i: { occurredAt: string }) => i.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    const page2 = await admin.get('/api/admin/sign-in-events?page=2');
    expect(page2.body.items).toHaveLength(6);

    const failures = await admin.get('/api/admin/sign-in-events?onlyFailures=true');
    expect(failures.body.total).toBe(55);
    const byUser = await admin.get(`/api/admin/sign-in-events?userId=${t.userIds.analystA}`);
    expect(byUser.body.items.map((i: { userId: string }) => i.userId)).toEqual([t.userIds.analystA]);
    expect((await admin.get('/api/admin/sign-in-events?outcome=ok')).body.total).toBe(1);
    // One Stockholm day: the 19 (or so) failures of that day plus the ok.
    const day = await admin.get(`/api/admin/sign-in-events?from=${TODAY}&to=${TODAY}`);
    const expectedToday = Array.from({ length: 55 }, (_, i) => i).filter((i) => i % 3 === 0).length + 1;
    expect(day.body.total).toBe(expectedToday);

    const bad = await admin.get('/api/admin/sign-in-events?from=2026-13-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('from');
    const backwards = await admin.get('/api/admin/sign-in-events?from=2026-11-23&to=2026-11-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields[0].field).toBe('to');

    const csv = await admin.get('/api/admin/sign-in-events.csv?onlyFailures=true');
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]!.split(';')).toEqual([
      'tid_utc',
      'anvandare_id',
      'anvandare',
      'anvandarnamn_forsokt',
      'metod',
      'utfall',
      'utfort_av',
      'ip',
      'webblasare',
    ]);
    expect(lines).toHaveLength(56);
    const cells = lines[1]!.split(';');
    expect(cells[1]).toBe(t.userIds.caseworkerB);
    expect(cells[2]).toBe('Test caseworkerB');
    expect(cells[5]).toBe('wrong-password');
  });

  it('removes rows older than two years when kvarbo cull runs', async () => {
    const saved = time;
    try {
      time = Date.parse('2024-11-22T12:00:00Z');
      await t.services.auth.signInEvents.record(
        { method: 'password', outcome: 'ok', userId: t.userIds.admin },
        { ip: null, userAgent: null },
      );
      time = Date.parse('2024-11-23T12:00:00Z');
      await t.services.auth.signInEvents.record(
        { method: 'password', outcome: 'ok', userId: t.userIds.admin },
        { ip: null, userAgent: null },
      );
    } finally {
      time = saved;
    }
    await t.services.culling.run(TODAY, { dryRun: true });
    expect(await events()).toHaveLength(2);
    await t.services.culling.run(TODAY, { dryRun: false });
    expect((await events()).map((e) => e.occurred_at)).toEqual(['2024-11-23T12:00:00.000Z']);
  });
});

describe.each(TEST_DIALECTS)('sign-in log without password login, identity provider down (%s)', (dialect) => {
  it('writes local-login-off and sso-refused:unavailable', async () => {
    const t = await startTestApp(dialect, {
      localLogin: false,
      oidc: {
        issuer: 'http://127.0.0.1:1',
        clientId: CLIENT_ID,
        clientSecret: null,
        redirectUri: REDIRECT_URI,
        scopes: 'openid',
        claim: 'email',
        userField: 'email',
        label: 'X',
      },
    });
    try {
      expect((await post(t.app, '/api/auth/login', { username: 'admin', password: PASSWORD })).statusCode).toBe(403);
      expect((await t.anonymous.get('/api/auth/oidc/start')).headers.location).toBe('/login?sso=unavailable');
      const rows = await t.db.kysely.selectFrom('sign_in_events').selectAll().orderBy('occurred_at').orderBy('id').execute();
      expect(rows.map((e) => [e.method, e.outcome, e.user_id])).toEqual([
        ['password', 'local-login-off', t.userIds.admin],
        ['sso', 'sso-refused:unavailable', null],
      ]);
    } finally {
      await t.close();
    }
  });
});

describe.each(TEST_DIALECTS)('sign-in log that cannot be written (%s)', (dialect) => {
  it('still lets a right password in', async () => {
    const t = await startTestApp(dialect);
    try {
      await t.db.kysely.schema.dropTable('sign_in_events').execute();
      const res = await post(t.app, '/api/auth/login', { username: 'admin', password: PASSWORD });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((c) => c.name === 'kvarbo_session')).toBeTruthy();
      expect((await post(t.app, '/api/auth/login', { username: 'admin', password: WRONG_PASSWORD })).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});

describe('Stockholm day boundaries', () => {
  it('starts a winter day at 23:00 and a summer day at 22:00 UTC the day before', () => {
    expect(stockholmDayStart('2026-11-23')).toBe('2026-11-22T23:00:00.000Z');
    expect(stockholmDayStart('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
    expect(stockholmDayStart('2026-03-29')).toBe('2026-03-28T23:00:00.000Z'); // the day summer time begins
    expect(stockholmDayStart('2026-10-25')).toBe('2026-10-24T22:00:00.000Z'); // the day it ends
  });
});
