import {
  certificateExpiry,
  certificateStatus,
  coverage,
  decideEnrolment,
  latestCompletions,
  meetsAttendance,
  personCourseState,
  promotions,
  shareOf,
  isRequired,
  type CoverageCourse,
  type CoverageRow,
  type OrganisationKind,
} from '@kvarbo/domain';
import type { Actor, Role } from '../auth/actor.ts';
import { unitIdsWithRole } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import { AppError, forbidden, invalidField, notFound, type Messages } from '../errors.ts';
import * as repo from '../repositories/competence.repository.ts';
import type { Q } from '../repositories/query.ts';
import { recordAudit, type AuditEntry } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { expectVersion, mustHaveUpdated } from './row-version.ts';
import type { Table } from './statistics-export.ts';

// Staff competence mapping (issue 9, part 1; docs/competence.md). Who may do what:
//   - the course catalogue is the organisation's: every staff member may read it; admins and unit managers
//     (the people who plan their staff's training) create and edit courses and rounds, enrol, cancel, take
//     attendance and mark completion;
//   - coverage of a unit: admins (every unit), the unit's managers (with names: who is missing what) and its
//     analysts (figures only, no names); another unit's staff get 403;
//   - a person's competence page: the person, admins, and managers of a unit the person works in.
// Staff data is not a resident's record, but every write and every read of a person's page is audit-logged
// (entity competence_*, no resident, no unit).

const msg = {
  alreadyEnrolled: { sv: 'Personen är redan anmäld till kurstillfället.', en: 'The person is already enrolled in the round.' },
  notCancellable: { sv: 'Anmälan är redan avbokad eller slutförd.', en: 'The enrolment is already cancelled or completed.' },
  roundCancelled: { sv: 'Kurstillfället är inställt.', en: 'The round is cancelled.' },
  nameTaken: { sv: 'Det finns redan en kurs med det namnet.', en: 'There is already a course with that name.' },
  unknownUser: { sv: 'Användaren finns inte.', en: 'The user does not exist.' },
  unknownUnit: { sv: 'Enheten finns inte.', en: 'The unit does not exist.' },
  participant: {
    sv: 'Välj en användare, eller ange namn, organisation och organisationstyp för en extern deltagare.',
    en: 'Choose a user, or give name, organisation and organisation kind for an external participant.',
  },
  sessionNotInRound: { sv: 'Passet hör inte till kurstillfället.', en: 'The session does not belong to the round.' },
  enrolmentNotInRound: { sv: 'Anmälan hör inte till kurstillfället.', en: 'The enrolment does not belong to the round.' },
  notAttending: { sv: 'Bara anmälda deltagare kan få närvaro.', en: 'Only enrolled participants can have attendance.' },
  notEnrolled: { sv: 'Bara anmälda deltagare kan slutföra kursen.', en: 'Only enrolled participants can complete the course.' },
  sessionsOrder: { sv: 'Passets sluttid ligger före starttiden.', en: 'The session ends before it starts.' },
} satisfies Record<string, Messages>;

export const COVERAGE_DEFINITIONS: Messages = {
  sv:
    'Personal = enhetens nuvarande medarbetare (ej avstängda konton) med en roll som kursen krävs för; en person med två roller räknas en gång. ' +
    'Genomförd = har ett giltigt intyg i dag (senaste genomförandet; ett intyg som går ut inom 90 dagar räknas fortfarande). ' +
    'Andel = genomförda / personal, avrundad till tre decimaler (halva uppåt).',
  en:
    'Staff = the unit’s current members (accounts not disabled) with a role the course is required of; a person with two roles counts once. ' +
    'Completed = holds a valid certificate today (latest completion; one expiring within 90 days still counts). ' +
    'Share = completed / staff, rounded half up to three decimals.',
};

export type CourseInput = {
  name: string;
  description?: string | null | undefined;
  validityMonths: number | null;
  requiredAttendancePercent: number;
  requiredRoles: Role[];
  requiredUnitIds: string[];
};
export type CoursePatch = Partial<CourseInput> & { version: number; active?: boolean | undefined };
export type SessionInput = { date: string; startTime?: string | null | undefined; endTime?: string | null | undefined };
export type RoundInput = { courseId: string; place: string; capacity: number; teachers: string; sessions: SessionInput[] };
export type RoundPatch = {
  version: number;
  place?: string | undefined;
  capacity?: number | undefined;
  teachers?: string | undefined;
  status?: 'planned' | 'cancelled' | undefined;
};
export type EnrolInput =
  { userId: string } | { name: string; organisation: string; organisationKind: OrganisationKind; email?: string | null | undefined };
export type AttendanceMark = { sessionId: string; enrolmentId: string; present: boolean };

type CourseRow = NonNullable<Awaited<ReturnType<typeof repo.findCourse>>>;
type RoundRow = NonNullable<Awaited<ReturnType<typeof repo.findRound>>>;

function courseDto(c: CourseRow & { rounds?: number | string | null }) {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    validityMonths: c.validity_months === null ? null : Number(c.validity_months),
    requiredAttendancePercent: Number(c.required_attendance_percent),
    requiredRoles: JSON.parse(c.required_roles) as Role[],
    requiredUnitIds: JSON.parse(c.required_unit_ids) as string[],
    active: Number(c.active) === 1,
    version: Number(c.version),
    ...(c.rounds !== undefined ? { rounds: Number(c.rounds ?? 0) } : {}),
  };
}

function coverageCourse(c: CourseRow): CoverageCourse {
  return {
    id: c.id,
    name: c.name,
    validityMonths: c.validity_months === null ? null : Number(c.validity_months),
    requiredRoles: JSON.parse(c.required_roles) as string[],
    requiredUnitIds: JSON.parse(c.required_unit_ids) as string[],
  };
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || /UNIQUE constraint failed/i.test(err?.message ?? '');
}

export function createCompetenceService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;
  const now = () => ctx.clock.now();
  const today = () => ctx.clock.today();

  function audit(q: Q, actor: Actor, entries: Omit<AuditEntry, 'residentId' | 'unitId'>[]) {
    return recordAudit(
      q,
      actor,
      now(),
      entries.map((e) => ({ ...e, residentId: null, unitId: null })),
    );
  }

  /** Admins and unit managers plan training. */
  function requireOrganiser(actor: Actor) {
    if (actor.kind !== 'staff' || (!actor.isAdmin && unitIdsWithRole(actor, ['manager']).length === 0)) throw forbidden();
  }

  function requireStaff(actor: Actor) {
    if (actor.kind !== 'staff') throw forbidden();
  }

  async function courseFor(q: Q, actor: Actor, id: string): Promise<CourseRow> {
    const c = await repo.findCourse(q, id);
    if (!c || c.organisation_id !== actor.organisationId) throw notFound();
    return c;
  }

  async function roundFor(q: Q, actor: Actor, id: string): Promise<RoundRow> {
    const r = await repo.findRound(q, id);
    if (!r || r.organisation_id !== actor.organisationId) throw notFound();
    return r;
  }

  async function checkUnits(q: Q, actor: Actor, unitIds: string[]) {
    const units = new Set((await repo.unitsOfOrganisation(q, actor.organisationId)).map((u) => u.id));
    const unknown = unitIds.findIndex((u) => !units.has(u));
    if (unknown >= 0) throw invalidField(`requiredUnitIds.${unknown}`, 'unknown', msg.unknownUnit);
  }

  function checkSessions(sessions: SessionInput[]) {
    sessions.forEach((s, i) => {
      if (s.startTime && s.endTime && s.endTime < s.startTime)
        throw invalidField(`sessions.${i}.endTime`, 'before_start', msg.sessionsOrder);
    });
  }

  /** Units whose coverage the caller may see, and whether with names. */
  async function coverageScope(q: Q, actor: Actor, unitId: string | undefined) {
    requireStaff(actor);
    const all = await repo.unitsOfOrganisation(q, actor.organisationId);
    if (unitId && !all.some((u) => u.id === unitId)) throw notFound();
    const managed = new Set(unitIdsWithRole(actor, ['manager']));
    const analysed = new Set(unitIdsWithRole(actor, ['analyst']));
    const visible = all.filter((u) => actor.isAdmin || managed.has(u.id) || analysed.has(u.id));
    if (unitId && !visible.some((u) => u.id === unitId)) throw forbidden();
    if (visible.length === 0) throw forbidden();
    const units = unitId ? visible.filter((u) => u.id === unitId) : visible;
    const withNames = (id: string) => actor.isAdmin || managed.has(id);
    return { units, withNames };
  }

  async function computeCoverage(q: Q, organisationId: string, unitIds: string[]) {
    const courses = (await repo.listCourses(q, organisationId)).filter((c) => Number(c.active) === 1);
    const members = await repo.membersOfUnits(q, unitIds);
    const completions = (await repo.completionsOfOrganisation(q, organisationId))
      .filter((c) => c.user_id !== null)
      .map((c) => ({ userId: c.user_id!, courseId: c.course_id, completedOn: c.completed_on! }));
    const rows = coverage(
      unitIds,
      courses.map(coverageCourse),
      members.map((m) => ({ unitId: m.unit_id, userId: m.user_id, name: m.display_name, role: m.role })),
      completions,
      today(),
    );
    return { courses, members, completions, rows };
  }

  /** Seats freed (cancellation, larger capacity): the first waiting move up. Returns who moved. */
  async function promote(q: Q, actor: Actor, roundId: string, capacity: number): Promise<string[]> {
    const enrolments = await repo.enrolmentsOfRound(q, roundId);
    const ids = promotions(
      enrolments.map((e) => ({ id: e.id, participantId: e.participant_id, status: e.status, position: Number(e.position) })),
      capacity,
    );
    for (const id of ids) await repo.updateEnrolment(q, id, { status: 'enrolled' });
    if (ids.length > 0)
      await audit(
        q,
        actor,
        ids.map((id) => ({ entity: 'competence_enrolment', entityId: id, action: 'update' as const })),
      );
    return ids;
  }

  async function roundDetail(q: Q, r: RoundRow) {
    const [sessions, enrolments, attendance] = await Promise.all([
      repo.sessionsOfRound(q, r.id),
      repo.enrolmentsOfRound(q, r.id),
      repo.attendanceOfRound(q, r.id),
    ]);
    const waitingOrder = enrolments.filter((e) => e.status === 'waiting').map((e) => e.id);
    const required = Number(r.required_attendance_percent);
    return {
      id: r.id,
      courseId: r.course_id,
      courseName: r.course_name,
      place: r.place,
      capacity: Number(r.capacity),
      teachers: r.teachers,
      status: r.status,
      version: Number(r.version),
      requiredAttendancePercent: required,
      validityMonths: r.validity_months === null ? null : Number(r.validity_months),
      sessions: sessions.map((s) => ({ id: s.id, date: s.date, startTime: s.start_time, endTime: s.end_time })),
      enrolments: enrolments.map((e) => {
        const attended = attendance.filter((a) => a.enrolment_id === e.id && Number(a.present) === 1).length;
        const expiresOn = e.completed_on
          ? certificateExpiry(e.completed_on, r.validity_months === null ? null : Number(r.validity_months))
          : null;
        return {
          id: e.id,
          participantId: e.participant_id,
          userId: e.user_id,
          name: e.user_name ?? e.name,
          organisation: e.external_organisation,
          organisationKind: e.organisation_kind ?? 'municipality',
          status: e.status,
          position: Number(e.position),
          waitingNumber: e.status === 'waiting' ? waitingOrder.indexOf(e.id) + 1 : null,
          attended,
          meetsAttendance: meetsAttendance(attended, sessions.length, required),
          completedOn: e.completed_on,
          completionKind: e.completion_kind,
          expiresOn,
        };
      }),
      attendance: attendance.map((a) => ({ sessionId: a.session_id, enrolmentId: a.enrolment_id, present: Number(a.present) === 1 })),
    };
  }

  async function participantFor(q: Q, actor: Actor, input: EnrolInput): Promise<string> {
    if ('userId' in input) {
      const existing = await repo.findParticipantOfUser(q, input.userId);
      if (existing) return existing.id;
      const user = await repo.findUserOfOrganisation(q, input.userId, actor.organisationId);
      if (!user) throw invalidField('userId', 'unknown', msg.unknownUser);
      const id = newId();
      await repo.insertParticipant(q, {
        id,
        organisation_id: actor.organisationId,
        user_id: user.id,
        name: user.display_name,
        external_organisation: null,
        organisation_kind: null,
        email: user.email,
        created_at: now().toISOString(),
      });
      return id;
    }
    const existing = await repo.findExternalParticipant(q, actor.organisationId, input.name, input.organisation);
    if (existing) return existing.id;
    const id = newId();
    await repo.insertParticipant(q, {
      id,
      organisation_id: actor.organisationId,
      user_id: null,
      name: input.name,
      external_organisation: input.organisation,
      organisation_kind: input.organisationKind,
      email: input.email ?? null,
      created_at: now().toISOString(),
    });
    await audit(q, actor, [{ entity: 'competence_participant', entityId: id, action: 'create' }]);
    return id;
  }

  async function enrolOnce(actor: Actor, roundId: string, input: EnrolInput) {
    return db()
      .transaction()
      .execute(async (trx) => {
        const r = await roundFor(trx, actor, roundId);
        if (r.status === 'cancelled') throw new AppError('ROUND_CANCELLED', 409, msg.roundCancelled);
        await repo.lockRound(trx, r.id);
        const participantId = await participantFor(trx, actor, input);
        const enrolments = await repo.enrolmentsOfRound(trx, r.id);
        const decision = decideEnrolment(
          enrolments.map((e) => ({ id: e.id, participantId: e.participant_id, status: e.status, position: Number(e.position) })),
          participantId,
          Number(r.capacity),
        );
        if (!decision.ok) throw new AppError('ALREADY_ENROLLED', 409, msg.alreadyEnrolled);
        const id = newId();
        await repo.insertEnrolment(trx, {
          id,
          round_id: r.id,
          participant_id: participantId,
          status: decision.status,
          position: decision.position,
          completed_on: null,
          completion_kind: null,
          created_by: actor.userId,
          created_at: now().toISOString(),
          cancelled_at: null,
        });
        await audit(trx, actor, [{ entity: 'competence_enrolment', entityId: id, action: 'create' }]);
        const waitingNumber = decision.status === 'waiting' ? enrolments.filter((e) => e.status === 'waiting').length + 1 : null;
        return { id, participantId, status: decision.status, position: decision.position, waitingNumber };
      });
  }

  async function personCompetence(q: Q, userId: string, organisationId: string) {
    const memberships = await repo.membershipsOfUser(q, userId);
    const courses = (await repo.listCourses(q, organisationId)).filter((c) => Number(c.active) === 1);
    const latest = latestCompletions(
      (await repo.completionsOfOrganisation(q, organisationId))
        .filter((c) => c.user_id === userId)
        .map((c) => ({ userId, courseId: c.course_id, completedOn: c.completed_on! })),
    );
    return courses.map((c) => {
      const cc = coverageCourse(c);
      const requiredIn = memberships.filter((m) => isRequired(cc, m.unit_id, m.role)).map((m) => m.unit_id);
      const state = personCourseState(cc, latest.get(`${userId}|${c.id}`), today());
      return { course: c.name, required: requiredIn.length > 0, requiredInUnits: [...new Set(requiredIn)], ...state };
    });
  }

  /** Coverage per unit and required course; names (who is missing, who expires) for admins and managers only. */
  async function coverageReport(actor: Actor, unitId: string | undefined) {
    return db()
      .transaction()
      .execute(async (trx) => {
        const { units, withNames } = await coverageScope(trx, actor, unitId);
        const { rows, courses, members, completions } = await computeCoverage(
          trx,
          actor.organisationId,
          units.map((u) => u.id),
        );
        const latest = latestCompletions(completions);
        const unitName = new Map(units.map((u) => [u.id, u.name]));
        const expiring: { unitId: string; userId: string; name: string; courseId: string; course: string; expiresOn: string }[] = [];
        for (const row of rows) {
          if (!withNames(row.unitId)) continue;
          const c = courses.find((x) => x.id === row.courseId)!;
          const people = new Map(
            members
              .filter((m) => m.unit_id === row.unitId && isRequired(coverageCourse(c), row.unitId, m.role))
              .map((m) => [m.user_id, m.display_name]),
          );
          for (const [userId, name] of people) {
            const completedOn = latest.get(`${userId}|${c.id}`);
            if (!completedOn) continue;
            const expiresOn = certificateExpiry(completedOn, c.validity_months === null ? null : Number(c.validity_months));
            if (expiresOn && certificateStatus(expiresOn, today()) === 'expiring') {
              expiring.push({ unitId: row.unitId, userId, name, courseId: c.id, course: c.name, expiresOn });
            }
          }
        }
        expiring.sort((a, b) => a.expiresOn.localeCompare(b.expiresOn) || a.name.localeCompare(b.name, 'sv'));
        if (units.some((u) => withNames(u.id))) {
          await audit(trx, actor, [{ entity: 'competence_coverage', entityId: unitId ?? null, action: 'read' }]);
        }
        return {
          today: today(),
          definitions: COVERAGE_DEFINITIONS,
          units: units.map((u) => ({ id: u.id, name: u.name, withNames: withNames(u.id) })),
          rows: rows.map((r: CoverageRow) => ({
            unitId: r.unitId,
            unitName: unitName.get(r.unitId) ?? '',
            courseId: r.courseId,
            course: r.course,
            staff: r.staff,
            completed: r.completed,
            share: r.share,
            expiring: r.expiring,
            missing: withNames(r.unitId) ? r.missing : null,
          })),
          expiring,
        };
      });
  }

  return {
    // ---- Catalogue --------------------------------------------------------------------------------------
    async listCourses(actor: Actor) {
      requireStaff(actor);
      return { items: (await repo.listCourses(db(), actor.organisationId)).map(courseDto) };
    },

    async getCourse(actor: Actor, id: string) {
      requireStaff(actor);
      return courseDto(await courseFor(db(), actor, id));
    },

    async createCourse(actor: Actor, input: CourseInput) {
      requireOrganiser(actor);
      return db()
        .transaction()
        .execute(async (trx) => {
          await checkUnits(trx, actor, input.requiredUnitIds);
          if (await repo.findCourseByName(trx, actor.organisationId, input.name)) throw invalidField('name', 'taken', msg.nameTaken);
          const at = now().toISOString();
          const row = {
            id: newId(),
            organisation_id: actor.organisationId,
            name: input.name,
            description: input.description ?? null,
            validity_months: input.validityMonths,
            required_attendance_percent: input.requiredAttendancePercent,
            required_roles: JSON.stringify([...new Set(input.requiredRoles)]),
            required_unit_ids: JSON.stringify([...new Set(input.requiredUnitIds)]),
            active: 1 as const,
            created_by: actor.userId,
            created_at: at,
            updated_at: at,
          };
          await repo.insertCourse(trx, row);
          await audit(trx, actor, [{ entity: 'competence_course', entityId: row.id, action: 'create' }]);
          return courseDto({ ...row, version: 1 });
        });
    },

    async updateCourse(actor: Actor, id: string, patch: CoursePatch) {
      requireOrganiser(actor);
      return db()
        .transaction()
        .execute(async (trx) => {
          const c = await courseFor(trx, actor, id);
          expectVersion(c, patch.version);
          if (patch.requiredUnitIds) await checkUnits(trx, actor, patch.requiredUnitIds);
          if (patch.name !== undefined && patch.name !== c.name) {
            if (await repo.findCourseByName(trx, actor.organisationId, patch.name)) throw invalidField('name', 'taken', msg.nameTaken);
          }
          mustHaveUpdated(
            await repo.updateCourseAtVersion(trx, c.id, patch.version, {
              ...(patch.name !== undefined ? { name: patch.name } : {}),
              ...(patch.description !== undefined ? { description: patch.description } : {}),
              ...(patch.validityMonths !== undefined ? { validity_months: patch.validityMonths } : {}),
              ...(patch.requiredAttendancePercent !== undefined ? { required_attendance_percent: patch.requiredAttendancePercent } : {}),
              ...(patch.requiredRoles !== undefined ? { required_roles: JSON.stringify([...new Set(patch.requiredRoles)]) } : {}),
              ...(patch.requiredUnitIds !== undefined ? { required_unit_ids: JSON.stringify([...new Set(patch.requiredUnitIds)]) } : {}),
              ...(patch.active !== undefined ? { active: patch.active ? (1 as const) : (0 as const) } : {}),
              updated_at: now().toISOString(),
            }),
          );
          await audit(trx, actor, [{ entity: 'competence_course', entityId: c.id, action: 'update' }]);
          return courseDto((await repo.findCourse(trx, c.id))!);
        });
    },

    // ---- Rounds -----------------------------------------------------------------------------------------
    async listRounds(actor: Actor, courseId: string | undefined) {
      requireStaff(actor);
      const rows = await repo.listRounds(db(), actor.organisationId, courseId);
      return {
        items: rows.map((r) => ({
          id: r.id,
          courseId: r.course_id,
          courseName: r.course_name,
          place: r.place,
          capacity: Number(r.capacity),
          teachers: r.teachers,
          status: r.status,
          version: Number(r.version),
          firstDate: (r.first_date as string | null) ?? null,
          lastDate: (r.last_date as string | null) ?? null,
          sessions: Number(r.sessions ?? 0),
          taken: Number(r.taken ?? 0),
          waiting: Number(r.waiting ?? 0),
        })),
      };
    },

    async createRound(actor: Actor, input: RoundInput) {
      requireOrganiser(actor);
      checkSessions(input.sessions);
      return db()
        .transaction()
        .execute(async (trx) => {
          const c = await repo.findCourse(trx, input.courseId);
          if (!c || c.organisation_id !== actor.organisationId)
            throw invalidField('courseId', 'unknown', { sv: 'Kursen finns inte.', en: 'The course does not exist.' });
          if (Number(c.active) !== 1) {
            throw invalidField('courseId', 'archived', {
              sv: 'Kursen är arkiverad. Återaktivera den för att planera nya omgångar.',
              en: 'The course is archived. Reactivate it to plan new rounds.',
            });
          }
          const at = now().toISOString();
          const id = newId();
          await repo.insertRound(trx, {
            id,
            course_id: c.id,
            place: input.place,
            capacity: input.capacity,
            teachers: input.teachers,
            status: 'planned',
            created_by: actor.userId,
            created_at: at,
            updated_at: at,
          });
          await repo.insertSessions(
            trx,
            input.sessions.map((s) => ({
              id: newId(),
              round_id: id,
              date: s.date,
              start_time: s.startTime ?? null,
              end_time: s.endTime ?? null,
            })),
          );
          await audit(trx, actor, [{ entity: 'competence_round', entityId: id, action: 'create' }]);
          return roundDetail(trx, (await repo.findRound(trx, id))!);
        });
    },

    /** A round with participants, waiting list and attendance: names people, so organisers only, logged. */
    async getRound(actor: Actor, id: string) {
      requireOrganiser(actor);
      return db()
        .transaction()
        .execute(async (trx) => {
          const r = await roundFor(trx, actor, id);
          await audit(trx, actor, [{ entity: 'competence_round', entityId: r.id, action: 'read' }]);
          return roundDetail(trx, r);
        });
    },

    async updateRound(actor: Actor, id: string, patch: RoundPatch) {
      requireOrganiser(actor);
      return db()
        .transaction()
        .execute(async (trx) => {
          const r = await roundFor(trx, actor, id);
          expectVersion(r, patch.version);
          await repo.lockRound(trx, r.id);
          mustHaveUpdated(
            await repo.updateRoundAtVersion(trx, r.id, patch.version, {
              ...(patch.place !== undefined ? { place: patch.place } : {}),
              ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
              ...(patch.teachers !== undefined ? { teachers: patch.teachers } : {}),
              ...(patch.status !== undefined ? { status: patch.status } : {}),
              updated_at: now().toISOString(),
            }),
          );
          await audit(trx, actor, [{ entity: 'competence_round', entityId: r.id, action: 'update' }]);
          // A larger capacity lets the first waiting in.
          if (patch.capacity !== undefined && patch.capacity > Number(r.capacity) && (patch.status ?? r.status) === 'planned') {
            await promote(trx, actor, r.id, patch.capacity);
          }
          return roundDetail(trx, (await repo.findRound(trx, r.id))!);
        });
    },

    async addSessions(actor: Actor, roundId: string, sessions: SessionInput[]) {
      requireOrganiser(actor);
      checkSessions(sessions);
      return db()
        .transaction()
        .execute(async (trx) => {
          const r = await roundFor(trx, actor, roundId);
          await repo.insertSessions(
            trx,
            sessions.map((s) => ({
              id: newId(),
              round_id: r.id,
              date: s.date,
              start_time: s.startTime ?? null,
              end_time: s.endTime ?? null,
            })),
          );
          await audit(trx, actor, [{ entity: 'competence_round', entityId: r.id, action: 'update' }]);
          return roundDetail(trx, r);
        });
    },

    // ---- Enrolment --------------------------------------------------------------------------------------
    /**
     * Enrols a user or an external person: a seat if one is free, else the waiting list. Concurrency: the round's
     * row is locked first (repo.lockRound), so two enrolments for the last seat run one after the other and the
     * second sees the first; the unique (round, position) and (round, participant) indexes are the backstop,
     * and a request that hits one of them is retried once from the start (then sees the winner's row).
     */
    async enrol(actor: Actor, roundId: string, input: EnrolInput) {
      requireOrganiser(actor);
      if (!('userId' in input) && (!input.name || !input.organisation || !input.organisationKind)) {
        throw invalidField('userId', 'required', msg.participant);
      }
      try {
        return await enrolOnce(actor, roundId, input);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        return await enrolOnce(actor, roundId, input);
      }
    },

    /** Cancels an enrolment; when it held a seat, the first on the waiting list moves up. */
    async cancel(actor: Actor, enrolmentId: string) {
      requireOrganiser(actor);
      return db()
        .transaction()
        .execute(async (trx) => {
          const e = await repo.findEnrolment(trx, enrolmentId);
          if (!e) throw notFound();
          const r = await roundFor(trx, actor, e.round_id);
          await repo.lockRound(trx, r.id);
          const current = (await repo.findEnrolment(trx, enrolmentId))!;
          if (current.status === 'cancelled' || current.status === 'completed')
            throw new AppError('NOT_CANCELLABLE', 409, msg.notCancellable);
          await repo.updateEnrolment(trx, e.id, { status: 'cancelled', cancelled_at: now().toISOString() });
          await audit(trx, actor, [{ entity: 'competence_enrolment', entityId: e.id, action: 'update' }]);
          const promoted = r.status === 'planned' ? await promote(trx, actor, r.id, Number(r.capacity)) : [];
          return { id: e.id, status: 'cancelled' as const, promoted };
        });
    },

    async recordAttendance(actor: Actor, roundId: string, marks: AttendanceMark[]) {
      requireOrganiser(actor);
      return db()
        .transaction()
        .execute(async (trx) => {
          const r = await roundFor(trx, actor, roundId);
          const sessions = new Set((await repo.sessionsOfRound(trx, r.id)).map((s) => s.id));
          const enrolments = new Map((await repo.enrolmentsOfRound(trx, r.id)).map((e) => [e.id, e]));
          const at = now().toISOString();
          for (const [i, m] of marks.entries()) {
            if (!sessions.has(m.sessionId)) throw invalidField(`marks.${i}.sessionId`, 'not_in_round', msg.sessionNotInRound);
            const e = enrolments.get(m.enrolmentId);
            if (!e) throw invalidField(`marks.${i}.enrolmentId`, 'not_in_round', msg.enrolmentNotInRound);
            if (e.status !== 'enrolled' && e.status !== 'completed')
              throw invalidField(`marks.${i}.enrolmentId`, 'not_enrolled', msg.notAttending);
            await repo.upsertAttendance(trx, {
              session_id: m.sessionId,
              enrolment_id: m.enrolmentId,
              present: m.present ? 1 : 0,
              recorded_by: actor.userId,
              recorded_at: at,
            });
          }
          await audit(trx, actor, [{ entity: 'competence_attendance', entityId: r.id, action: 'update' }]);
          return roundDetail(trx, r);
        });
    },

    /**
     * Completion. Without `enrolmentId`: every enrolled participant whose attendance meets the course's share
     * completes (completion by attendance). With one: that participant is marked completed whatever the
     * attendance (e.g. a make-up session elsewhere). The date defaults to the round's last session, else today.
     */
    async complete(actor: Actor, roundId: string, input: { enrolmentId?: string | undefined; completedOn?: string | undefined }) {
      requireOrganiser(actor);
      return db()
        .transaction()
        .execute(async (trx) => {
          const r = await roundFor(trx, actor, roundId);
          const detail = await roundDetail(trx, r);
          const completedOn = input.completedOn ?? detail.sessions.at(-1)?.date ?? today();
          const done: string[] = [];
          if (input.enrolmentId) {
            const e = detail.enrolments.find((x) => x.id === input.enrolmentId);
            if (!e) throw invalidField('enrolmentId', 'not_in_round', msg.enrolmentNotInRound);
            if (e.status !== 'enrolled') throw invalidField('enrolmentId', 'not_enrolled', msg.notEnrolled);
            await repo.updateEnrolment(trx, e.id, { status: 'completed', completed_on: completedOn, completion_kind: 'marked' });
            done.push(e.id);
          } else {
            for (const e of detail.enrolments) {
              if (e.status !== 'enrolled' || !e.meetsAttendance) continue;
              await repo.updateEnrolment(trx, e.id, { status: 'completed', completed_on: completedOn, completion_kind: 'attendance' });
              done.push(e.id);
            }
          }
          if (done.length > 0)
            await audit(
              trx,
              actor,
              done.map((id) => ({ entity: 'competence_enrolment', entityId: id, action: 'update' as const })),
            );
          return { completed: done, round: await roundDetail(trx, r) };
        });
    },

    // ---- Coverage ---------------------------------------------------------------------------------------
    coverage: coverageReport,

    /**
     * Participation per organisation (the municipality's own staff and each external organisation): per course,
     * how many have taken part (not cancelled) and how many hold a valid certificate. Admins and managers.
     */
    async coverageByOrganisation(actor: Actor) {
      requireOrganiser(actor);
      const [courses, participations, completions] = await Promise.all([
        repo.listCourses(db(), actor.organisationId),
        repo.participationsOfOrganisation(db(), actor.organisationId),
        repo.completionsOfOrganisation(db(), actor.organisationId),
      ]);
      const orgOf = (p: { external_organisation: string | null; organisation_kind: string | null }) => ({
        organisation: p.external_organisation ?? '',
        kind: p.organisation_kind ?? 'municipality',
      });
      const latest = latestCompletions(
        completions.map((c) => ({ userId: c.participant_id, courseId: c.course_id, completedOn: c.completed_on! })),
      );
      const groups = new Map<
        string,
        { organisation: string; kind: string; courseId: string; course: string; participants: Set<string>; completed: Set<string> }
      >();
      for (const p of participations) {
        const c = courses.find((x) => x.id === p.course_id);
        if (!c) continue;
        const o = orgOf(p);
        const key = `${o.kind}|${o.organisation}|${c.id}`;
        const g = groups.get(key) ?? { ...o, courseId: c.id, course: c.name, participants: new Set(), completed: new Set() };
        g.participants.add(p.participant_id);
        const completedOn = latest.get(`${p.participant_id}|${c.id}`);
        if (completedOn) {
          const state = personCourseState(coverageCourse(c), completedOn, today());
          if (state.status === 'valid' || state.status === 'expiring') g.completed.add(p.participant_id);
        }
        groups.set(key, g);
      }
      return {
        items: [...groups.values()]
          .map((g) => ({
            organisation: g.organisation,
            organisationKind: g.kind,
            courseId: g.courseId,
            course: g.course,
            participants: g.participants.size,
            completed: g.completed.size,
            share: shareOf(g.completed.size, g.participants.size),
          }))
          .sort(
            (a, b) =>
              a.organisationKind.localeCompare(b.organisationKind) ||
              a.organisation.localeCompare(b.organisation, 'sv') ||
              a.course.localeCompare(b.course, 'sv'),
          ),
      };
    },

    /** The coverage page as a workbook: coverage, who is missing what, expiring certificates. */
    async exportTables(actor: Actor, unitId: string | undefined): Promise<Table[]> {
      const c = await coverageReport(actor, unitId);
      const tables: Table[] = [
        {
          sheet: 'Täckning',
          columns: [
            { header: 'Enhet', key: 'unit', kind: 'text' },
            { header: 'Kurs', key: 'course', kind: 'text' },
            { header: 'Personal', key: 'staff', kind: 'count' },
            { header: 'Genomförda', key: 'completed', kind: 'count' },
            { header: 'Andel', key: 'share', kind: 'share' },
            { header: 'Går ut inom 90 dagar', key: 'expiring', kind: 'count' },
          ],
          rows: c.rows.map((r) => ({
            unit: r.unitName,
            course: r.course,
            staff: r.staff,
            completed: r.completed,
            share: r.share,
            expiring: r.expiring,
          })),
          note: `${COVERAGE_DEFINITIONS.sv} Per ${c.today}.`,
        },
      ];
      if (c.units.some((u) => u.withNames)) {
        tables.push({
          sheet: 'Saknas',
          columns: [
            { header: 'Enhet', key: 'unit', kind: 'text' },
            { header: 'Person', key: 'name', kind: 'text' },
            { header: 'Kurs', key: 'course', kind: 'text' },
            { header: 'Status', key: 'status', kind: 'text' },
          ],
          rows: c.rows.flatMap((r) =>
            (r.missing ?? []).map((m) => ({
              unit: r.unitName,
              name: m.name,
              course: r.course,
              status: m.status === 'expired' ? 'Intyget har gått ut' : 'Saknas',
            })),
          ),
        });
        tables.push({
          sheet: 'Går ut',
          columns: [
            { header: 'Enhet', key: 'unit', kind: 'text' },
            { header: 'Person', key: 'name', kind: 'text' },
            { header: 'Kurs', key: 'course', kind: 'text' },
            { header: 'Går ut', key: 'expiresOn', kind: 'text' },
          ],
          rows: c.expiring.map((e) => ({
            unit: c.units.find((u) => u.id === e.unitId)?.name ?? '',
            name: e.name,
            course: e.course,
            expiresOn: e.expiresOn,
          })),
        });
      }
      await db()
        .transaction()
        .execute((trx) => audit(trx, actor, [{ entity: 'competence_coverage', entityId: unitId ?? null, action: 'export' }]));
      return tables;
    },

    /** A person's competence page: every active course, required where, and the certificate's state. Logged. */
    async person(actor: Actor, userId: string) {
      requireStaff(actor);
      return db()
        .transaction()
        .execute(async (trx) => {
          const user = await repo.findStaffUser(trx, userId);
          if (!user || user.organisation_id !== actor.organisationId) throw notFound();
          const memberships = await repo.membershipsOfUser(trx, userId);
          const managed = new Set(unitIdsWithRole(actor, ['manager']));
          const allowed = actor.isAdmin || actor.userId === userId || memberships.some((m) => managed.has(m.unit_id));
          if (!allowed) throw forbidden();
          const courses = await personCompetence(trx, userId, actor.organisationId);
          const enrolments = await repo.enrolmentsOfUser(trx, userId);
          await audit(trx, actor, [{ entity: 'competence_person', entityId: userId, action: 'read' }]);
          return {
            userId,
            name: user.display_name,
            units: memberships.map((m) => ({ unitId: m.unit_id, role: m.role })),
            courses,
            missing: courses.filter((c) => c.required && (c.status === 'missing' || c.status === 'expired')),
            enrolments: enrolments.map((e) => ({
              id: e.id,
              roundId: e.round_id,
              courseId: e.course_id,
              course: e.course_name,
              place: e.place,
              status: e.status,
              completedOn: e.completed_on,
            })),
          };
        });
    },

    /** `kvarbo report competence`: every unit of every organisation, per required course (no names). */
    async reportForCli() {
      const out: { unitId: string; course: string; staff: number; completed: number; share: number | null }[] = [];
      const units = await repo.allUnits(db());
      const byOrg = new Map<string, string[]>();
      for (const u of units) byOrg.set(u.organisation_id, [...(byOrg.get(u.organisation_id) ?? []), u.id]);
      for (const [orgId, unitIds] of byOrg) {
        const { rows } = await computeCoverage(db(), orgId, unitIds);
        for (const r of rows) out.push({ unitId: r.unitId, course: r.course, staff: r.staff, completed: r.completed, share: r.share });
      }
      return out;
    },
  };
}
