import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../src/db/database.ts';
import { allMigrations } from '../src/db/migrations/index.ts';
import type { Database } from '../src/db/schema.ts';
import { appendAudit } from '../src/repositories/audit.repository.ts';
import { verifyAuditChain } from '../src/services/audit.service.ts';

// Issue 8: `kvarbo backup FILE` while rows keep being written, then `kvarbo restore FILE` (the real binary, SQLite).

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = path.join('packages', 'server', 'bin', 'kvarbo.js');

type Run = { status: number | null; stdout: string; stderr: string };

function kvarbo(args: string[], dataDir: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KVARBO_') && k !== 'DATABASE_URL') env[k] = v;
  env.KVARBO_DATA_DIR = dataDir;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Reads a database file without writing to it (no WAL switch, no migrations). */
async function inspect<T>(file: string, fn: (raw: SqliteDatabase.Database, kysely: Kysely<Database>) => Promise<T>): Promise<T> {
  const raw = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    return await fn(raw, kysely);
  } finally {
    await kysely.destroy();
  }
}

/**
 * The test rows' ids in chain order (rows committed but not yet linked — the linking runs after a commit — last, in
 * the id order they will be linked in), the integrity check and the audit chain's verdict.
 */
function snapshot(file: string) {
  return inspect(file, async (raw, kysely) => ({
    ids: (
      raw.prepare(`SELECT entity_id FROM audit_log WHERE entity = 'backup-test' ORDER BY seq IS NULL, seq, id`).all() as {
        entity_id: string;
      }[]
    ).map((r) => r.entity_id),
    allRows: (raw.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n,
    integrity: raw.pragma('integrity_check', { simple: true }),
    chain: await verifyAuditChain(kysely),
  }));
}

function writeRow(db: Db, id: string) {
  return db.kysely.transaction().execute((tx) =>
    appendAudit(tx, [
      {
        at: new Date().toISOString(),
        user_id: null,
        user_name: 'Skrivtest',
        unit_id: null,
        resident_id: null,
        entity: 'backup-test',
        entity_id: id,
        action: 'create',
        ip: null,
      },
    ]),
  );
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('kvarbo backup and restore (SQLite)', () => {
  let base: string;
  let dataDir: string;
  let dbFile: string;
  let db: Db;
  beforeAll(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-backup-'));
    dataDir = path.join(base, 'data');
    dbFile = path.join(dataDir, 'kvarbo.db');
    db = openDatabase({ kind: 'sqlite', file: dbFile });
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db.close().catch(() => {});
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('backs up under write load, then restores exactly the backup', async () => {
    // A writer that commits one audited row per transaction until told to stop, remembering what it committed.
    const committed: string[] = [];
    let stop = false;
    const writer = (async () => {
      for (let n = 1; !stop; n++) {
        await writeRow(db, `w${n}`);
        committed.push(`w${n}`);
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    while (committed.length < 50) await new Promise((r) => setTimeout(r, 5));

    const backupFile = path.join(base, 'backups', 'kvarbo-backup.db');
    fs.mkdirSync(path.dirname(backupFile));
    const beforeBackup = committed.length;
    const backup = await kvarbo(['backup', backupFile], dataDir);
    const afterBackup = committed.length;
    stop = true;
    await writer;
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`Backup written to ${backupFile}`);
    // The writer kept going while the backup ran.
    expect(afterBackup).toBeGreaterThan(beforeBackup);

    const copy = await snapshot(backupFile);
    expect(copy.integrity).toBe('ok');
    expect(copy.chain).toMatchObject({ ok: true, firstBroken: null });
    // Every row committed before the backup started, and otherwise only whole transactions in commit order.
    expect(copy.ids.length).toBeGreaterThanOrEqual(beforeBackup);
    expect(copy.ids).toEqual(committed.slice(0, copy.ids.length));

    // Later writes, which the restore must take away again.
    for (let n = 1; n <= 20; n++) await writeRow(db, `after${n}`);
    const current = await snapshot(dbFile);
    expect(current.ids).toEqual([...committed, ...Array.from({ length: 20 }, (_, i) => `after${i + 1}`)]);

    // While the database is open (the "server" runs), restore refuses and changes nothing.
    const busy = await kvarbo(['restore', backupFile], dataDir);
    expect(busy.status).toBe(1);
    expect(busy.stderr).toMatch(/Kvarbo may still be running|is in use/);
    expect(fs.readdirSync(dataDir).filter((f) => f.includes('before-restore'))).toEqual([]);

    await db.close();
    const restored = await kvarbo(['restore', backupFile, '--json'], dataDir);
    expect(restored.status, restored.stderr).toBe(0);
    const result = JSON.parse(restored.stdout) as { restored: string; previousSavedAs: string; migrated: string[] };
    expect(result.restored).toBe(backupFile);
    expect(result.migrated).toEqual([]);
    expect(path.dirname(result.previousSavedAs)).toBe(dataDir);
    expect(path.basename(result.previousSavedAs)).toMatch(/^kvarbo\.db\.before-restore-\d{4}-\d{2}-\d{2}T[\d-]+Z$/);

    // No stale WAL of the old database, no temporary file left behind.
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('.') || f.endsWith('-wal') || f.endsWith('-shm'))).toEqual([]);

    // Exactly the backup's rows: the later ones are gone, and the chain still verifies.
    const after = await snapshot(dbFile);
    expect(after).toEqual(copy);
    expect(after.ids).not.toContain('after1');
    // The previous database was kept, with everything in it.
    const previous = await snapshot(result.previousSavedAs);
    expect(previous.ids).toEqual(current.ids);
    expect(previous.chain.ok).toBe(true);
    // The restored database is a working Kvarbo database: it extends the chain.
    const reopened = openDatabase({ kind: 'sqlite', file: dbFile });
    try {
      await writeRow(reopened, 'after-restore');
      expect((await verifyAuditChain(reopened.kysely)).ok).toBe(true);
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it('brings an older backup up to date with the migrations', async () => {
    // A backup from before the audit hash chain (0008), holding an audit row without a hash.
    const old = path.join(base, 'old.db');
    const fresh = openDatabase({ kind: 'sqlite', file: old });
    const migrations = allMigrations('sqlite');
    const migrator = new Migrator({ db: fresh.kysely, provider: { getMigrations: async () => migrations } });
    const { error } = await migrator.migrateTo('0007_housing_first');
    expect(error).toBeUndefined();
    await sql`INSERT INTO audit_log (at, user_id, user_name, unit_id, resident_id, entity, entity_id, action, ip)
      VALUES (${new Date().toISOString()}, NULL, 'Skrivtest', NULL, NULL, 'backup-test', 'old-row', 'create', NULL)`.execute(fresh.kysely);
    await fresh.close();
    const newer = Object.keys(migrations).filter((name) => name > '0007_housing_first');
    const dir = path.join(base, 'data-old');
    const run = await kvarbo(['restore', old, '--json'], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ previousSavedAs: null, migrated: newer });
    const now = await snapshot(path.join(dir, 'kvarbo.db'));
    expect(now).toMatchObject({ ids: ['old-row'], integrity: 'ok', chain: { ok: true, rows: 1 } });
  }, 60_000);

  it('refuses a file that is not a Kvarbo database and changes nothing', async () => {
    const dir = path.join(base, 'data-refuse');
    const target = path.join(dir, 'kvarbo.db');
    const setup = openDatabase({ kind: 'sqlite', file: target });
    await migrateToLatest(setup);
    await writeRow(setup, 'keep-me');
    await setup.close();
    const before = { files: fs.readdirSync(dir).sort(), hash: sha256(target) };

    const text = path.join(base, 'notes.txt');
    fs.writeFileSync(text, 'This is not a database, just some text that is long enough to look like a file.\n'.repeat(100));
    const other = path.join(base, 'other.db');
    const raw = new SqliteDatabase(other);
    raw.exec('CREATE TABLE things (id INTEGER PRIMARY KEY)');
    raw.close();

    const [notDb, notKvarbo, missing, noFile] = await Promise.all([
      kvarbo(['restore', text], dir),
      kvarbo(['restore', other], dir),
      kvarbo(['restore', path.join(base, 'missing.db')], dir),
      kvarbo(['restore'], dir),
    ]);
    expect(notDb.status).toBe(1);
    expect(notDb.stderr).toMatch(/is not a Kvarbo SQLite database \(file is not a database\); nothing was changed/);
    expect(notKvarbo.status).toBe(1);
    expect(notKvarbo.stderr).toMatch(/is not a Kvarbo SQLite database \(it has no kysely_migration table\)/);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
    expect(noFile.status).toBe(2);
    expect(noFile.stderr).toMatch(/restore needs FILE/);

    expect({ files: fs.readdirSync(dir).sort(), hash: sha256(target) }).toEqual(before);
    expect((await snapshot(target)).ids).toEqual(['keep-me']);
  }, 60_000);
});
