import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import type { Database } from './schema.ts';
import { allMigrations } from './migrations/index.ts';
import { auditAtCommit } from '../audit/audit-at-commit.ts';
import { PreparingClient } from './preparing-client.ts';

export type DialectName = 'sqlite' | 'postgres';

export type Db = {
  kysely: Kysely<Database>;
  /** SQLite only: a consistent online copy of the database file (SQLite's backup API; safe while serving). */
  backup?: (file: string) => Promise<void>;
  dialect: DialectName;
  /** PostgreSQL schema holding Kvarbo's tables (public unless set, e.g. one per test run). */
  schema?: string;
  close(): Promise<void>;
};

export type DatabaseOptions =
  | { kind: 'sqlite'; file: string }
  | {
      kind: 'postgres';
      url: string;
      schema?: string;
      /** Named statements (preparing-client.ts); default on. */
      preparedStatements?: boolean;
      /** Pool size; default 10. */
      poolSize?: number;
    };

export function databaseOptionsFrom(config: {
  dataDir: string;
  databaseUrl: string | null;
  pgPreparedStatements?: boolean;
  pgPoolSize?: number;
}): DatabaseOptions {
  if (config.databaseUrl) {
    return {
      kind: 'postgres',
      url: config.databaseUrl,
      preparedStatements: config.pgPreparedStatements ?? true,
      poolSize: config.pgPoolSize ?? 10,
    };
  }
  return { kind: 'sqlite', file: path.join(config.dataDir, 'kvarbo.db') };
}

export function openDatabase(options: DatabaseOptions): Db {
  if (options.kind === 'sqlite') {
    if (options.file !== ':memory:') fs.mkdirSync(path.dirname(options.file), { recursive: true });
    const sqlite = new SqliteDatabase(options.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // WAL with NORMAL is durable across application crashes; busy_timeout lets a CLI command and the
    // server share the file without "database is locked" errors.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    const kysely = auditAtCommit(new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }));
    return {
      kysely,
      dialect: 'sqlite',
      backup: async (file) => {
        await sqlite.backup(file);
      },
      close: () => kysely.destroy(),
    };
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    // A connection's catalog caches and prepared statements are worth keeping between quiet spells.
    idleTimeoutMillis: 300_000,
    ...(options.preparedStatements === false ? {} : { Client: PreparingClient }),
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const kysely = auditAtCommit(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }));
  return { kysely, dialect: 'postgres', schema: options.schema ?? 'public', close: () => kysely.destroy() };
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrations = allMigrations(db.dialect);
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  // On PostgreSQL the migration tables must be looked up in our own schema, not in any schema that has them.
  const migrator = new Migrator({ db: db.kysely, provider, ...(db.schema ? { migrationTableSchema: db.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
