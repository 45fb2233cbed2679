import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// Culling, second part (docs/culling.md). residents.birth_year: culling blanks the birth date but keeps the year, so
// the research export (which gives birth year, never the date) says the same before and after. Set only when a
// person is culled; before that the year is read from birth_date. culling_runs.activity_sessions: how many activity
// sessions' free-text notes a run blanked (they are culled by age, not per person).
export function cullingStatistics(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.alterTable('residents').addColumn('birth_year', 'integer').execute();
      await db.schema
        .alterTable('culling_runs')
        .addColumn('activity_sessions', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
