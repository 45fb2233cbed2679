import {
  addDays,
  assessMoveOut,
  chainsForResident,
  complianceByResident,
  complianceByStaff,
  DEFAULT_VISIT_AGREEMENT,
  firstDayOf,
  formatIsoWeek,
  incidentRate,
  incidentRatesByMonth,
  lastDayOf,
  mondayOf,
  suppress,
  validateIncident,
  validateSecondChance,
  validateStays,
  validateVisit,
  validateVisitAgreement,
  weeklyCompliance,
  type ChainPlacement,
  type IncidentKind,
  type IncidentSeverity,
  type IncidentSource,
  type LocalizedFieldError,
  type Period,
  type ResidentWeeks,
  type Visit,
  type VisitAgreement,
  type VisitOutcome,
  type VisitPlace,
  type WeekCompliance,
} from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { hasRoleIn } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import { invalidField, invalidFields, notFound, type FieldError, type Messages } from '../errors.ts';
import * as repo from '../repositories/housing-first.repository.ts';
import type { HfPlacementRow } from '../repositories/housing-first.repository.ts';
import type { Q } from '../repositories/query.ts';
import { recordAudit, type AuditEntry } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { expectVersion, mustHaveUpdated } from './row-version.ts';
import { namedResident } from './resident-name.ts';

// Housing First and support housing follow-up (issue 7): visit agreements and support visits with their weekly
// compliance, incidents and their rate per 100 tenancy-months, the landlord contact log, respite stays, the
// move-out and links between a resident's placements. The rules are the domain's (support-visits.ts,
// incidents.ts, housing-moves.ts); this service loads, checks access, writes and audit-logs in one transaction.
//
// A placement belongs to the unit that owns its apartment. Placement-scoped routes are admitted by the access
// policy (config.scope 'placement'), so the service only loads and checks the record's own rules.

export const LANDLORD_CONTACT_CHANNELS = ['phone', 'email', 'letter', 'meeting'] as const;
export type LandlordContactChannel = (typeof LANDLORD_CONTACT_CHANNELS)[number];
export const LINK_KINDS = ['fallback', 'return_from_fallback', 'second_chance'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** Finished weeks the missing-visits list looks back over. */
export const MISSING_VISITS_WEEKS = 8;

const CASE_ROLES = ['manager', 'caseworker', 'host'] as const;

const msg = {
  inFuture: { sv: 'Datumet får inte ligga i framtiden.', en: 'The date must not be in the future.' },
  outside: { sv: 'Datumet ligger utanför placeringen.', en: 'The date is outside the placement.' },
  notStaff: { sv: 'Personen arbetar inte på enheten.', en: 'This person does not work at the unit.' },
  duplicate: { sv: 'Samma person är angiven två gånger.', en: 'The same person is given twice.' },
  toBeforeFrom: { sv: 'Slutdatumet ligger före startdatumet.', en: 'The end date is before the start date.' },
  beforeStart: { sv: 'Datumet ligger före placeringens start.', en: 'The date is before the placement started.' },
  period: { sv: 'Perioden slutar innan den börjar.', en: 'The period ends before it starts.' },
  periodLong: { sv: 'Perioden får vara högst fem år.', en: 'The period may be at most five years.' },
} satisfies Record<string, Messages>;

export const VISIT_COMPLIANCE_DEFINITIONS: Messages = {
  sv:
    'Veckor räknas måndag–söndag (ISO-veckor) och bara när både placeringen och besöksöverenskommelsen gäller hela veckan. ' +
    'Uppfylld: minst det överenskomna antalet genomförda besök. Avböjd: veckan nåddes inte för att den boende tackade nej ' +
    'eller inte var hemma. Delvis: några men inte alla besök erbjöds. Missad: inget besök erbjöds. Andel uppfyllda = ' +
    'uppfyllda / (uppfyllda + delvis + missade); avböjda veckor räknas inte in. Per medarbetare: den som var kontaktperson.',
  en:
    'Weeks run Monday–Sunday (ISO weeks) and count only when both the placement and the visit agreement cover the whole week. ' +
    'Met: at least the agreed number of visits held. Declined: short because the resident said no or was not there. ' +
    'Partial: some but not all visits offered. Missed: no visit offered. Share met = met / (met + partial + missed); ' +
    'declined weeks are left out. Per staff member: the contact person.',
};

export const INCIDENT_RATE_DEFINITIONS: Messages = {
  sv:
    'Incidenter per 100 boendemånader. En boendemånad är en lägenhet bebodd en hel kalendermånad; en del av en månad räknas ' +
    'som sin andel av dagarna. För analytiker visas antal 1–4 som "<5" och kvoten utelämnas då.',
  en:
    'Incidents per 100 tenancy-months. A tenancy-month is one apartment occupied for a whole calendar month; part of a month ' +
    'counts as its share of the days. For analysts, counts of 1–4 are shown as "<5" and the rate is then left out.',
};

export type AgreementDto = {
  visitsPerWeek: number;
  fromDate: string;
  toDate: string | null;
  places: VisitPlace[];
  /** 'set': recorded for the placement; 'housing_first_default': none recorded, Bostad först's 1 a week. */
  source: 'set' | 'housing_first_default';
  createdAt: string | null;
  createdBy: string | null;
};

type AgreementRow = Awaited<ReturnType<typeof repo.agreementsOf>>[number];
type VisitRow = Awaited<ReturnType<typeof repo.visitsOf>>[number];

function round(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}

function fieldErrors(errors: LocalizedFieldError[], rename: Record<string, string> = {}): FieldError[] {
  return errors.map((e) => ({ field: rename[e.field] ?? e.field, code: e.code, message: e.message }));
}

function periodOf(p: HfPlacementRow): Period {
  return { startDate: p.start_date, endDate: p.end_date };
}

/** The agreement in force for the placement: the recorded one, else Bostad först's default for housing_first. */
function effectiveAgreement(p: HfPlacementRow, row: AgreementRow | undefined): AgreementDto | null {
  if (row) {
    return {
      visitsPerWeek: row.visits_per_week,
      fromDate: row.from_date,
      toDate: row.to_date,
      places: [...DEFAULT_VISIT_AGREEMENT.places!],
      source: 'set',
      createdAt: row.created_at,
      createdBy: row.created_by,
    };
  }
  if (p.apartment_type !== 'housing_first') return null;
  return {
    visitsPerWeek: DEFAULT_VISIT_AGREEMENT.visitsPerWeek,
    fromDate: p.start_date,
    toDate: null,
    places: [...DEFAULT_VISIT_AGREEMENT.places!],
    source: 'housing_first_default',
    createdAt: null,
    createdBy: null,
  };
}

function domainAgreement(a: AgreementDto): VisitAgreement {
  return { visitsPerWeek: a.visitsPerWeek, from: a.fromDate, to: a.toDate, places: a.places };
}

function domainVisit(v: VisitRow): Visit {
  return {
    date: v.visit_date,
    place: v.place as VisitPlace,
    staffIds: v.staff.map((s) => s.id),
    planned: v.planned === 1,
    outcome: v.outcome,
  };
}

function visitDto(v: VisitRow) {
  return {
    id: v.id,
    placementId: v.placement_id,
    date: v.visit_date,
    place: v.place as VisitPlace,
    planned: v.planned === 1,
    outcome: v.outcome,
    staffIds: v.staff.map((s) => s.id),
    staff: v.staff,
    note: v.note,
    goals: JSON.parse(v.goals) as string[],
    createdAt: v.created_at,
    createdBy: v.created_by,
  };
}

function weekDto(w: WeekCompliance) {
  return {
    isoWeek: formatIsoWeek(w),
    year: w.year,
    week: w.week,
    monday: w.monday,
    sunday: w.sunday,
    required: w.required,
    held: w.held,
    declined: w.declined,
    noShow: w.noShow,
    status: w.status,
  };
}

export function createHousingFirstService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;
  const now = () => ctx.clock.now();
  const today = () => ctx.clock.today();

  /** Loads the placement (the route's scope has already checked that the caller may see it). */
  async function placement(q: Q, placementId: string): Promise<HfPlacementRow> {
    const p = await repo.findPlacement(q, placementId);
    if (!p) throw notFound();
    return p;
  }

  function audit(q: Q, actor: Actor, entries: AuditEntry[]) {
    return recordAudit(q, actor, now(), entries);
  }

  function entry(p: HfPlacementRow, entity: string, entityId: string | null, action: AuditEntry['action']): AuditEntry {
    return { residentId: p.resident_id, unitId: p.resident_unit_id, entity, entityId, action };
  }

  /** Staff of the unit who work with persons (not analysts): the views that name residents. Others: 404. */
  function requireCaseStaff(actor: Actor, unitId: string) {
    if (!hasRoleIn(actor, unitId, CASE_ROLES)) throw notFound();
  }

  function notInFuture(field: string, date: string | null | undefined): FieldError[] {
    return date && date > today() ? [{ field, code: 'in_future', message: msg.inFuture }] : [];
  }

  function checkPeriod(from: string, to: string, fromField = 'from', toField = 'to') {
    if (to < from) throw invalidField(toField, 'end_before_start', msg.period);
    if (from < addDays(to, -366 * 5)) throw invalidField(fromField, 'too_long', msg.periodLong);
  }

  async function agreementFor(q: Q, p: HfPlacementRow) {
    return effectiveAgreement(p, (await repo.agreementsOf(q, [p.id]))[0]);
  }

  /** Per placement: the weeks of its agreement as of today (none without an agreement). */
  async function weeksOfPlacements(q: Q, placements: HfPlacementRow[], asOf: string) {
    const ids = placements.map((p) => p.id);
    const agreements = new Map<string, AgreementRow>();
    for (const a of await repo.agreementsOf(q, ids)) if (!agreements.has(a.placement_id)) agreements.set(a.placement_id, a);
    const visits = new Map<string, Visit[]>();
    for (const v of await repo.visitsOf(q, ids)) visits.set(v.placement_id, [...(visits.get(v.placement_id) ?? []), domainVisit(v)]);
    return placements.map((p) => {
      const agreement = effectiveAgreement(p, agreements.get(p.id));
      const weeks = agreement ? weeklyCompliance(domainAgreement(agreement), visits.get(p.id) ?? [], periodOf(p), asOf) : [];
      return { placement: p, agreement, weeks };
    });
  }

  return {
    // ---- Visit agreement ----------------------------------------------------------------------------------

    async getAgreement(actor: Actor, placementId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await placement(trx, placementId);
          await audit(trx, actor, [entry(p, 'visit_agreement', null, 'read')]);
          return { placementId, version: Number(p.version), agreement: await agreementFor(trx, p) };
        });
    },

    /** Guarded by the placement's version (docs/concurrency.md): setting the agreement moves the placement on. */
    async setAgreement(
      actor: Actor,
      placementId: string,
      input: { version: number; visitsPerWeek: number; fromDate: string; toDate: string | null },
    ) {
      const errors = fieldErrors(validateVisitAgreement({ visitsPerWeek: input.visitsPerWeek, from: input.fromDate, to: input.toDate }), {
        from: 'fromDate',
        to: 'toDate',
      });
      if (errors.length) throw invalidFields(errors);
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await placement(trx, placementId);
          expectVersion(p, input.version);
          if (input.fromDate < p.start_date) throw invalidField('fromDate', 'before_placement', msg.beforeStart);
          mustHaveUpdated(await repo.updatePlacementAtVersion(trx, p.id, input.version, { updated_at: now().toISOString() }));
          const existing = await repo.agreementsOf(trx, [p.id]);
          const id = newId();
          await repo.replaceAgreement(trx, {
            id,
            placement_id: p.id,
            visits_per_week: input.visitsPerWeek,
            from_date: input.fromDate,
            to_date: input.toDate,
            created_by: actor.userId,
            created_at: now().toISOString(),
          });
          await audit(trx, actor, [entry(p, 'visit_agreement', id, existing.length ? 'update' : 'create')]);
          return { placementId, version: input.version + 1, agreement: await agreementFor(trx, p) };
        });
    },

    // ---- Support visits -----------------------------------------------------------------------------------

    async listVisits(actor: Actor, placementId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await placement(trx, placementId);
          await audit(trx, actor, [entry(p, 'support_visit', null, 'list')]);
          return (await repo.visitsOf(trx, [p.id])).map(visitDto).reverse();
        });
    },

    async recordVisit(
      actor: Actor,
      placementId: string,
      input: {
        date: string;
        place: VisitPlace;
        planned: boolean;
        outcome: VisitOutcome;
        staffIds: string[];
        note: string | null;
        goals: string[];
      },
    ) {
      const errors = fieldErrors(
        validateVisit({
          date: input.date,
          place: input.place,
          planned: input.planned,
          outcome: input.outcome,
          staffIds: input.staffIds,
          ...(input.note !== null ? { note: input.note } : {}),
          goalsTouched: input.goals,
        }),
      );
      errors.push(...notInFuture('date', input.date));
      input.staffIds.forEach((s, i) => {
        if (input.staffIds.indexOf(s) !== i) errors.push({ field: `staffIds.${i}`, code: 'duplicate', message: msg.duplicate });
      });
      if (errors.length) throw invalidFields(errors);
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await placement(trx, placementId);
          if (input.date < p.start_date || (p.end_date !== null && input.date > p.end_date)) {
            throw invalidField('date', 'outside_placement', msg.outside);
          }
          const staff = await repo.staffAmong(trx, input.staffIds, [...new Set([p.unit_id, p.resident_unit_id])]);
          const notStaff = input.staffIds.flatMap((s, i) =>
            staff.has(s) ? [] : [{ field: `staffIds.${i}`, code: 'not_staff', message: msg.notStaff }],
          );
          if (notStaff.length) throw invalidFields(notStaff);
          const id = newId();
          await repo.insertVisit(
            trx,
            {
              id,
              placement_id: p.id,
              visit_date: input.date,
              place: input.place,
              planned: input.planned ? 1 : 0,
              outcome: input.outcome,
              note: input.note,
              goals: JSON.stringify(input.goals),
              created_by: actor.userId,
              created_at: now().toISOString(),
            },
            input.staffIds,
          );
          await audit(trx, actor, [entry(p, 'support_visit', id, 'create')]);
          const created = (await repo.visitsOf(trx, [p.id])).find((v) => v.id === id)!;
          return visitDto(created);
        });
    },

    /** The placement's weeks as of today, newest first, and their summary. */
    async compliance(actor: Actor, placementId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await placement(trx, placementId);
          await audit(trx, actor, [entry(p, 'visit_compliance', null, 'read')]);
          const asOf = today();
          const [r] = await weeksOfPlacements(trx, [p], asOf);
          const summary = complianceByResident([{ residentId: p.resident_id, weeks: r!.weeks }])[0]!;
          const { residentId: _r, ...rest } = summary;
          return {
            placementId,
            asOf,
            agreement: r!.agreement,
            summary: { ...rest, noShowVisits: r!.weeks.reduce((n, w) => n + w.noShow, 0) },
            weeks: r!.weeks.map(weekDto).reverse(),
            definitions: VISIT_COMPLIANCE_DEFINITIONS,
          };
        });
    },

    /**
     * Placements of the unit with an agreement and, in the last eight finished weeks, a week without the agreed
     * visits ('missed' or 'partial'; declined weeks are the resident's choice and not listed). The current,
     * unfinished week is never listed. With contactPersonId: that contact person's residents only.
     */
    async missingVisits(actor: Actor, unitId: string, contactPersonId?: string) {
      requireCaseStaff(actor, unitId);
      const asOf = today();
      const to = addDays(mondayOf(asOf), -1);
      const from = addDays(mondayOf(asOf), -7 * MISSING_VISITS_WEEKS);
      return db()
        .transaction()
        .execute(async (trx) => {
          // A list to act on: only placements still running today (an ended one's missed weeks are history).
          const placements = (await repo.unitPlacements(trx, unitId, from, to, contactPersonId)).filter(
            (p) => p.end_date === null || p.end_date >= asOf,
          );
          const rows = (await weeksOfPlacements(trx, placements, asOf))
            .map((r) => ({
              ...r,
              short: r.weeks.filter((w) => w.monday >= from && w.sunday <= to && (w.status === 'missed' || w.status === 'partial')),
            }))
            .filter((r) => r.short.length > 0);
          await audit(
            trx,
            actor,
            rows.map((r) => entry(r.placement, 'support_visit', r.placement.id, 'list')),
          );
          return {
            unitId,
            asOf,
            from,
            to,
            items: rows.map((r) => ({
              placementId: r.placement.id,
              residentId: r.placement.resident_id,
              ...namedResident(r.placement),
              address: r.placement.address,
              contactPersonId: r.placement.contact_person_id,
              contactPersonName: r.placement.contact_person_name,
              visitsPerWeek: r.agreement!.visitsPerWeek,
              agreementSource: r.agreement!.source,
              missedWeeks: r.short.filter((w) => w.status === 'missed').length,
              partialWeeks: r.short.filter((w) => w.status === 'partial').length,
              weeks: r.short.map(weekDto).reverse(),
            })),
          };
        });
    },

    /**
     * Share of weeks met per resident and per staff member (the resident's contact person) over the weeks whose
     * Sunday lies in [from, to] and has passed. Names residents and staff: the unit's case staff only.
     */
    async complianceStats(actor: Actor, unitId: string, from: string, to: string) {
      requireCaseStaff(actor, unitId);
      checkPeriod(from, to);
      const asOf = today();
      return db()
        .transaction()
        .execute(async (trx) => {
          const placements = await repo.unitPlacements(trx, unitId, addDays(from, -6), to);
          const perPlacement = await weeksOfPlacements(trx, placements, asOf);
          const byResident = new Map<string, ResidentWeeks & { placement: HfPlacementRow; noShow: number }>();
          for (const r of perPlacement) {
            if (!r.agreement) continue;
            const weeks = r.weeks.filter((w) => w.sunday >= from && w.sunday <= to && w.status !== 'open');
            const p = r.placement;
            const prev = byResident.get(p.resident_id);
            byResident.set(p.resident_id, {
              residentId: p.resident_id,
              placement: p,
              weeks: [...(prev?.weeks ?? []), ...weeks],
              noShow: (prev?.noShow ?? 0) + weeks.reduce((n, w) => n + w.noShow, 0),
              contactPersons: p.contact_person_id ? [{ staffId: p.contact_person_id, from: '0000-01-01', to: null }] : [],
            });
          }
          const residents = [...byResident.values()];
          await audit(
            trx,
            actor,
            residents.map((r) => entry(r.placement, 'visit_compliance', null, 'list')),
          );
          const staffRows = complianceByStaff(residents);
          const names = await repo.userNames(
            trx,
            staffRows.flatMap((s) => (s.staffId ? [s.staffId] : [])),
          );
          const total = complianceByResident([{ residentId: '-', weeks: residents.flatMap((r) => r.weeks) }])[0]!;
          const { residentId: _t, ...totalSummary } = total;
          return {
            unitId,
            from,
            to,
            asOf,
            definitions: VISIT_COMPLIANCE_DEFINITIONS,
            total: totalSummary,
            residents: complianceByResident(residents)
              .map((s) => {
                const r = byResident.get(s.residentId)!;
                return { ...s, ...namedResident(r.placement), noShowVisits: r.noShow };
              })
              .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
            staff: staffRows.map((s) => ({ ...s, name: s.staffId ? (names.get(s.staffId) ?? null) : null })),
          };
        });
    },

    // ---- Incidents ----------------------------------------------------------------------------------------

    async listIncidents(actor: Actor, placementId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await placement(trx, placementId);
          await audit(trx, actor, [entry(p, 'incident', null, 'list')]);
          return (await repo.incidentsOf(trx, [p.id])).map(incidentDto);
        });
    },

    async recordIncident(
      actor: Actor,
      placementId: string,
      input: {
        occurredOn: string;
        kind: IncidentKind;
        source: IncidentSource;
        severity: IncidentSeverity;
        description: string | null;
        actionTaken: string | null;
      },
    ) {
      const errors = fieldErrors(
        validateIncident({
          date: input.occurredOn,
          kind: input.kind,
          source: input.source,
          severity: input.severity,
          actionTaken: input.actionTaken ?? '',
        }),
        { date: 'occurredOn' },
      );
      errors.push(...notInFuture('occurredOn', input.occurredOn));
      if (errors.length) throw invalidFields(errors);
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await placement(trx, placementId);
          if (input.occurredOn < p.start_date) throw invalidField('occurredOn', 'before_placement', msg.beforeStart);
          const id = newId();
          await repo.insertIncident(trx, {
            id,
            placement_id: p.id,
            occurred_on: input.occurredOn,
            kind: input.kind,
            source: input.source,
            severity: input.severity,
            description: input.description,
            action_taken: input.actionTaken,
            created_by: actor.userId,
            created_at: now().toISOString(),
          });
          await audit(trx, actor, [entry(p, 'incident', id, 'create')]);
          return incidentDto((await repo.incidentsOf(trx, [p.id])).find((i) => i.id === id)!);
        });
    },

    /**
     * Incidents per 100 tenancy-months of the unit's placements, per month and for the whole period. Case staff
     * see exact figures and a row per resident; the unit's analysts see counts of 1–4 as "<5" (the rate left
     * out then) and no residents; anyone else gets a 404.
     */
    async incidentStats(actor: Actor, unitId: string, fromMonth: string, toMonth: string) {
      const mode = hasRoleIn(actor, unitId, CASE_ROLES) ? 'exact' : hasRoleIn(actor, unitId, ['analyst']) ? 'suppressed' : null;
      if (!mode) throw notFound();
      if (toMonth < fromMonth) throw invalidField('to', 'end_before_start', msg.period);
      const from = firstDayOf(fromMonth);
      const to = lastDayOf(toMonth);
      checkPeriod(from, to);
      return db()
        .transaction()
        .execute(async (trx) => {
          const placements = await repo.unitPlacements(trx, unitId, from, to);
          const incidents = (await repo.unitIncidents(trx, unitId, from, to)).map((i) => ({ ...i, date: i.occurred_on }));
          const periods = placements.map(periodOf);
          const show = (r: { incidents: number; tenancyMonths: number; per100: number | null }) =>
            mode === 'exact'
              ? { incidents: r.incidents, tenancyMonths: round(r.tenancyMonths, 2), per100: r.per100 === null ? null : round(r.per100, 1) }
              : {
                  incidents: suppress(r.incidents),
                  tenancyMonths: round(r.tenancyMonths, 2),
                  per100: r.per100 === null || suppress(r.incidents) === '<5' ? null : round(r.per100, 1),
                };
          const months = incidentRatesByMonth(incidents, periods, fromMonth, toMonth).map((m) => ({ month: m.month, ...show(m) }));
          const total = show(incidentRate(incidents, periods, { from, to }));
          if (mode === 'suppressed')
            return { unitId, from: fromMonth, to: toMonth, mode, definitions: INCIDENT_RATE_DEFINITIONS, total, months };
          const residentIds = [...new Set(placements.map((p) => p.resident_id))];
          const residents = residentIds
            .map((residentId) => {
              const own = placements.filter((p) => p.resident_id === residentId);
              const rate = incidentRate(
                incidents.filter((i) => i.resident_id === residentId),
                own.map(periodOf),
                { from, to },
              );
              return { residentId, ...namedResident(own[0]!), ...show(rate) };
            })
            .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
          await audit(
            trx,
            actor,
            residentIds.map((rid) =>
              entry(
                placements.find((p) => p.resident_id === rid)!,
                'incident',
                null,
                'list',
              ),
            ),
          );
          return { unitId, from: fromMonth, to: toMonth, mode, definitions: INCIDENT_RATE_DEFINITIONS, total, months, residents };
        });
    },

    // ---- Landlord contacts --------------------------------------------------------------------------------

    async listLandlordContacts(actor: Actor, placementId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await placement(trx, placementId);
          await audit(trx, actor, [entry(p, 'landlord_contact', null, 'list')]);
          return (await repo.landlordContactsOf(trx, p.id)).map(landlordContactDto);
        });
    },

    async recordLandlordContact(
      actor: Actor,
      placementId: string,
      input: { occurredOn: string; channel: LandlordContactChannel; summary: string },
    ) {
      const future = notInFuture('occurredOn', input.occurredOn);
      if (future.length) throw invalidFields(future);
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await placement(trx, placementId);
          const id = newId();
          await repo.insertLandlordContact(trx, {
            id,
            placement_id: p.id,
            occurred_on: input.occurredOn,
            channel: input.channel,
            summary: input.summary,
            created_by: actor.userId,
            created_at: now().toISOString(),
          });
          await audit(trx, actor, [entry(p, 'landlord_contact', id, 'create')]);
          return landlordContactDto((await repo.landlordContactsOf(trx, p.id)).find((c) => c.id === id)!);
        });
    },

    // ---- Respite stays ------------------------------------------------------------------------------------

    async listRespiteStays(actor: Actor, placementId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await placement(trx, placementId);
          await audit(trx, actor, [entry(p, 'respite_stay', null, 'list')]);
          return (await repo.respiteStaysOf(trx, p.id)).map(respiteDto);
        });
    },

    async recordRespiteStay(
      actor: Actor,
      placementId: string,
      input: { fromDate: string; toDate: string | null; place: string; note: string | null },
    ) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await placement(trx, placementId);
          const existing = await repo.respiteStaysOf(trx, p.id);
          const stays = [
            ...existing.map((s) => ({ kind: 'respite' as const, place: s.place, startDate: s.from_date, endDate: s.to_date })),
            { kind: 'respite' as const, place: input.place, startDate: input.fromDate, endDate: input.toDate },
          ];
          const prefix = `stays.${existing.length}.`;
          const errors = validateStays(stays, periodOf(p))
            .filter((e) => e.field.startsWith(prefix))
            .map((e) => ({ ...e, field: e.field.slice(prefix.length) }));
          if (errors.length) throw invalidFields(fieldErrors(errors, { startDate: 'fromDate', endDate: 'toDate' }));
          const id = newId();
          await repo.insertRespiteStay(trx, {
            id,
            placement_id: p.id,
            from_date: input.fromDate,
            to_date: input.toDate,
            place: input.place,
            note: input.note,
            created_by: actor.userId,
            created_at: now().toISOString(),
          });
          await audit(trx, actor, [entry(p, 'respite_stay', id, 'create')]);
          return respiteDto((await repo.respiteStaysOf(trx, p.id)).find((s) => s.id === id)!);
        });
    },

    // ---- Move-out and links -------------------------------------------------------------------------------

    async getMoveOut(actor: Actor, placementId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await placement(trx, placementId);
          await audit(trx, actor, [entry(p, 'move_out', p.id, 'read')]);
          return moveOutDto(p, today());
        });
    },

    /** undefined leaves a date as it is, null clears it. Moving before being given notice is allowed. */
    async setMoveOut(
      actor: Actor,
      placementId: string,
      input: { version: number; moveOutGivenOn?: string | null; movedOutOn?: string | null },
    ) {
      const errors = [...notInFuture('moveOutGivenOn', input.moveOutGivenOn), ...notInFuture('movedOutOn', input.movedOutOn)];
      if (errors.length) throw invalidFields(errors);
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await placement(trx, placementId);
          expectVersion(p, input.version);
          const before: FieldError[] = [];
          if (input.moveOutGivenOn && input.moveOutGivenOn < p.start_date) {
            before.push({ field: 'moveOutGivenOn', code: 'before_placement', message: msg.beforeStart });
          }
          if (input.movedOutOn && input.movedOutOn < p.start_date) {
            before.push({ field: 'movedOutOn', code: 'before_placement', message: msg.beforeStart });
          }
          if (before.length) throw invalidFields(before);
          const updated = await repo.updatePlacementAtVersion(trx, p.id, input.version, {
            ...(input.moveOutGivenOn !== undefined ? { move_out_given_on: input.moveOutGivenOn } : {}),
            ...(input.movedOutOn !== undefined ? { moved_out_on: input.movedOutOn } : {}),
            updated_at: now().toISOString(),
          });
          mustHaveUpdated(updated);
          await audit(trx, actor, [entry(p, 'move_out', p.id, 'update')]);
          return moveOutDto((await repo.findPlacement(trx, p.id))!, today());
        });
    },

    async link(actor: Actor, placementId: string, input: { version: number; previousPlacementId: string; kind: LinkKind }) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await placement(trx, placementId);
          expectVersion(p, input.version);
          const own = await repo.placementsOfResident(trx, p.resident_id);
          const previous =
            own.find((x) => x.id === input.previousPlacementId) ?? (await repo.findPlacement(trx, input.previousPlacementId));
          const all: ChainPlacement[] = [...own, ...(previous && !own.includes(previous) ? [previous] : [])].map((x) => ({
            id: x.id,
            residentId: x.resident_id,
            startDate: x.start_date,
            endDate: x.end_date,
            previousPlacementId: x.id === p.id ? input.previousPlacementId : x.previous_placement_id,
          }));
          const candidate = all.find((x) => x.id === p.id)!;
          const errors = validateSecondChance(candidate, all);
          if (errors.length) throw invalidFields(fieldErrors(errors));
          const updated = await repo.updatePlacementAtVersion(trx, p.id, input.version, {
            previous_placement_id: input.previousPlacementId,
            link_kind: input.kind,
            updated_at: now().toISOString(),
          });
          mustHaveUpdated(updated);
          await audit(trx, actor, [entry(p, 'placement_link', p.id, 'update')]);
          return {
            placementId: p.id,
            version: input.version + 1,
            previousPlacementId: input.previousPlacementId,
            kind: input.kind,
            chain: await chainOf(trx, p.resident_id, p.id),
          };
        });
    },

    async placementChain(actor: Actor, residentId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const placements = await repo.placementsOfResident(trx, residentId);
          await audit(trx, actor, [
            { residentId, unitId: placements[0]?.resident_unit_id ?? null, entity: 'placement_chain', entityId: null, action: 'read' },
          ]);
          const byId = new Map(placements.map((p) => [p.id, p]));
          const chains = chainsForResident(placements.map(chainPlacement), residentId).map((chain) =>
            chain.map((c) => chainItem(byId.get(c.id)!)),
          );
          return { residentId, chains };
        });
    },
  };

  async function chainOf(q: Q, residentId: string, placementId: string) {
    const placements = await repo.placementsOfResident(q, residentId);
    const byId = new Map(placements.map((p) => [p.id, p]));
    const chain = chainsForResident(placements.map(chainPlacement), residentId).find((c) => c.some((x) => x.id === placementId)) ?? [];
    return chain.map((c) => chainItem(byId.get(c.id)!));
  }
}

function chainPlacement(p: HfPlacementRow): ChainPlacement {
  return {
    id: p.id,
    residentId: p.resident_id,
    startDate: p.start_date,
    endDate: p.end_date,
    previousPlacementId: p.previous_placement_id,
  };
}

function chainItem(p: HfPlacementRow) {
  return {
    placementId: p.id,
    apartmentId: p.apartment_id,
    address: p.address,
    apartmentType: p.apartment_type,
    startDate: p.start_date,
    endDate: p.end_date,
    endReason: p.end_reason,
    previousPlacementId: p.previous_placement_id,
    linkKind: p.link_kind as LinkKind | null,
    moveOutGivenOn: p.move_out_given_on,
    movedOutOn: p.moved_out_on,
  };
}

function moveOutDto(p: HfPlacementRow, asOf: string) {
  const assessed = p.move_out_given_on ? assessMoveOut({ givenOn: p.move_out_given_on, movedOn: p.moved_out_on }, asOf) : null;
  return {
    placementId: p.id,
    /** The placement's version: send it back with an edit. */
    version: Number(p.version),
    moveOutGivenOn: p.move_out_given_on,
    movedOutOn: p.moved_out_on,
    /** Days from notice to moving; negative when the resident moved before being told. */
    days: assessed?.days ?? null,
    reasonableBy: assessed?.reasonableBy ?? null,
    status: assessed?.status ?? null,
  };
}

type IncidentRow = Awaited<ReturnType<typeof repo.incidentsOf>>[number];
function incidentDto(i: IncidentRow) {
  return {
    id: i.id,
    placementId: i.placement_id,
    occurredOn: i.occurred_on,
    kind: i.kind as IncidentKind,
    source: i.source as IncidentSource,
    severity: i.severity as IncidentSeverity,
    description: i.description,
    actionTaken: i.action_taken,
    createdAt: i.created_at,
    createdBy: i.created_by,
  };
}

type LandlordContactRow = Awaited<ReturnType<typeof repo.landlordContactsOf>>[number];
function landlordContactDto(c: LandlordContactRow) {
  return {
    id: c.id,
    placementId: c.placement_id,
    occurredOn: c.occurred_on,
    channel: c.channel as LandlordContactChannel,
    summary: c.summary,
    createdAt: c.created_at,
    createdBy: c.created_by,
  };
}

type RespiteRow = Awaited<ReturnType<typeof repo.respiteStaysOf>>[number];
function respiteDto(s: RespiteRow) {
  return {
    id: s.id,
    placementId: s.placement_id,
    fromDate: s.from_date,
    toDate: s.to_date,
    place: s.place,
    note: s.note,
    createdAt: s.created_at,
    createdBy: s.created_by,
  };
}
