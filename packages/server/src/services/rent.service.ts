import type { Actor } from '../auth/actor.ts';
import { hasRoleIn } from '../auth/actor.ts';
import { forbidden } from '../errors.ts';
import type { createChargesService } from './charges.service.ts';
import type { ServiceContext } from './context.ts';

/** Staff-facing rent operations: who may change rents and create a month's charges. */
export function createRentService(ctx: ServiceContext, charges: ReturnType<typeof createChargesService>) {
  return {
    async changePlacementRent(actor: Actor, placementId: string, fromMonth: string, monthlyRentOre: number | null) {
      // Route scope has checked that the caller may see the placement.
      return ctx.db.kysely.transaction().execute((trx) => charges.changeRent(trx, actor, { placementId }, fromMonth, monthlyRentOre));
    },

    async changeApartmentRent(actor: Actor, apartmentId: string, fromMonth: string, monthlyRentOre: number) {
      return ctx.db.kysely.transaction().execute((trx) => charges.changeRent(trx, actor, { apartmentId }, fromMonth, monthlyRentOre));
    },

    /** Managers create a month's charges by hand, e.g. before the automatic run; creating twice adds nothing. */
    async generateForUnit(actor: Actor, unitId: string, month: string) {
      if (!hasRoleIn(actor, unitId, ['manager'])) throw forbidden();
      return charges.generate(month, { unitIds: [unitId], actor });
    },
  };
}
