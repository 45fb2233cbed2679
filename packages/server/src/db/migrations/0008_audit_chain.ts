import { sql, type Kysely, type Migration } from 'kysely';
import { auditRowHash, GENESIS_HASH, type ChainedFields } from '../../audit/audit-chain.ts';
import type { DialectName } from '../database.ts';

// Issue 8: the audit log becomes a hash chain (see audit/audit-chain.ts). Rows written before this migration are
// chained here, in id order, with the append-only triggers lifted for the duration and put back at once.
export function auditChain(dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.alterTable('audit_log').addColumn('seq', 'bigint').execute();
      await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
      await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
      await db.schema
        .createTable('audit_chain')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();

      if (dialect === 'postgres') await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(db);
      else await sql`DROP TRIGGER audit_log_no_update`.execute(db);
      let seq = 0;
      let prev = GENESIS_HASH;
      for (let after = 0; ;) {
        const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', after).orderBy('id').limit(1000).execute();
        if (rows.length === 0) break;
        for (const r of rows) {
          seq += 1;
          const hash = auditRowHash({ ...(r as Omit<ChainedFields, 'seq' | 'prev_hash'>), seq, prev_hash: prev });
          await db.updateTable('audit_log').set({ seq, prev_hash: prev, hash }).where('id', '=', r.id).execute();
          prev = hash;
        }
        after = Number(rows.at(-1)!.id);
      }
      if (dialect === 'postgres') await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(db);
      else {
        await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
      }
      await db.insertInto('audit_chain').values({ id: 1, seq, hash: prev }).execute();
      await db.schema.createIndex('audit_log_seq_unique').on('audit_log').column('seq').unique().execute();
    },
  };
}
