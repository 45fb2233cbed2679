import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { keyIdOf, parseSecretKey } from '../src/auth/secret-box.ts';
import { totpCode } from '../src/auth/totp.ts';
import { ensureOrganisation } from '../src/cli/bootstrap.ts';
import { sealSecretsAtStart, secretsCommand } from '../src/cli/secrets.ts';
import { readConfig, type Config } from '../src/config.ts';
import { migrateToLatest, openDatabase } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';
import { errorLogSerializer } from '../src/http/security-headers.ts';
import { createServices } from '../src/services/index.ts';
import { fixedClock, type Clock } from '../src/services/context.ts';
import { PASSWORD, startTestApp, TODAY, totpSecrets, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// TOTP secrets sealed at rest (auth/secret-box.ts, docs/two-factor.md): the columns never hold the base32 secret,
// logins work as before, rows from before encryption keep working until sealed, and the key can be rotated.

const STEP = 30_000;
const K1 = crypto.randomBytes(32);
const K2 = crypto.randomBytes(32);
const K3 = crypto.randomBytes(32);
const BASE32 = /[A-Z2-7]{32}/;

describe.each(TEST_DIALECTS)('TOTP secrets sealed at rest on %s', (dialect) => {
  let t: TestApp;
  let dataDir: string;
  let time = Date.parse(`${TODAY}T10:00:00Z`);
  const clock: Clock = { now: () => new Date(time), today: () => fixedClock(new Date(time).toISOString()).today() };
  const apps: FastifyInstance[] = [];
  let caseworkerSecret = '';
  let caseworkerRecoveryCodes: string[] = [];

  const configWith = (keys: { secretKey: Buffer | null; secretKeyPrevious?: Buffer | null }): Config => ({
    ...readConfig({ KVARBO_DATA_DIR: dataDir }),
    webDistDir: '/nonexistent',
    secretKeyPrevious: null,
    ...keys,
  });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-totp-at-rest-'));
    // The default requirement (every staff role must use two-factor): logins enrol, then verify.
    t = await startTestApp(dialect, configWith({ secretKey: K1 }), TODAY, { twoFactorDefault: true, clock });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Another server on the same database with other keys; its log is kept in `log`. */
  async function serverWith(keys: { secretKey: Buffer | null; secretKeyPrevious?: Buffer | null }) {
    const chunks: string[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const config = configWith(keys);
    const { app } = await buildApp({ db: t.db, config, clock, logger: true, logStream });
    await app.ready();
    apps.push(app);
    return { app, config, log: () => chunks.join('') };
  }

  const stored = async (userId: string) =>
    (await t.db.kysely.selectFrom('user_two_factor').select('secret').where('user_id', '=', userId).executeTakeFirstOrThrow()).secret;

  async function passwordStep(app: FastifyInstance, username: string) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    return res.json() as { twoFactor?: 'verify' | 'enrol'; challenge: string; secret?: string };
  }

  /** Password and a current code on `app`; the time moves on two steps first, so no code is a replay. */
  async function codeLogin(app: FastifyInstance, username: string, secret: string) {
    time += 2 * STEP;
    const first = await passwordStep(app, username);
    expect(first.twoFactor).toBe('verify');
    return app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/verify',
      payload: { challenge: first.challenge, code: totpCode(secret, time) },
    });
  }

  /** `kvarbo secrets reencrypt` as the command runs it; returns its exit code and the JSON it printed. */
  async function reencrypt(config: Config) {
    const out = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const code = await secretsCommand(t.db, config, 'reencrypt');
      return { code, counts: JSON.parse(out.mock.calls.at(-1)![0] as string), stderr: err.mock.calls.map((c) => c.join(' ')).join('\n') };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  const rowCount = async () =>
    Number(
      (
        await t.db.kysely
          .selectFrom('user_two_factor')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('stores the pending and the enrolled secret sealed (v1:), never the base32 secret, and logins with a code work', async () => {
    const first = await passwordStep(t.app, 'caseworkera');
    expect(first.twoFactor).toBe('enrol');
    const secret = first.secret!;
    caseworkerSecret = secret;
    expect(secret).toMatch(BASE32);
    const pending = await t.db.kysely
      .selectFrom('login_challenges')
      .select('secret')
      .where('user_id', '=', t.userIds.caseworkerA)
      .executeTakeFirstOrThrow();
    expect(pending.secret).toMatch(new RegExp(`^v1:${keyIdOf(K1)}:`));
    expect(pending.secret).not.toContain(secret);

    const enrolled = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/enrol',
      payload: { challenge: first.challenge, code: totpCode(secret, time) },
    });
    expect(enrolled.statusCode).toBe(200);
    caseworkerRecoveryCodes = enrolled.json().recoveryCodes;
    const column = await stored(t.userIds.caseworkerA);
    expect(column.startsWith(`v1:${keyIdOf(K1)}:`)).toBe(true);
    expect(column).not.toContain(secret);
    expect(column).not.toMatch(BASE32);

    const again = await codeLogin(t.app, 'caseworkera', secret);
    expect(again.statusCode).toBe(200);
    expect(again.cookies.find((c) => c.name === 'kvarbo_session')).toBeDefined();
    // A wrong code is still refused: the opened secret is really compared.
    time += 2 * STEP;
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/verify',
      payload: { challenge: (await passwordStep(t.app, 'caseworkera')).challenge, code: totpCode(secret, time + 10 * STEP) },
    });
    expect(wrong.statusCode).toBe(400);
  });

  it("does not open a sealed secret copied into another user's row: it is bound to its user", async () => {
    await t.as('hostA'); // enrols
    const own = await stored(t.userIds.hostA);
    const copied = await stored(t.userIds.caseworkerA);
    await t.db.kysely.updateTable('user_two_factor').set({ secret: copied }).where('user_id', '=', t.userIds.hostA).execute();
    // Caseworker A's codes do not let anyone in as host A.
    const res = await codeLogin(t.app, 'hosta', caseworkerSecret);
    expect(res.statusCode).toBe(500);
    expect(res.cookies.find((c) => c.name === 'kvarbo_session')).toBeUndefined();
    await t.db.kysely.updateTable('user_two_factor').set({ secret: own }).where('user_id', '=', t.userIds.hostA).execute();
    expect((await codeLogin(t.app, 'hosta', totpSecrets.get(t.app)!.get('hosta')!)).statusCode).toBe(200);
  });

  it('reads a plaintext row from before encryption; reencrypt seals it, and twice changes nothing', async () => {
    await t.as('hostA'); // enrols
    const secret = totpSecrets.get(t.app)!.get('hosta')!;
    await t.db.kysely.updateTable('user_two_factor').set({ secret }).where('user_id', '=', t.userIds.hostA).execute();
    expect(await stored(t.userIds.hostA)).toBe(secret);
    expect((await codeLogin(t.app, 'hosta', secret)).statusCode).toBe(200);

    const total = await rowCount();
    const first = await reencrypt(configWith({ secretKey: K1 }));
    expect(first).toMatchObject({ code: 0, counts: { encrypted: 1, reencrypted: 0, unchanged: total - 1 } });
    expect(Object.keys(first.counts).sort()).toEqual(['encrypted', 'reencrypted', 'unchanged']);
    const column = await stored(t.userIds.hostA);
    expect(column.startsWith(`v1:${keyIdOf(K1)}:`)).toBe(true);
    expect(column).not.toContain(secret);
    expect((await codeLogin(t.app, 'hosta', secret)).statusCode).toBe(200);
    expect((await reencrypt(configWith({ secretKey: K1 }))).counts).toEqual({ encrypted: 0, reencrypted: 0, unchanged: total });
  });

  it('seals plaintext rows at server start, without re-sealing rows under the previous key', async () => {
    await t.as('analystA');
    const secret = totpSecrets.get(t.app)!.get('analysta')!;
    await t.db.kysely.updateTable('user_two_factor').set({ secret }).where('user_id', '=', t.userIds.analystA).execute();
    const underK1 = await stored(t.userIds.caseworkerA);
    const lines = await sealSecretsAtStart(t.db, configWith({ secretKey: K2, secretKeyPrevious: K1 }));
    expect(lines.info).toContain('sealed 1 two-factor secrets stored in clear by an earlier version');
    expect(lines.info[0]).toBe(`two-factor secrets are sealed with key ${keyIdOf(K2)} from KVARBO_SECRET_KEY`);
    expect(lines.warn).toEqual([]);
    expect((await stored(t.userIds.analystA)).startsWith(`v1:${keyIdOf(K2)}:`)).toBe(true);
    expect(await stored(t.userIds.caseworkerA)).toBe(underK1);
  });

  it('rotates the key: with the old key as KVARBO_SECRET_KEY_PREVIOUS logins work, and reencrypt moves every row to the new key', async () => {
    const rotated = await serverWith({ secretKey: K2, secretKeyPrevious: K1 });
    const secret = caseworkerSecret;
    expect((await codeLogin(rotated.app, 'caseworkera', secret)).statusCode).toBe(200);

    const total = await rowCount();
    const underK1 = (await t.db.kysely.selectFrom('user_two_factor').select('secret').execute()).filter((r) =>
      r.secret.startsWith(`v1:${keyIdOf(K1)}:`),
    ).length;
    expect(underK1).toBeGreaterThanOrEqual(2);
    const result = await reencrypt(rotated.config);
    expect(result).toMatchObject({ code: 0, counts: { encrypted: 0, reencrypted: underK1, unchanged: total - underK1 } });
    for (const r of await t.db.kysely.selectFrom('user_two_factor').select('secret').execute()) {
      expect(r.secret.startsWith(`v1:${keyIdOf(K2)}:`)).toBe(true);
    }
    // The old key can go now.
    const newOnly = await serverWith({ secretKey: K2 });
    expect((await codeLogin(newOnly.app, 'caseworkera', secret)).statusCode).toBe(200);
    expect((await codeLogin(newOnly.app, 'hosta', totpSecrets.get(t.app)!.get('hosta')!)).statusCode).toBe(200);
  });

  it('fails the code step with a 500 and a log line naming the user when no key opens the secret; the server goes on', async () => {
    const wrong = await serverWith({ secretKey: K3, secretKeyPrevious: K1 });
    const secret = totpSecrets.get(t.app)!.get('hosta')!;
    // Still enrolled: the password step asks for a code, it does not fall back to "no two-factor".
    const res = await codeLogin(wrong.app, 'hosta', secret);
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL');
    expect(res.cookies.find((c) => c.name === 'kvarbo_session')).toBeUndefined();
    const log = wrong.log();
    // As the log's serializer writes it: it masks runs of digits that look like a personnummer, which a user id's
    // last group now and then is.
    expect(log).toContain(errorLogSerializer(new Error(`The TOTP secret of user ${t.userIds.hostA} cannot be decrypted`)).message);
    expect(log).toContain('"code":"SECRET_UNREADABLE","statusCode":500');
    expect(log).toContain(`sealed with key ${keyIdOf(K2)}`);
    expect(log).not.toContain(secret);
    expect(log).not.toContain(await stored(t.userIds.hostA));
    expect((await wrong.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    // Recovery codes are hashes, not sealed: they still let the user in (docs/two-factor.md, losing the key).
    const first = await passwordStep(wrong.app, 'caseworkera');
    const recovered = await wrong.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/verify',
      payload: { challenge: first.challenge, recoveryCode: caseworkerRecoveryCodes[0] },
    });
    expect(recovered.statusCode).toBe(200);

    // reencrypt with the wrong key names the users, changes nothing, and exits 1.
    const before = await stored(t.userIds.hostA);
    const result = await reencrypt(wrong.config);
    expect(result.code).toBe(1);
    expect(result.counts.unreadable).toBe(await rowCount());
    expect(result.stderr).toContain(t.userIds.hostA);
    expect(await stored(t.userIds.hostA)).toBe(before);
  });
});

describe('kvarbo secrets reencrypt (the real binary, SQLite)', () => {
  const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
  const BIN = path.join('packages', 'server', 'bin', 'kvarbo.js');
  let dataDir: string;

  function kvarbo(args: string[], extra: Record<string, string> = {}) {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KVARBO_') && k !== 'DATABASE_URL') env[k] = v;
    Object.assign(env, { KVARBO_DATA_DIR: dataDir }, extra);
    return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-reencrypt-'));
    const db = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'kvarbo.db') });
    await migrateToLatest(db);
    const org = await ensureOrganisation(db, new Date());
    const services = createServices({ db, config: readConfig({ KVARBO_DATA_DIR: dataDir }), clock: fixedClock(`${TODAY}T10:00:00Z`) });
    const user = await services.users.createUser(org.id, {
      username: 'gammal',
      displayName: 'Test Gammal',
      password: PASSWORD,
      isAdmin: true,
      memberships: [],
    });
    // As an earlier version left it: the secret in clear.
    await db.kysely
      .insertInto('user_two_factor')
      .values({ user_id: user.id, secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', enrolled_at: new Date().toISOString(), last_step: null })
      .execute();
    await db.close();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('seals the plaintext row with a key file made in the data directory, prints the counts, and twice changes nothing', async () => {
    const first = await kvarbo(['secrets', 'reencrypt']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ encrypted: 1, reencrypted: 0, unchanged: 0 });
    const keyFile = path.join(dataDir, 'secret.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = parseSecretKey(fs.readFileSync(keyFile, 'utf8'), keyFile);
    const db = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'kvarbo.db') });
    const row = await db.kysely.selectFrom('user_two_factor').select('secret').executeTakeFirstOrThrow();
    await db.close();
    expect(row.secret.startsWith(`v1:${keyIdOf(key)}:`)).toBe(true);
    expect(row.secret).not.toContain('JBSWY3DP');

    const second = await kvarbo(['secrets', 'reencrypt']);
    expect(JSON.parse(second.stdout)).toEqual({ encrypted: 0, reencrypted: 0, unchanged: 1 });

    // Rotation from the key file to KVARBO_SECRET_KEY, the file's key as the previous one.
    const rotated = await kvarbo(['secrets', 'reencrypt'], {
      KVARBO_SECRET_KEY: K2.toString('hex'),
      KVARBO_SECRET_KEY_PREVIOUS: key.toString('base64'),
    });
    expect(JSON.parse(rotated.stdout)).toEqual({ encrypted: 0, reencrypted: 1, unchanged: 0 });
  });

  it('refuses a malformed KVARBO_SECRET_KEY, naming the variable', async () => {
    const run = await kvarbo(['secrets', 'reencrypt'], { KVARBO_SECRET_KEY: 'abc123' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^kvarbo: KVARBO_SECRET_KEY must be 32 bytes/);
    expect(run.stderr).not.toContain('abc123');
  });
});
