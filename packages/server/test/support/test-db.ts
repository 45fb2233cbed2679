import crypto from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Db, type DialectName } from '../../src/db/database.ts';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const TEST_DIALECTS: DialectName[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export type TestDb = Db & { drop(): Promise<void> };

/** A fresh, migrated database: an in-memory SQLite file, or a schema of its own on PostgreSQL. */
/** A fresh database; `migrate: false` leaves it empty for a test that runs the migrations itself. */
export async function createTestDb(dialect: DialectName, opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const migrate = opts.migrate ?? true;
  if (dialect === 'sqlite') {
    const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
    if (migrate) await migrateToLatest(db);
    return { ...db, drop: () => db.close() };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `kvarbo_test_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE SCHEMA ${schema}`);
  const db = openDatabase({ kind: 'postgres', url, schema });
  if (migrate) await migrateToLatest(db);
  return {
    ...db,
    async drop() {
      await db.close();
      await adminQuery(url, `DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
