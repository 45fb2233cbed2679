import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// Log review, loggkontroll (issue 8): a manager's signature that a unit's audit log for a period has been reviewed.
// The findings themselves are computed from audit_log each time; the sign-off keeps how many there were when signed.
export function logReviews(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('log_review_signoffs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('period_from', 'text', (c) => c.notNull())
        .addColumn('period_to', 'text', (c) => c.notNull())
        .addColumn('signed_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('findings_count', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('log_review_signoffs_unit_idx').on('log_review_signoffs').columns(['unit_id', 'period_to']).execute();
    },
  };
}
