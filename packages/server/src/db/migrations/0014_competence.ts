import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// Staff competence mapping (issue 9, part 1; docs/competence.md): the organisation's course catalogue, course
// rounds with sessions, participants (Kvarbo users or people from other organisations), enrolments with a
// waiting list, and attendance per session. Staff data, not a resident's record.
export function competence(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('competence_courses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        // Months a certificate is valid; null = for ever.
        .addColumn('validity_months', 'integer')
        // Share of a round's sessions a participant must attend to complete it, in whole percent.
        .addColumn('required_attendance_percent', 'integer', (c) => c.notNull())
        // JSON arrays: the unit roles the course is required of, and the units (empty = every unit).
        .addColumn('required_roles', 'text', (c) => c.notNull())
        .addColumn('required_unit_ids', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('competence_courses_org_name_uq')
        .on('competence_courses')
        .columns(['organisation_id', 'name'])
        .unique()
        .execute();

      await db.schema
        .createTable('competence_rounds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('course_id', 'text', (c) => c.notNull().references('competence_courses.id'))
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('capacity', 'integer', (c) => c.notNull())
        .addColumn('teachers', 'text', (c) => c.notNull())
        // planned | cancelled
        .addColumn('status', 'text', (c) => c.notNull())
        // The last enrolment position handed out: every enrolment and cancellation updates it first, so the
        // round's row is the lock that serialises them (docs/competence.md, "Concurrency").
        .addColumn('enrolment_seq', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('competence_rounds_course_idx').on('competence_rounds').column('course_id').execute();

      await db.schema
        .createTable('competence_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('round_id', 'text', (c) => c.notNull().references('competence_rounds.id'))
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('start_time', 'text')
        .addColumn('end_time', 'text')
        .execute();
      await db.schema.createIndex('competence_sessions_round_idx').on('competence_sessions').columns(['round_id', 'date']).execute();

      await db.schema
        .createTable('competence_participants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
        // A Kvarbo user, or (user_id null) an external person with name, organisation and its kind.
        .addColumn('user_id', 'text', (c) => c.references('users.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('external_organisation', 'text')
        // municipality | county_council | ngo | private_provider; null for Kvarbo users (the municipality).
        .addColumn('organisation_kind', 'text')
        .addColumn('email', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addCheckConstraint(
          'competence_participants_kind_ck',
          sql`user_id is not null or (external_organisation is not null and organisation_kind is not null)`,
        )
        .execute();
      await db.schema.createIndex('competence_participants_user_uq').on('competence_participants').column('user_id').unique().execute();

      await db.schema
        .createTable('competence_enrolments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('round_id', 'text', (c) => c.notNull().references('competence_rounds.id'))
        .addColumn('participant_id', 'text', (c) => c.notNull().references('competence_participants.id'))
        // enrolled | waiting | cancelled | completed
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('completed_on', 'text')
        // attendance | marked
        .addColumn('completion_kind', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('cancelled_at', 'text')
        .execute();
      // One position per round (a backstop for the lock), and one live enrolment per participant and round.
      await db.schema
        .createIndex('competence_enrolments_position_uq')
        .on('competence_enrolments')
        .columns(['round_id', 'position'])
        .unique()
        .execute();
      await db.schema
        .createIndex('competence_enrolments_live_uq')
        .on('competence_enrolments')
        .columns(['round_id', 'participant_id'])
        .unique()
        .where(sql.ref('status'), '<>', 'cancelled')
        .execute();
      await db.schema.createIndex('competence_enrolments_participant_idx').on('competence_enrolments').column('participant_id').execute();

      await db.schema
        .createTable('competence_attendance')
        .addColumn('session_id', 'text', (c) => c.notNull().references('competence_sessions.id'))
        .addColumn('enrolment_id', 'text', (c) => c.notNull().references('competence_enrolments.id'))
        .addColumn('present', 'integer', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('competence_attendance_pk', ['session_id', 'enrolment_id'])
        .execute();
    },
  };
}
