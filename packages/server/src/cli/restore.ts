import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Config } from '../config.ts';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { allMigrations } from '../db/migrations/index.ts';
import { UsageError } from './args.ts';

const POSTGRES_HELP = `kvarbo: restore is for SQLite. On PostgreSQL, stop Kvarbo and restore a pg_dump archive with pg_restore:
  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" kvarbo.dump
or a plain SQL dump with psql:
  psql "$DATABASE_URL" --single-transaction --file=kvarbo.sql
then start Kvarbo (it runs the migrations on start; or run "kvarbo migrate"). See README, "Backup".`;

/** Refused restore: nothing has been changed. */
class RestoreRefused extends Error {}

export type RestoreResult = { restored: string; previousSavedAs: string | null; migrated: string[] };

/**
 * `kvarbo restore FILE [--force] [--json]`: replace the SQLite database with a backup made by `kvarbo backup`.
 * The server must be stopped; a database that looks in use (a WAL file with content, or another connection) is
 * refused unless --force. The current database is kept next to it as kvarbo.db.before-restore-<timestamp>.
 */
export async function restoreCommand(config: Config, args: string[], flags: Map<string, string | true>): Promise<number> {
  if (config.databaseUrl) {
    console.error(POSTGRES_HELP);
    return 2;
  }
  // `--force` takes no value, but the shared parser gives it the next word: `restore --force FILE`.
  const forceFlag = flags.get('force');
  const file = args[0] ?? (typeof forceFlag === 'string' ? forceFlag : undefined);
  if (!file) throw new UsageError('restore needs FILE');
  const force = forceFlag !== undefined;
  try {
    const result = await restore(path.resolve(file), path.join(config.dataDir, 'kvarbo.db'), force);
    if (flags.has('json')) console.log(JSON.stringify(result));
    else
      console.log(
        `Restored ${result.restored} into ${path.join(config.dataDir, 'kvarbo.db')}; previous database ${
          result.previousSavedAs ? `saved as ${result.previousSavedAs}` : 'did not exist'
        }; ${result.migrated.length ? `migrations applied: ${result.migrated.join(', ')}` : 'already up to date'}.`,
      );
    return 0;
  } catch (e) {
    if (e instanceof RestoreRefused) {
      console.error(`kvarbo: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

export async function restore(source: string, target: string, force: boolean): Promise<RestoreResult> {
  if (source === target) throw new RestoreRefused(`${source} is the database itself; restore from a backup file.`);
  const src = openBackup(source);
  try {
    checkBackup(src, source);
    const dir = path.dirname(target);
    fs.mkdirSync(dir, { recursive: true });
    const previousSavedAs = fs.existsSync(target) ? await savePrevious(target, force) : null;

    // Copy through SQLite's backup API (also picks up a -wal next to the backup file), into the same directory so
    // the rename below is atomic, and onto disk before the rename.
    const tmp = path.join(dir, `.${path.basename(target)}.restore-${process.pid}.tmp`);
    removeDbFiles(tmp);
    try {
      await src.backup(tmp);
      fsyncFile(tmp);
      // The old database's WAL and shared memory must not be replayed onto the restored file.
      for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(target + suffix, { force: true });
      fs.renameSync(tmp, target);
      fsyncDir(dir);
    } finally {
      removeDbFiles(tmp);
    }
    src.close();

    const db = openDatabase({ kind: 'sqlite', file: target });
    try {
      const migrated = await migrateToLatest(db);
      return { restored: source, previousSavedAs, migrated };
    } finally {
      await db.close();
    }
  } finally {
    if (src.open) src.close();
  }
}

function openBackup(source: string): SqliteDatabase.Database {
  if (!fs.existsSync(source)) throw new RestoreRefused(`${source} does not exist; nothing was changed.`);
  if (!fs.statSync(source).isFile()) throw new RestoreRefused(`${source} is not a file; nothing was changed.`);
  try {
    return new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new RestoreRefused(`${source} is not a Kvarbo SQLite database (${(e as Error).message}); nothing was changed.`);
  }
}

/** A Kvarbo SQLite database, undamaged, from this version of Kvarbo or an older one. */
function checkBackup(src: SqliteDatabase.Database, source: string) {
  const notKvarbo = (why: string) => new RestoreRefused(`${source} is not a Kvarbo SQLite database (${why}); nothing was changed.`);
  let tables: Set<string>;
  try {
    tables = new Set((src.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
  } catch (e) {
    throw notKvarbo((e as Error).message);
  }
  for (const t of ['kysely_migration', 'audit_log'])
    if (!tables.has(t)) throw notKvarbo(`it has no ${t} table${tables.size === 0 ? '; the file is empty' : ''}`);
  const problems = (src.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  if (problems.length !== 1 || problems[0] !== 'ok')
    throw new RestoreRefused(`${source} fails SQLite's integrity check: ${problems.slice(0, 5).join('; ')}; nothing was changed.`);
  const known = new Set(Object.keys(allMigrations('sqlite')));
  const unknown = (src.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !known.has(n));
  if (unknown.length)
    throw new RestoreRefused(
      `${source} comes from a newer Kvarbo (migrations ${unknown.join(', ')}); upgrade Kvarbo first. Nothing was changed.`,
    );
}

/** Keeps a consistent copy of the current database next to it; refuses one that looks in use unless forced. */
async function savePrevious(target: string, force: boolean): Promise<string> {
  const wal = target + '-wal';
  if (!force && fs.existsSync(wal) && fs.statSync(wal).size > 0)
    throw new RestoreRefused(
      `${target} has a non-empty write-ahead log (${wal}): Kvarbo may still be running. Stop the server and try again, ` +
        `or use --force if it is stopped. Nothing was changed.`,
    );
  let db: SqliteDatabase.Database;
  try {
    db = new SqliteDatabase(target, { fileMustExist: true, timeout: force ? 5000 : 0 });
  } catch (e) {
    throw new RestoreRefused(`cannot open the current database ${target} (${(e as Error).message}); nothing was changed.`);
  }
  try {
    if (!force) {
      // Leaving WAL mode needs the only connection to the file: this fails while the server (or another command)
      // has the database open.
      let mode: unknown;
      try {
        mode = db.pragma('journal_mode = DELETE', { simple: true });
      } catch (e) {
        mode = (e as Error).message;
      }
      if (mode !== 'delete')
        throw new RestoreRefused(
          `${target} is in use (${String(mode)}): stop Kvarbo first, or use --force if it is stopped. Nothing was changed.`,
        );
    }
    const saved = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await db.backup(saved);
    fsyncFile(saved);
    return saved;
  } finally {
    db.close();
  }
}

function removeDbFiles(file: string) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

function fsyncFile(file: string) {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string) {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a directory (Windows); the rename itself is still atomic.
  }
}
