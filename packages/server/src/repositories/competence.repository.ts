import type { Insertable, Updateable } from 'kysely';
import type {
  CompetenceAttendanceTable,
  CompetenceCourseTable,
  CompetenceEnrolmentTable,
  CompetenceParticipantTable,
  CompetenceRoundTable,
  CompetenceSessionTable,
} from '../db/schema.ts';
import type { Q } from './query.ts';
import { nextVersion, updatedOne } from './row-version.ts';

// Staff competence mapping (issue 9, part 1): every query of competence.service.ts. docs/competence.md.

// ---- Courses ---------------------------------------------------------------------------------------------

export function insertCourse(q: Q, row: Insertable<CompetenceCourseTable>) {
  return q.insertInto('competence_courses').values(row).execute();
}

export function findCourse(q: Q, id: string) {
  return q.selectFrom('competence_courses').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findCourseByName(q: Q, organisationId: string, name: string) {
  return q
    .selectFrom('competence_courses')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export function listCourses(q: Q, organisationId: string) {
  return q
    .selectFrom('competence_courses as c')
    .selectAll('c')
    .select((eb) => [
      eb
        .selectFrom('competence_rounds as r')
        .whereRef('r.course_id', '=', 'c.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('rounds'),
    ])
    .where('c.organisation_id', '=', organisationId)
    .orderBy('c.name')
    .execute();
}

export async function updateCourseAtVersion(q: Q, id: string, version: number, patch: Updateable<CompetenceCourseTable>) {
  const r = await q
    .updateTable('competence_courses')
    .set({ ...patch, version: nextVersion() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return updatedOne(r);
}

// ---- Rounds and sessions ---------------------------------------------------------------------------------

export function insertRound(q: Q, row: Insertable<CompetenceRoundTable>) {
  return q.insertInto('competence_rounds').values(row).execute();
}

export function findRound(q: Q, id: string) {
  return q
    .selectFrom('competence_rounds as r')
    .innerJoin('competence_courses as c', 'c.id', 'r.course_id')
    .selectAll('r')
    .select(['c.organisation_id', 'c.name as course_name', 'c.required_attendance_percent', 'c.validity_months'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** Rounds of the organisation (or one course) with first and last session date and seats taken. */
export function listRounds(q: Q, organisationId: string, courseId: string | undefined) {
  let query = q
    .selectFrom('competence_rounds as r')
    .innerJoin('competence_courses as c', 'c.id', 'r.course_id')
    .select((eb) => [
      'r.id',
      'r.course_id',
      'c.name as course_name',
      'r.place',
      'r.capacity',
      'r.teachers',
      'r.status',
      'r.version',
      eb
        .selectFrom('competence_sessions as s')
        .whereRef('s.round_id', '=', 'r.id')
        .select((e) => e.fn.min('s.date').as('d'))
        .as('first_date'),
      eb
        .selectFrom('competence_sessions as s')
        .whereRef('s.round_id', '=', 'r.id')
        .select((e) => e.fn.max('s.date').as('d'))
        .as('last_date'),
      eb
        .selectFrom('competence_sessions as s')
        .whereRef('s.round_id', '=', 'r.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('sessions'),
      eb
        .selectFrom('competence_enrolments as e')
        .whereRef('e.round_id', '=', 'r.id')
        .where('e.status', 'in', ['enrolled', 'completed'])
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('taken'),
      eb
        .selectFrom('competence_enrolments as e')
        .whereRef('e.round_id', '=', 'r.id')
        .where('e.status', '=', 'waiting')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('waiting'),
    ])
    .where('c.organisation_id', '=', organisationId);
  if (courseId) query = query.where('r.course_id', '=', courseId);
  return query.orderBy('first_date', 'desc').orderBy('r.id').execute();
}

export async function updateRoundAtVersion(q: Q, id: string, version: number, patch: Updateable<CompetenceRoundTable>) {
  const r = await q
    .updateTable('competence_rounds')
    .set({ ...patch, version: nextVersion() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return updatedOne(r);
}

/**
 * Takes the round's row lock (PostgreSQL: the UPDATE holds it to the end of the transaction; SQLite: the write
 * lock) and hands out the next enrolment position. Every enrolment and cancellation starts here, so counts read
 * after it see every earlier enrolment.
 */
export async function lockRound(q: Q, id: string): Promise<number> {
  await q
    .updateTable('competence_rounds')
    .set((eb) => ({ enrolment_seq: eb('enrolment_seq', '+', 1) }))
    .where('id', '=', id)
    .execute();
  const row = await q.selectFrom('competence_rounds').select('enrolment_seq').where('id', '=', id).executeTakeFirstOrThrow();
  return Number(row.enrolment_seq);
}

export function insertSessions(q: Q, rows: Insertable<CompetenceSessionTable>[]) {
  if (rows.length === 0) return Promise.resolve();
  return q.insertInto('competence_sessions').values(rows).execute();
}

export function sessionsOfRound(q: Q, roundId: string) {
  return q
    .selectFrom('competence_sessions')
    .selectAll()
    .where('round_id', '=', roundId)
    .orderBy('date')
    .orderBy('start_time')
    .orderBy('id')
    .execute();
}

// ---- Participants and enrolments -------------------------------------------------------------------------

export function findParticipantOfUser(q: Q, userId: string) {
  return q.selectFrom('competence_participants').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export function findExternalParticipant(q: Q, organisationId: string, name: string, externalOrganisation: string) {
  return q
    .selectFrom('competence_participants')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('user_id', 'is', null)
    .where('name', '=', name)
    .where('external_organisation', '=', externalOrganisation)
    .executeTakeFirst();
}

export function insertParticipant(q: Q, row: Insertable<CompetenceParticipantTable>) {
  return q.insertInto('competence_participants').values(row).execute();
}

export function findUserOfOrganisation(q: Q, userId: string, organisationId: string) {
  return q
    .selectFrom('users')
    .select(['id', 'display_name', 'email'])
    .where('id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .where('kind', '=', 'staff')
    .executeTakeFirst();
}

export function enrolmentsOfRound(q: Q, roundId: string) {
  return q
    .selectFrom('competence_enrolments as e')
    .innerJoin('competence_participants as p', 'p.id', 'e.participant_id')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .select([
      'e.id',
      'e.round_id',
      'e.participant_id',
      'e.status',
      'e.position',
      'e.completed_on',
      'e.completion_kind',
      'e.created_at',
      'e.cancelled_at',
      'p.user_id',
      'p.name',
      'p.external_organisation',
      'p.organisation_kind',
      'u.display_name as user_name',
    ])
    .where('e.round_id', '=', roundId)
    .orderBy('e.position')
    .execute();
}

export function findEnrolment(q: Q, id: string) {
  return q
    .selectFrom('competence_enrolments as e')
    .innerJoin('competence_participants as p', 'p.id', 'e.participant_id')
    .select(['e.id', 'e.round_id', 'e.participant_id', 'e.status', 'e.position', 'p.user_id'])
    .where('e.id', '=', id)
    .executeTakeFirst();
}

export function insertEnrolment(q: Q, row: Insertable<CompetenceEnrolmentTable>) {
  return q.insertInto('competence_enrolments').values(row).execute();
}

export function updateEnrolment(q: Q, id: string, patch: Updateable<CompetenceEnrolmentTable>) {
  return q.updateTable('competence_enrolments').set(patch).where('id', '=', id).execute();
}

export function upsertAttendance(q: Q, row: Insertable<CompetenceAttendanceTable>) {
  return q
    .insertInto('competence_attendance')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['session_id', 'enrolment_id'])
        .doUpdateSet({ present: row.present, recorded_by: row.recorded_by, recorded_at: row.recorded_at }),
    )
    .execute();
}

export function attendanceOfRound(q: Q, roundId: string) {
  return q
    .selectFrom('competence_attendance as a')
    .innerJoin('competence_sessions as s', 's.id', 'a.session_id')
    .select(['a.session_id', 'a.enrolment_id', 'a.present'])
    .where('s.round_id', '=', roundId)
    .execute();
}

// ---- Coverage --------------------------------------------------------------------------------------------

export function unitsOfOrganisation(q: Q, organisationId: string) {
  return q.selectFrom('units').select(['id', 'name']).where('organisation_id', '=', organisationId).orderBy('name').execute();
}

export function allUnits(q: Q) {
  return q.selectFrom('units').select(['id', 'name', 'organisation_id']).orderBy('name').orderBy('id').execute();
}

/** The units' current staff: memberships of users that are not disabled. */
export function membersOfUnits(q: Q, unitIds: string[]) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('unit_memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.unit_id', 'm.user_id', 'm.role', 'u.display_name'])
    .where('m.unit_id', 'in', unitIds)
    .where('u.disabled_at', 'is', null)
    .where('u.kind', '=', 'staff')
    .execute();
}

/** Every completion of a course, with who (user or external person) and their organisation. */
export function completionsOfOrganisation(q: Q, organisationId: string) {
  return q
    .selectFrom('competence_enrolments as e')
    .innerJoin('competence_rounds as r', 'r.id', 'e.round_id')
    .innerJoin('competence_courses as c', 'c.id', 'r.course_id')
    .innerJoin('competence_participants as p', 'p.id', 'e.participant_id')
    .select(['e.participant_id', 'p.user_id', 'p.external_organisation', 'p.organisation_kind', 'c.id as course_id', 'e.completed_on'])
    .where('c.organisation_id', '=', organisationId)
    .where('e.status', '=', 'completed')
    .where('e.completed_on', 'is not', null)
    .execute();
}

/** Every participant with a live or completed enrolment, per course (for coverage per organisation). */
export function participationsOfOrganisation(q: Q, organisationId: string) {
  return q
    .selectFrom('competence_enrolments as e')
    .innerJoin('competence_rounds as r', 'r.id', 'e.round_id')
    .innerJoin('competence_courses as c', 'c.id', 'r.course_id')
    .innerJoin('competence_participants as p', 'p.id', 'e.participant_id')
    .select(['e.participant_id', 'p.user_id', 'p.external_organisation', 'p.organisation_kind', 'c.id as course_id'])
    .where('c.organisation_id', '=', organisationId)
    .where('e.status', '<>', 'cancelled')
    .execute();
}

/** A user's enrolments in every round (their competence page). */
export function enrolmentsOfUser(q: Q, userId: string) {
  return q
    .selectFrom('competence_enrolments as e')
    .innerJoin('competence_participants as p', 'p.id', 'e.participant_id')
    .innerJoin('competence_rounds as r', 'r.id', 'e.round_id')
    .innerJoin('competence_courses as c', 'c.id', 'r.course_id')
    .select(['e.id', 'e.round_id', 'e.status', 'e.position', 'e.completed_on', 'c.id as course_id', 'c.name as course_name', 'r.place'])
    .where('p.user_id', '=', userId)
    .orderBy('e.created_at', 'desc')
    .execute();
}

export function findStaffUser(q: Q, userId: string) {
  return q
    .selectFrom('users')
    .select(['id', 'display_name', 'organisation_id'])
    .where('id', '=', userId)
    .where('kind', '=', 'staff')
    .executeTakeFirst();
}

export function membershipsOfUser(q: Q, userId: string) {
  return q.selectFrom('unit_memberships').select(['unit_id', 'role']).where('user_id', '=', userId).execute();
}
