import { Migrator, sql } from 'kysely';
import { allMigrations } from '../src/db/migrations/index.ts';
import { createTestDb } from './support/test-db.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { verifyAuditChain } from '../src/services/audit.service.ts';
import { aResident } from './support/builders.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// The audit log as a hash chain (issue 8): every append extends it, also from many requests at once, and a row
// changed or removed behind Kvarbo's back is found and named.
describe.each(TEST_DIALECTS)('audit hash chain on %s', (dialect) => {
  let t: TestApp;
  const residents: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const c = await t.as('caseworkerA');
    for (let i = 0; i < 3; i++) residents.push((await aResident(c, TEST_PERSONAL_NUMBERS[120 + i]!)).id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('chains every row, also when many requests write at once', async () => {
    const c = await t.as('caseworkerA');
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.get(`/api/residents/${residents[i % 3]}`)));
    const result = await verifyAuditChain(t.db.kysely);
    expect(result).toMatchObject({ ok: true, firstBroken: null });
    const count = await t.db.kysely
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(result.rows).toBe(Number(count.n));
    expect(result.rows).toBeGreaterThanOrEqual(23);
  });

  it('names the first row that was changed directly in the database', async () => {
    const target = await t.db.kysely
      .selectFrom('audit_log')
      .select(['id', 'seq'])
      .orderBy('seq')
      .offset(5)
      .limit(1)
      .executeTakeFirstOrThrow();
    // What an operator with database access could do: lift the append-only trigger and edit a row.
    if (dialect === 'postgres') await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(t.db.kysely);
    else await sql`DROP TRIGGER audit_log_no_update`.execute(t.db.kysely);
    await t.db.kysely.updateTable('audit_log').set({ user_name: 'Någon annan' }).where('id', '=', target.id).execute();
    const result = await verifyAuditChain(t.db.kysely);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ id: Number(target.id), seq: Number(target.seq), reason: 'hash_mismatch' });
  });

  it('notices rows removed from the end', async () => {
    // Put the edited row back as it was chained, then drop the newest row.
    const head = await t.db.kysely.selectFrom('audit_log').select(['id']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    await t.db.kysely.updateTable('audit_log').set({ user_name: 'Test caseworkerA' }).where('user_name', '=', 'Någon annan').execute();
    expect((await verifyAuditChain(t.db.kysely)).ok).toBe(true);
    if (dialect === 'postgres') await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(t.db.kysely);
    else await sql`DROP TRIGGER IF EXISTS audit_log_no_delete`.execute(t.db.kysely);
    await t.db.kysely.deleteFrom('audit_log').where('id', '=', head.id).execute();
    const result = await verifyAuditChain(t.db.kysely);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.reason).toBe('head_mismatch');
  });
});

describe.each(TEST_DIALECTS)('audit chain migration on %s', (dialect) => {
  it('chains the rows written before it, in order', async () => {
    const db = await createTestDb(dialect, { migrate: false });
    try {
      const provider = { getMigrations: async () => allMigrations(db.dialect) };
      const migrator = new Migrator({ db: db.kysely, provider, ...(db.schema ? { migrationTableSchema: db.schema } : {}) });
      expect((await migrator.migrateTo('0007_housing_first')).error).toBeUndefined();
      for (let i = 0; i < 3; i++) {
        await sql`INSERT INTO audit_log (at, user_id, user_name, unit_id, resident_id, entity, entity_id, action, ip)
          VALUES (${`2026-11-0${i + 1}T10:00:00.000Z`}, NULL, 'Före kedjan', NULL, NULL, 'resident', NULL, 'read', NULL)`.execute(
          db.kysely,
        );
      }
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await verifyAuditChain(db.kysely)).toEqual({ ok: true, rows: 3, unlinked: 0, firstBroken: null });
      // And the append-only rule is back.
      await expect(sql`UPDATE audit_log SET user_name = 'x'`.execute(db.kysely)).rejects.toThrow(/append-only/);
    } finally {
      await db.drop();
    }
  });
});
