import type { Insertable, Updateable } from 'kysely';
import type { AgencyNoticeTable, HomeVisitTable, RepaymentPlanTable, TaskEventTable, TaskTable } from '../db/schema.ts';
import type { Q } from './query.ts';
import { nextVersion, updatedOne } from './row-version.ts';

export function rentSettingsHistory(q: Q, unitIds: string[]) {
  return q
    .selectFrom('unit_rent_settings')
    .selectAll()
    .where('unit_id', 'in', unitIds.length ? unitIds : ['-'])
    .orderBy('from_month')
    .execute();
}

export async function upsertRentSettings(q: Q, row: Insertable<import('../db/schema.ts').UnitRentSettingsTable>) {
  await q
    .insertInto('unit_rent_settings')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['unit_id', 'from_month']).doUpdateSet({
        checkpoint_days: row.checkpoint_days,
        on_time_rule: row.on_time_rule,
        move_to_next_vardag: row.move_to_next_vardag,
        created_by: row.created_by,
        created_at: row.created_at,
      }),
    )
    .execute();
}

/** Inserts tasks; one whose dedupe key exists (a re-run, or another server at the same moment) is skipped. */
export async function insertTasks(q: Q, rows: Insertable<TaskTable>[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += 300) {
    const r = await q
      .insertInto('tasks')
      .values(rows.slice(i, i + 300))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .execute();
    for (const x of r) inserted.add(x.id);
  }
  return inserted;
}

export function taskQuery(q: Q) {
  return q
    .selectFrom('tasks as t')
    .innerJoin('residents as r', 'r.id', 't.resident_id')
    .innerJoin('placements as p', 'p.id', 't.placement_id')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .leftJoin('users as u', 'u.id', 't.assignee_id')
    .selectAll('t')
    .select([
      'r.first_name',
      'r.last_name',
      'r.culled_at',
      'r.unit_id as resident_unit_id',
      'a.address',
      'u.display_name as assignee_name',
      'p.ocr_reference',
    ]);
}

export type TaskRow = NonNullable<Awaited<ReturnType<ReturnType<typeof taskQuery>['executeTakeFirst']>>>;

export function findTask(q: Q, id: string) {
  return taskQuery(q).where('t.id', '=', id).executeTakeFirst();
}

/**
 * With `version` (an edit by a user): updates only if the row is still at that version and moves it to the next;
 * false when stale. Without it (a system write such as a flag set by a checkpoint) the version is left as it is.
 */
export async function updateTask(q: Q, id: string, patch: Updateable<TaskTable>, version?: number): Promise<boolean> {
  if (version === undefined) return updatedOne(await q.updateTable('tasks').set(patch).where('id', '=', id).executeTakeFirst());
  const r = await q
    .updateTable('tasks')
    .set({ ...patch, version: nextVersion() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return updatedOne(r);
}

export async function insertTaskEvent(q: Q, row: Insertable<TaskEventTable>) {
  await q.insertInto('task_events').values(row).execute();
}

export function eventsOf(q: Q, taskIds: string[]) {
  if (taskIds.length === 0) return Promise.resolve([]);
  return q.selectFrom('task_events').selectAll().where('task_id', 'in', taskIds).orderBy('at').execute();
}

export async function insertHomeVisit(q: Q, row: Insertable<HomeVisitTable>) {
  await q.insertInto('home_visits').values(row).execute();
}

export function visitsOf(q: Q, residentId: string) {
  return q.selectFrom('home_visits').selectAll().where('resident_id', '=', residentId).orderBy('visit_date', 'desc').execute();
}

export async function insertAgencyNotice(q: Q, row: Insertable<AgencyNoticeTable>) {
  await q.insertInto('agency_notices').values(row).execute();
}

export function noticesOf(q: Q, residentId: string) {
  return q.selectFrom('agency_notices').selectAll().where('resident_id', '=', residentId).orderBy('sent_on', 'desc').execute();
}

export async function insertPlan(q: Q, row: Insertable<RepaymentPlanTable>) {
  await q.insertInto('repayment_plans').values(row).execute();
}

export function plansOf(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return Promise.resolve([]);
  return q.selectFrom('repayment_plans').selectAll().where('placement_id', 'in', placementIds).orderBy('created_at').execute();
}

/** Oldest first, so a map keyed by placement ends with each placement's latest plan (as the ledger uses). */
export function activePlans(q: Q) {
  return q.selectFrom('repayment_plans').selectAll().where('cancelled_at', 'is', null).orderBy('created_at').execute();
}

export async function recordCheckpointRun(
  q: Q,
  row: { unit_id: string; run_date: string; kind: string; month: string; created_tasks: number; finished_at: string },
) {
  await q
    .insertInto('checkpoint_runs')
    .values(row)
    .onConflict((oc) => oc.columns(['unit_id', 'run_date', 'kind']).doNothing())
    .execute();
}

export async function lastCheckpointRunDate(q: Q): Promise<string | null> {
  const r = await q
    .selectFrom('checkpoint_runs')
    .select((eb) => eb.fn.max('run_date').as('d'))
    .executeTakeFirst();
  return (r?.d as string | null | undefined) ?? null;
}
