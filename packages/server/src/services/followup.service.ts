import { validateRentSettings, type RentSettings } from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { hasRoleIn } from '../auth/actor.ts';
import { forbidden, invalidFields } from '../errors.ts';
import * as repo from '../repositories/followup.repository.ts';
import { placementsOfResident } from '../repositories/placements.repository.ts';
import { findUnit, updateUnitAtVersion } from '../repositories/units.repository.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { mustHaveUpdated } from './row-version.ts';
import type { createRentStatusService } from './rent-status.service.ts';
import { taskDto, visitDto } from './tasks.service.ts';

/** Unit settings for the routine, and a resident's month-by-month history of status, tasks and visits. */
export function createFollowupService(ctx: ServiceContext, rentStatus: ReturnType<typeof createRentStatusService>) {
  const db = () => ctx.db.kysely;
  return {
    async settings(actor: Actor, unitId: string) {
      if (!hasRoleIn(actor, unitId, ['manager', 'caseworker', 'host'])) throw forbidden();
      const history = await repo.rentSettingsHistory(db(), [unitId]);
      const current = (await rentStatus.settingsFor(db(), [unitId]))(unitId, ctx.clock.today().slice(0, 7));
      const unit = await findUnit(db(), unitId);
      return {
        /** The unit's version, which guards its settings: send it back with a change (docs/concurrency.md). */
        version: Number(unit?.version ?? 1),
        current,
        history: history.map((h) => ({
          fromMonth: h.from_month,
          checkpointDays: JSON.parse(h.checkpoint_days) as number[],
          onTimeRule: h.on_time_rule,
          moveToNextVardag: h.move_to_next_vardag === 1,
        })),
      };
    },

    async changeSettings(actor: Actor, unitId: string, fromMonth: string, s: Omit<RentSettings, 'lastDay'>, version: number) {
      if (!hasRoleIn(actor, unitId, ['manager'])) throw forbidden();
      const settings: RentSettings = { ...s, lastDay: s.checkpointDays[s.checkpointDays.length - 1] ?? 15 };
      const problems = validateRentSettings(settings);
      if (problems.length) throw invalidFields(problems.map((p) => ({ field: p.field, code: p.code, message: p.message })));
      await db()
        .transaction()
        .execute(async (trx) => {
          // The unit's version guards its settings: of two changes made from the same version one is refused.
          mustHaveUpdated(await updateUnitAtVersion(trx, unitId, version, {}));
          await repo.upsertRentSettings(trx, {
            unit_id: unitId,
            from_month: fromMonth,
            checkpoint_days: JSON.stringify(settings.checkpointDays),
            on_time_rule: settings.onTimeRule,
            move_to_next_vardag: settings.moveToNextVardag ? 1 : 0,
            created_by: actor.userId,
            created_at: ctx.clock.now().toISOString(),
          });
        });
      return this.settings(actor, unitId);
    },

    /** Month by month: the rent status, the routine's tasks and the home visits (route scope checks access). */
    async residentHistory(actor: Actor, residentId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const placements = await placementsOfResident(trx, residentId);
          await recordAudit(trx, actor, ctx.clock.now(), [
            { residentId, unitId: placements[0]?.resident_unit_id ?? null, entity: 'rent_history', entityId: null, action: 'read' },
          ]);
          const tasks = await repo.taskQuery(trx).where('t.resident_id', '=', residentId).orderBy('t.run_date').execute();
          const visits = await repo.visitsOf(trx, residentId);
          const notices = await repo.noticesOf(trx, residentId);
          const months = new Map<string, { month: string; statuses: Awaited<ReturnType<typeof rentStatus.statusesFor>> }>();
          const charged = await trx
            .selectFrom('rent_charges')
            .select(['month', 'placement_id'])
            .where('placement_id', 'in', placements.length ? placements.map((p) => p.id) : ['-'])
            .distinct()
            .execute();
          for (const month of [...new Set(charged.map((c) => c.month))].sort().reverse()) {
            const list = placements
              .filter((p) => charged.some((c) => c.month === month && c.placement_id === p.id))
              .map((p) => ({ placement_id: p.id, resident_id: residentId, unit_id: p.unit_id }));
            months.set(month, { month, statuses: await rentStatus.statusesFor(trx, list, month, ctx.clock.today()) });
          }
          const today = ctx.clock.today();
          return [...months.values()].map((m) => ({
            month: m.month,
            statuses: m.statuses,
            tasks: tasks.filter((t) => t.month === m.month).map((t) => taskDto(t, today)),
            homeVisits: visits.filter((v) => tasks.some((t) => t.id === v.task_id && t.month === m.month)).map(visitDto),
            agencyNotices: notices
              .filter((n) => tasks.some((t) => t.id === n.task_id && t.month === m.month))
              .map((n) => ({ id: n.id, sentOn: n.sent_on, sentHow: n.sent_how, note: n.note })),
          }));
        });
    },
  };
}
