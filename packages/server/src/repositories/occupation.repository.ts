import type { Insertable, Updateable } from 'kysely';
import type { ActivitySessionTable, ActivityTable, OccupationTable } from '../db/schema.ts';
import type { Q } from './query.ts';
import { visibleResident } from './residents.repository.ts';
import { nextVersion, updatedOne } from './row-version.ts';

// Residents' occupation and activities (issue 9, part 2): every query of occupation.service.ts.

// ---- Residents ---------------------------------------------------------------------------------------------

export function findResidentBrief(q: Q, id: string) {
  return q.selectFrom('residents').select(['id', 'unit_id', 'first_name', 'last_name']).where('id', '=', id).executeTakeFirst();
}

/** Of `residentIds`, those who belong to the unit (their own unit, or a placement in one of its apartments). */
export async function residentsOfUnitAmong(q: Q, unitId: string, residentIds: string[]): Promise<Set<string>> {
  if (residentIds.length === 0) return new Set();
  const rows = await q
    .selectFrom('residents as r')
    .select('r.id')
    .where('r.id', 'in', residentIds)
    .where((eb) => visibleResident(eb, [unitId]))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Residents with a placement in the unit's apartments on `date`: those one ticks when taking attendance. */
export function residentsPlacedOn(q: Q, unitId: string, date: string) {
  return q
    .selectFrom('placements as p')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .innerJoin('residents as r', 'r.id', 'p.resident_id')
    .select(['r.id', 'r.first_name', 'r.last_name', 'r.culled_at', 'r.unit_id'])
    .distinct()
    .where('a.unit_id', '=', unitId)
    .where('p.start_date', '<=', date)
    .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', date)]))
    .orderBy('r.last_name')
    .orderBy('r.first_name')
    .execute();
}

/** The unit's placements (by the apartment's unit) with a day in [from, to]. */
export function unitPlacementSpans(q: Q, unitId: string, from: string, to: string) {
  return q
    .selectFrom('placements as p')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .select(['p.resident_id', 'p.start_date', 'p.end_date'])
    .where('a.unit_id', '=', unitId)
    .where('p.start_date', '<=', to)
    .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', from)]))
    .execute();
}

// ---- Occupations -------------------------------------------------------------------------------------------

export function occupationsOf(q: Q, residentIds: string[]) {
  if (residentIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('occupations')
    .selectAll()
    .where('resident_id', 'in', residentIds)
    .orderBy('resident_id')
    .orderBy('from_date', 'desc')
    .orderBy('id')
    .execute();
}

export type OccupationRow = Awaited<ReturnType<typeof occupationsOf>>[number];

export function findOccupation(q: Q, id: string) {
  return q.selectFrom('occupations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertOccupation(q: Q, row: Insertable<OccupationTable>) {
  await q.insertInto('occupations').values(row).execute();
}

export async function updateOccupationAtVersion(q: Q, id: string, version: number, patch: Updateable<OccupationTable>): Promise<boolean> {
  const r = await q
    .updateTable('occupations')
    .set({ ...patch, version: nextVersion() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return updatedOne(r);
}

export async function deleteOccupationAtVersion(q: Q, id: string, version: number): Promise<boolean> {
  const r = await q.deleteFrom('occupations').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

// ---- Activities and sessions -------------------------------------------------------------------------------

export function activitiesOf(q: Q, unitIds: string[]) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('activities as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .selectAll('a')
    .select('u.name as unit_name')
    .where('a.unit_id', 'in', unitIds)
    .orderBy('a.active', 'desc')
    .orderBy('a.name')
    .execute();
}

export function findActivity(q: Q, id: string) {
  return q.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertActivity(q: Q, row: Insertable<ActivityTable>) {
  await q.insertInto('activities').values(row).execute();
}

export async function updateActivityAtVersion(q: Q, id: string, version: number, patch: Updateable<ActivityTable>): Promise<boolean> {
  const r = await q
    .updateTable('activities')
    .set({ ...patch, version: nextVersion() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return updatedOne(r);
}

/** Sessions of the activities (newest first), each with its number of named attendances. */
export async function sessionsOf(q: Q, activityIds: string[], from?: string, to?: string) {
  if (activityIds.length === 0) return [];
  let query = q
    .selectFrom('activity_sessions as s')
    .leftJoin('activity_attendance as t', 't.session_id', 's.id')
    .select([
      's.id',
      's.activity_id',
      's.session_date',
      's.start_time',
      's.end_time',
      's.place',
      's.note',
      's.guests',
      's.version',
      's.created_at',
      's.created_by',
    ])
    .select((eb) => eb.fn.count<number>('t.resident_id').as('named'))
    .where('s.activity_id', 'in', activityIds);
  if (from) query = query.where('s.session_date', '>=', from);
  if (to) query = query.where('s.session_date', '<=', to);
  const rows = await query
    .groupBy([
      's.id',
      's.activity_id',
      's.session_date',
      's.start_time',
      's.end_time',
      's.place',
      's.note',
      's.guests',
      's.version',
      's.created_at',
      's.created_by',
    ])
    .orderBy('s.session_date', 'desc')
    .orderBy(
      (eb) => eb.ref('s.start_time'),
      (ob) => ob.desc().nullsLast(),
    )
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({ ...r, named: Number(r.named), guests: Number(r.guests), version: Number(r.version) }));
}

export function findSession(q: Q, id: string) {
  return q
    .selectFrom('activity_sessions as s')
    .innerJoin('activities as a', 'a.id', 's.activity_id')
    .selectAll('s')
    .select(['a.unit_id', 'a.name as activity_name', 'a.kind as activity_kind'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function insertSession(q: Q, row: Insertable<ActivitySessionTable>) {
  await q.insertInto('activity_sessions').values(row).execute();
}

export async function updateSessionAtVersion(q: Q, id: string, version: number, patch: Updateable<ActivitySessionTable>): Promise<boolean> {
  const r = await q
    .updateTable('activity_sessions')
    .set({ ...patch, version: nextVersion() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return updatedOne(r);
}

// ---- Attendance --------------------------------------------------------------------------------------------

export function attendeesOf(q: Q, sessionId: string) {
  return q
    .selectFrom('activity_attendance as t')
    .innerJoin('residents as r', 'r.id', 't.resident_id')
    .select(['r.id', 'r.first_name', 'r.last_name', 'r.culled_at', 'r.unit_id'])
    .where('t.session_id', '=', sessionId)
    .orderBy('r.last_name')
    .orderBy('r.first_name')
    .execute();
}

export async function replaceAttendance(q: Q, sessionId: string, residentIds: string[], by: string, at: string) {
  await q.deleteFrom('activity_attendance').where('session_id', '=', sessionId).execute();
  if (residentIds.length) {
    await q
      .insertInto('activity_attendance')
      .values(residentIds.map((resident_id) => ({ session_id: sessionId, resident_id, created_by: by, created_at: at })))
      .execute();
  }
}

/** The sessions a resident came to, newest first. */
export function attendedBy(q: Q, residentId: string) {
  return q
    .selectFrom('activity_attendance as t')
    .innerJoin('activity_sessions as s', 's.id', 't.session_id')
    .innerJoin('activities as a', 'a.id', 's.activity_id')
    .select(['s.id as session_id', 's.session_date', 's.start_time', 'a.id as activity_id', 'a.name', 'a.kind', 'a.unit_id'])
    .where('t.resident_id', '=', residentId)
    .orderBy('s.session_date', 'desc')
    .orderBy('a.name')
    .execute();
}

/** Every session of the unit's activities in [from, to] with the residents who came. */
export async function unitSessionsWithAttendance(q: Q, unitId: string, from: string, to: string) {
  const sessions = await q
    .selectFrom('activity_sessions as s')
    .innerJoin('activities as a', 'a.id', 's.activity_id')
    .select(['s.id', 's.activity_id', 's.session_date', 's.guests'])
    .where('a.unit_id', '=', unitId)
    .where('s.session_date', '>=', from)
    .where('s.session_date', '<=', to)
    .execute();
  const attendance = sessions.length
    ? await q
        .selectFrom('activity_attendance')
        .select(['session_id', 'resident_id'])
        .where(
          'session_id',
          'in',
          sessions.map((s) => s.id),
        )
        .execute()
    : [];
  return sessions.map((s) => ({
    activityId: s.activity_id,
    date: s.session_date,
    guests: Number(s.guests),
    residentIds: attendance.filter((a) => a.session_id === s.id).map((a) => a.resident_id),
  }));
}

/**
 * Locks the resident's row until the transaction ends (PostgreSQL; SQLite has one writer anyway) with a no-op
 * update, so two occupations of the same kind added at once cannot both pass the overlap check.
 */
export async function lockResident(q: Q, residentId: string) {
  await q
    .updateTable('residents')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', residentId)
    .execute();
}
