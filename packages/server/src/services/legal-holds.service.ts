import type { Actor } from '../auth/actor.ts';
import { caseUnitIds, hasRoleIn } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import { conflict, forbidden, notFound, type Messages } from '../errors.ts';
import { residentVisible } from '../repositories/access.repository.ts';
import * as repo from '../repositories/legal-holds.repository.ts';
import type { Q } from '../repositories/query.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';

// Legal holds (gallringsstopp, docs/culling.md): a manager of the person's unit stops culling of a resident's records,
// or of an eviction-prevention case, with a reason (an appeal, a complaint to JO or IVO, a request for the records),
// and lifts it when the reason has passed. Staff who may see the person see the hold. Every read and change is logged.

export type HoldTarget = { residentId: string } | { evictionCaseId: string };

const messages = {
  culled: {
    sv: 'Uppgifterna är redan gallrade.',
    en: 'The records have already been culled.',
  },
  exists: {
    sv: 'Det finns redan ett gallringsstopp. Häv det först om du vill ange ett nytt skäl.',
    en: 'A legal hold is already in place. Lift it first to give a new reason.',
  },
  none: { sv: 'Det finns inget gallringsstopp att häva.', en: 'There is no legal hold to lift.' },
} satisfies Record<string, Messages>;

function dto(h: repo.LegalHoldRow) {
  return {
    id: h.id,
    reason: h.reason,
    placedBy: h.placed_by_name,
    placedAt: h.placed_at,
    liftedBy: h.lifted_by_name,
    liftedAt: h.lifted_at,
    active: h.lifted_at === null,
  };
}

export type LegalHoldDto = ReturnType<typeof dto>;

export function createLegalHoldsService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;

  /** The person's (or case's) unit, if the actor may see it; 404 otherwise, whatever the reason. */
  async function load(q: Q, actor: Actor, target: HoldTarget) {
    if ('residentId' in target) {
      if (!(await residentVisible(q, caseUnitIds(actor), target.residentId))) throw notFound();
      const r = await q.selectFrom('residents').select(['unit_id', 'culled_at']).where('id', '=', target.residentId).executeTakeFirst();
      if (!r) throw notFound();
      return { unitId: r.unit_id, residentId: target.residentId, culledAt: r.culled_at };
    }
    const c = await q
      .selectFrom('eviction_cases')
      .select(['unit_id', 'resident_id', 'culled_at'])
      .where('id', '=', target.evictionCaseId)
      .executeTakeFirst();
    if (!c || !caseUnitIds(actor).includes(c.unit_id)) throw notFound();
    return { unitId: c.unit_id, residentId: c.resident_id, culledAt: c.culled_at };
  }

  function audit(
    q: Q,
    actor: Actor,
    s: { unitId: string; residentId: string | null },
    holdId: string | null,
    action: 'read' | 'create' | 'update',
  ) {
    return recordAudit(q, actor, ctx.clock.now(), [
      { residentId: s.residentId, unitId: s.unitId, entity: 'legal_hold', entityId: holdId, action },
    ]);
  }

  /** Only the managers of the person's own unit place and lift holds. */
  function requireManager(actor: Actor, unitId: string) {
    if (!hasRoleIn(actor, unitId, ['manager'])) throw forbidden();
  }

  return {
    async get(actor: Actor, target: HoldTarget) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const s = await load(trx, actor, target);
          const holds = await repo.holdsOf(trx, target);
          const current = holds.find((h) => h.lifted_at === null);
          await audit(trx, actor, s, current?.id ?? null, 'read');
          return {
            current: current ? dto(current) : null,
            history: holds.filter((h) => h.lifted_at !== null).map(dto),
            canManage: hasRoleIn(actor, s.unitId, ['manager']) && s.culledAt === null,
            culledAt: s.culledAt,
          };
        });
    },

    async place(actor: Actor, target: HoldTarget, reason: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const s = await load(trx, actor, target);
          requireManager(actor, s.unitId);
          // Locks the person's row (PostgreSQL) so a culling run in progress either sees this hold or has culled first.
          if (!(await repo.lockNotCulled(trx, target))) throw conflict('CULLED', messages.culled);
          if (await repo.activeHold(trx, target)) throw conflict('LEGAL_HOLD_EXISTS', messages.exists);
          const id = newId();
          await repo.insertHold(trx, {
            id,
            resident_id: 'residentId' in target ? target.residentId : null,
            eviction_case_id: 'evictionCaseId' in target ? target.evictionCaseId : null,
            reason: reason.trim(),
            placed_by: actor.userId,
            placed_at: ctx.clock.now().toISOString(),
            lifted_by: null,
            lifted_at: null,
          });
          await audit(trx, actor, s, id, 'create');
          return dto((await repo.activeHold(trx, target))!);
        });
    },

    async lift(actor: Actor, target: HoldTarget) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const s = await load(trx, actor, target);
          requireManager(actor, s.unitId);
          const hold = await repo.activeHold(trx, target);
          if (!hold || !(await repo.liftHold(trx, hold.id, actor.userId, ctx.clock.now().toISOString()))) {
            throw conflict('NO_LEGAL_HOLD', messages.none);
          }
          await audit(trx, actor, s, hold.id, 'update');
          return dto((await repo.holdsOf(trx, target)).find((h) => h.id === hold.id)!);
        });
    },
  };
}
