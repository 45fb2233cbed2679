import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// Housing First and support housing follow-up (issue 7): visit agreements and support visits, incidents and the
// landlord relationship, respite stays, links between placements (a move to a fallback apartment and back, a
// second chance), the move-out, and the unit's thresholds for taking over the lease.
export function housingFirst(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('visit_agreements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
        .addColumn('visits_per_week', 'integer', (c) => c.notNull())
        .addColumn('from_date', 'text', (c) => c.notNull())
        .addColumn('to_date', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('visit_agreements_placement_idx').on('visit_agreements').column('placement_id').execute();

      await db.schema
        .createTable('support_visits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
        .addColumn('visit_date', 'text', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('planned', 'integer', (c) => c.notNull())
        // held | declined (support is voluntary: the resident said no) | no_show
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        // JSON array of the resident's own goals the visit touched.
        .addColumn('goals', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('support_visits_placement_idx').on('support_visits').columns(['placement_id', 'visit_date']).execute();
      await db.schema
        .createTable('support_visit_staff')
        .addColumn('visit_id', 'text', (c) => c.notNull().references('support_visits.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addPrimaryKeyConstraint('support_visit_staff_pk', ['visit_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('incidents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
        .addColumn('occurred_on', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('action_taken', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('incidents_placement_idx').on('incidents').columns(['placement_id', 'occurred_on']).execute();

      await db.schema
        .createTable('landlord_contact_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
        .addColumn('occurred_on', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('landlord_contact_log_placement_idx').on('landlord_contact_log').column('placement_id').execute();

      await db.schema
        .createTable('respite_stays')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
        .addColumn('from_date', 'text', (c) => c.notNull())
        .addColumn('to_date', 'text')
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('respite_stays_placement_idx').on('respite_stays').column('placement_id').execute();

      // A placement that follows another: a move to a fallback apartment (or back), or a second chance.
      await db.schema
        .alterTable('placements')
        .addColumn('previous_placement_id', 'text', (c) => c.references('placements.id'))
        .execute();
      await db.schema.alterTable('placements').addColumn('link_kind', 'text').execute();
      // The move-out: the date the resident was given to move, and the day they moved.
      await db.schema.alterTable('placements').addColumn('move_out_given_on', 'text').execute();
      await db.schema.alterTable('placements').addColumn('moved_out_on', 'text').execute();

      await db.schema
        .createTable('unit_takeover_settings')
        .addColumn('unit_id', 'text', (c) => c.primaryKey().references('units.id'))
        .addColumn('min_months', 'integer', (c) => c.notNull())
        .addColumn('rent_window_months', 'integer', (c) => c.notNull())
        .addColumn('complaint_window_months', 'integer', (c) => c.notNull())
        .addColumn('complaint_min_severity', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.references('users.id'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
