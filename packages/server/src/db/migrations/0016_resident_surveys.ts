import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// Resident surveys (issue 9, part 3): a unit's surveys, one-time invitations (a link a resident opens on a phone)
// and the answers. Anonymity is a property of the tables, not only of the screens (docs/surveys.md):
//   - survey_answers has no column for the resident, the invitation or the user on an anonymous answer
//     (resident_id/invitation_id/entered_by are null there, enforced by a CHECK), its id is a random UUID v4 and
//     its only date is the month;
//   - on SQLite the answers table is WITHOUT ROWID, so rows are stored in the order of their random ids, not in
//     the order they arrived (a rowid would number them);
//   - an invitation keeps only the SHA-256 of its token, and of an anonymous survey only the month it was used.
export function residentSurveys(dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('surveys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        // The survey definition (packages/domain/src/surveys.ts SurveyDefinition) as JSON; fixed once answered.
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('anonymous', 'integer', (c) => c.notNull())
        // open | closed
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .execute();
      await db.schema.createIndex('surveys_unit_idx').on('surveys').column('unit_id').execute();

      await db.schema
        .createTable('survey_invitations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
        .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
        // SHA-256 (hex) of the link's token; the token itself is shown once and never stored.
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        // When the link was used: the month 'YYYY-MM' for an anonymous survey (no finer than its answer), the
        // instant for a named one. Null while unused.
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('survey_invitations_survey_idx').on('survey_invitations').columns(['survey_id', 'resident_id']).execute();

      let answers = db.schema
        .createTable('survey_answers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
        // 'YYYY-MM': the only time an anonymous answer carries.
        .addColumn('month', 'text', (c) => c.notNull())
        // JSON { questionId: value }.
        .addColumn('answer_values', 'text', (c) => c.notNull())
        // link | paper
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('anonymous', 'integer', (c) => c.notNull())
        // Named answers only: who answered, through which invitation, who entered the paper form, when.
        .addColumn('resident_id', 'text', (c) => c.references('residents.id'))
        .addColumn('invitation_id', 'text', (c) => c.references('survey_invitations.id'))
        .addColumn('entered_by', 'text', (c) => c.references('users.id'))
        .addColumn('answered_at', 'text')
        .addCheckConstraint(
          'survey_answers_anonymous_ck',
          sql`anonymous = 0 or (resident_id is null and invitation_id is null and entered_by is null and answered_at is null)`,
        );
      if (dialect === 'sqlite') answers = answers.modifyEnd(sql`without rowid`);
      await answers.execute();
      await db.schema.createIndex('survey_answers_survey_idx').on('survey_answers').columns(['survey_id', 'month']).execute();
      await db.schema.createIndex('survey_answers_resident_idx').on('survey_answers').column('resident_id').execute();
    },
  };
}
