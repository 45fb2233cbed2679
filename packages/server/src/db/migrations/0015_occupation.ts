import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// Residents' occupation and activities (issue 9, part 2; docs/occupation.md): a unit's activities (a meeting place
// run by residents, courses, the peers' association's events, camps), their sessions and who came (named residents
// and a count of unnamed guests), and each resident's occupations (work practice, low-threshold work, studies, day
// activity) with period and planned hours per week. Edited rows carry a version (docs/concurrency.md).
export function occupation(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('activities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        // meeting_place | course | peer_association_event | camp | other
        .addColumn('kind', 'text', (c) => c.notNull())
        // staff | residents | peer_association | other
        .addColumn('organiser', 'text', (c) => c.notNull())
        .addColumn('place', 'text')
        .addColumn('description', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('activities_unit_idx').on('activities').column('unit_id').execute();

      await db.schema
        .createTable('activity_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
        .addColumn('session_date', 'text', (c) => c.notNull())
        // 'HH:MM', optional
        .addColumn('start_time', 'text')
        .addColumn('end_time', 'text')
        .addColumn('place', 'text')
        .addColumn('note', 'text')
        // Unnamed guests: a meeting place is open, not everyone who comes is a resident or wants to be named.
        .addColumn('guests', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('activity_sessions_activity_idx')
        .on('activity_sessions')
        .columns(['activity_id', 'session_date'])
        .execute();

      await db.schema
        .createTable('activity_attendance')
        .addColumn('session_id', 'text', (c) => c.notNull().references('activity_sessions.id'))
        .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('activity_attendance_pk', ['session_id', 'resident_id'])
        .execute();
      await db.schema.createIndex('activity_attendance_resident_idx').on('activity_attendance').column('resident_id').execute();

      await db.schema
        .createTable('occupations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
        // work_practice | low_threshold_work | studies | day_activity
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('from_date', 'text', (c) => c.notNull())
        .addColumn('to_date', 'text')
        .addColumn('hours_per_week', 'integer', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('occupations_resident_idx').on('occupations').columns(['resident_id', 'from_date']).execute();
    },
  };
}
