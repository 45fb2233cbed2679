import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// Culling (gallring, issue 8; docs/culling.md). A culled person's records are de-identified, not deleted, where the
// statistics count them: the person's row stays (so placements, charges and month statuses keep their key) with
// culled_at set and the name, number and contact details blanked. Eviction-prevention cases and landlord reports
// carry their own marker, since a household need not be a registered resident.
//
// legal_holds: a manager's hold on culling (gallringsstopp) for one resident or one eviction case, with a reason;
// lifting keeps the row (who and when), and at most one hold per subject is in force (partial unique indexes).
// culling_runs: one row per `kvarbo cull` run with the counts per kind; no personal data, not even ids.
export function culling(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.alterTable('residents').addColumn('culled_at', 'text').execute();
      await db.schema.alterTable('eviction_cases').addColumn('culled_at', 'text').execute();
      await db.schema.alterTable('eviction_reports').addColumn('culled_at', 'text').execute();

      await db.schema
        .createTable('legal_holds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('resident_id', 'text', (c) => c.references('residents.id'))
        .addColumn('eviction_case_id', 'text', (c) => c.references('eviction_cases.id'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('placed_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('placed_at', 'text', (c) => c.notNull())
        .addColumn('lifted_by', 'text', (c) => c.references('users.id'))
        .addColumn('lifted_at', 'text')
        .addCheckConstraint('legal_holds_one_subject', sql`(resident_id IS NULL) <> (eviction_case_id IS NULL)`)
        .addCheckConstraint('legal_holds_lifted_together', sql`(lifted_by IS NULL) = (lifted_at IS NULL)`)
        .execute();
      await db.schema
        .createIndex('legal_holds_resident_active_unique')
        .on('legal_holds')
        .column('resident_id')
        .unique()
        .where(sql<boolean>`lifted_at IS NULL AND resident_id IS NOT NULL`)
        .execute();
      await db.schema
        .createIndex('legal_holds_case_active_unique')
        .on('legal_holds')
        .column('eviction_case_id')
        .unique()
        .where(sql<boolean>`lifted_at IS NULL AND eviction_case_id IS NOT NULL`)
        .execute();
      await db.schema.createIndex('legal_holds_resident_idx').on('legal_holds').column('resident_id').execute();
      await db.schema.createIndex('legal_holds_case_idx').on('legal_holds').column('eviction_case_id').execute();

      await db.schema
        .createTable('culling_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('run_at', 'text', (c) => c.notNull())
        // The date the rules were applied for ('YYYY-MM-DD', `kvarbo cull --date`).
        .addColumn('as_of', 'text', (c) => c.notNull())
        .addColumn('dry_run', 'integer', (c) => c.notNull())
        .addColumn('residents', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('eviction_cases', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('eviction_reports', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('unmatched_payments', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('research_exempt', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
