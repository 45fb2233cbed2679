import { addDays, allocate, formatKronor, planProgress, planSchedule, rentDueDate, type RepaymentPlanTerms } from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { caseUnitIds } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import type { RepaymentPlanTable, TaskTable } from '../db/schema.ts';
import type { Insertable } from 'kysely';
import { conflict, invalidField, notFound } from '../errors.ts';
import { placementVisible } from '../repositories/access.repository.ts';
import * as repo from '../repositories/followup.repository.ts';
import { findPlacement } from '../repositories/placements.repository.ts';
import type { Q } from '../repositories/query.ts';
import { updatedOne } from '../repositories/row-version.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { ledgerEntriesOf } from './ledger-entries.ts';
import { priorityFor } from './plan-priority.ts';

export type PlanInput = {
  debtOre?: number | null;
  startMonth: string;
  instalmentOre?: number | null;
  instalments?: number | null;
  agreedOn: string;
  note?: string | null;
};

/**
 * Repayment plans (avbetalningsplaner): the arrears open when the plan is agreed are paid off in instalments on
 * top of the rent. While a plan runs, a payment covers the current rent first and only the rest goes to the debt,
 * so keeping the plan never makes a new month look unpaid.
 */
export function createRepaymentPlansService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;

  /** Schedule and progress of a plan, from the allocations to the charges it covers. */
  async function describe(q: Q, plan: RepaymentPlanTable) {
    const terms = termsOf(plan);
    const schedule = planSchedule(terms, (month) => rentDueDate(month));
    const covered = new Set(JSON.parse(plan.charge_ids) as string[]);
    const { charges, payments } = await ledgerEntriesOf(q, plan.placement_id);
    const result = allocate(charges, payments, { priority: priorityFor(plan) });
    const dateOf = new Map(payments.map((p) => [p.id, p.bookingDate]));
    const paidToPlan = result.allocations
      .filter((a) => covered.has(a.chargeId))
      .map((a) => ({ date: dateOf.get(a.paymentId)!, amountOre: a.amountOre }));
    const progress = planProgress(schedule, paidToPlan, ctx.clock.today());
    return {
      id: plan.id,
      placementId: plan.placement_id,
      debtOre: plan.debt_ore,
      startMonth: plan.start_month,
      instalmentOre: plan.instalment_ore,
      instalments: plan.instalments,
      agreedOn: plan.agreed_on,
      note: plan.note,
      cancelled: plan.cancelled_at !== null,
      schedule,
      progress,
    };
  }

  return {
    describe,

    async list(actor: Actor, placementId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await findPlacement(trx, placementId);
          if (!p || !(await placementVisible(trx, caseUnitIds(actor), placementId))) throw notFound();
          await recordAudit(trx, actor, ctx.clock.now(), [
            { residentId: p.resident_id, unitId: p.resident_unit_id, entity: 'repayment_plan', entityId: null, action: 'read' },
          ]);
          return Promise.all((await repo.plansOf(trx, [placementId])).map((plan) => describe(trx, plan)));
        });
    },

    async create(actor: Actor, placementId: string, input: PlanInput) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await findPlacement(trx, placementId);
          if (!p || !(await placementVisible(trx, caseUnitIds(actor), placementId))) throw notFound();
          const existing = (await repo.plansOf(trx, [placementId])).filter((x) => x.cancelled_at === null);
          for (const plan of existing) {
            if (!(await describe(trx, plan)).progress.complete) {
              throw conflict('PLAN_ACTIVE', {
                sv: 'Det finns redan en pågående avbetalningsplan. Avsluta den först.',
                en: 'There is already an active repayment plan. End it first.',
              });
            }
          }
          // The debt: the charges open today (due before today); the plan covers exactly those.
          const { charges, payments } = await ledgerEntriesOf(trx, placementId);
          const today = ctx.clock.today();
          const open = allocate(charges, payments).charges.filter((c) => c.openOre > 0 && c.dueDate < today);
          const arrears = open.reduce((s, c) => s + c.openOre, 0);
          if (arrears === 0)
            throw invalidField('debtOre', 'no_arrears', {
              sv: 'Det finns ingen hyresskuld att göra en plan för.',
              en: 'There are no arrears to plan for.',
            });
          const debtOre = input.debtOre ?? arrears;
          if (debtOre > arrears) {
            throw invalidField('debtOre', 'above_arrears', {
              sv: `Skulden kan vara högst ${formatKronor(arrears)} (obetalt i dag).`,
              en: `The debt can be at most ${formatKronor(arrears)} (unpaid today).`,
            });
          }
          const terms: RepaymentPlanTerms = {
            debtOre,
            startMonth: input.startMonth,
            ...(input.instalmentOre ? { instalmentOre: input.instalmentOre } : {}),
            ...(input.instalments ? { instalments: input.instalments } : {}),
          };
          let schedule;
          try {
            schedule = planSchedule(terms, (month) => rentDueDate(month));
          } catch (e) {
            const err = e as { fields?: { field: string; code: string; message: { sv: string; en: string } }[]; message?: string };
            const f = err.fields?.[0];
            throw invalidField(
              f?.field ?? 'instalmentOre',
              f?.code ?? 'invalid',
              f?.message ?? { sv: 'Planen går inte att räkna ut.', en: 'The plan cannot be computed.' },
            );
          }
          const id = newId();
          await repo.insertPlan(trx, {
            id,
            placement_id: placementId,
            debt_ore: debtOre,
            start_month: input.startMonth,
            instalment_ore: input.instalmentOre ?? null,
            instalments: input.instalments ?? (input.instalmentOre ? null : schedule.length),
            charge_ids: JSON.stringify(open.map((c) => c.chargeId)),
            agreed_on: input.agreedOn,
            agreed_by: actor.userId,
            note: input.note ?? null,
            cancelled_at: null,
            created_at: ctx.clock.now().toISOString(),
          });
          await recordAudit(trx, actor, ctx.clock.now(), [
            { residentId: p.resident_id, unitId: p.resident_unit_id, entity: 'repayment_plan', entityId: id, action: 'create' },
          ]);
          return describe(
            trx,
            (await repo.plansOf(trx, [placementId])).find((x) => x.id === id)!,
          );
        });
    },

    async cancel(actor: Actor, planId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const plan = await trx.selectFrom('repayment_plans').selectAll().where('id', '=', planId).executeTakeFirst();
          if (!plan || !(await placementVisible(trx, caseUnitIds(actor), plan.placement_id))) throw notFound();
          const p = (await findPlacement(trx, plan.placement_id))!;
          // Only a plan not cancelled yet: a second cancellation (or one racing with another) is refused, and the
          // first cancellation's time stays.
          const cancelled = await trx
            .updateTable('repayment_plans')
            .set({ cancelled_at: ctx.clock.now().toISOString() })
            .where('id', '=', planId)
            .where('cancelled_at', 'is', null)
            .executeTakeFirst();
          if (!updatedOne(cancelled)) {
            throw conflict('PLAN_CANCELLED', {
              sv: 'Avbetalningsplanen är redan avslutad. Ladda om sidan för att se den som den är nu.',
              en: 'The repayment plan has already been ended. Reload the page to see it as it is now.',
            });
          }
          await recordAudit(trx, actor, ctx.clock.now(), [
            { residentId: p.resident_id, unitId: p.resident_unit_id, entity: 'repayment_plan', entityId: planId, action: 'update' },
          ]);
          return { ok: true };
        });
    },

    /** Daily: a missed instalment becomes a task for the contact person (once per instalment). */
    async createMissedInstalmentTasks() {
      const plans = await repo.activePlans(db());
      const rows: Insertable<TaskTable>[] = [];
      for (const plan of plans) {
        const d = await describe(db(), plan);
        if (d.progress.complete) continue;
        const p = await findPlacement(db(), plan.placement_id);
        if (!p) continue;
        const resident = await db()
          .selectFrom('residents')
          .select(['contact_person_id'])
          .where('id', '=', p.resident_id)
          .executeTakeFirstOrThrow();
        for (const m of d.progress.missed) {
          rows.push({
            id: newId(),
            unit_id: p.unit_id,
            resident_id: p.resident_id,
            placement_id: p.id,
            kind: 'missed_instalment',
            month: m.month,
            run_date: ctx.clock.today(),
            due_date: addDays(ctx.clock.today(), 3),
            assignee_id: resident.contact_person_id,
            plan_id: plan.id,
            open_ore: m.shortOre,
            status: 'open',
            paid_meanwhile_on: null,
            outcome: null,
            done_at: null,
            done_by: null,
            dedupe_key: `missed_instalment:${plan.id}:${m.number}`,
            created_at: ctx.clock.now().toISOString(),
          });
        }
      }
      return (await repo.insertTasks(db(), rows)).size;
    },
  };
}

function termsOf(plan: RepaymentPlanTable): RepaymentPlanTerms {
  return {
    debtOre: plan.debt_ore,
    startMonth: plan.start_month,
    ...(plan.instalment_ore ? { instalmentOre: plan.instalment_ore } : { instalments: plan.instalments ?? 1 }),
  };
}
