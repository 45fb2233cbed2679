import {
  addDays,
  addMonths,
  DEFAULT_TAKEOVER_SETTINGS,
  isCalendarDate,
  monthOf,
  takeoverEligibility,
  validateTakeoverSettings,
  type IncidentSeverity,
  type LeaseForm,
  type MonthStatus,
  type TakeoverEligibility,
  type TakeoverSettings,
} from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { caseUnitIds, hasRoleIn } from '../auth/actor.ts';
import { invalidField, invalidFields, notFound } from '../errors.ts';
import * as repo from '../repositories/lease-takeover.repository.ts';
import { statusRows } from '../repositories/rent-month-status.repository.ts';
import { findUnit, updateUnitAtVersion } from '../repositories/units.repository.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { expectVersion, mustHaveUpdated } from './row-version.ts';
import { createPlacementsService } from './placements.service.ts';
import type { createRentMonthStatusService } from './rent-month-status.service.ts';

// Taking over the lease (issue 7, Bostad först): the eligibility panel for every ongoing second-hand placement,
// computed from the records by the domain's takeoverEligibility(): months in the placement, the rent months'
// statuses (the statistics' stored statuses, kept current on every ledger write), incidents, and whether debts are
// being handled — no arrears, or a repayment plan (running or completed), or a budget and debt counselling contact
// or accepted referral in an eviction-prevention case. Recording a takeover ends the placement with the reason
// "took over the lease", which the retention reports count as housed.

export type TakeoverRow = TakeoverEligibility & { unitId: string };

export function createLeaseTakeoverService(ctx: ServiceContext, monthStatuses: ReturnType<typeof createRentMonthStatusService>) {
  const db = () => ctx.db.kysely;
  const placements = createPlacementsService(ctx);

  async function settingsFor(unitIds: string[]): Promise<(unitId: string) => TakeoverSettings> {
    const rows = new Map((await repo.takeoverSettingsOf(db(), unitIds)).map((r) => [r.unit_id, r]));
    return (unitId) => {
      const r = rows.get(unitId);
      return r
        ? {
            minMonths: r.min_months,
            rentWindowMonths: r.rent_window_months,
            complaintWindowMonths: r.complaint_window_months,
            complaintMinSeverity: r.complaint_min_severity as IncidentSeverity,
          }
        : DEFAULT_TAKEOVER_SETTINGS;
    };
  }

  /** Every ongoing second-hand placement of the units (null: all) with its panel, as of `asOf`. */
  async function evaluate(unitIds: string[] | null, asOf: string) {
    const rows = await repo.secondHandPlacements(db(), unitIds, asOf);
    const units = [...new Set(rows.map((r) => r.unit_id))];
    const settings = await settingsFor(units);
    const residentIds = [...new Set(rows.map((r) => r.resident_id))];
    await monthStatuses.refresh();
    // The longest rent window any unit uses, from the month of asOf back.
    const window = Math.max(DEFAULT_TAKEOVER_SETTINGS.rentWindowMonths, ...units.map((u) => settings(u).rentWindowMonths));
    const statuses = await statusRows(db(), {
      unitIds: units,
      from: addMonths(monthOf(asOf), -(window - 1)),
      to: monthOf(asOf),
      today: ctx.clock.today(),
    });
    const statusesBy = new Map<string, { month: string; status: MonthStatus }[]>();
    for (const s of statuses)
      statusesBy.set(s.placementId, [...(statusesBy.get(s.placementId) ?? []), { month: s.month, status: s.status }]);
    const incidentsBy = new Map<string, { date: string; severity: IncidentSeverity }[]>();
    for (const i of await repo.incidentsOfResidents(db(), residentIds)) {
      incidentsBy.set(i.resident_id, [
        ...(incidentsBy.get(i.resident_id) ?? []),
        { date: i.occurred_on, severity: i.severity as IncidentSeverity },
      ]);
    }
    const debts = await repo.debtFactsOfResidents(db(), residentIds, asOf);
    return rows.map((p) => {
      const d = debts.get(p.resident_id)!;
      const panel = takeoverEligibility(
        {
          placement: {
            id: p.id,
            residentId: p.resident_id,
            startDate: p.start_date,
            endDate: p.end_date,
            leaseForm: p.lease_form as LeaseForm,
          },
          monthStatuses: statusesBy.get(p.id) ?? [],
          incidents: incidentsBy.get(p.resident_id) ?? [],
          debts: { hasDebts: d.arrearsOre > 0, activePlan: d.plan, completedPlan: false, debtCounsellingContact: d.counselling },
        },
        asOf,
        settings(p.unit_id),
      );
      return {
        ...panel,
        /** The placement's version, which recording the takeover names (docs/concurrency.md). */
        version: Number(p.version),
        unitId: p.unit_id,
        name: `${p.first_name} ${p.last_name}`,
        address: p.address,
        contactPersonId: p.contact_person_id,
        arrearsOre: d.arrearsOre,
      };
    });
  }

  return {
    /** For `kvarbo takeover-eligibility`: every unit, no names. */
    async forCli(asOf: string) {
      if (!isCalendarDate(asOf))
        throw invalidField('date', 'date', { sv: 'Ange datumet som ÅÅÅÅ-MM-DD.', en: 'Give the date as YYYY-MM-DD.' });
      return (await evaluate(null, asOf)).map((e) => ({
        residentId: e.residentId,
        placementId: e.placementId,
        months: e.months,
        rentOk: e.rentOk,
        noComplaints: e.noComplaints,
        debtsHandled: e.debtsHandled,
        eligible: e.eligible,
      }));
    },

    /**
     * The unit's panel for its staff: eligible first, then close (one criterion missing, named), then the rest,
     * each with the resident's name; audit-logged as a list of those persons.
     */
    async list(actor: Actor, unitId: string, asOf?: string) {
      if (!caseUnitIds(actor).includes(unitId)) throw notFound();
      const date = asOf ?? ctx.clock.today();
      const rows = await evaluate([unitId], date);
      await recordAudit(
        db(),
        actor,
        ctx.clock.now(),
        rows.map((r) => ({ residentId: r.residentId, unitId, entity: 'lease_takeover', entityId: r.placementId, action: 'list' as const })),
      );
      const rank = (r: (typeof rows)[number]) => (r.eligible ? 0 : r.close ? 1 : 2);
      return {
        asOf: date,
        settings: (await settingsFor([unitId]))(unitId),
        items: rows.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'sv')),
      };
    },

    async settings(actor: Actor, unitId: string) {
      if (!caseUnitIds(actor).includes(unitId)) throw notFound();
      const unit = await findUnit(db(), unitId);
      // version: the unit's, which guards its settings (docs/concurrency.md).
      return { ...(await settingsFor([unitId]))(unitId), version: Number(unit?.version ?? 1) };
    },

    async changeSettings(actor: Actor, unitId: string, input: TakeoverSettings & { version: number }) {
      if (!hasRoleIn(actor, unitId, ['manager'])) throw notFound();
      const errors = validateTakeoverSettings(input);
      if (errors.length > 0) throw invalidFields(errors);
      const { version, ...settings } = input;
      await db()
        .transaction()
        .execute(async (trx) => {
          mustHaveUpdated(await updateUnitAtVersion(trx, unitId, version, {}));
          await repo.upsertTakeoverSettings(trx, {
            unit_id: unitId,
            min_months: settings.minMonths,
            rent_window_months: settings.rentWindowMonths,
            complaint_window_months: settings.complaintWindowMonths,
            complaint_min_severity: settings.complaintMinSeverity,
            updated_by: actor.userId,
            updated_at: ctx.clock.now().toISOString(),
          });
        });
      return { ...settings, version: version + 1 };
    },

    /**
     * The resident takes over the lease: the second-hand placement ends with "took over the lease" (the ledger's
     * charges after the day are credited as for any end) and the person counts as housed in the retention reports.
     */
    async record(actor: Actor, placementId: string, input: { version: number; takenOverOn: string; note?: string | null }) {
      const placement = await db()
        .selectFrom('placements')
        .select(['lease_form', 'end_date', 'version'])
        .where('id', '=', placementId)
        .executeTakeFirst();
      if (!placement) throw notFound();
      expectVersion(placement, input.version);
      if (placement.lease_form !== 'second_hand') {
        throw invalidField('placementId', 'not_second_hand', {
          sv: 'Bara ett andrahandskontrakt kan tas över.',
          en: 'Only a second-hand lease can be taken over.',
        });
      }
      if (placement.end_date !== null && placement.end_date < input.takenOverOn) {
        throw invalidField('takenOverOn', 'after_end', { sv: 'Placeringen har redan upphört.', en: 'The placement has already ended.' });
      }
      // The last day in the second-hand lease is the day before the takeover.
      const lastDay = addDays(input.takenOverOn, -1);
      return placements.end(actor, placementId, {
        version: input.version,
        endDate: lastDay,
        endReason: 'took_over_lease',
        endNote: input.note ?? null,
      });
    },
  };
}
