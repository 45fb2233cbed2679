import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBgmaxLines } from '@kvarbo/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/auth/totp.ts';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';

// Issue 8: two server processes on one PostgreSQL database (docs/concurrency.md). Both start at once on an empty
// database (migrations and the first administrator), then serve requests and run the checkpoints at the same time:
// no duplicate tasks, payments counted once, of two edits from the same version exactly one wins, and the audit
// log's hash chain still verifies. Runs only when TEST_DATABASE_URL is set; it creates a database of its own.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'packages/server/bin/kvarbo.js');
const BANKGIRO = '555-0009';
const RENT = 600_000;
const PLACEMENTS = 8;

type Proc = { child: ChildProcess; output: () => string };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, KVARBO_LOG_LEVEL: 'warn', ...extra };
}

function start(args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  return { child, output: () => out };
}

/** Runs a CLI command to its end. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function waitUntilUp(base: string, proc: Proc) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`server exited ${proc.child.exitCode}: ${proc.output()}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${base} did not start: ${proc.output()}`);
}

type Res = { status: number; body: any };

/** A logged-in session against one instance. */
const totpSecrets = new Map<string, string>();
const usedSteps = new Map<string, number>();

class Session {
  constructor(
    readonly base: string,
    private cookie = '',
    private csrf = '',
  ) {}

  static async login(base: string, username: string, password: string) {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login at ${base}: ${res.status} ${await res.text()}`);
    return Session.finish(base, username, res);
  }

  /**
   * Two-factor (docs/two-factor.md): the first administrator is a unit manager, so the first login enrols and the
   * next verifies; the challenge lives in the shared database, so either instance can finish it.
   */
  private static async finish(base: string, username: string, res: Response): Promise<Session> {
    const answer = (await res.clone().json()) as { twoFactor?: 'enrol' | 'verify'; challenge: string; secret?: string };
    if (answer.twoFactor) {
      if (answer.secret) totpSecrets.set(username, answer.secret);
      const secret = totpSecrets.get(username)!;
      const step = Math.max(Math.floor(Date.now() / 30_000), (usedSteps.get(username) ?? 0) + 1);
      usedSteps.set(username, step);
      const url = `${base}/api/auth/two-factor/${answer.twoFactor}`;
      const code = totpCode(secret, step * 30_000);
      const done = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ challenge: answer.challenge, code }),
      });
      if (done.status !== 200) throw new Error(`two-factor at ${base}: ${done.status} ${await done.text()}`);
      return Session.finish(base, username, done);
    }
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('kvarbo_session='))!
      .split(';')[0]!;
    return new Session(base, cookie, ((await res.json()) as { csrfToken: string }).csrfToken);
  }

  async request(method: string, url: string, body?: unknown, raw?: { data: Buffer; type: string }): Promise<Res> {
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers: {
        cookie: this.cookie,
        ...(method === 'GET' ? {} : { 'x-csrf-token': this.csrf }),
        ...(raw ? { 'content-type': raw.type } : body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(raw ? { body: raw.data } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body: unknown = {}) {
    return this.request('POST', url, body);
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
}

function ok(res: Res, what: string) {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe.runIf(!!process.env.TEST_DATABASE_URL)('two instances on one PostgreSQL database', () => {
  const base = process.env.TEST_DATABASE_URL ?? '';
  const name = `kvarbo_two_${crypto.randomBytes(4).toString('hex')}`;
  const url = base.replace(/\/[^/]*$/, `/${name}`);
  let admin: pg.Client;
  let db: pg.Client;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const servers: Proc[] = [];
  let a: Session;
  let b: Session;
  let unitId: string;
  const placements: { id: string; residentId: string; ocrReference: string; pays: boolean }[] = [];

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n);

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    db = new pg.Client({ connectionString: url });
    await db.connect();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-two-'));
    env = environment({ DATABASE_URL: url, KVARBO_DATA_DIR: dir });
  }, 30_000);

  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => (s.child.exitCode === null ? new Promise((r) => s.child.once('exit', r)) : Promise.resolve())));
    await db?.end().catch(() => undefined);
    await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin?.end();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('start together on an empty database: migrated once, one organisation, one first administrator', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    for (const port of [portA, portB]) {
      servers.push(start(['serve', '--no-demo'], { ...env, PORT: String(port), HOST: '127.0.0.1' }));
    }
    await Promise.all([waitUntilUp(`http://127.0.0.1:${portA}`, servers[0]!), waitUntilUp(`http://127.0.0.1:${portB}`, servers[1]!)]);
    expect(await count('SELECT count(*) AS n FROM organisations')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM users')).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM kysely_migration WHERE name = '0013_row_versions'`)).toBe(1);
    const firstStart = servers.map((s) => /with password: (\S+)/.exec(s.output())?.[1]).filter(Boolean);
    expect(firstStart).toHaveLength(1);

    a = await Session.login(`http://127.0.0.1:${portA}`, 'admin', firstStart[0]!);
    b = await Session.login(`http://127.0.0.1:${portB}`, 'admin', firstStart[0]!);
    const [unit] = ok(await a.get('/api/admin/units'), 'units');
    unitId = unit.id;
    ok(await a.patch(`/api/admin/units/${unitId}`, { version: unit.version, bankgiro: BANKGIRO }), 'bankgiro');
  }, 120_000);

  it('build the register through both instances', async () => {
    const landlord = ok(await a.post('/api/landlords', { name: 'Hyresvärden AB' }), 'landlord');
    for (let i = 0; i < PLACEMENTS; i++) {
      const s = i % 2 === 0 ? a : b;
      const apartment = ok(
        await s.post('/api/apartments', {
          unitId,
          landlordId: landlord.id,
          address: `Tvåvägen ${i + 1}`,
          postcode: '123 45',
          city: 'Stockholm',
          rooms: 1,
          areaSqm: 30,
          monthlyRentOre: RENT,
          type: 'training',
        }),
        'apartment',
      );
      const resident = ok(
        await s.post('/api/residents', {
          unitId,
          firstName: 'Två',
          lastName: `Instanssson ${i + 1}`,
          idKind: 'personnummer',
          personalNumber: TEST_PERSONAL_NUMBERS[60 + i],
        }),
        'resident',
      );
      const p = ok(
        await s.post('/api/placements', { residentId: resident.id, apartmentId: apartment.id, startDate: '2026-09-01' }),
        'placement',
      );
      placements.push({ id: p.id, residentId: resident.id, ocrReference: p.ocrReference, pays: i % 2 === 0 });
    }
    // Both instances create the same months' charges at the same time: each charge exists once.
    await Promise.all(
      ['2026-09', '2026-10', '2026-11'].flatMap((month) => [a, b].map((s) => s.post('/api/charges/generate', { month, unitId }))),
    );
    expect(await count('SELECT count(*) AS n FROM rent_charges')).toBe(PLACEMENTS * 3);
  }, 120_000);

  it('import the same payment file on both at once: the payments count once', async () => {
    const payers = placements.filter((p) => p.pays);
    const file = Buffer.from(
      [
        ...buildBgmaxLines([
          {
            payeeBankgiro: BANKGIRO.replace('-', ''),
            paymentDate: '2026-10-20',
            payments: payers.map((p) => ({ amountOre: 3 * RENT, reference: p.ocrReference })),
          },
        ]),
      ].join('\n') + '\n',
      'latin1',
    );
    const upload = (s: Session) =>
      s.request('POST', `/api/payment-imports?unitId=${unitId}&format=bgmax&fileName=bgmax-2026-10-20.txt`, undefined, {
        data: file,
        type: 'application/octet-stream',
      });
    const answers = await Promise.all([upload(a), upload(b)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(answers.find((r) => r.status === 200)!.body.alreadyImported).toBe(true);
    expect(await count('SELECT count(*) AS n FROM payment_imports')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM payments')).toBe(payers.length);
    expect(await count('SELECT coalesce(sum(amount_ore), 0) AS n FROM payments')).toBe(payers.length * 3 * RENT);
  }, 120_000);

  it('run the checkpoints of the same day twice at once: one task per placement and checkpoint', async () => {
    const runs = await Promise.all([
      run(['checkpoint', '--date', '2026-11-02', '--json'], env),
      run(['checkpoint', '--date', '2026-11-02', '--json'], env),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const created = runs.map((r) => (JSON.parse(r.stdout).runs as { created: number }[]).reduce((s, x) => s + x.created, 0));
    const nonPayers = placements.filter((p) => !p.pays);
    expect(created.reduce((s, n) => s + n, 0)).toBe(nonPayers.length);
    expect(await count(`SELECT count(*) AS n FROM tasks WHERE kind = 'reminder' AND month = '2026-11'`)).toBe(nonPayers.length);
    expect(
      await count(`SELECT count(*) AS n FROM (SELECT placement_id FROM tasks GROUP BY placement_id, kind, month HAVING count(*) > 1) AS d`),
    ).toBe(0);
    const withTask = (await db.query(`SELECT DISTINCT placement_id FROM tasks`)).rows.map((r) => r.placement_id).sort();
    expect(withTask).toEqual(nonPayers.map((p) => p.id).sort());
  }, 120_000);

  it('edit the same resident from the same version on both at once: exactly one wins, the other gets 409', async () => {
    for (const p of placements.slice(0, 4)) {
      const { version } = ok(await a.get(`/api/residents/${p.residentId}`), 'resident');
      const answers = await Promise.all([
        a.patch(`/api/residents/${p.residentId}`, { version, phone: '070-100 00 01' }),
        b.patch(`/api/residents/${p.residentId}`, { version, phone: '070-200 00 02' }),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = answers.find((r) => r.status === 409)!;
      expect(loser.body.error.code).toBe('STALE_VERSION');
      const now = ok(await b.get(`/api/residents/${p.residentId}`), 'resident');
      expect(now).toMatchObject({ version: version + 1, phone: answers.find((r) => r.status === 200)!.body.phone });
    }
  }, 120_000);

  it('update many tasks through both at once: one change per version, every comment kept', async () => {
    const tasks = ok(await a.get(`/api/tasks?scope=unit&unitId=${unitId}&status=all`), 'tasks') as { id: string; version: number }[];
    expect(tasks.length).toBe(placements.filter((p) => !p.pays).length);
    const me = ok(await a.get('/api/auth/session'), 'session').user.id as string;
    const calls = tasks.flatMap((t) => [
      a.post(`/api/tasks/${t.id}/complete`, { version: t.version, outcome: 'Klar via A' }),
      b.post(`/api/tasks/${t.id}/complete`, { version: t.version, outcome: 'Klar via B' }),
      b.post(`/api/tasks/${t.id}/reassign`, { version: t.version, assigneeId: me }),
      a.post(`/api/tasks/${t.id}/comments`, { text: 'Kommentar A' }),
      b.post(`/api/tasks/${t.id}/comments`, { text: 'Kommentar B' }),
    ]);
    const answers = await Promise.all(calls);
    for (let i = 0; i < tasks.length; i++) {
      const [ca, cb, re, ka, kb] = answers.slice(i * 5, i * 5 + 5).map((r) => r!.status);
      expect(
        [ca, cb, re].filter((s) => s === 200),
        `task ${i}: ${[ca, cb, re]}`,
      ).toHaveLength(1);
      expect([ca, cb, re].filter((s) => s === 409)).toHaveLength(2);
      expect([ka, kb]).toEqual([201, 201]);
    }
    for (const t of tasks) {
      const now = ok(await b.get(`/api/tasks/${t.id}`), 'task');
      expect(now.version).toBe(t.version + 1);
      const kinds = (now.events as { kind: string }[]).map((e) => e.kind);
      expect(kinds.filter((k) => k === 'done' || k === 'reassigned')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'comment')).toHaveLength(2);
    }
  }, 120_000);

  it('leave an audit log whose hash chain verifies', async () => {
    const verify = await run(['audit', 'verify', '--json'], env);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const result = JSON.parse(verify.stdout);
    expect(result.ok).toBe(true);
    expect(result.rows).toBe(await count('SELECT count(*) AS n FROM audit_log'));
    expect(await count('SELECT count(DISTINCT seq) AS n FROM audit_log')).toBe(result.rows);
  }, 120_000);
});
