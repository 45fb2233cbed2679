import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/auth/totp.ts';
import { fixedClock, type Clock } from '../src/services/context.ts';
import { Client, PASSWORD, startTestApp, TODAY, totpSecrets, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// Two-factor sign-in (issue 8) through the real routes: enrolment, verification, replay, recovery codes,
// challenge expiry, lockout, the unit requirement by role, the idle limit from unit settings, and SSO sessions.

const STEP = 30_000;
let address = 0;
const nextAddress = () => `10.8.${Math.floor(++address / 250)}.${(address % 250) + 1}`;

function post(app: FastifyInstance, url: string, payload: object) {
  return app.inject({ method: 'POST', url, payload, remoteAddress: nextAddress() });
}

function sessionOf(app: FastifyInstance, res: Awaited<ReturnType<typeof post>>): Client {
  const cookie = res.cookies.find((c) => c.name === 'kvarbo_session');
  if (!cookie) throw new Error(`no session: ${res.statusCode} ${res.body}`);
  return new Client(app, cookie.value, res.json().csrfToken);
}

describe.each(TEST_DIALECTS)('two-factor sign-in on %s', (dialect) => {
  let t: TestApp;
  let time = Date.parse(`${TODAY}T10:00:00Z`);
  const clock: Clock = { now: () => new Date(time), today: () => fixedClock(new Date(time).toISOString()).today() };
  const advance = (ms: number) => (time += ms);
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    // The default requirement: no unit settings, so every staff role must use two-factor.
    t = await startTestApp(dialect, {}, TODAY, { twoFactorDefault: true, clock });
  });
  afterAll(() => t.close());

  async function enrol(username: string) {
    const first = await post(t.app, '/api/auth/login', { username, password: PASSWORD });
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body.twoFactor).toBe('enrol');
    expect(first.cookies.find((c) => c.name === 'kvarbo_session')).toBeUndefined();
    secrets.set(username, body.secret);
    const done = await post(t.app, '/api/auth/two-factor/enrol', { challenge: body.challenge, code: totpCode(body.secret, time) });
    expect(done.statusCode).toBe(200);
    return { body, done };
  }

  async function passwordStep(username: string) {
    const res = await post(t.app, '/api/auth/login', { username, password: PASSWORD });
    expect(res.statusCode).toBe(200);
    return res.json() as { twoFactor?: string; challenge: string };
  }

  it('requires enrolment by default, with QR code and secret, and hands out ten recovery codes once', async () => {
    const { body, done } = await enrol('caseworkera');
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.otpauthUri).toContain(`secret=${body.secret}`);
    expect(body.qrSvg).toMatch(/^<svg/);
    const json = done.json();
    expect(json.user.username).toBe('caseworkera');
    expect(json.recoveryCodes).toHaveLength(10);
    expect(new Set(json.recoveryCodes).size).toBe(10);
    for (const c of json.recoveryCodes) expect(c).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    const stored = await t.db.kysely
      .selectFrom('two_factor_recovery_codes')
      .selectAll()
      .where('user_id', '=', t.userIds.caseworkerA)
      .execute();
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.code_hash)).not.toContain(json.recoveryCodes[0]);
    const me = sessionOf(t.app, done);
    expect((await me.get('/api/auth/session')).status).toBe(200);
    expect((await me.get('/api/account/two-factor')).body).toMatchObject({ enrolled: true, required: true, recoveryCodesLeft: 10 });
    const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('entity', '=', 'two_factor').execute();
    expect(audit.some((a) => a.entity_id === t.userIds.caseworkerA && a.action === 'create')).toBe(true);
  });

  it('refuses a wrong first code at enrolment, naming code, and stores nothing', async () => {
    const first = await passwordStep('hosta');
    const wrong = await post(t.app, '/api/auth/two-factor/enrol', { challenge: first.challenge, code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].field).toBe('code');
    expect(
      await t.db.kysely.selectFrom('user_two_factor').selectAll().where('user_id', '=', t.userIds.hostA).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('asks an enrolled user for a code; a wrong code is 400 naming code; a used code is refused (no replay)', async () => {
    advance(STEP * 2);
    const secret = secrets.get('caseworkera')!;
    const first = await passwordStep('caseworkera');
    expect(first).toEqual({ twoFactor: 'verify', challenge: expect.any(String) });
    const wrong = await post(t.app, '/api/auth/two-factor/verify', {
      challenge: first.challenge,
      code: '123456' === totpCode(secret, time) ? '654321' : '123456',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].field).toBe('code');
    const code = totpCode(secret, time);
    const ok = await post(t.app, '/api/auth/two-factor/verify', { challenge: first.challenge, code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.username).toBe('caseworkera');
    // The challenge is spent.
    const again = await post(t.app, '/api/auth/two-factor/verify', { challenge: first.challenge, code });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.fields[0].field).toBe('challenge');
    // The same code on a new challenge: refused, it has been used.
    const second = await passwordStep('caseworkera');
    const replay = await post(t.app, '/api/auth/two-factor/verify', { challenge: second.challenge, code });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.fields[0].field).toBe('code');
    // The previous step's code is refused too; the next step's is accepted.
    expect(
      (await post(t.app, '/api/auth/two-factor/verify', { challenge: second.challenge, code: totpCode(secret, time - STEP) })).statusCode,
    ).toBe(400);
    expect(
      (await post(t.app, '/api/auth/two-factor/verify', { challenge: second.challenge, code: totpCode(secret, time + STEP) })).statusCode,
    ).toBe(200);
  });

  it('accepts a recovery code once', async () => {
    advance(STEP * 3);
    const { done } = await enrol('analysta');
    const [recovery] = done.json().recoveryCodes as string[];
    const first = await passwordStep('analysta');
    const ok = await post(t.app, '/api/auth/two-factor/verify', {
      challenge: first.challenge,
      recoveryCode: recovery!.toLowerCase().replace('-', ' '),
    });
    expect(ok.statusCode).toBe(200);
    const second = await passwordStep('analysta');
    const reused = await post(t.app, '/api/auth/two-factor/verify', { challenge: second.challenge, recoveryCode: recovery });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.fields[0].field).toBe('recoveryCode');
    expect((await sessionOf(t.app, ok).get('/api/account/two-factor')).body.recoveryCodesLeft).toBe(9);
    const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('entity', '=', 'two_factor_recovery_code').execute();
    expect(audit.some((a) => a.entity_id === t.userIds.analystA)).toBe(true);
  });

  it('lets a challenge expire after five minutes', async () => {
    advance(STEP * 3);
    const first = await passwordStep('caseworkera');
    advance(5 * 60_000 + 1000);
    const late = await post(t.app, '/api/auth/two-factor/verify', {
      challenge: first.challenge,
      code: totpCode(secrets.get('caseworkera')!, time),
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.fields[0].field).toBe('challenge');
  });

  it('counts wrong codes towards the account lockout', async () => {
    advance(STEP * 3);
    const { done } = await enrol('managerb');
    expect(done.statusCode).toBe(200);
    advance(STEP * 3);
    const first = await passwordStep('managerb');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(t.app, '/api/auth/two-factor/verify', { challenge: first.challenge, code: '000000' });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 423]);
    // Locked: even the right password and code do not help now.
    expect((await post(t.app, '/api/auth/login', { username: 'managerb', password: PASSWORD })).statusCode).toBe(423);
  });

  it('requires two-factor only for the roles a unit names; the unit manager edits the settings', async () => {
    const manager = await t.as('managerA'); // enrols through the default requirement
    const settings = await manager.get(`/api/units/${t.unitA}/security-settings`);
    expect(settings.body).toMatchObject({
      twoFactorRoles: ['manager', 'caseworker', 'host', 'analyst'],
      idleMinutes: 30,
      isDefault: true,
      canEdit: true,
      version: 0,
    });
    const caseworker = await t.as('caseworkerB');
    expect(
      (await caseworker.request('PUT', `/api/units/${t.unitB}/security-settings`, { version: 0, twoFactorRoles: [], idleMinutes: 30 }))
        .status,
    ).toBe(403);
    const settingsUrl = `/api/units/${t.unitA}/security-settings`;
    const bad = await manager.request('PUT', settingsUrl, { version: 0, twoFactorRoles: ['manager'], idleMinutes: 4 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('idleMinutes');
    const noVersion = await manager.request('PUT', settingsUrl, { twoFactorRoles: ['manager'], idleMinutes: 10 });
    expect(noVersion.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['version']);
    const saved = await manager.request('PUT', settingsUrl, { version: 0, twoFactorRoles: ['manager'], idleMinutes: 10 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ twoFactorRoles: ['manager'], idleMinutes: 10, isDefault: false, version: 1 });
    // A second form opened on the defaults (version 0) is now stale: refused, and the saved settings stay.
    const stale = await manager.request('PUT', settingsUrl, { version: 0, twoFactorRoles: [], idleMinutes: 60 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'STALE_VERSION', currentVersion: 1 });
    expect(stale.body.error.message).toMatch(/ändrats av någon annan.*Ladda om/);
    expect((await manager.get(settingsUrl)).body).toMatchObject({ twoFactorRoles: ['manager'], idleMinutes: 10, version: 1 });
    // hostA has not enrolled; a host is no longer required in unit A: the login needs no second step.
    const host = await post(t.app, '/api/auth/login', { username: 'hosta', password: PASSWORD });
    expect(host.json().twoFactor).toBeUndefined();
    expect(host.json().user.username).toBe('hosta');
    const hostClient = sessionOf(t.app, host);
    expect((await hostClient.get('/api/account/two-factor')).body).toMatchObject({ enrolled: false, required: false });
    // The manager cannot switch two-factor off, it is required for managers.
    advance(STEP * 3);
    const off = await manager.post('/api/account/two-factor/disable', { code: totpCode(totpSecrets.get(t.app)!.get('managera')!, time) });
    expect(off.status).toBe(409);
  });

  it('ends sessions after the strictest idle minutes of the user’s units', async () => {
    const host = sessionOf(t.app, await post(t.app, '/api/auth/login', { username: 'hosta', password: PASSWORD }));
    expect((await host.get('/api/auth/session')).status).toBe(200);
    advance(9 * 60_000);
    expect((await host.get('/api/auth/session')).status).toBe(200);
    advance(10 * 60_000 + 1000);
    expect((await host.get('/api/auth/session')).status).toBe(401);
  });

  it('enrols voluntarily from the account page, regenerates recovery codes with a code, and switches off', async () => {
    // hostA is not required (unit A now names managers only).
    const host = sessionOf(t.app, await post(t.app, '/api/auth/login', { username: 'hosta', password: PASSWORD }));
    const start = await host.post('/api/account/two-factor/enrolment');
    expect(start.status).toBe(200);
    expect(
      (await host.post('/api/account/two-factor/enrolment/confirm', { challenge: start.body.challenge, code: '000000' })).body.error
        .fields[0].field,
    ).toBe('code');
    const confirm = await host.post('/api/account/two-factor/enrolment/confirm', {
      challenge: start.body.challenge,
      code: totpCode(start.body.secret, time),
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.recoveryCodes).toHaveLength(10);
    advance(STEP * 2);
    const fresh = await host.post('/api/account/two-factor/recovery-codes', { code: totpCode(start.body.secret, time) });
    expect(fresh.status).toBe(200);
    expect(fresh.body.recoveryCodes).not.toEqual(confirm.body.recoveryCodes);
    advance(STEP * 2);
    expect((await host.post('/api/account/two-factor/disable', { code: totpCode(start.body.secret, time) })).status).toBe(204);
    expect((await host.get('/api/account/two-factor')).body.enrolled).toBe(false);
  });

  it('lets an admin reset a user’s two-factor (lost phone); the next login enrols again', async () => {
    const admin = await t.as('admin');
    // caseworkerB enrolled on its first login (unit B keeps the default requirement).
    expect(await secretOf(t.userIds.caseworkerB)).toBeDefined();
    const host = sessionOf(t.app, await post(t.app, '/api/auth/login', { username: 'hosta', password: PASSWORD }));
    expect((await host.post(`/api/admin/users/${t.userIds.caseworkerB}/two-factor/reset`)).status).toBe(403);
    expect((await admin.post(`/api/admin/users/${t.userIds.caseworkerB}/two-factor/reset`)).status).toBe(204);
    expect(await secretOf(t.userIds.caseworkerB)).toBeUndefined();
    const first = await passwordStep('caseworkerb');
    expect(first.twoFactor).toBe('enrol');
    const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('entity', '=', 'two_factor_reset').execute();
    expect(audit.map((a) => a.entity_id)).toContain(t.userIds.caseworkerB);
  });

  it('does not ask for a code when single sign-on starts the session', async () => {
    // managerA is enrolled and required; startSession (the SSO path) still gives a session straight away.
    const s = await t.services.auth.startSession(t.userIds.managerA, { ip: null, userAgent: null });
    const client = new Client(t.app, s.token, s.csrfToken);
    expect((await client.get('/api/auth/session')).body.user.id).toBe(t.userIds.managerA);
  });

  async function secretOf(userId: string) {
    return (await t.db.kysely.selectFrom('user_two_factor').select('secret').where('user_id', '=', userId).executeTakeFirst())?.secret;
  }
});
