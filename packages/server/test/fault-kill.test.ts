import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { buildBgmaxLines } from '@kvarbo/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSessions } from '../bench/sessions.ts';
import { BENCH_UNIT, benchPlacement, insertApartments, insertResidents, seedUnit } from '../bench/seed-placements.ts';
import { readConfig } from '../src/config.ts';
import { openDatabase, type Db, type DatabaseOptions } from '../src/db/database.ts';
import type { PlacementRow } from '../src/repositories/placements.repository.ts';
import { createServices } from '../src/services/index.ts';
import { fixedClock } from '../src/services/context.ts';

// Issue 8: the process killed with SIGKILL during a checkpoint run, during `kvarbo backup` and while `kvarbo serve`
// takes writes over HTTP; after a restart the invariants hold: no duplicate payments or tasks, every ledger's
// balance is the sum of its entries, the audit chain verifies. (An import killed part-way: import-kill.test.ts.)
// Kill timing: each test polls the database until the process has demonstrably written part of its work, then kills.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'packages/server/bin/kvarbo.js');
const UNITS = 8;
const PER_UNIT = 2_000;

type Target = { label: string; env: NodeJS.ProcessEnv; db: DatabaseOptions; sqliteFile: string | null; drop: () => Promise<void> };

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KVARBO_') && k !== 'DATABASE_URL') e[k] = v;
  return { ...e, ...extra };
}

/** A fresh, migrated database: a data directory on SQLite, a new database on the PostgreSQL server. */
async function freshTarget(dialect: 'sqlite' | 'postgres', dir: string): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(dir, 'data-'));
  let target: Target;
  if (dialect === 'sqlite') {
    const file = path.join(dataDir, 'kvarbo.db');
    target = {
      label: 'SQLite',
      env: cleanEnv({ KVARBO_DATA_DIR: dataDir }),
      db: { kind: 'sqlite', file },
      sqliteFile: file,
      drop: async () => {},
    };
  } else {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `kvarbo_fault_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = base.replace(/\/[^/]*$/, `/${name}`);
    target = {
      label: 'PostgreSQL',
      env: cleanEnv({ DATABASE_URL: url, KVARBO_DATA_DIR: dataDir }),
      db: { kind: 'postgres', url },
      sqliteFile: null,
      drop: async () => {
        const a = new pg.Client({ connectionString: base });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const migrated = kvarbo(target, ['migrate']);
  expect(migrated.status, migrated.stderr).toBe(0);
  return target;
}

function kvarbo(target: Target, args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: target.env,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
}

async function withDb<T>(target: Target, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openDatabase(target.db);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Spawns a command, polls `ready()` and kills the process with SIGKILL as soon as it says so. */
async function killWhen(child: ChildProcess, ready: () => Promise<boolean>, timeoutMs = 60_000) {
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const deadline = Date.now() + timeoutMs;
  let killed = false;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    if (await ready()) {
      child.kill('SIGKILL');
      killed = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  if (!killed && child.exitCode === null) child.kill('SIGKILL');
  return { killed, exit: await exited };
}

function spawnKvarbo(target: Target, args: string[], extraEnv: Record<string, string> = {}) {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...target.env, ...extraEnv }, stdio: 'ignore' });
}

/** On PostgreSQL a killed client's transaction is rolled back once the server notices the dropped connection. */
async function settle(target: Target) {
  if (target.db.kind !== 'postgres') return;
  const url = target.db.url;
  const name = url.slice(url.lastIndexOf('/') + 1);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (let i = 0; i < 200; i++) {
      const r = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
      if (r.rows[0].n === 0) return;
      await new Promise((res) => setTimeout(res, 50));
    }
  } finally {
    await c.end();
  }
}

/** The invariants every restart must find; returns what is wrong (an empty list when all hold). */
async function invariants(target: Target): Promise<string[]> {
  const problems: string[] = [];
  await withDb(target, async (db) => {
    const q = db.kysely;
    const dupLines = await q
      .selectFrom('payments')
      .select(['import_id', 'line_no', (eb) => eb.fn.countAll<number>().as('n')])
      .where('import_id', 'is not', null)
      .groupBy(['import_id', 'line_no'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    if (dupLines.length) problems.push(`payments with the same import line: ${JSON.stringify(dupLines.slice(0, 3))}`);
    const dupRefs = await q
      .selectFrom('payments')
      .select(['unit_id', 'bank_reference', (eb) => eb.fn.countAll<number>().as('n')])
      .where('bank_reference', 'is not', null)
      .groupBy(['unit_id', 'bank_reference'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    if (dupRefs.length) problems.push(`payments with the same bank reference: ${JSON.stringify(dupRefs.slice(0, 3))}`);
    const dupFiles = await q
      .selectFrom('payment_imports')
      .select(['unit_id', 'file_hash'])
      .groupBy(['unit_id', 'file_hash'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    if (dupFiles.length) problems.push(`the same file imported twice: ${dupFiles.length}`);
    const dupTasks = await q
      .selectFrom('tasks')
      .select(['placement_id', 'kind', 'month', 'plan_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['placement_id', 'kind', 'month', 'plan_id'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    if (dupTasks.length) problems.push(`duplicate tasks: ${JSON.stringify(dupTasks.slice(0, 3))}`);
    // A checkpoint run is recorded with its tasks in one transaction: no tasks without their run, no run short of them.
    const runs = await q.selectFrom('checkpoint_runs').selectAll().execute();
    const taskCounts = await q
      .selectFrom('tasks')
      .select(['unit_id', 'run_date', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('kind', 'in', ['reminder', 'home_visit', 'manager_meeting'])
      .groupBy(['unit_id', 'run_date', 'kind'])
      .execute();
    for (const t of taskCounts) {
      const run = runs.find((r) => r.unit_id === t.unit_id && r.run_date === t.run_date && r.kind === t.kind);
      if (!run) problems.push(`tasks without their checkpoint run: ${t.unit_id} ${t.run_date} ${t.kind}`);
      else if (Number(run.created_tasks) > Number(t.n)) problems.push(`checkpoint run ${t.unit_id} ${t.run_date} ${t.kind} lost tasks`);
    }
    // Every ledger's balance is the sum of its entries.
    const sums = new Map<string, number>();
    for (const c of await q
      .selectFrom('rent_charges')
      .select(['placement_id', (eb) => eb.fn.sum<number>('amount_ore').as('s')])
      .groupBy('placement_id')
      .execute())
      sums.set(c.placement_id, Number(c.s));
    for (const p of await q
      .selectFrom('payments')
      .select(['placement_id', (eb) => eb.fn.sum<number>('amount_ore').as('s')])
      .where('placement_id', 'is not', null)
      .groupBy('placement_id')
      .execute())
      sums.set(p.placement_id!, (sums.get(p.placement_id!) ?? 0) - Number(p.s));
    const services = createServices({
      db,
      config: readConfig({ KVARBO_DATA_DIR: os.tmpdir() }),
      clock: fixedClock('2026-11-23T12:00:00Z'),
    });
    // ledgerOf() reads only the placement's id from the row for the sums (the rest is display): skip the joins.
    const placements = (await q.selectFrom('placements').select(['id', 'start_date', 'end_date', 'ocr_reference']).execute()).map(
      (p) => ({ ...p, address: '' }) as unknown as PlacementRow,
    );
    for (let i = 0; i < placements.length; i += 500) {
      for (const l of await services.ledger.ledgerOf(q, placements.slice(i, i + 500))) {
        const expected = sums.get(l.placementId) ?? 0;
        if (l.balanceOre !== expected) problems.push(`ledger ${l.placementId}: balance ${l.balanceOre}, entries sum to ${expected}`);
      }
    }
  });
  const audit = kvarbo(target, ['audit', 'verify', '--json']);
  const verdict = (() => {
    try {
      return JSON.parse(audit.stdout) as { ok: boolean };
    } catch {
      return { ok: false };
    }
  })();
  if (audit.status !== 0 || !verdict.ok) problems.push(`audit verify: ${audit.stdout} ${audit.stderr}`);
  return problems;
}

/** UNITS units of PER_UNIT unpaid placements each: the 2026-11-02 reminder checkpoint makes one task per placement. */
async function seedCheckpointData(target: Target) {
  await withDb(target, (db) =>
    db.kysely.transaction().execute(async (trx) => {
      await seedUnit(trx);
      for (let u = 1; u < UNITS; u++)
        await trx
          .insertInto('units')
          .values({
            id: `${BENCH_UNIT}-${u}`,
            organisation_id: 'bench-org',
            name: `Bench ${u}`,
            bankgiro: null,
            created_at: '2026-01-01T00:00:00.000Z',
          })
          .execute();
      for (let u = 0; u < UNITS; u++) {
        const unitId = u === 0 ? BENCH_UNIT : `${BENCH_UNIT}-${u}`;
        for (let i = 0; i < PER_UNIT; i += 250) {
          const ids = Array.from({ length: Math.min(250, PER_UNIT - i) }, (_, k) => u * PER_UNIT + i + k);
          await insertApartments(trx, ids, { unitId });
          await insertResidents(trx, ids, { unitId });
          await trx
            .insertInto('placements')
            .values(
              ids.map((n) =>
                benchPlacement({ id: `pl-${n}`, resident_id: `res-${n}`, apartment_id: `apt-${n}`, start_date: '2026-01-01' }, n + 1),
              ),
            )
            .execute();
          await trx
            .insertInto('rent_charges')
            .values(
              ids.map((n) => ({
                id: `ch-${n}`,
                placement_id: `pl-${n}`,
                month: '2026-11',
                seq: 1,
                due_date: '2026-10-30',
                amount_ore: 600_000,
                days: 30,
                days_in_month: 30,
                reverses_charge_id: null,
                note: null,
                created_by: null,
                created_at: '2026-01-01T00:00:00.000Z',
              })),
            )
            .execute();
        }
      }
    }),
  );
}

async function countTasks(target: Target, pgClient: pg.Client | null): Promise<number> {
  if (pgClient) return (await pgClient.query('SELECT count(*)::int AS n FROM tasks')).rows[0].n;
  const db = new Database(target.sqliteFile!, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the server did not start');
}

const dialects: ['sqlite' | 'postgres'][] = [['sqlite'], ...(process.env.TEST_DATABASE_URL ? [['postgres'] as ['postgres']] : [])];

describe.each(dialects)('killed with SIGKILL, the invariants hold after a restart (%s)', (dialect) => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-fault-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('during a checkpoint run: the rerun makes exactly one task per placement and checkpoint', async () => {
    const target = await freshTarget(dialect, dir);
    const client = target.db.kind === 'postgres' ? new pg.Client({ connectionString: target.db.url }) : null;
    try {
      await seedCheckpointData(target);
      await client?.connect();
      // Each unit's tasks are committed in their own transaction: kill once some units are done, not all.
      const child = spawnKvarbo(target, ['checkpoint', '--date', '2026-11-02', '--json']);
      const { killed, exit } = await killWhen(child, async () => (await countTasks(target, client)) > 0);
      expect(killed, 'the checkpoint run finished before it could be killed').toBe(true);
      expect(exit).toBe('SIGKILL');
      await settle(target);
      const partial = await countTasks(target, client);
      expect(partial).toBeGreaterThan(0);
      expect(partial, 'killed after the last unit: not mid-run').toBeLessThan(UNITS * PER_UNIT);
      expect(await invariants(target)).toEqual([]);

      const rerun = kvarbo(target, ['checkpoint', '--date', '2026-11-02', '--json']);
      expect(rerun.status, rerun.stderr).toBe(0);
      const created = (JSON.parse(rerun.stdout) as { runs: { created: number }[] }).runs.reduce((s, r) => s + r.created, 0);
      expect(created).toBe(UNITS * PER_UNIT - partial);
      expect(await countTasks(target, client)).toBe(UNITS * PER_UNIT);
      await withDb(target, async (db) => {
        const perPlacement = await db.kysely
          .selectFrom('tasks')
          .select(['placement_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('kind', '=', 'reminder')
          .where('month', '=', '2026-11')
          .groupBy('placement_id')
          .execute();
        expect(perPlacement.length).toBe(UNITS * PER_UNIT);
        expect(perPlacement.every((r) => Number(r.n) === 1)).toBe(true);
        expect(
          await db.kysely
            .selectFrom('checkpoint_runs')
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirst(),
        ).toEqual({
          n: dialect === 'postgres' ? '8' : 8,
        });
      });
      // A third run adds nothing.
      const again = kvarbo(target, ['checkpoint', '--date', '2026-11-02', '--json']);
      expect((JSON.parse(again.stdout) as { runs: { created: number }[] }).runs.every((r) => r.created === 0)).toBe(true);
      expect(await invariants(target)).toEqual([]);
    } finally {
      await client?.end();
      await target.drop();
    }
  }, 120_000);

  it.runIf(dialect === 'sqlite')(
    'during a backup: the database is intact, the partial file is refused, a new backup works',
    async () => {
      const target = await freshTarget(dialect, dir);
      await seedCheckpointData(target);
      const out = path.join(dir, `backup-${crypto.randomBytes(3).toString('hex')}.db`);
      const size = fs.statSync(target.sqliteFile!).size;
      const child = spawnKvarbo(target, ['backup', out]);
      // Part of the copy is on disk, not all of it.
      const { killed, exit } = await killWhen(child, async () => fs.existsSync(out) && fs.statSync(out).size > 0);
      expect(killed, 'the backup finished before it could be killed').toBe(true);
      expect(exit).toBe('SIGKILL');
      expect(fs.existsSync(out) ? fs.statSync(out).size : 0).toBeLessThan(size);

      const source = new Database(target.sqliteFile!, { readonly: true });
      expect(source.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((source.prepare('SELECT count(*) AS n FROM placements').get() as { n: number }).n).toBe(UNITS * PER_UNIT);
      source.close();
      expect(await invariants(target)).toEqual([]);

      // The partial file cannot be restored: the current database stays as it is.
      const refused = kvarbo(target, ['restore', out]);
      expect(refused.status, refused.stdout).toBe(1);
      expect(refused.stderr).toMatch(/nothing was changed/i);
      expect(fs.readdirSync(path.dirname(target.sqliteFile!)).some((f) => f.includes('before-restore'))).toBe(false);

      const again = path.join(dir, `backup-${crypto.randomBytes(3).toString('hex')}.db`);
      const done = kvarbo(target, ['backup', again]);
      expect(done.status, done.stderr).toBe(0);
      const copy = new Database(again, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((copy.prepare('SELECT count(*) AS n FROM placements').get() as { n: number }).n).toBe(UNITS * PER_UNIT);
      copy.close();
      const restored = kvarbo(target, ['restore', again, '--force']);
      expect(restored.status, restored.stderr).toBe(0);
      expect(await invariants(target)).toEqual([]);
    },
    120_000,
  );

  it('while serving payments posted and imported over HTTP: acknowledged writes survive, nothing twice', async () => {
    const target = await freshTarget(dialect, dir);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = spawnKvarbo(target, ['serve'], { PORT: String(port), HOST: '127.0.0.1' });
    try {
      await waitForHealth(url, server);
      const { sessions, placements, unit } = await withDb(target, async (db) => ({
        sessions: await insertSessions(db.kysely, 8, ['manager']),
        placements: (await db.kysely.selectFrom('placements').select('id').where('end_date', 'is', null).execute()).map((p) => p.id),
        unit: await db.kysely.selectFrom('units').select(['id', 'bankgiro']).executeTakeFirstOrThrow(),
      }));
      const s = sessions[0]!;
      const headers = { cookie: `kvarbo_session=${s.token}`, 'x-csrf-token': s.csrfToken };
      const acknowledged: string[] = [];
      const files: Buffer[] = [];
      let stop = false;
      const post = async (p: string, body: string | Uint8Array, type: string) => {
        const res = await fetch(url + p, { method: 'POST', headers: { ...headers, 'content-type': type }, body });
        return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> | null };
      };
      // Four writers posting manual payments, two importing BgMax files (each file twice).
      const manual = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const r = await post(
            `/api/placements/${placements[(w * 7 + i) % placements.length]}/payments`,
            JSON.stringify({ bookingDate: '2026-11-20', amountOre: 100_00 + i, method: 'swish' }),
            'application/json',
          ).catch(() => null);
          if (r?.status === 201 && typeof r.json?.id === 'string') acknowledged.push(r.json.id);
        }
      };
      const imports = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const payments = Array.from({ length: 200 }, (_, k) => ({
            amountOre: 50_00 + k,
            reference: `W${w}F${i}R${k}`,
            payerName: `BETALARE ${k}`,
          }));
          const file = Buffer.from(
            [
              ...buildBgmaxLines([{ payeeBankgiro: (unit.bankgiro ?? '5550009').replace(/\D/g, ''), paymentDate: '2026-11-20', payments }]),
            ].join('\n') + '\n',
            'latin1',
          );
          files.push(file);
          for (let twice = 0; twice < 2 && !stop; twice++)
            await post(
              `/api/payment-imports?unitId=${unit.id}&format=bgmax&fileName=w${w}-${i}.txt`,
              file,
              'application/octet-stream',
            ).catch(() => null);
        }
      };
      const writers = [0, 1, 2, 3].map(manual).concat([0, 1].map(imports));
      const { killed, exit } = await killWhen(server, async () => acknowledged.length >= 60);
      stop = true;
      await Promise.allSettled(writers);
      expect(killed).toBe(true);
      expect(exit).toBe('SIGKILL');
      await settle(target);

      // Every payment the server acknowledged is there; the invariants hold before and after a restart.
      await withDb(target, async (db) => {
        const found = await db.kysely.selectFrom('payments').select('id').where('id', 'in', acknowledged).execute();
        expect(found.length).toBe(acknowledged.length);
      });
      expect(await invariants(target)).toEqual([]);

      const restarted = spawnKvarbo(target, ['serve'], { PORT: String(port), HOST: '127.0.0.1' });
      try {
        await waitForHealth(url, restarted);
        // Sending the files again after the restart counts nothing twice.
        for (const file of files.slice(0, 4)) {
          const r = await post(`/api/payment-imports?unitId=${unit.id}&format=bgmax&fileName=again.txt`, file, 'application/octet-stream');
          expect([200, 201]).toContain(r.status);
        }
      } finally {
        restarted.kill('SIGKILL');
        await new Promise((r) => restarted.once('exit', r));
      }
      await settle(target);
      expect(await invariants(target)).toEqual([]);
    } finally {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
      await target.drop();
    }
  }, 120_000);
});
