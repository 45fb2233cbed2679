import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

/** Tables that get a row version of their own in this migration (see docs/concurrency.md). */
export const MORE_VERSIONED_TABLES = ['household_budgets', 'referrals', 'unit_security_settings'] as const;

// Optimistic concurrency for the edits that had none (docs/concurrency.md): a case's household budget, a referral's
// status and a unit's security settings each carry a row version like the tables of 0013_row_versions. An edit
// names the version it read; the update is `WHERE … AND version = ?` with `version = version + 1`. Existing rows
// start at version 1. A case without a budget, and a unit keeping the default security settings, have no row: the
// API shows their version as null (budget) or 0 (security settings).
export function moreRowVersions(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      for (const table of MORE_VERSIONED_TABLES) {
        await db.schema
          .alterTable(table)
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();
      }
    },
  };
}
