import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/auth/actor.ts';
import { recordAudit, verifyAuditChain } from '../src/services/audit.service.ts';
import { createTestDb, TEST_DIALECTS, type TestDb } from './support/test-db.ts';

const actor: Actor = {
  userId: 'u-audit-test',
  userName: 'Test Loggare',
  organisationId: 'org',
  isAdmin: false,
  kind: 'staff',
  landlordId: null,
  memberships: [],
  ip: '127.0.0.1',
};
const entry = (entityId: string) => ({ residentId: null, unitId: null, entity: 'resident', entityId, action: 'read' as const });

describe.each(TEST_DIALECTS)('audit rows appended at commit on %s', (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => {
    await db?.drop();
  });
  const logged = async (entityId: string) =>
    (await db.kysely.selectFrom('audit_log').select('entity_id').where('entity_id', '=', entityId).execute()).length;

  it('writes a transaction’s rows when its work is done, in the order they were recorded, and the chain verifies', async () => {
    const seenInside = await db.kysely.transaction().execute(async (trx) => {
      await recordAudit(trx, actor, new Date(), [entry('first')]);
      await recordAudit(trx, actor, new Date(), [entry('second'), entry('third')]);
      return (await trx.selectFrom('audit_log').select('id').where('entity_id', '=', 'first').execute()).length;
    });
    expect(seenInside).toBe(0);
    const rows = await db.kysely
      .selectFrom('audit_log')
      .select(['entity_id', 'seq'])
      .where('entity_id', 'in', ['first', 'second', 'third'])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.entity_id)).toEqual(['first', 'second', 'third']);
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
  });

  it('writes nothing when the transaction fails, and appends at once outside a transaction', async () => {
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await recordAudit(trx, actor, new Date(), [entry('rolled-back')]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await logged('rolled-back')).toBe(0);
    await recordAudit(db.kysely, actor, new Date(), [entry('no-transaction')]);
    expect(await logged('no-transaction')).toBe(1);
  });

  it.runIf(dialect === 'postgres')('does not hold the chain’s lock while the transaction does its other work', async () => {
    // A long request has logged its read and is still working; another request must be able to log and commit.
    // Were the head row locked since the read was recorded, the second transaction would wait for the first,
    // which waits for the second: lock_timeout turns that into an error instead of a hang.
    let release!: () => void;
    const secondDone = new Promise<void>((resolve) => (release = resolve));
    const first = db.kysely.transaction().execute(async (trx) => {
      await recordAudit(trx, actor, new Date(), [entry('long-request')]);
      await secondDone;
    });
    await db.kysely.transaction().execute(async (trx) => {
      await sql`SET LOCAL lock_timeout = '3s'`.execute(trx);
      await recordAudit(trx, actor, new Date(), [entry('short-request')]);
    });
    release();
    await first;
    expect(await logged('long-request')).toBe(1);
    expect(await logged('short-request')).toBe(1);
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
  });
});
