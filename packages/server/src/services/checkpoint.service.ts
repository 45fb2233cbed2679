import { addDays, checkpointsDueOn, allocateAsOf, type CheckpointKind } from '@kvarbo/domain';
import { newId } from '../auth/tokens.ts';
import type { TaskTable } from '../db/schema.ts';
import type { Insertable } from 'kysely';
import { chargesOf } from '../repositories/charges.repository.ts';
import * as repo from '../repositories/followup.repository.ts';
import { paymentsOf } from '../repositories/payments.repository.ts';
import type { Q } from '../repositories/query.ts';
import { unpaidAt, type UnpaidRow } from '../repositories/rent-status.repository.ts';
import type { ServiceContext } from './context.ts';
import { toChargeEntry, toPaymentEntry } from './ledger-entries.ts';
import { priorityFor } from './plan-priority.ts';
import type { createRentStatusService } from './rent-status.service.ts';

// How long staff have for each step of the routine (source 000): the reminder goes out the same day, the home
// visit within a few days, the manager meeting within the week.
const DAYS_TO_DO: Record<CheckpointKind, number> = { reminder: 0, home_visit: 3, manager_meeting: 5 };

export type CheckpointResult = {
  date: string;
  unitId: string;
  month: string;
  kind: CheckpointKind;
  unpaid: number;
  created: number;
  tasks: { taskId: string; placementId: string; residentId: string; assigneeId: string | null; openOre: number }[];
};

/**
 * Runs the checkpoints due on a day (the 1st, 5th and 15th, or the unit's own days, moved to the next vardag):
 * for every placement whose month is not fully paid at that moment, a task for the contact person (reminder,
 * home visit) or the unit manager (manager meeting). Tasks are unique per placement, month and kind in the
 * database, so a re-run — or two servers at the same moment — creates nothing new.
 */
export function createCheckpointService(ctx: ServiceContext, rentStatus: ReturnType<typeof createRentStatusService>) {
  const db = () => ctx.db.kysely;

  async function unitsAndManagers(q: Q) {
    const units = await q.selectFrom('units').select(['id']).execute();
    const managers = await q
      .selectFrom('unit_memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.unit_id', 'm.user_id'])
      .where('m.role', '=', 'manager')
      .where('u.disabled_at', 'is', null)
      .orderBy('u.created_at')
      .execute();
    return units.map((u) => ({ unitId: u.id, managerId: managers.find((m) => m.unit_id === u.id)?.user_id ?? null }));
  }

  /** The SQL answer is exact for oldest-first allocation; placements with a repayment plan are replayed. */
  async function stillUnpaid(q: Q, rows: UnpaidRow[], asOf: string): Promise<(UnpaidRow & { openOre: number })[]> {
    const plans = await repo.activePlans(q);
    const withPlan = new Map(plans.map((p) => [p.placement_id, p]));
    const out: (UnpaidRow & { openOre: number })[] = [];
    const replay = rows.filter((r) => withPlan.has(r.placement_id));
    const [charges, payments] = await Promise.all([
      chargesOf(
        q,
        replay.map((r) => r.placement_id),
      ),
      paymentsOf(
        q,
        replay.map((r) => r.placement_id),
      ),
    ]);
    for (const r of rows) {
      const plan = withPlan.get(r.placement_id);
      if (!plan) {
        out.push({ ...r, openOre: Math.min(r.amount_ore, r.charged_through_ore - r.paid_ore) });
        continue;
      }
      const result = allocateAsOf(
        charges.filter((c) => c.placement_id === r.placement_id).map(toChargeEntry),
        payments.filter((x) => x.placement_id === r.placement_id).map(toPaymentEntry),
        asOf,
        { priority: priorityFor(plan) },
      );
      const open = result.charges.filter((c) => c.month === r.month).reduce((s, c) => s + c.openOre, 0);
      if (open > 0) out.push({ ...r, openOre: open });
    }
    return out;
  }

  return {
    /** Runs what is due on `date`; with `catchUp`, also every checkpoint day since the last run (server was stopped). */
    async runForDate(date: string): Promise<CheckpointResult[]> {
      const units = await unitsAndManagers(db());
      const settingsFor = await rentStatus.settingsFor(
        db(),
        units.map((u) => u.unitId),
      );
      const results: CheckpointResult[] = [];
      for (const unit of units) {
        for (const cp of checkpointsDueOn(date, (month) => settingsFor(unit.unitId, month))) {
          // "Not fully paid at that moment": the checkpoint runs at the start of its day, when the bank has booked
          // payments up to the day before; one booked later that day marks the task "paid meanwhile".
          const asOf = addDays(date, -1);
          const unpaid = await stillUnpaid(db(), await unpaidAt(db(), cp.month, asOf, [unit.unitId]), asOf);
          const now = ctx.clock.now().toISOString();
          const rows: Insertable<TaskTable>[] = unpaid.map((u) => ({
            id: newId(),
            unit_id: unit.unitId,
            resident_id: u.resident_id,
            placement_id: u.placement_id,
            kind: cp.kind,
            month: cp.month,
            run_date: date,
            due_date: addDays(date, DAYS_TO_DO[cp.kind]),
            assignee_id: cp.kind === 'manager_meeting' ? unit.managerId : (u.contact_person_id ?? unit.managerId),
            plan_id: null,
            open_ore: u.openOre,
            status: 'open',
            paid_meanwhile_on: null,
            outcome: null,
            done_at: null,
            done_by: null,
            dedupe_key: `${cp.kind}:${u.placement_id}:${cp.month}`,
            created_at: now,
          }));
          const created = await db()
            .transaction()
            .execute(async (trx) => {
              const inserted = await repo.insertTasks(trx, rows);
              await repo.recordCheckpointRun(trx, {
                unit_id: unit.unitId,
                run_date: date,
                kind: cp.kind,
                month: cp.month,
                created_tasks: inserted.size,
                finished_at: now,
              });
              return rows.filter((r) => inserted.has(r.id));
            });
          results.push({
            date,
            unitId: unit.unitId,
            month: cp.month,
            kind: cp.kind,
            unpaid: unpaid.length,
            created: created.length,
            tasks: created.map((t) => ({
              taskId: t.id,
              placementId: t.placement_id,
              residentId: t.resident_id,
              assigneeId: t.assignee_id ?? null,
              openOre: t.open_ore,
            })),
          });
        }
      }
      return results;
    },

    /** Catches up every day since the last recorded run (at most 62 days back), then today. */
    async catchUp(today: string): Promise<CheckpointResult[]> {
      const last = await repo.lastCheckpointRunDate(db());
      const earliest = addDays(today, -62);
      let day = last && last > earliest ? addDays(last, 1) : earliest;
      const results: CheckpointResult[] = [];
      while (day <= today) {
        results.push(...(await this.runForDate(day)));
        day = addDays(day, 1);
      }
      return results;
    },

    /**
     * Open tasks whose month has since been paid in full are marked "paid meanwhile" with the day the payment was
     * booked (staff still close them).
     */
    async markPaidMeanwhile(today: string) {
      const open = await db()
        .selectFrom('tasks')
        .select(['id', 'placement_id', 'month'])
        .where('status', '=', 'open')
        .where('paid_meanwhile_on', 'is', null)
        .where('kind', '!=', 'missed_instalment')
        .execute();
      if (open.length === 0) return 0;
      const months = [...new Set(open.map((t) => t.month))];
      let marked = 0;
      for (const month of months) {
        const unpaid = new Set((await unpaidAt(db(), month, today, null)).map((u) => u.placement_id));
        const paid = open.filter((t) => t.month === month && !unpaid.has(t.placement_id));
        for (const t of paid) {
          // The day the money came: the latest payment booked for the placement by today (the one that settled it).
          const last = await db()
            .selectFrom('payments')
            .select((eb) => eb.fn.max('booking_date').as('d'))
            .where('placement_id', '=', t.placement_id)
            .where('booking_date', '<=', today)
            .executeTakeFirst();
          const paidOn = (last?.d as string | null | undefined) ?? today;
          await db()
            .transaction()
            .execute(async (trx) => {
              await repo.updateTask(trx, t.id, { paid_meanwhile_on: paidOn });
              await repo.insertTaskEvent(trx, {
                id: newId(),
                task_id: t.id,
                at: ctx.clock.now().toISOString(),
                user_id: null,
                user_name: 'Kvarbo',
                kind: 'paid_meanwhile',
                text: null,
                to_user_id: null,
              });
            });
          marked++;
        }
      }
      return marked;
    },
  };
}
