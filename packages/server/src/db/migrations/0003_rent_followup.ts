import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// The rent follow-up routine (the 1st, 5th and 15th): unit settings, tasks with their history, home visit
// records, notices to the commissioning agency and repayment plans.
export function rentFollowup(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.alterTable('units').addColumn('letterhead', 'text').execute();
      await db.schema.alterTable('units').addColumn('phone', 'text').execute();

      await db.schema
        .createTable('unit_rent_settings')
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('from_month', 'text', (c) => c.notNull())
        .addColumn('checkpoint_days', 'text', (c) => c.notNull())
        .addColumn('on_time_rule', 'text', (c) => c.notNull())
        .addColumn('move_to_next_vardag', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('unit_rent_settings_pk', ['unit_id', 'from_month'])
        .execute();

      await db.schema
        .createTable('repayment_plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
        .addColumn('debt_ore', 'integer', (c) => c.notNull())
        .addColumn('start_month', 'text', (c) => c.notNull())
        .addColumn('instalment_ore', 'integer')
        .addColumn('instalments', 'integer')
        // The arrears the plan covers: the charges open when it was agreed (JSON array of charge ids).
        .addColumn('charge_ids', 'text', (c) => c.notNull())
        .addColumn('agreed_on', 'text', (c) => c.notNull())
        .addColumn('agreed_by', 'text', (c) => c.references('users.id'))
        .addColumn('note', 'text')
        .addColumn('cancelled_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('repayment_plans_placement_idx').on('repayment_plans').column('placement_id').execute();

      await db.schema
        .createTable('tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
        .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('run_date', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
        .addColumn('plan_id', 'text', (c) => c.references('repayment_plans.id'))
        .addColumn('open_ore', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('paid_meanwhile_on', 'text')
        .addColumn('outcome', 'text')
        .addColumn('done_at', 'text')
        .addColumn('done_by', 'text', (c) => c.references('users.id'))
        // One task per placement, month and kind (or plan instalment): re-runs and a second server add nothing.
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tasks_assignee_idx').on('tasks').columns(['assignee_id', 'status']).execute();
      await db.schema.createIndex('tasks_unit_idx').on('tasks').columns(['unit_id', 'status']).execute();
      await db.schema.createIndex('tasks_resident_idx').on('tasks').column('resident_id').execute();

      await db.schema
        .createTable('task_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.references('users.id'))
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('text', 'text')
        .addColumn('to_user_id', 'text', (c) => c.references('users.id'))
        .execute();
      await db.schema.createIndex('task_events_task_idx').on('task_events').column('task_id').execute();

      await db.schema
        .createTable('home_visits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('task_id', 'text', (c) => c.references('tasks.id'))
        .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
        .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
        .addColumn('visit_date', 'text', (c) => c.notNull())
        .addColumn('happened', 'integer', (c) => c.notNull())
        .addColumn('not_happened_reason', 'text')
        .addColumn('wellbeing', 'text')
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('reason_other', 'text')
        .addColumn('obstacles', 'text')
        .addColumn('payment_plan', 'text')
        .addColumn('prevention', 'text')
        .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('home_visits_resident_idx').on('home_visits').column('resident_id').execute();

      await db.schema
        .createTable('agency_notices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('task_id', 'text', (c) => c.references('tasks.id'))
        .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
        .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
        .addColumn('sent_on', 'text', (c) => c.notNull())
        .addColumn('sent_how', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      // What a checkpoint asks of every placement: charged through a month, paid by a day.
      await db.schema.createIndex('rent_charges_placement_due_idx').on('rent_charges').columns(['placement_id', 'due_date']).execute();
      await db.schema.createIndex('payments_placement_booking_idx').on('payments').columns(['placement_id', 'booking_date']).execute();

      // Checkpoint runs done, so a restarted server knows which days it still has to catch up.
      await db.schema
        .createTable('checkpoint_runs')
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('run_date', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('created_tasks', 'integer', (c) => c.notNull())
        .addColumn('finished_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('checkpoint_runs_pk', ['unit_id', 'run_date', 'kind'])
        .execute();
    },
  };
}
