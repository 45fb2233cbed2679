import { effectiveMonthlyRent, monthlyCharge, rentDueDate, type RentChange } from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import type { RentChargeTable } from '../db/schema.ts';
import * as repo from '../repositories/charges.repository.ts';
import type { Q } from '../repositories/query.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';

type ChargeTarget = Awaited<ReturnType<typeof repo.placementsToCharge>>[number];

/**
 * Monthly rent charges (Jordabalken 12:20: due the last vardag before the month, unless agreed otherwise),
 * prorated by days in a month where the placement starts or ends. Creating a month twice, or from two server
 * instances at once, changes nothing: (placement, month, seq) is unique and inserts skip what exists.
 */
export function createChargesService(ctx: ServiceContext) {
  /** Prices one month for the given placements (what the charge would be, without storing it). */
  async function price(q: Q, month: string, targets: ChargeTarget[]) {
    const changes = await repo.rentChangesFor(
      q,
      targets.map((t) => t.id),
      [...new Set(targets.map((t) => t.apartment_id))],
    );
    const toChange = (c: (typeof changes)[number]): RentChange => ({ fromMonth: c.from_month, monthlyRentOre: c.monthly_rent_ore });
    return targets.flatMap((t) => {
      const rent = effectiveMonthlyRent(month, {
        apartmentRentOre: t.apartment_rent_ore,
        apartmentChanges: changes.filter((c) => c.apartment_id === t.apartment_id).map(toChange),
        placementRentOre: t.monthly_rent_ore,
        placementChanges: changes.filter((c) => c.placement_id === t.id).map(toChange),
      });
      const charge = monthlyCharge(month, rent, { startDate: t.start_date, endDate: t.end_date });
      if (!charge || charge.amountOre === 0) return [];
      // Rent for the move-in month is due on the day the placement starts at the earliest: the statutory date
      // before the month would lie before the contract existed.
      const due = rentDueDate(month, t.agreed_due_day);
      return [{ target: t, ...charge, dueDate: t.start_date > due ? t.start_date : due }];
    });
  }

  return {
    price,

    /** For `kvarbo charges`, the daily job and managers: creates the month's missing charges. */
    async generate(month: string, options: { unitIds: string[] | null; actor: Actor | null }) {
      return ctx.db.kysely.transaction().execute(async (trx) => {
        const targets = await repo.placementsToCharge(trx, month, options.unitIds);
        const priced = await price(trx, month, targets);
        const now = ctx.clock.now();
        const rows: RentChargeTable[] = priced.map((p) => ({
          id: newId(),
          placement_id: p.target.id,
          month,
          seq: 1,
          due_date: p.dueDate,
          amount_ore: p.amountOre,
          days: p.days,
          days_in_month: p.daysInMonth,
          reverses_charge_id: null,
          note: null,
          created_by: options.actor?.userId ?? null,
          created_at: now.toISOString(),
        }));
        const inserted = new Set(await repo.insertCharges(trx, rows));
        const created = rows.filter((r) => inserted.has(r.id));
        if (options.actor) {
          const byPlacement = new Map(targets.map((t) => [t.id, t]));
          await recordAudit(
            trx,
            options.actor,
            now,
            created.map((c) => ({
              residentId: byPlacement.get(c.placement_id)!.resident_id,
              unitId: byPlacement.get(c.placement_id)!.unit_id,
              entity: 'rent_charge',
              entityId: c.id,
              action: 'create' as const,
            })),
          );
        }
        return {
          month,
          placements: targets.length,
          created: created.length,
          existing: rows.length - created.length,
          totalOre: created.reduce((s, c) => s + c.amount_ore, 0),
        };
      });
    },

    /**
     * A rent change from a month on. Charges already created for that month or later are corrected by a
     * credit note and a reissued charge (never edited), so the ledger shows what happened.
     */
    async changeRent(
      q: Q,
      actor: Actor,
      target: { apartmentId: string } | { placementId: string },
      fromMonth: string,
      monthlyRentOre: number | null,
    ) {
      const now = ctx.clock.now();
      await repo.insertRentChange(q, {
        id: newId(),
        apartment_id: 'apartmentId' in target ? target.apartmentId : null,
        placement_id: 'placementId' in target ? target.placementId : null,
        from_month: fromMonth,
        monthly_rent_ore: monthlyRentOre,
        created_by: actor.userId,
        created_at: now.toISOString(),
      });
      const affected = await affectedPlacements(q, target);
      const live = await repo.liveChargesFrom(
        q,
        affected.map((p) => p.id),
        fromMonth,
      );
      const corrected: { residentId: string; unitId: string; chargeId: string }[] = [];
      const existing = await repo.chargesOf(
        q,
        affected.map((p) => p.id),
      );
      for (const charge of live) {
        const [priced] = await price(
          q,
          charge.month,
          affected.filter((p) => p.id === charge.placement_id),
        );
        const amount = priced?.amountOre ?? 0;
        if (amount === charge.amount_ore) continue;
        const base = {
          placement_id: charge.placement_id,
          month: charge.month,
          due_date: charge.due_date,
          days: charge.days,
          days_in_month: charge.days_in_month,
          created_by: actor.userId,
          created_at: now.toISOString(),
        };
        const note = `Hyresändring från ${fromMonth}`;
        await repo.insertCharges(q, [
          { ...base, id: newId(), seq: null, amount_ore: -charge.amount_ore, reverses_charge_id: charge.id, note },
        ]);
        if (amount > 0) {
          const seq =
            Math.max(...existing.filter((c) => c.placement_id === charge.placement_id && c.month === charge.month).map((c) => c.seq ?? 0)) +
            1;
          await repo.insertCharges(q, [
            {
              ...base,
              id: newId(),
              seq,
              amount_ore: amount,
              days: priced!.days,
              days_in_month: priced!.daysInMonth,
              reverses_charge_id: null,
              note,
            },
          ]);
        }
        const p = affected.find((x) => x.id === charge.placement_id)!;
        corrected.push({ residentId: p.resident_id, unitId: p.unit_id, chargeId: charge.id });
      }
      await recordAudit(
        q,
        actor,
        now,
        corrected.map((c) => ({
          residentId: c.residentId,
          unitId: c.unitId,
          entity: 'rent_charge',
          entityId: c.chargeId,
          action: 'update' as const,
        })),
      );
      return { corrected: corrected.length };
    },
  };

  async function affectedPlacements(q: Q, target: { apartmentId: string } | { placementId: string }) {
    let query = q
      .selectFrom('placements as p')
      .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
      .select([
        'p.id',
        'p.start_date',
        'p.end_date',
        'p.monthly_rent_ore',
        'p.agreed_due_day',
        'p.apartment_id',
        'p.resident_id',
        'a.monthly_rent_ore as apartment_rent_ore',
        'a.unit_id',
      ]);
    query = 'apartmentId' in target ? query.where('p.apartment_id', '=', target.apartmentId) : query.where('p.id', '=', target.placementId);
    return query.execute();
  }
}
