import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

/** The tables whose rows are edited through the API and so carry a row version (see docs/concurrency.md). */
export const VERSIONED_TABLES = ['units', 'users', 'landlords', 'commissioners', 'apartments', 'residents', 'placements', 'tasks'] as const;

// Issue 8, optimistic concurrency: every row that can be edited carries a version. An edit names the version it
// read and the update is `WHERE id = ? AND version = ?` with `version = version + 1`, so of two edits made from the
// same version exactly one wins and the other is refused (409 STALE_VERSION). Existing rows start at version 1.
// eviction_cases has had its version since migration 0006. A unit's settings (rent follow-up, lease takeover) are
// guarded by the unit's version.
export function rowVersions(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      for (const table of VERSIONED_TABLES) {
        await db.schema
          .alterTable(table)
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();
      }
    },
  };
}
