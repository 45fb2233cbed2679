import { allocate } from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { caseUnitIds } from '../auth/actor.ts';
import { notFound } from '../errors.ts';
import { renderAgencyNotice } from '../letters/agency-notice.ts';
import { renderReminderLetters } from '../letters/reminder-letter.ts';
import { renderRepaymentPlanAgreement } from '../letters/repayment-plan-agreement.ts';
import * as repo from '../repositories/followup.repository.ts';
import type { Q } from '../repositories/query.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { ledgerEntriesOf } from './ledger-entries.ts';
import type { createRepaymentPlansService } from './repayment-plans.service.ts';

/** Letters of the routine as PDF: reminders (one or the month's batch), the notice to the agency, plan agreements. */
export function createLettersService(ctx: ServiceContext, plans: ReturnType<typeof createRepaymentPlansService>) {
  const db = () => ctx.db.kysely;

  async function letterFacts(q: Q, taskIds: string[]) {
    if (taskIds.length === 0) return [];
    return q
      .selectFrom('tasks as t')
      .innerJoin('residents as r', 'r.id', 't.resident_id')
      .innerJoin('placements as p', 'p.id', 't.placement_id')
      .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
      .innerJoin('units as u', 'u.id', 't.unit_id')
      .leftJoin('users as cp', 'cp.id', 'r.contact_person_id')
      .leftJoin('commissioners as c', 'c.id', 'r.commissioner_id')
      .select([
        't.id',
        't.month',
        't.open_ore',
        't.run_date',
        't.unit_id',
        't.resident_id',
        't.placement_id',
        'r.first_name',
        'r.last_name',
        'r.personal_number',
        'r.unit_id as resident_unit_id',
        'r.commissioner_contact',
        'a.address',
        'a.postcode',
        'a.city',
        'p.ocr_reference',
        'u.name as unit_name',
        'u.letterhead',
        'u.bankgiro',
        'u.phone as unit_phone',
        'cp.display_name as contact_name',
        'c.name as commissioner_name',
        'c.address as commissioner_address',
      ])
      .where('t.id', 'in', taskIds)
      .orderBy('r.last_name')
      .execute();
  }

  async function dueDateOf(q: Q, placementId: string, month: string) {
    const c = await q
      .selectFrom('rent_charges')
      .select('due_date')
      .where('placement_id', '=', placementId)
      .where('month', '=', month)
      .executeTakeFirst();
    return c?.due_date ?? `${month}-01`;
  }

  async function audit(q: Q, actor: Actor, facts: { resident_id: string; resident_unit_id: string; id: string }[], entity: string) {
    await recordAudit(
      q,
      actor,
      ctx.clock.now(),
      facts.map((f) => ({ residentId: f.resident_id, unitId: f.resident_unit_id, entity, entityId: f.id, action: 'export' as const })),
    );
  }

  return {
    /** One reminder, or every reminder task of a unit's month when `taskIds` lists them all. */
    async reminders(actor: Actor, taskIds: string[]): Promise<Buffer> {
      const facts = (await letterFacts(db(), taskIds)).filter((f) => caseUnitIds(actor).includes(f.unit_id));
      if (facts.length === 0) throw notFound();
      await audit(db(), actor, facts, 'reminder_letter');
      const letters = await Promise.all(
        facts.map(async (f) => ({
          unit: { name: f.unit_name, letterhead: f.letterhead, bankgiro: f.bankgiro },
          resident: { name: `${f.first_name} ${f.last_name}`, address: f.address, postcode: f.postcode, city: f.city },
          month: f.month,
          dueDate: await dueDateOf(db(), f.placement_id, f.month),
          openOre: f.open_ore,
          ocrReference: f.ocr_reference ?? '',
          contact: { name: f.contact_name ?? f.unit_name, phone: f.unit_phone },
          date: f.run_date,
        })),
      );
      return renderReminderLetters(letters);
    },

    async monthReminderTaskIds(actor: Actor, unitId: string, month: string): Promise<string[]> {
      if (!caseUnitIds(actor).includes(unitId)) throw notFound();
      const rows = await db()
        .selectFrom('tasks')
        .select('id')
        .where('unit_id', '=', unitId)
        .where('month', '=', month)
        .where('kind', '=', 'reminder')
        .execute();
      return rows.map((r) => r.id);
    },

    async agencyNotice(actor: Actor, taskId: string): Promise<Buffer> {
      const [f] = (await letterFacts(db(), [taskId])).filter((x) => caseUnitIds(actor).includes(x.unit_id));
      if (!f) throw notFound();
      await audit(db(), actor, [f], 'agency_notice_letter');
      const { charges, payments } = await ledgerEntriesOf(db(), f.placement_id);
      const open = allocate(charges, payments).charges.filter((c) => c.openOre > 0 && c.dueDate <= ctx.clock.today());
      const arrears = open.map((c) => ({ month: c.month, openOre: c.openOre }));
      // The notice is about this month even if it has been paid since the task was made.
      if (!arrears.some((a) => a.month === f.month)) arrears.push({ month: f.month, openOre: Math.max(1, f.open_ore) });
      arrears.sort((a, b) => (a.month < b.month ? -1 : 1));
      const tasks = await repo.taskQuery(db()).where('t.placement_id', '=', f.placement_id).where('t.month', '=', f.month).execute();
      const visit = (await repo.visitsOf(db(), f.resident_id)).find((v) => tasks.some((t) => t.id === v.task_id));
      const reminder = tasks.find((t) => t.kind === 'reminder');
      const plan = (await repo.plansOf(db(), [f.placement_id])).filter((p) => p.cancelled_at === null).at(-1);
      return renderAgencyNotice({
        unit: { name: f.unit_name, letterhead: f.letterhead, bankgiro: f.bankgiro },
        recipient: {
          name: f.commissioner_name ?? 'Uppdragsgivaren',
          contactPerson: f.commissioner_contact,
          address: f.commissioner_address,
        },
        resident: { name: `${f.first_name} ${f.last_name}`, personalNumber: f.personal_number },
        placementAddress: { address: f.address, postcode: f.postcode, city: f.city },
        month: f.month,
        arrears,
        actions: {
          reminderSentOn: reminder?.run_date ?? null,
          homeVisit: visit
            ? {
                date: visit.visit_date,
                summary: visit.happened ? visit.payment_plan : `Besöket blev inte av: ${visit.not_happened_reason ?? ''}`,
              }
            : null,
        },
        repaymentPlan: plan
          ? { status: 'agreed', date: plan.agreed_on, instalments: plan.instalments, firstMonth: plan.start_month, note: plan.note }
          : { status: 'none' },
        contact: { name: actor.userName, title: null, phone: f.unit_phone, email: null },
        date: ctx.clock.today(),
      });
    },

    async planAgreement(actor: Actor, planId: string): Promise<Buffer> {
      const plan = await db().selectFrom('repayment_plans').selectAll().where('id', '=', planId).executeTakeFirst();
      if (!plan) throw notFound();
      const facts = await db()
        .selectFrom('placements as p')
        .innerJoin('residents as r', 'r.id', 'p.resident_id')
        .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
        .innerJoin('units as u', 'u.id', 'a.unit_id')
        .leftJoin('users as s', 's.id', 'r.contact_person_id')
        .select([
          'r.id as resident_id',
          'r.unit_id as resident_unit_id',
          'r.first_name',
          'r.last_name',
          'r.personal_number',
          'a.unit_id',
          'a.city',
          'p.ocr_reference',
          'u.name as unit_name',
          'u.letterhead',
          'u.bankgiro',
        ])
        .where('p.id', '=', plan.placement_id)
        .executeTakeFirstOrThrow();
      if (!caseUnitIds(actor).includes(facts.unit_id)) throw notFound();
      await audit(
        db(),
        actor,
        [{ resident_id: facts.resident_id, resident_unit_id: facts.resident_unit_id, id: planId }],
        'repayment_plan_agreement',
      );
      const d = await plans.describe(db(), plan);
      const agreedBy = plan.agreed_by
        ? await db().selectFrom('users').select('display_name').where('id', '=', plan.agreed_by).executeTakeFirst()
        : undefined;
      return renderRepaymentPlanAgreement({
        unit: { name: facts.unit_name, letterhead: facts.letterhead, bankgiro: facts.bankgiro },
        resident: { name: `${facts.first_name} ${facts.last_name}`, personalNumber: facts.personal_number },
        debtOre: plan.debt_ore,
        schedule: d.schedule,
        agreedOn: plan.agreed_on,
        agreedBy: agreedBy?.display_name ?? actor.userName,
        city: facts.city,
        ocrReference: facts.ocr_reference,
      });
    },
  };
}
