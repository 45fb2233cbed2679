import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/db/database.ts';
import type { Q } from '../src/repositories/query.ts';
import { createTestDb, type TestDb } from './support/test-db.ts';

// Named statements on PostgreSQL (src/db/preparing-client.ts): a parameterised statement is prepared once per
// connection under a name derived from its text; statements with many parameters stay unnamed, each connection
// names a bounded number, and the switch turns it off. Checked in pg_prepared_statements of the connection itself
// (a transaction keeps to one connection).

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('named statements on PostgreSQL', () => {
  let base: TestDb;
  let db: Db;
  let unnamed: Db;

  beforeAll(async () => {
    base = await createTestDb('postgres');
    db = openDatabase({ kind: 'postgres', url: url!, schema: base.schema! });
    unnamed = openDatabase({ kind: 'postgres', url: url!, schema: base.schema!, preparedStatements: false });
  });
  afterAll(async () => {
    await db?.close();
    await unnamed?.close();
    await base?.drop();
  });

  const prepared = async (q: Q) =>
    (await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements`.execute(q)).rows.filter((r) =>
      r.name.startsWith('k'),
    );

  it('prepares a repeated parameterised statement once, under one name, and answers it right', async () => {
    await db.kysely.transaction().execute(async (trx) => {
      for (const n of [1, 2, 3]) {
        const row = await trx
          .selectFrom('units')
          .select((eb) => eb.val(n).as('n'))
          .where('id', '=', `none-${n}`)
          .executeTakeFirst();
        expect(row).toBeUndefined();
        const { rows } = await sql<{ n: number }>`SELECT ${n}::int + 1 AS n`.execute(trx);
        expect(rows).toEqual([{ n: n + 1 }]);
      }
      const named = await prepared(trx);
      expect(named.filter((r) => r.statement.includes('"units"'))).toHaveLength(1);
      expect(named.filter((r) => r.statement.includes('::int + 1'))).toHaveLength(1);
    });
  });

  it('leaves statements with many parameters unnamed', async () => {
    await db.kysely.transaction().execute(async (trx) => {
      const ids = Array.from({ length: 40 }, (_, i) => `id-${i}`);
      expect(await trx.selectFrom('units').select('id').where('id', 'in', ids).execute()).toEqual([]);
      expect((await prepared(trx)).filter((r) => r.statement.includes('"id" in'))).toEqual([]);
    });
  });

  it('names at most 500 statements on one connection and still answers the rest', async () => {
    await db.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < 520; i++) {
        const { rows } = await sql<{ n: number }>`SELECT ${i}::int AS n, ${sql.lit(i)} AS distinct_text`.execute(trx);
        expect(rows[0]!.n).toBe(i);
      }
      expect((await prepared(trx)).length).toBe(500);
    });
  });

  it('names nothing when switched off', async () => {
    await unnamed.kysely.transaction().execute(async (trx) => {
      await trx.selectFrom('units').select('id').where('id', '=', 'x').execute();
      await trx.selectFrom('units').select('id').where('id', '=', 'y').execute();
      expect(await prepared(trx)).toEqual([]);
    });
  });
});
