import type { Actor } from '../auth/actor.ts';
import { hasRoleIn } from '../auth/actor.ts';
import { notFound } from '../errors.ts';
import * as repo from '../repositories/stats.repository.ts';
import type { ServiceContext } from './context.ts';

export function createStatsService(ctx: ServiceContext) {
  const q = () => ctx.db.kysely;
  return {
    /** For analysts and managers: counts, never a person. */
    async unitOverview(actor: Actor, unitId: string) {
      if (!hasRoleIn(actor, unitId, ['analyst', 'manager'])) throw notFound();
      const today = ctx.clock.today();
      const [types, active, ended] = await Promise.all([
        repo.apartmentsByType(q(), unitId),
        repo.activePlacementStats(q(), unitId, today),
        repo.endedByReason(q(), unitId),
      ]);
      return {
        unitId,
        date: today,
        apartmentsByType: Object.fromEntries(types.map((t) => [t.type, Number(t.n)])),
        activePlacements: Number(active.placements),
        householdsWithChildren: Number(active.households_with_children ?? 0),
        childrenInHouseholds: Number(active.children ?? 0),
        placementsEndedByReason: Object.fromEntries(ended.map((e) => [e.end_reason, Number(e.n)])),
      };
    },
  };
}
