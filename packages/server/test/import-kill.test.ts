import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { buildBgmaxLines } from '@kvarbo/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A process killed in the middle of an import must leave the database as before it: the import runs in one
// transaction, so SIGKILL during the writing pass rolls everything back (SQLite's WAL, PostgreSQL's MVCC).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'packages/server/bin/kvarbo.js');
const PAYMENTS = 120_000;

function bigBgmaxFile(dir: string): string {
  const file = path.join(dir, 'big-bgmax.txt');
  const payments = Array.from({ length: PAYMENTS }, (_, i) => ({
    amountOre: 100_00 + (i % 5000),
    reference: `REF${i}`,
    payerName: `BETALARE ${i}`,
  }));
  const sections = [];
  for (let i = 0; i < payments.length; i += 10_000)
    sections.push({ payeeBankgiro: '5550009', paymentDate: '2026-11-02', payments: payments.slice(i, i + 10_000) });
  fs.writeFileSync(file, [...buildBgmaxLines(sections)].join('\n') + '\n', 'latin1');
  return file;
}

function env(extra: Record<string, string>) {
  const e: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!extra.DATABASE_URL) delete e.DATABASE_URL;
  return e;
}

function runImport(file: string, environment: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [BIN, 'import-payments', '--format', 'bgmax', file, '--json'], {
    cwd: ROOT,
    env: environment,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** Starts the import and kills it with SIGKILL once `started()` says the writing pass is under way. */
async function killDuringImport(file: string, environment: NodeJS.ProcessEnv, started: () => Promise<boolean>) {
  const child = spawn(process.execPath, [BIN, 'import-payments', '--format', 'bgmax', file, '--json'], {
    cwd: ROOT,
    env: environment,
    stdio: 'ignore',
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const deadline = Date.now() + 60_000;
  let killed = false;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await started()) {
      child.kill('SIGKILL');
      killed = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return { killed, exit: await exited };
}

describe('an import killed part-way writes nothing', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-kill-'));
    file = bigBgmaxFile(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('on SQLite', async () => {
    const dataDir = path.join(dir, 'sqlite');
    const environment = env({ KVARBO_DATA_DIR: dataDir });
    expect(spawnSync(process.execPath, [BIN, 'migrate'], { cwd: ROOT, env: environment }).status).toBe(0);
    const dbFile = path.join(dataDir, 'kvarbo.db');
    seedUnit((sql, params) => {
      const db = new Database(dbFile);
      db.prepare(sql).run(...params);
      db.close();
    });
    const walFile = `${dbFile}-wal`;
    const walBefore = fs.existsSync(walFile) ? fs.statSync(walFile).size : 0;
    // Pages written to the WAL mean the import's transaction is writing.
    const { killed, exit } = await killDuringImport(
      file,
      environment,
      async () => fs.existsSync(walFile) && fs.statSync(walFile).size > walBefore + 2_000_000,
    );
    expect(killed, 'the import finished before it could be killed').toBe(true);
    expect(exit).toBe('SIGKILL');

    const db = new Database(dbFile);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) AS n FROM payments').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM payment_imports').get()).toEqual({ n: 0 });
    db.close();

    // The same file imports completely afterwards.
    const done = runImport(file, environment);
    expect(done.status, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ payments: PAYMENTS, duplicates: 0, unmatched: PAYMENTS });
  });

  it.runIf(!!process.env.TEST_DATABASE_URL)('on PostgreSQL', async () => {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `kvarbo_kill_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = base.replace(/\/[^/]*$/, `/${name}`);
    const db = new pg.Client({ connectionString: url });
    try {
      const environment = env({ DATABASE_URL: url, KVARBO_DATA_DIR: path.join(dir, 'unused') });
      expect(spawnSync(process.execPath, [BIN, 'migrate'], { cwd: ROOT, env: environment }).status).toBe(0);
      await db.connect();
      const inserts: { sql: string; params: unknown[] }[] = [];
      // pg numbers its parameters: ? → $1, $2, …
      seedUnit((sql, params) =>
        inserts.push({ sql: sql.replace(/\?/g, (_: string, at: number) => `$${sql.slice(0, at).split('?').length}`), params }),
      );
      for (const { sql, params } of inserts) await db.query(sql, params);
      // Writing has begun once a payments insert shows up in the import's session.
      const { killed, exit } = await killDuringImport(file, environment, async () => {
        const r = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'insert into "payments"%'`,
          [name],
        );
        return r.rows[0].n > 0;
      });
      expect(killed).toBe(true);
      expect(exit).toBe('SIGKILL');
      // The server notices the dropped connection and rolls the transaction back.
      for (let i = 0; i < 100; i++) {
        const open = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [
          name,
        ]);
        if (open.rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await db.query('SELECT count(*)::int AS n FROM payments')).rows[0].n).toBe(0);
      expect((await db.query('SELECT count(*)::int AS n FROM payment_imports')).rows[0].n).toBe(0);
    } finally {
      await db.end().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});

function seedUnit(run: (sql: string, params: unknown[]) => void) {
  const now = new Date().toISOString();
  run('INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)', ['org-kill', 'Kvarbo', now]);
  run('INSERT INTO units (id, organisation_id, name, bankgiro, created_at) VALUES (?, ?, ?, ?, ?)', [
    'unit-kill',
    'org-kill',
    'Enheten',
    '555-0009',
    now,
  ]);
}
