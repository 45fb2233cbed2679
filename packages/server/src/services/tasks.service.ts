import type { Actor } from '../auth/actor.ts';
import { caseUnitIds, hasRoleIn } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import { conflict, invalidField, notFound } from '../errors.ts';
import * as repo from '../repositories/followup.repository.ts';
import type { Q } from '../repositories/query.ts';
import { unitStaff } from '../repositories/units.repository.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { expectVersion, mustHaveUpdated } from './row-version.ts';
import { isCulled, residentName } from './resident-name.ts';

const SENT_HOW_SV = { letter: 'brev', email: 'e-post', phone: 'telefon', secure_message: 'säkert meddelande', meeting: 'möte' } as const;

export const UNPAID_REASONS = [
  'relapse',
  'mental_ill_health',
  'physical_illness',
  'authority_problems',
  'income_missing',
  'forgot',
  'rent_disagreement',
  'other',
] as const;
export type UnpaidReason = (typeof UNPAID_REASONS)[number];

export type HomeVisitInput = {
  visitDate: string;
  happened: boolean;
  notHappenedReason?: string | null;
  wellbeing?: string | null;
  reasons: UnpaidReason[];
  reasonOther?: string | null;
  obstacles?: string | null;
  paymentPlan?: string | null;
  prevention?: string | null;
  completeTask?: boolean;
};

/** The task inbox: each staff member's own tasks, a manager's view of the unit, and what is done with them. */
export function createTasksService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;

  async function load(q: Q, actor: Actor, id: string) {
    const task = await repo.findTask(q, id);
    if (!task || !caseUnitIds(actor).includes(task.unit_id)) throw notFound();
    return task;
  }

  async function log(q: Q, actor: Actor, task: repo.TaskRow, action: 'read' | 'update' | 'create', entity = 'task') {
    await recordAudit(q, actor, ctx.clock.now(), [
      { residentId: task.resident_id, unitId: task.resident_unit_id, entity, entityId: task.id, action },
    ]);
  }

  async function event(
    q: Q,
    actor: Actor,
    taskId: string,
    kind: 'comment' | 'reassigned' | 'done' | 'reopened' | 'visit' | 'notice',
    text: string | null,
    toUserId: string | null = null,
  ) {
    await repo.insertTaskEvent(q, {
      id: newId(),
      task_id: taskId,
      at: ctx.clock.now().toISOString(),
      user_id: actor.userId,
      user_name: actor.userName,
      kind,
      text,
      to_user_id: toUserId,
    });
  }

  return {
    /** Open tasks, overdue first. `scope: 'mine'` for one's own; 'unit' for a manager's whole unit. */
    async list(actor: Actor, f: { scope: 'mine' | 'unit'; unitId?: string; status: 'open' | 'done' | 'all'; residentId?: string }) {
      const units = caseUnitIds(actor);
      let query = repo.taskQuery(db()).where('t.unit_id', 'in', units.length ? units : ['-']);
      if (f.scope === 'mine') query = query.where('t.assignee_id', '=', actor.userId);
      else {
        const managed = actor.memberships.filter((m) => m.role === 'manager').map((m) => m.unitId);
        const wanted = f.unitId ? managed.filter((u) => u === f.unitId) : managed;
        query = query.where('t.unit_id', 'in', wanted.length ? wanted : ['-']);
      }
      if (f.status !== 'all') query = query.where('t.status', '=', f.status);
      if (f.residentId) query = query.where('t.resident_id', '=', f.residentId);
      const rows = await query.orderBy('t.status', 'desc').orderBy('t.due_date').orderBy('t.created_at').limit(500).execute();
      // One insert, before the answer: no transaction needed (and none opened for an empty list).
      await recordAudit(
        db(),
        actor,
        ctx.clock.now(),
        rows.map((t) => ({
          residentId: t.resident_id,
          unitId: t.resident_unit_id,
          entity: 'task',
          entityId: t.id,
          action: 'list' as const,
        })),
      );
      const today = ctx.clock.today();
      return rows.map((t) => taskDto(t, today));
    },

    async get(actor: Actor, id: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const task = await load(trx, actor, id);
          await log(trx, actor, task, 'read');
          const [events, visits, notices] = await Promise.all([
            repo.eventsOf(trx, [id]),
            repo.visitsOf(trx, task.resident_id),
            repo.noticesOf(trx, task.resident_id),
          ]);
          return {
            ...taskDto(task, ctx.clock.today()),
            events: events.map((e) => ({ id: e.id, at: e.at, userName: e.user_name, kind: e.kind, text: e.text, toUserId: e.to_user_id })),
            homeVisits: visits.filter((v) => v.task_id === id).map(visitDto),
            agencyNotices: notices
              .filter((n) => n.task_id === id)
              .map((n) => ({ id: n.id, sentOn: n.sent_on, sentHow: n.sent_how, note: n.note })),
          };
        });
    },

    async complete(actor: Actor, id: string, outcome: string, version: number) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const task = await load(trx, actor, id);
          expectVersion(task, version);
          if (task.status === 'done') throw conflict('TASK_DONE', { sv: 'Uppgiften är redan klar.', en: 'The task is already done.' });
          const done = { status: 'done' as const, outcome, done_at: ctx.clock.now().toISOString(), done_by: actor.userId };
          mustHaveUpdated(await repo.updateTask(trx, id, done, version));
          await event(trx, actor, id, 'done', outcome);
          await log(trx, actor, task, 'update');
          return taskDto((await repo.findTask(trx, id))!, ctx.clock.today());
        });
    },

    async reopen(actor: Actor, id: string, reason: string, version: number) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const task = await load(trx, actor, id);
          expectVersion(task, version);
          mustHaveUpdated(await repo.updateTask(trx, id, { status: 'open', done_at: null, done_by: null }, version));
          await event(trx, actor, id, 'reopened', reason);
          await log(trx, actor, task, 'update');
          return taskDto((await repo.findTask(trx, id))!, ctx.clock.today());
        });
    },

    async reassign(actor: Actor, id: string, assigneeId: string, version: number) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const task = await load(trx, actor, id);
          expectVersion(task, version);
          const staff = await unitStaff(trx, task.unit_id);
          if (!staff.some((s) => s.id === assigneeId && s.role !== 'analyst')) {
            throw invalidField('assigneeId', 'not_in_unit', {
              sv: 'Välj någon som arbetar i enheten.',
              en: 'Choose someone who works in the unit.',
            });
          }
          mustHaveUpdated(await repo.updateTask(trx, id, { assignee_id: assigneeId }, version));
          await event(trx, actor, id, 'reassigned', null, assigneeId);
          await log(trx, actor, task, 'update');
          return taskDto((await repo.findTask(trx, id))!, ctx.clock.today());
        });
    },

    async comment(actor: Actor, id: string, text: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const task = await load(trx, actor, id);
          await event(trx, actor, id, 'comment', text);
          await log(trx, actor, task, 'update');
          return { ok: true };
        });
    },

    /** The structured home visit record (source 000: how are you, why unpaid, obstacles, a plan, next time). */
    async recordHomeVisit(actor: Actor, id: string, input: HomeVisitInput) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const task = await load(trx, actor, id);
          if (!input.happened && !input.notHappenedReason?.trim()) {
            throw invalidField('notHappenedReason', 'required', {
              sv: 'Skriv varför besöket inte blev av.',
              en: 'Say why the visit did not happen.',
            });
          }
          if (input.reasons.includes('other') && !input.reasonOther?.trim()) {
            throw invalidField('reasonOther', 'required', { sv: 'Beskriv den andra orsaken.', en: 'Describe the other reason.' });
          }
          const visitId = newId();
          await repo.insertHomeVisit(trx, {
            id: visitId,
            task_id: id,
            placement_id: task.placement_id,
            resident_id: task.resident_id,
            visit_date: input.visitDate,
            happened: input.happened ? 1 : 0,
            not_happened_reason: input.notHappenedReason ?? null,
            wellbeing: input.wellbeing ?? null,
            reasons: JSON.stringify(input.reasons),
            reason_other: input.reasonOther ?? null,
            obstacles: input.obstacles ?? null,
            payment_plan: input.paymentPlan ?? null,
            prevention: input.prevention ?? null,
            recorded_by: actor.userId,
            created_at: ctx.clock.now().toISOString(),
          });
          await event(
            trx,
            actor,
            id,
            'visit',
            input.happened ? `Hembesök ${input.visitDate}` : `Hembesöket blev inte av: ${input.notHappenedReason}`,
          );
          if (input.completeTask && task.status === 'open') {
            // Completed from the version read in this transaction: a completion racing with this one is refused.
            const done = {
              status: 'done' as const,
              outcome: 'Hembesök dokumenterat',
              done_at: ctx.clock.now().toISOString(),
              done_by: actor.userId,
            };
            mustHaveUpdated(await repo.updateTask(trx, id, done, Number(task.version)));
            await event(trx, actor, id, 'done', 'Hembesök dokumenterat');
          }
          await log(trx, actor, task, 'create', 'home_visit');
          return { id: visitId, task: taskDto((await repo.findTask(trx, id))!, ctx.clock.today()) };
        });
    },

    /** The 15th: when and how the commissioning agency was told. */
    async recordAgencyNotice(
      actor: Actor,
      id: string,
      input: { sentOn: string; sentHow: 'letter' | 'email' | 'phone' | 'secure_message' | 'meeting'; note?: string | null },
    ) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const task = await load(trx, actor, id);
          if (!hasRoleIn(actor, task.unit_id, ['manager', 'caseworker'])) throw notFound();
          const noticeId = newId();
          await repo.insertAgencyNotice(trx, {
            id: noticeId,
            task_id: id,
            placement_id: task.placement_id,
            resident_id: task.resident_id,
            sent_on: input.sentOn,
            sent_how: input.sentHow,
            note: input.note ?? null,
            recorded_by: actor.userId,
            created_at: ctx.clock.now().toISOString(),
          });
          await event(trx, actor, id, 'notice', `Underrättelse till uppdragsgivaren ${input.sentOn} (${SENT_HOW_SV[input.sentHow]})`);
          await log(trx, actor, task, 'create', 'agency_notice');
          return { id: noticeId, sentOn: input.sentOn, sentHow: input.sentHow, note: input.note ?? null };
        });
    },

    load,
  };
}

export function taskDto(t: repo.TaskRow, today: string) {
  return {
    id: t.id,
    unitId: t.unit_id,
    residentId: t.resident_id,
    residentName: residentName(t),
    residentCulled: isCulled(t),
    placementId: t.placement_id,
    apartmentAddress: t.address,
    kind: t.kind,
    month: t.month,
    runDate: t.run_date,
    dueDate: t.due_date,
    overdue: t.status === 'open' && t.due_date < today,
    assigneeId: t.assignee_id,
    assigneeName: t.assignee_name,
    planId: t.plan_id,
    openOre: t.open_ore,
    status: t.status,
    paidMeanwhileOn: t.paid_meanwhile_on,
    outcome: t.outcome,
    doneAt: t.done_at,
    version: Number(t.version),
  };
}

export function visitDto(v: import('../db/schema.ts').HomeVisitTable) {
  return {
    id: v.id,
    taskId: v.task_id,
    visitDate: v.visit_date,
    happened: v.happened === 1,
    notHappenedReason: v.not_happened_reason,
    wellbeing: v.wellbeing,
    reasons: JSON.parse(v.reasons) as UnpaidReason[],
    reasonOther: v.reason_other,
    obstacles: v.obstacles,
    paymentPlan: v.payment_plan,
    prevention: v.prevention,
  };
}
