import { checkPeriod, findOverlapping, placementOcrReference } from '@kvarbo/domain';
import { sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import { caseUnitIds } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import type { PlacementTable } from '../db/schema.ts';
import { conflict, invalidField, notFound } from '../errors.ts';
import { apartmentVisible, placementVisible, residentVisible } from '../repositories/access.repository.ts';
import * as repo from '../repositories/placements.repository.ts';
import type { Q } from '../repositories/query.ts';
import { recordAudit } from './audit.service.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { ServiceContext } from './context.ts';
import { expectVersion, mustHaveUpdated } from './row-version.ts';
import { unitsToList } from './guards.ts';
import { isCulled, residentName } from './resident-name.ts';

export const END_REASONS = [
  'own_first_hand_lease',
  'took_over_lease',
  'moved_other_housing',
  'terminated_disturbance',
  'terminated_rent_arrears',
  'deceased',
  'other',
] as const;
export type EndReason = (typeof END_REASONS)[number];

export type PlacementInput = {
  residentId: string;
  apartmentId: string;
  startDate: string;
  endDate?: string | null;
  leaseForm: PlacementTable['lease_form'];
  rentIncludedInDailyFee: boolean;
  dailyFeeOre?: number | null;
  rentAllowanceOre?: number | null;
  monthlyRentOre?: number | null;
  endReason?: EndReason | null;
  endNote?: string | null;
  /** Day of the previous month the rent is due, when agreed (1–28); null = the statutory last vardag. */
  agreedDueDay?: number | null;
  residentPaysRent?: boolean;
};

export function createPlacementsService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;

  async function loadVisible(q: Q, actor: Actor, id: string) {
    if (!(await placementVisible(q, caseUnitIds(actor), id))) throw notFound();
    const row = await repo.findPlacement(q, id);
    if (!row) throw notFound();
    return row;
  }

  /**
   * Refuses a placement that shares a day with another one of the same resident or apartment. On
   * PostgreSQL the resident and apartment rows are locked first, so two simultaneous requests cannot both
   * pass the check; SQLite serialises write transactions anyway.
   */
  async function checkNoOverlap(q: Q, actor: Actor, candidate: PlacementInput, selfId?: string) {
    if (ctx.db.dialect === 'postgres') {
      await sql`SELECT id FROM residents WHERE id = ${candidate.residentId} FOR UPDATE`.execute(q);
      await sql`SELECT id FROM apartments WHERE id = ${candidate.apartmentId} FOR UPDATE`.execute(q);
    }
    const period = { startDate: candidate.startDate, endDate: candidate.endDate ?? null };
    const others = (await repo.placementsTouching(q, candidate, selfId)).map((p) => ({
      ...p,
      startDate: p.start_date,
      endDate: p.end_date,
    }));
    const byResident = findOverlapping(
      period,
      others.filter((p) => p.resident_id === candidate.residentId),
    );
    if (byResident) {
      const showAddress = await apartmentVisible(q, caseUnitIds(actor), byResident.apartment_id);
      throw conflict(
        'PLACEMENT_OVERLAP_RESIDENT',
        {
          sv: `Personen har redan en placering ${periodText(byResident)} som överlappar. En ny placering kan börja tidigast dagen efter att den förra slutar.`,
          en: `The person already has a placement ${periodText(byResident)} that overlaps. A new placement can start the day after the previous one ends at the earliest.`,
        },
        {
          conflict: {
            id: byResident.id,
            startDate: byResident.start_date,
            endDate: byResident.end_date,
            apartmentAddress: showAddress ? byResident.address : null,
          },
        },
      );
    }
    const byApartment = findOverlapping(
      period,
      others.filter((p) => p.apartment_id === candidate.apartmentId),
    );
    if (byApartment) {
      throw conflict(
        'PLACEMENT_OVERLAP_APARTMENT',
        {
          sv: `Lägenheten är redan upptagen ${periodText(byApartment)}. En ny placering kan börja tidigast dagen efter att den förra slutar.`,
          en: `The apartment is already occupied ${periodText(byApartment)}. A new placement can start the day after the previous one ends at the earliest.`,
        },
        {
          conflict: {
            id: byApartment.id,
            startDate: byApartment.start_date,
            endDate: byApartment.end_date,
            apartmentAddress: byApartment.address,
          },
        },
      );
    }
  }

  async function validate(q: Q, actor: Actor, input: PlacementInput) {
    const units = caseUnitIds(actor);
    if (!(await residentVisible(q, units, input.residentId))) {
      throw invalidField('residentId', 'unknown', { sv: 'Välj en boende i din enhet.', en: 'Choose a resident in your unit.' });
    }
    if (!(await apartmentVisible(q, units, input.apartmentId))) {
      throw invalidField('apartmentId', 'unknown', { sv: 'Välj en lägenhet i din enhet.', en: 'Choose an apartment in your unit.' });
    }
    const endDate = input.endDate ?? null;
    if (checkPeriod({ startDate: input.startDate, endDate })) {
      throw invalidField('endDate', 'end_before_start', {
        sv: 'Slutdatum kan inte vara före startdatum.',
        en: 'The end date cannot be before the start date.',
      });
    }
    if (endDate && !input.endReason) {
      throw invalidField('endReason', 'required', { sv: 'Ange varför placeringen avslutades.', en: 'State why the placement ended.' });
    }
    if (!endDate && input.endReason) {
      throw invalidField('endDate', 'required', {
        sv: 'Ange slutdatum när en avslutsorsak är vald.',
        en: 'Give the end date when an end reason is chosen.',
      });
    }
    if (input.rentAllowanceOre && !input.rentIncludedInDailyFee) {
      throw invalidField('rentAllowanceOre', 'rent_not_included', {
        sv: 'Hyrespengar betalas bara ut när hyran ingår i dygnsavgiften.',
        en: 'A rent allowance is only paid when the rent is included in the daily fee.',
      });
    }
  }

  function createOnce(actor: Actor, input: PlacementInput) {
    return db()
      .transaction()
      .execute(async (trx) => {
        await validate(trx, actor, input);
        await checkNoOverlap(trx, actor, input);
        const id = newId();
        const now = ctx.clock.now().toISOString();
        // The OCR serial is the next free number; the unique index stops two instances taking the same one.
        const serial = (await repo.maxOcrSerial(trx)) + 1;
        await repo.insertPlacement(trx, {
          id,
          ...columns(input),
          ocr_serial: serial,
          ocr_reference: placementOcrReference(serial),
          created_at: now,
          updated_at: now,
        });
        const row = (await repo.findPlacement(trx, id))!;
        await audit(trx, actor, row, 'create');
        return placementDto(row);
      });
  }

  async function audit(q: Q, actor: Actor, row: repo.PlacementRow, action: 'read' | 'create' | 'update') {
    await recordAudit(q, actor, ctx.clock.now(), [
      { residentId: row.resident_id, unitId: row.resident_unit_id, entity: 'placement', entityId: row.id, action },
    ]);
  }

  return {
    async get(actor: Actor, id: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const row = await loadVisible(trx, actor, id);
          await audit(trx, actor, row, 'read');
          return placementDto(row);
        });
    },

    async list(
      actor: Actor,
      f: {
        unitId?: string;
        q?: string;
        residentId?: string;
        apartmentId?: string;
        active?: boolean;
        sort: repo.PlacementFilter['sort'];
        descending: boolean;
        page: number;
        pageSize: number;
      },
    ) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const { items, total } = await repo.listPlacements(trx, {
            ...f,
            unitIds: unitsToList(actor, f.unitId),
            today: ctx.clock.today(),
          });
          await recordAudit(
            trx,
            actor,
            ctx.clock.now(),
            items.map((r) => ({
              residentId: r.resident_id,
              unitId: r.resident_unit_id,
              entity: 'placement',
              entityId: r.id,
              action: 'list' as const,
            })),
          );
          return { items: items.map(placementDto), total, page: f.page, pageSize: f.pageSize };
        });
    },

    async create(actor: Actor, input: PlacementInput) {
      // Two placements created at the same moment can pick the same OCR serial; the unique index refuses the
      // second, which then simply tries again with the next number.
      for (let attempt = 1; ; attempt++) {
        try {
          return await createOnce(actor, input);
        } catch (e) {
          if (attempt >= 5 || !isUniqueViolation(e)) throw e;
        }
      }
    },

    async update(actor: Actor, id: string, patch: Partial<PlacementInput> & { version: number }) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const current = await loadVisible(trx, actor, id);
          expectVersion(current, patch.version);
          const merged: PlacementInput = {
            ...toInput(current),
            ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
          };
          await validate(trx, actor, merged);
          await checkNoOverlap(trx, actor, merged, id);
          const updated = await repo.updatePlacement(
            trx,
            id,
            { ...columns(merged), updated_at: ctx.clock.now().toISOString() },
            patch.version,
          );
          mustHaveUpdated(updated);
          const row = (await repo.findPlacement(trx, id))!;
          await audit(trx, actor, row, 'update');
          return placementDto(row);
        });
    },

    async end(actor: Actor, id: string, input: { version: number; endDate: string; endReason: EndReason; endNote?: string | null }) {
      return this.update(actor, id, {
        version: input.version,
        endDate: input.endDate,
        endReason: input.endReason,
        endNote: input.endNote ?? null,
      });
    },
  };
}

function periodText(p: { start_date: string; end_date: string | null }): string {
  return `${p.start_date} – ${p.end_date ?? '…'}`;
}

function columns(i: PlacementInput) {
  return {
    resident_id: i.residentId,
    apartment_id: i.apartmentId,
    start_date: i.startDate,
    end_date: i.endDate ?? null,
    lease_form: i.leaseForm,
    rent_included_in_daily_fee: i.rentIncludedInDailyFee ? (1 as const) : (0 as const),
    daily_fee_ore: i.dailyFeeOre ?? null,
    rent_allowance_ore: i.rentAllowanceOre ?? null,
    monthly_rent_ore: i.monthlyRentOre ?? null,
    end_reason: i.endDate ? (i.endReason ?? null) : null,
    end_note: i.endDate ? (i.endNote ?? null) : null,
    agreed_due_day: i.agreedDueDay ?? null,
    resident_pays_rent: i.residentPaysRent === false ? (0 as const) : (1 as const),
  };
}

/** The stored placement as form input, so a PATCH is validated exactly like a create. */
function toInput(r: repo.PlacementRow): PlacementInput {
  const {
    residentId,
    apartmentId,
    startDate,
    endDate,
    leaseForm,
    rentIncludedInDailyFee,
    dailyFeeOre,
    rentAllowanceOre,
    monthlyRentOre,
    endNote,
    agreedDueDay,
    residentPaysRent,
  } = placementDto(r);
  return {
    residentId,
    apartmentId,
    startDate,
    endDate,
    leaseForm,
    rentIncludedInDailyFee,
    dailyFeeOre,
    rentAllowanceOre,
    monthlyRentOre,
    endNote,
    agreedDueDay,
    residentPaysRent,
    endReason: r.end_reason as EndReason | null,
  };
}

export function placementDto(r: repo.PlacementRow) {
  return {
    id: r.id,
    residentId: r.resident_id,
    residentName: residentName(r),
    residentCulled: isCulled(r),
    apartmentId: r.apartment_id,
    apartmentAddress: r.address,
    unitId: r.unit_id,
    startDate: r.start_date,
    endDate: r.end_date,
    leaseForm: r.lease_form,
    rentIncludedInDailyFee: r.rent_included_in_daily_fee === 1,
    dailyFeeOre: r.daily_fee_ore,
    rentAllowanceOre: r.rent_allowance_ore,
    monthlyRentOre: r.monthly_rent_ore,
    effectiveMonthlyRentOre: r.monthly_rent_ore ?? r.apartment_rent_ore,
    endReason: r.end_reason,
    endNote: r.end_note,
    ocrReference: r.ocr_reference,
    agreedDueDay: r.agreed_due_day,
    residentPaysRent: r.resident_pays_rent === 1,
    version: Number(r.version),
  };
}
