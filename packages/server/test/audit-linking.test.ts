import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/auth/actor.ts';
import { chainAfterAppend, settleAuditLinking } from '../src/audit/audit-at-commit.ts';
import { linkPendingAudit, recordAudit, verifyAuditChain } from '../src/services/audit.service.ts';
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

describe.each(TEST_DIALECTS)('audit rows linked into the chain after commit on %s', (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => {
    await db?.drop();
  });
  const logged = async (entityId: string) =>
    (await db.kysely.selectFrom('audit_log').select('entity_id').where('entity_id', '=', entityId).execute()).length;

  it('inserts a transaction’s rows with its change and links them, in order, once it has committed', async () => {
    const seenInside = await db.kysely.transaction().execute(async (trx) => {
      await recordAudit(trx, actor, new Date(), [entry('first')]);
      await recordAudit(trx, actor, new Date(), [entry('second'), entry('third')]);
      return trx.selectFrom('audit_log').select(['entity_id', 'seq', 'hash']).where('entity_id', '=', 'first').execute();
    });
    expect(seenInside).toEqual([{ entity_id: 'first', seq: null, hash: null }]);
    // The transaction has answered; the linking runs after it, and settles.
    await settleAuditLinking(db.kysely);
    const rows = await db.kysely
      .selectFrom('audit_log')
      .select(['entity_id', 'seq'])
      .where('entity_id', 'in', ['first', 'second', 'third'])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.entity_id)).toEqual(['first', 'second', 'third']);
    expect(rows.every((r) => r.seq !== null)).toBe(true);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, unlinked: 0 });
  });

  it('leaves the rows of a failed linking run for the next run, which links them', async () => {
    await recordAudit(db.kysely, actor, new Date(), [entry('before-failure')]);
    await settleAuditLinking(db.kysely);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      // A row committed, then a linking run that fails (as a lost connection would).
      await db.kysely.transaction().execute(async (trx) => {
        await sql`INSERT INTO audit_log (at, user_id, user_name, unit_id, resident_id, entity, entity_id, action, ip)
          VALUES (${new Date().toISOString()}, 'u-audit-test', 'Test Loggare', NULL, NULL, 'resident', 'orphan', 'read', NULL)`.execute(
          trx,
        );
      });
      await chainAfterAppend(db.kysely, async () => {
        throw Object.assign(new Error('connection lost'), { code: 'ECONNRESET' });
      });
      await settleAuditLinking(db.kysely);
    } finally {
      console.error = original;
    }
    expect(errors).toEqual([expect.stringContaining('linking audit rows failed (ECONNRESET)')]);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, unlinked: 1 });
    // The next request's run links it together with its own rows.
    await recordAudit(db.kysely, actor, new Date(), [entry('after-failure')]);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, unlinked: 0 });
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

  it('allows linking a new row once and nothing else: an edit or a second linking is refused', async () => {
    await recordAudit(db.kysely, actor, new Date(), [entry('sealed')]);
    const [row] = await db.kysely.selectFrom('audit_log').select(['id']).where('entity_id', '=', 'sealed').execute();
    await expect(sql`UPDATE audit_log SET hash = 'x' WHERE id = ${row!.id}`.execute(db.kysely)).rejects.toThrow(/append-only/);
    await expect(
      sql`UPDATE audit_log SET seq = NULL, prev_hash = NULL, hash = NULL WHERE id = ${row!.id}`.execute(db.kysely),
    ).rejects.toThrow(/append-only/);
    // A row not yet linked may have nothing but its link set.
    await sql`INSERT INTO audit_log (at, user_name, entity, action) VALUES ('2026-11-24T00:00:00.000Z', 'x', 'resident', 'read')`.execute(
      db.kysely,
    );
    await expect(
      sql`UPDATE audit_log SET user_name = 'someone else', seq = 999999, prev_hash = 'p', hash = 'h' WHERE seq IS NULL`.execute(db.kysely),
    ).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(db.kysely)).unlinked).toBe(1);
    await linkPendingAudit(db.kysely);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, unlinked: 0 });
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
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, unlinked: 0 });
  });
});
