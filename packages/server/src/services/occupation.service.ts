import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_ORGANISER_LABELS,
  addMonths,
  attendanceByMonth,
  attendanceTotal,
  firstDayOf,
  isCalendarMonth,
  lastDayOf,
  monthsBetween,
  OCCUPATION_KIND_LABELS,
  OCCUPATION_KINDS,
  occupationCurrent,
  occupationMonth,
  suppressAttendance,
  suppressOccupationMonth,
  validateOccupation,
  type ActivityKind,
  type ActivityOrganiser,
  type LocalizedFieldError,
  type Occupation,
  type OccupationKind,
} from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { caseUnitIds, CASE_ROLES, hasRoleIn } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import { invalidField, invalidFields, notFound, type FieldError, type Messages } from '../errors.ts';
import { residentVisible } from '../repositories/access.repository.ts';
import * as repo from '../repositories/occupation.repository.ts';
import type { OccupationRow } from '../repositories/occupation.repository.ts';
import { recordAudit, type AuditEntry } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { expectVersion, mustHaveUpdated } from './row-version.ts';
import type { Table } from './statistics-export.ts';
import { unitForNewRecord, unitsToList } from './guards.ts';
import { namedResident } from './resident-name.ts';

// Residents' occupation and activities (issue 9, part 2; docs/occupation.md). The rules and figures are the
// domain's (occupation.ts); this service loads, checks access, writes and audit-logs in one transaction.
//
// Access: a resident's occupations through resident-scoped routes (the access policy answers 404 outside the
// caller's units); an occupation, activity or session by its own id is looked up here and answered 404 when it
// is not of one of the caller's case units. Audit: every read and write of a resident's occupations, and every
// read and write of attendance that names residents (one row per named resident). Activities and sessions
// without names are the unit's own records, not a person's, and are not logged. The monthly summary is open to
// the unit's case staff (exact) and analysts (small cells suppressed).

export const MAX_SUMMARY_MONTHS = 36;

const msg = {
  notInUnit: { sv: 'Den boende hör inte till aktivitetens enhet.', en: 'The resident does not belong to the activity’s unit.' },
  duplicate: { sv: 'Samma boende är angiven två gånger.', en: 'The same resident is given twice.' },
  monthOrder: { sv: 'Slutmånaden ligger före startmånaden.', en: 'The last month is before the first month.' },
  monthSpan: {
    sv: `Välj högst ${MAX_SUMMARY_MONTHS} månader.`,
    en: `Choose at most ${MAX_SUMMARY_MONTHS} months.`,
  },
  month: { sv: 'Ange en månad som ÅÅÅÅ-MM.', en: 'Enter a month as YYYY-MM.' },
  time: { sv: 'Sluttiden ligger före starttiden.', en: 'The end time is before the start time.' },
} satisfies Record<string, Messages>;

export const OCCUPATION_DEFINITIONS: Messages = {
  sv:
    'Boende: de som hade en placering i någon av enhetens lägenheter minst en dag i månaden. Med sysselsättning: av dem, de ' +
    'som hade en sysselsättning (vilket slag som helst) minst en dag i månaden; varje boende räknas en gång. Per slag räknas ' +
    'likadant, så slagen kan summera till mer än "med sysselsättning". Planerade timmar: timmar per vecka × dagar i månaden ' +
    'som sysselsättningen pågick / 7. Aktiviteter: tillfällen i månaden, närvaro (namngivna boende + gäster), gäster och ' +
    'unika boende. För analytiker visas antal 1–4 som "<5" och timmarna utelämnas när 1–4 boende hade sysselsättning.',
  en:
    'Residents: those with a placement in one of the unit’s apartments on at least one day of the month. With occupation: of ' +
    'them, those with an occupation (any kind) on at least one day of the month, each resident once. Per kind likewise, so ' +
    'the kinds may add up to more than "with occupation". Planned hours: hours per week × days of the month the occupation ' +
    'covered / 7. Activities: sessions in the month, attendances (named residents + guests), guests and distinct residents. ' +
    'For analysts, counts of 1–4 are shown as "<5" and hours are left out when 1–4 residents had an occupation.',
};

export type OccupationInput = {
  kind: OccupationKind;
  provider: string;
  fromDate: string;
  toDate: string | null;
  hoursPerWeek: number;
  note: string | null;
};

export type ActivityInput = {
  unitId?: string;
  name: string;
  kind: ActivityKind;
  organiser: ActivityOrganiser;
  place: string | null;
  description: string | null;
};

export type SessionInput = {
  date: string;
  startTime: string | null;
  endTime: string | null;
  place: string | null;
  note: string | null;
  guests: number;
};

function fieldErrors(errors: LocalizedFieldError[]): FieldError[] {
  const rename: Record<string, string> = { from: 'fromDate', to: 'toDate' };
  return errors.map((e) => ({ field: rename[e.field] ?? e.field, code: e.code, message: e.message }));
}

function domainOccupation(r: OccupationRow): Occupation {
  return { id: r.id, residentId: r.resident_id, kind: r.kind, from: r.from_date, to: r.to_date, hoursPerWeek: Number(r.hours_per_week) };
}

function occupationDto(r: OccupationRow, today: string) {
  return {
    id: r.id,
    residentId: r.resident_id,
    kind: r.kind,
    provider: r.provider,
    fromDate: r.from_date,
    toDate: r.to_date,
    hoursPerWeek: Number(r.hours_per_week),
    note: r.note,
    current: occupationCurrent({ from: r.from_date, to: r.to_date }, today),
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

type ActivityRow = NonNullable<Awaited<ReturnType<typeof repo.findActivity>>>;

function activityDto(a: ActivityRow) {
  return {
    id: a.id,
    unitId: a.unit_id,
    name: a.name,
    kind: a.kind,
    organiser: a.organiser,
    place: a.place,
    description: a.description,
    active: Number(a.active) === 1,
    version: Number(a.version),
    createdAt: a.created_at,
  };
}

type SessionRow = Awaited<ReturnType<typeof repo.sessionsOf>>[number];

function sessionDto(s: SessionRow) {
  return {
    id: s.id,
    activityId: s.activity_id,
    date: s.session_date,
    startTime: s.start_time,
    endTime: s.end_time,
    place: s.place,
    note: s.note,
    guests: s.guests,
    namedAttendances: s.named,
    attendances: s.named + s.guests,
    version: s.version,
  };
}

export function createOccupationService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;
  const now = () => ctx.clock.now();

  async function audit(q: Parameters<typeof recordAudit>[0], actor: Actor, entries: AuditEntry[]) {
    await recordAudit(q, actor, now(), entries);
  }

  /** The caller must work with persons in the unit; otherwise the record does not exist for them. */
  function requireCaseUnit(actor: Actor, unitId: string) {
    if (!hasRoleIn(actor, unitId, CASE_ROLES)) throw notFound();
  }

  async function loadOccupation(actor: Actor, occupationId: string) {
    const row = await repo.findOccupation(db(), occupationId);
    if (!row || !(await residentVisible(db(), caseUnitIds(actor), row.resident_id))) throw notFound();
    const resident = await repo.findResidentBrief(db(), row.resident_id);
    if (!resident) throw notFound();
    return { row, resident };
  }

  async function loadActivity(actor: Actor, activityId: string) {
    const a = await repo.findActivity(db(), activityId);
    if (!a) throw notFound();
    requireCaseUnit(actor, a.unit_id);
    return a;
  }

  async function loadSession(actor: Actor, sessionId: string) {
    const s = await repo.findSession(db(), sessionId);
    if (!s) throw notFound();
    requireCaseUnit(actor, s.unit_id);
    return s;
  }

  function checkOccupation(candidate: Occupation, others: Occupation[]) {
    const errors = validateOccupation(candidate, others);
    if (errors.length) throw invalidFields(fieldErrors(errors));
  }

  function checkTimes(startTime: string | null, endTime: string | null) {
    if (startTime && endTime && endTime < startTime) throw invalidField('endTime', 'before_start', msg.time);
  }

  const service = {
    // ---- A resident's occupations ------------------------------------------------------------------------

    /** The resident's occupations (current first, then newest) and the activity sessions they came to. */
    async forResident(actor: Actor, residentId: string) {
      const resident = await repo.findResidentBrief(db(), residentId);
      if (!resident) throw notFound();
      const today = ctx.clock.today();
      return db()
        .transaction()
        .execute(async (trx) => {
          const rows = await repo.occupationsOf(trx, [residentId]);
          const units = caseUnitIds(actor);
          const attended = (await repo.attendedBy(trx, residentId)).filter((a) => units.includes(a.unit_id));
          await audit(trx, actor, [
            { residentId, unitId: resident.unit_id, entity: 'occupation', entityId: residentId, action: 'read' },
            { residentId, unitId: resident.unit_id, entity: 'activity_attendance', entityId: residentId, action: 'read' },
          ]);
          const items = rows.map((r) => occupationDto(r, today));
          items.sort((a, b) => Number(b.current) - Number(a.current) || (a.fromDate < b.fromDate ? 1 : a.fromDate > b.fromDate ? -1 : 0));
          return {
            asOf: today,
            items,
            attended: attended.map((a) => ({
              sessionId: a.session_id,
              date: a.session_date,
              startTime: a.start_time,
              activityId: a.activity_id,
              activityName: a.name,
              activityKind: a.kind,
            })),
          };
        });
    },

    async addOccupation(actor: Actor, residentId: string, input: OccupationInput) {
      const resident = await repo.findResidentBrief(db(), residentId);
      if (!resident) throw notFound();
      const id = newId();
      const at = now().toISOString();
      return db()
        .transaction()
        .execute(async (trx) => {
          await repo.lockResident(trx, residentId);
          const others = (await repo.occupationsOf(trx, [residentId])).map(domainOccupation);
          checkOccupation(
            { residentId, kind: input.kind, from: input.fromDate, to: input.toDate, hoursPerWeek: input.hoursPerWeek },
            others,
          );
          await repo.insertOccupation(trx, {
            id,
            resident_id: residentId,
            kind: input.kind,
            provider: input.provider,
            from_date: input.fromDate,
            to_date: input.toDate,
            hours_per_week: input.hoursPerWeek,
            note: input.note,
            created_by: actor.userId,
            created_at: at,
            updated_at: at,
          });
          await audit(trx, actor, [{ residentId, unitId: resident.unit_id, entity: 'occupation', entityId: id, action: 'create' }]);
          const row = await repo.findOccupation(trx, id);
          return occupationDto(row!, ctx.clock.today());
        });
    },

    /** Edits an occupation (ending it is setting toDate) made from `version`; 409 when someone changed it since. */
    async updateOccupation(actor: Actor, occupationId: string, input: OccupationInput & { version: number }) {
      const { row, resident } = await loadOccupation(actor, occupationId);
      expectVersion(row, input.version);
      return db()
        .transaction()
        .execute(async (trx) => {
          await repo.lockResident(trx, row.resident_id);
          const others = (await repo.occupationsOf(trx, [row.resident_id])).map(domainOccupation);
          checkOccupation(
            {
              id: row.id,
              residentId: row.resident_id,
              kind: input.kind,
              from: input.fromDate,
              to: input.toDate,
              hoursPerWeek: input.hoursPerWeek,
            },
            others,
          );
          mustHaveUpdated(
            await repo.updateOccupationAtVersion(trx, row.id, input.version, {
              kind: input.kind,
              provider: input.provider,
              from_date: input.fromDate,
              to_date: input.toDate,
              hours_per_week: input.hoursPerWeek,
              note: input.note,
              updated_at: now().toISOString(),
            }),
          );
          await audit(trx, actor, [
            { residentId: row.resident_id, unitId: resident.unit_id, entity: 'occupation', entityId: row.id, action: 'update' },
          ]);
          return occupationDto((await repo.findOccupation(trx, row.id))!, ctx.clock.today());
        });
    },

    // ---- Activities and sessions -------------------------------------------------------------------------

    async listActivities(actor: Actor, unitId: string | undefined) {
      const units = unitsToList(actor, unitId);
      const activities = await repo.activitiesOf(db(), units);
      const sessions = await repo.sessionsOf(
        db(),
        activities.map((a) => a.id),
      );
      return {
        items: activities.map((a) => {
          const own = sessions.filter((s) => s.activity_id === a.id);
          return { ...activityDto(a), unitName: a.unit_name, sessions: own.length, lastSessionDate: own[0]?.session_date ?? null };
        }),
      };
    },

    async getActivity(actor: Actor, activityId: string) {
      return activityDto(await loadActivity(actor, activityId));
    },

    async createActivity(actor: Actor, input: ActivityInput) {
      const unitId = unitForNewRecord(actor, input.unitId);
      const id = newId();
      const at = now().toISOString();
      await repo.insertActivity(db(), {
        id,
        unit_id: unitId,
        name: input.name,
        kind: input.kind,
        organiser: input.organiser,
        place: input.place,
        description: input.description,
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
      });
      return activityDto((await repo.findActivity(db(), id))!);
    },

    async updateActivity(actor: Actor, activityId: string, input: Omit<ActivityInput, 'unitId'> & { active: boolean; version: number }) {
      const a = await loadActivity(actor, activityId);
      expectVersion(a, input.version);
      mustHaveUpdated(
        await repo.updateActivityAtVersion(db(), a.id, input.version, {
          name: input.name,
          kind: input.kind,
          organiser: input.organiser,
          place: input.place,
          description: input.description,
          active: input.active ? 1 : 0,
          updated_at: now().toISOString(),
        }),
      );
      return activityDto((await repo.findActivity(db(), a.id))!);
    },

    async listSessions(actor: Actor, activityId: string) {
      const a = await loadActivity(actor, activityId);
      return { activity: activityDto(a), items: (await repo.sessionsOf(db(), [a.id])).map(sessionDto) };
    },

    async createSession(actor: Actor, activityId: string, input: SessionInput) {
      const a = await loadActivity(actor, activityId);
      checkTimes(input.startTime, input.endTime);
      const id = newId();
      await repo.insertSession(db(), {
        id,
        activity_id: a.id,
        session_date: input.date,
        start_time: input.startTime,
        end_time: input.endTime,
        place: input.place ?? a.place,
        note: input.note,
        guests: input.guests,
        created_by: actor.userId,
        created_at: now().toISOString(),
      });
      const [row] = (await repo.sessionsOf(db(), [a.id])).filter((s) => s.id === id);
      return sessionDto(row!);
    },

    // ---- Attendance --------------------------------------------------------------------------------------

    /**
     * Who came to the session, and whom one may tick: the residents placed in the unit's apartments on the day
     * (and anyone already ticked). Logged per named attendee, and once as a list of the unit's residents.
     */
    async getAttendance(actor: Actor, sessionId: string) {
      const s = await loadSession(actor, sessionId);
      return db()
        .transaction()
        .execute(async (trx) => {
          const attendees = await repo.attendeesOf(trx, s.id);
          const placed = await repo.residentsPlacedOn(trx, s.unit_id, s.session_date);
          const present = new Set(attendees.map((a) => a.id));
          const candidates = [...placed, ...attendees.filter((a) => !placed.some((p) => p.id === a.id))];
          await audit(trx, actor, [
            { residentId: null, unitId: s.unit_id, entity: 'activity_attendance', entityId: s.id, action: 'list' },
            ...attendees.map((a) => ({
              residentId: a.id,
              unitId: a.unit_id,
              entity: 'activity_attendance',
              entityId: s.id,
              action: 'read' as const,
            })),
          ]);
          return {
            session: {
              id: s.id,
              activityId: s.activity_id,
              activityName: s.activity_name,
              activityKind: s.activity_kind,
              date: s.session_date,
              startTime: s.start_time,
              endTime: s.end_time,
              place: s.place,
              note: s.note,
            },
            version: Number(s.version),
            guests: Number(s.guests),
            residents: candidates.map((r) => ({ id: r.id, ...namedResident(r), present: present.has(r.id) })),
          };
        });
    },

    /** Replaces who came (ticked residents) and the number of guests, made from the session's `version`. */
    async setAttendance(actor: Actor, sessionId: string, input: { version: number; residentIds: string[]; guests: number }) {
      const s = await loadSession(actor, sessionId);
      const seen = new Set<string>();
      input.residentIds.forEach((id, i) => {
        if (seen.has(id)) throw invalidField(`residentIds.${i}`, 'duplicate', msg.duplicate);
        seen.add(id);
      });
      const inUnit = await repo.residentsOfUnitAmong(db(), s.unit_id, input.residentIds);
      const outside = input.residentIds.findIndex((id) => !inUnit.has(id));
      if (outside >= 0) throw invalidField(`residentIds.${outside}`, 'not_in_unit', msg.notInUnit);
      expectVersion(s, input.version);
      await db()
        .transaction()
        .execute(async (trx) => {
          const before = await repo.attendeesOf(trx, s.id);
          mustHaveUpdated(await repo.updateSessionAtVersion(trx, s.id, input.version, { guests: input.guests }));
          await repo.replaceAttendance(trx, s.id, input.residentIds, actor.userId, now().toISOString());
          const touched = new Map<string, string>();
          for (const b of before) touched.set(b.id, b.unit_id);
          const briefs = await Promise.all(input.residentIds.map((id) => repo.findResidentBrief(trx, id)));
          for (const b of briefs) if (b) touched.set(b.id, b.unit_id);
          await audit(
            trx,
            actor,
            [...touched].map(([residentId, unitId]) => ({
              residentId,
              unitId,
              entity: 'activity_attendance',
              entityId: s.id,
              action: 'update' as const,
            })),
          );
        });
      return service.getAttendance(actor, sessionId);
    },

    // ---- Monthly summary ---------------------------------------------------------------------------------

    /** Case staff of the unit see exact figures, its analysts suppressed ones; anyone else 404. */
    access(actor: Actor, unitId: string): 'exact' | 'suppressed' {
      if (hasRoleIn(actor, unitId, CASE_ROLES)) return 'exact';
      if (hasRoleIn(actor, unitId, ['analyst'])) return 'suppressed';
      throw notFound();
    },

    async summary(actor: Actor, unitId: string, fromMonth: string, toMonth: string) {
      const mode = service.access(actor, unitId);
      if (!isCalendarMonth(fromMonth)) throw invalidField('from', 'invalid_month', msg.month);
      if (!isCalendarMonth(toMonth)) throw invalidField('to', 'invalid_month', msg.month);
      if (toMonth < fromMonth) throw invalidField('to', 'before_from', msg.monthOrder);
      if (addMonths(fromMonth, MAX_SUMMARY_MONTHS - 1) < toMonth) throw invalidField('to', 'too_long', msg.monthSpan);
      const from = firstDayOf(fromMonth);
      const to = lastDayOf(toMonth);
      const q = db();
      const placements = await repo.unitPlacementSpans(q, unitId, from, to);
      const residentIds = [...new Set(placements.map((p) => p.resident_id))];
      const occupations = (await repo.occupationsOf(q, residentIds)).map(domainOccupation);
      const spans = placements.map((p) => ({ residentId: p.resident_id, startDate: p.start_date, endDate: p.end_date }));
      const sessions = await repo.unitSessionsWithAttendance(q, unitId, from, to);
      const activities = await repo.activitiesOf(q, [unitId]);
      const months = monthsBetween(fromMonth, toMonth).map((month) => {
        const occ = occupationMonth(month, spans, occupations);
        const att = attendanceTotal(month, sessions);
        return mode === 'exact' ? { ...occ, activities: att } : { ...suppressOccupationMonth(occ), activities: suppressAttendance(att) };
      });
      const byActivity = attendanceByMonth(sessions).map((r) => {
        const a = activities.find((x) => x.id === r.activityId);
        const row = { ...r, name: a?.name ?? '', kind: a?.kind ?? 'other', organiser: a?.organiser ?? 'other' };
        return mode === 'exact' ? row : suppressAttendance(row);
      });
      return { unitId, mode, from: fromMonth, to: toMonth, months, byActivity, definitions: OCCUPATION_DEFINITIONS };
    },

    /** The summary as two tables (per month; per activity and month) for .xlsx/CSV, Swedish headers. */
    async exportTables(actor: Actor, unitId: string, fromMonth: string, toMonth: string): Promise<Table[]> {
      const s = await service.summary(actor, unitId, fromMonth, toMonth);
      const note = `${OCCUPATION_DEFINITIONS.sv} Period ${s.from}–${s.to}.${s.mode === 'suppressed' ? ' Små tal dolda (<5).' : ''}`;
      return [
        {
          sheet: 'Sysselsättning per månad',
          note,
          columns: [
            { header: 'Månad', key: 'month', kind: 'month' },
            { header: 'Boende', key: 'residents', kind: 'count' },
            { header: 'Med sysselsättning', key: 'withOccupation', kind: 'count' },
            ...OCCUPATION_KINDS.map((k) => ({ header: OCCUPATION_KIND_LABELS[k].sv, key: k, kind: 'count' as const })),
            { header: 'Planerade timmar', key: 'plannedHours', kind: 'number' },
            { header: 'Aktivitetstillfällen', key: 'sessions', kind: 'count' },
            { header: 'Närvaro', key: 'attendances', kind: 'count' },
            { header: 'Gäster', key: 'guests', kind: 'count' },
            { header: 'Unika boende i aktiviteter', key: 'distinctResidents', kind: 'count' },
          ],
          rows: s.months.map((m) => ({
            month: m.month,
            residents: m.residents,
            withOccupation: m.withOccupation,
            ...m.byKind,
            plannedHours: m.plannedHours,
            sessions: m.activities.sessions,
            attendances: m.activities.attendances,
            guests: m.activities.guests,
            distinctResidents: m.activities.distinctResidents,
          })),
        },
        {
          sheet: 'Aktiviteter per månad',
          note,
          columns: [
            { header: 'Månad', key: 'month', kind: 'month' },
            { header: 'Aktivitet', key: 'name', kind: 'text' },
            { header: 'Slag', key: 'kind', kind: 'text' },
            { header: 'Arrangör', key: 'organiser', kind: 'text' },
            { header: 'Tillfällen', key: 'sessions', kind: 'count' },
            { header: 'Närvaro', key: 'attendances', kind: 'count' },
            { header: 'Gäster', key: 'guests', kind: 'count' },
            { header: 'Unika boende', key: 'distinctResidents', kind: 'count' },
          ],
          rows: s.byActivity.map((r) => ({
            ...r,
            kind: ACTIVITY_KIND_LABELS[r.kind as ActivityKind]?.sv ?? r.kind,
            organiser: ACTIVITY_ORGANISER_LABELS[r.organiser as ActivityOrganiser]?.sv ?? r.organiser,
          })),
        },
      ];
    },
  };
  return service;
}
