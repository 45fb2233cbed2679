import os from 'node:os';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readConfig, type OidcConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { fixedClock } from '../src/services/context.ts';
import { safeReturnPath } from '../src/services/oidc.service.ts';
import { startOidcProvider, type OidcProvider } from './support/oidc-provider.ts';
import { Client, PASSWORD, startTestApp, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// Single sign-on with OpenID Connect, authorization code + PKCE (issue 8), against a real provider on loopback.

const REDIRECT_URI = 'https://kvarbo.example/api/auth/oidc/callback';
const CLIENT_ID = 'kvarbo-test';
const CLIENT_SECRET = 'test-client-secret';

describe.each(TEST_DIALECTS)('Single sign-on (%s)', (dialect) => {
  let idp: OidcProvider;
  let t: TestApp;
  let oidc: OidcConfig;

  beforeAll(async () => {
    idp = await startOidcProvider({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT_URI });
    oidc = {
      issuer: idp.issuer,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: REDIRECT_URI,
      scopes: 'openid profile email',
      claim: 'email',
      userField: 'email',
      label: 'Testkommunens inloggning',
    };
    t = await startTestApp(dialect, { localLogin: false, oidc });
    await t.db.kysely
      .updateTable('users')
      .set({ email: 'Anna.Handlaggare@kommun.example' })
      .where('id', '=', t.userIds.caseworkerA)
      .execute();
    await t.db.kysely.updateTable('users').set({ email: 'chef@kommun.example' }).where('id', '=', t.userIds.managerA).execute();
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });
  beforeEach(() => {
    idp.state.claims = { sub: 'idp-anna', email: 'anna.handlaggare@kommun.example', email_verified: true };
    idp.state.authorizeError = null;
    idp.state.tamper = {};
  });

  /** GET /api/auth/oidc/start: the provider's address and the browser cookie. */
  async function start(returnTo?: string) {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/auth/oidc/start${returnTo !== undefined ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
    });
    expect(res.statusCode, res.body).toBe(302);
    const browser = res.cookies.find((c) => c.name === 'kvarbo_oidc');
    expect(browser?.httpOnly).toBe(true);
    return { location: new URL(String(res.headers.location)), browser: browser!.value };
  }

  /** The browser at the provider: returns the query the provider sends back to the callback. */
  async function atProvider(location: URL): Promise<URLSearchParams> {
    const res = await fetch(location, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    return back.searchParams;
  }

  async function callback(query: URLSearchParams, browser: string | null) {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/auth/oidc/callback?${query.toString()}`,
      headers: browser ? { cookie: `kvarbo_oidc=${browser}` } : {},
    });
    expect(res.statusCode, res.body).toBe(302);
    return { location: String(res.headers.location), session: res.cookies.find((c) => c.name === 'kvarbo_session') };
  }

  async function fullLogin(returnTo?: string) {
    const s = await start(returnTo);
    return callback(await atProvider(s.location), s.browser);
  }

  it('answers the login page: passwords off, the SSO button label', async () => {
    const res = await t.anonymous.get('/api/auth/config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ localLogin: false, sso: { label: 'Testkommunens inloggning' } });
  });

  it('logs in end to end: start, provider, callback, a working session for the matched user', async () => {
    const s = await start('/residents?unit=a');
    const p = s.location.searchParams;
    expect(`${s.location.origin}${s.location.pathname}`).toBe(`${idp.issuer}/authorize`);
    expect(p.get('client_id')).toBe(CLIENT_ID);
    expect(p.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(p.get('state')).toBeTruthy();
    expect(p.get('nonce')).toBeTruthy();
    expect(p.get('scope')).toBe('openid profile email');
    // The state is kept hashed; the verifier never leaves the server.
    const rows = await t.db.kysely.selectFrom('oidc_login_states').selectAll().execute();
    expect(rows.some((r) => r.id === p.get('state'))).toBe(false);
    expect(s.location.href).not.toContain(rows[rows.length - 1]!.code_verifier);

    const query = await atProvider(s.location);
    const done = await callback(query, s.browser);
    expect(done.location).toBe('/residents?unit=a');
    expect(done.session?.httpOnly).toBe(true);
    expect(done.session?.sameSite).toBe('Lax');
    const me = await new Client(t.app, done.session!.value, null).get('/api/auth/session');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(t.userIds.caseworkerA);
    expect(me.body.user.username).toBe('caseworkera');
    expect(idp.state.tokenResults.at(-1)).toBe('ok');

    // The state is used once: the same answer again is refused.
    expect((await callback(query, s.browser)).location).toBe('/login?sso=state');
  });

  it('refuses a wrong state, and a login finished in another browser than it began in', async () => {
    const s = await start();
    const query = await atProvider(s.location);
    const wrong = new URLSearchParams(query);
    wrong.set('state', 'not-the-state');
    const a = await callback(wrong, s.browser);
    expect(a).toEqual({ location: '/login?sso=state', session: undefined });

    const s2 = await start();
    const b = await callback(await atProvider(s2.location), null);
    expect(b).toEqual({ location: '/login?sso=state', session: undefined });
  });

  it('sends the PKCE verifier, and the provider refuses a wrong one', async () => {
    const s = await start();
    const query = await atProvider(s.location);
    await t.db.kysely
      .updateTable('oidc_login_states')
      .set({ code_verifier: 'x'.repeat(43) })
      .execute();
    const done = await callback(query, s.browser);
    expect(done).toEqual({ location: '/login?sso=failed', session: undefined });
    expect(idp.state.tokenResults.at(-1)).toBe('invalid_grant');
  });

  it.each([
    ['a wrong nonce', { nonce: 'another-nonce' }],
    ['a wrong issuer', { issuer: 'https://evil.example' }],
    ['a wrong audience', { audience: 'another-client' }],
    ['an expired ID token', { expiresInSeconds: -600 }],
    ['a signature by another key', { signWithOtherKey: true }],
  ])('refuses an ID token with %s', async (_name, tamper) => {
    const s = await start();
    const query = await atProvider(s.location);
    idp.state.tamper = tamper;
    const done = await callback(query, s.browser);
    expect(idp.state.tokenResults.at(-1)).toBe('ok'); // the provider answered; the client refused
    expect(done).toEqual({ location: '/login?sso=failed', session: undefined });
  });

  it('refuses unknown, disabled and landlord accounts, and unverified e-mail', async () => {
    idp.state.claims = { sub: 'idp-x', email: 'nobody@kommun.example' };
    expect(await fullLogin()).toEqual({ location: '/login?sso=unknown-user', session: undefined });

    idp.state.claims = { sub: 'idp-anna', email: 'anna.handlaggare@kommun.example', email_verified: false };
    expect(await fullLogin()).toEqual({ location: '/login?sso=missing-claim', session: undefined });

    idp.state.claims = { sub: 'idp-anna' };
    expect(await fullLogin()).toEqual({ location: '/login?sso=missing-claim', session: undefined });

    await t.db.kysely.updateTable('users').set({ disabled_at: '2026-11-01T00:00:00.000Z' }).where('id', '=', t.userIds.managerA).execute();
    idp.state.claims = { sub: 'idp-chef', email: 'chef@kommun.example' };
    expect(await fullLogin()).toEqual({ location: '/login?sso=disabled', session: undefined });
    await t.db.kysely.updateTable('users').set({ disabled_at: null }).where('id', '=', t.userIds.managerA).execute();
    expect((await fullLogin()).session).toBeDefined();

    idp.state.authorizeError = 'access_denied';
    const s = await start();
    expect(await callback(await atProvider(s.location), s.browser)).toEqual({ location: '/login?sso=cancelled', session: undefined });
  });

  it('refuses a landlord account matched by the claim', async () => {
    // Password login is off in this app: set up through the services as the admin.
    const admin = (await t.services.auth.actorFor(t.userIds.admin, null))!;
    const landlord = await t.services.landlords.create(admin, { name: 'Bostadsbolaget AB' } as never);
    const created = await t.services.users.createByAdmin(admin, {
      username: 'hyresvard',
      displayName: 'Hyresvärd Test',
      email: 'hyresvard@bolag.example',
      password: PASSWORD,
      isAdmin: false,
      memberships: [],
      landlordId: (landlord as { id: string }).id,
    });
    expect((created as { id: string }).id).toBeTruthy();
    idp.state.claims = { sub: 'idp-hv', email: 'hyresvard@bolag.example' };
    expect(await fullLogin()).toEqual({ location: '/login?sso=not-staff', session: undefined });
  });

  it('never redirects off Kvarbo after login (open redirect attempts land on /)', async () => {
    for (const evil of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/%0d%0aevil']) {
      const done = await fullLogin(evil);
      expect(done.session).toBeDefined();
      expect(done.location.startsWith('/') && !done.location.startsWith('//') && !done.location.startsWith('/\\')).toBe(true);
      expect(done.location === '/' || done.location === '/%0d%0aevil').toBe(true);
    }
  });

  it('finishes on a second server on the same database, and logs logins and refusals without personal data', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = { ...readConfig({ KVARBO_DATA_DIR: os.tmpdir() }), webDistDir: '/nonexistent', localLogin: false, oidc };
    const { app: second } = await buildApp({
      db: t.db,
      config,
      clock: fixedClock('2026-11-23T10:00:00Z'),
      logger: true,
      logStream: stream,
    });
    await second.ready();
    try {
      const finish = async (query: URLSearchParams, browser: string) => {
        const res = await second.inject({
          method: 'GET',
          url: `/api/auth/oidc/callback?${query.toString()}`,
          headers: { cookie: `kvarbo_oidc=${browser}` },
        });
        return { location: String(res.headers.location), session: res.cookies.find((c) => c.name === 'kvarbo_session') };
      };
      const s = await start('/tasks'); // begun on the first server
      const query = await atProvider(s.location);
      const done = await finish(query, s.browser);
      expect(done.location).toBe('/tasks');
      expect((await new Client(t.app, done.session!.value, null).get('/api/auth/session')).body.user.id).toBe(t.userIds.caseworkerA);

      idp.state.claims = { sub: 'idp-x', email: 'nobody@kommun.example' };
      const s2 = await start();
      expect((await finish(await atProvider(s2.location), s2.browser)).location).toBe('/login?sso=unknown-user');

      const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === 'sso_login');
      expect(events.map((e) => [e.outcome, e.reason ?? null, e.userId ?? null])).toEqual([
        ['ok', null, t.userIds.caseworkerA],
        ['refused', 'unknown-user', null],
      ]);
      const log = lines.join('');
      for (const secret of ['nobody@kommun.example', 'anna.handlaggare', query.get('code')!, query.get('state')!]) {
        expect(log).not.toContain(secret);
      }
    } finally {
      await second.close();
    }
  });

  it('with KVARBO_LOCAL_LOGIN=off, password login answers 403 while single sign-on works', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'caseworkera', password: PASSWORD } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('LOCAL_LOGIN_DISABLED');
    expect((await fullLogin()).session).toBeDefined();
  });
});

describe('Single sign-on switched off or unreachable', () => {
  it('answers the login page without SSO, and 404 to the start route', async () => {
    const t = await startTestApp('sqlite');
    try {
      expect((await t.anonymous.get('/api/auth/config')).body).toEqual({ localLogin: true, sso: null });
      const res = await t.anonymous.get('/api/auth/oidc/start');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('SSO_NOT_CONFIGURED');
    } finally {
      await t.close();
    }
  });

  it('sends the browser back to the login page when the identity provider cannot be reached', async () => {
    const t = await startTestApp('sqlite', {
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
      const res = await t.anonymous.get('/api/auth/oidc/start');
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/login?sso=unavailable');
    } finally {
      await t.close();
    }
  });
});

describe('Single sign-on configuration', () => {
  const base = {
    KVARBO_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
    KVARBO_OIDC_CLIENT_ID: 'kvarbo',
    KVARBO_OIDC_REDIRECT_URI: 'https://kvarbo.kommun.se/api/auth/oidc/callback',
  };

  it('is off without an issuer, and reads the settings with defaults', () => {
    expect(readConfig({}).oidc).toBeNull();
    expect(readConfig(base).oidc).toEqual({
      issuer: base.KVARBO_OIDC_ISSUER,
      clientId: 'kvarbo',
      clientSecret: null,
      redirectUri: base.KVARBO_OIDC_REDIRECT_URI,
      scopes: 'openid profile email',
      claim: 'email',
      userField: 'email',
      label: 'organisationens inloggning',
    });
    expect(readConfig({ ...base, KVARBO_OIDC_USER_FIELD: 'username', KVARBO_OIDC_CLAIM: 'preferred_username' }).oidc).toMatchObject({
      userField: 'username',
      claim: 'preferred_username',
    });
  });

  it.each([
    [{ ...base, KVARBO_OIDC_CLIENT_ID: '' }, /KVARBO_OIDC_CLIENT_ID/],
    [{ ...base, KVARBO_OIDC_REDIRECT_URI: '' }, /KVARBO_OIDC_REDIRECT_URI/],
    [{ ...base, KVARBO_OIDC_ISSUER: 'not a url' }, /KVARBO_OIDC_ISSUER must be an absolute URL/],
    [{ ...base, KVARBO_OIDC_ISSUER: 'http://idp.kommun.se' }, /KVARBO_OIDC_ISSUER must be an https URL/],
    [{ ...base, KVARBO_OIDC_REDIRECT_URI: 'kvarbo/callback' }, /KVARBO_OIDC_REDIRECT_URI/],
    [{ ...base, KVARBO_OIDC_USER_FIELD: 'personnummer' }, /KVARBO_OIDC_USER_FIELD/],
    [{ ...base, KVARBO_OIDC_SCOPES: 'profile email' }, /KVARBO_OIDC_SCOPES/],
    [{ KVARBO_OIDC_CLIENT_ID: 'kvarbo' }, /KVARBO_OIDC_ISSUER/],
  ])('refuses a misconfiguration at start, naming the variable (%#)', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });

  it('keeps return paths relative', () => {
    expect(safeReturnPath('/residents/1?tab=notes')).toBe('/residents/1?tab=notes');
    for (const bad of [undefined, '', 'https://evil.example', '//evil.example', '/\\evil.example', 'residents', '/a\nb']) {
      expect(safeReturnPath(bad)).toBe('/');
    }
  });
});
