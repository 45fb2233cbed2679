import type { Insertable, Updateable } from 'kysely';
import type {
  IncidentTable,
  LandlordContactLogTable,
  PlacementTable,
  RespiteStayTable,
  SupportVisitTable,
  VisitAgreementTable,
} from '../db/schema.ts';
import type { Q } from './query.ts';
import { nextVersion, updatedOne } from './row-version.ts';

// Housing First and support housing follow-up (issue 7): every query of housing-first.service.ts. Placements
// belong to the unit that owns their apartment; the resident's unit is carried for the audit log.

function placementQuery(q: Q) {
  return q
    .selectFrom('placements as p')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .innerJoin('residents as r', 'r.id', 'p.resident_id')
    .leftJoin('users as cp', 'cp.id', 'r.contact_person_id')
    .select([
      'p.id',
      'p.resident_id',
      'p.apartment_id',
      'p.start_date',
      'p.end_date',
      'p.end_reason',
      'p.previous_placement_id',
      'p.link_kind',
      'p.move_out_given_on',
      'p.moved_out_on',
      'p.version',
      'a.unit_id',
      'a.type as apartment_type',
      'a.address',
      'r.unit_id as resident_unit_id',
      'r.first_name',
      'r.last_name',
      'r.culled_at',
      'r.contact_person_id',
      'cp.display_name as contact_person_name',
    ]);
}

export type HfPlacementRow = NonNullable<Awaited<ReturnType<typeof findPlacement>>>;

export function findPlacement(q: Q, id: string) {
  return placementQuery(q).where('p.id', '=', id).executeTakeFirst();
}

export function placementsOfResident(q: Q, residentId: string) {
  return placementQuery(q).where('p.resident_id', '=', residentId).orderBy('p.start_date').orderBy('p.id').execute();
}

/** The unit's placements (by the apartment's unit) with a day in [from, to]; optionally one contact person's. */
export function unitPlacements(q: Q, unitId: string, from: string, to: string, contactPersonId?: string) {
  let query = placementQuery(q)
    .where('a.unit_id', '=', unitId)
    .where('p.start_date', '<=', to)
    .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', from)]));
  if (contactPersonId !== undefined) query = query.where('r.contact_person_id', '=', contactPersonId);
  return query.orderBy('r.last_name').orderBy('r.first_name').orderBy('p.start_date').execute();
}

/** Updates the placement only if it is still at `version`, moving it to the next version; false when stale. */
export async function updatePlacementAtVersion(q: Q, id: string, version: number, patch: Updateable<PlacementTable>): Promise<boolean> {
  const r = await q
    .updateTable('placements')
    .set({ ...patch, version: nextVersion() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return updatedOne(r);
}

/** Another placement already linked to `previousId`, other than `exceptId`. */
export function successorOf(q: Q, previousId: string, exceptId: string) {
  return q
    .selectFrom('placements')
    .select('id')
    .where('previous_placement_id', '=', previousId)
    .where('id', '<>', exceptId)
    .executeTakeFirst();
}

// ---- Visit agreements -------------------------------------------------------------------------------------

/** The placements' agreements, latest first per placement. */
export function agreementsOf(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('visit_agreements')
    .selectAll()
    .where('placement_id', 'in', placementIds)
    .orderBy('placement_id')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function replaceAgreement(q: Q, row: Insertable<VisitAgreementTable>) {
  await q.deleteFrom('visit_agreements').where('placement_id', '=', row.placement_id).execute();
  await q.insertInto('visit_agreements').values(row).execute();
}

// ---- Support visits ---------------------------------------------------------------------------------------

export async function insertVisit(q: Q, row: Insertable<SupportVisitTable>, staffIds: string[]) {
  await q.insertInto('support_visits').values(row).execute();
  if (staffIds.length) {
    await q
      .insertInto('support_visit_staff')
      .values(staffIds.map((user_id) => ({ visit_id: row.id, user_id })))
      .execute();
  }
}

/** Visits of the placements, oldest first, each with its staff ids and names. */
export async function visitsOf(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return [];
  const visits = await q
    .selectFrom('support_visits')
    .selectAll()
    .where('placement_id', 'in', placementIds)
    .orderBy('visit_date')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const staff = visits.length
    ? await q
        .selectFrom('support_visit_staff as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['s.visit_id', 's.user_id', 'u.display_name'])
        .where(
          's.visit_id',
          'in',
          visits.map((v) => v.id),
        )
        .orderBy('u.display_name')
        .execute()
    : [];
  return visits.map((v) => ({
    ...v,
    staff: staff.filter((s) => s.visit_id === v.id).map((s) => ({ id: s.user_id, name: s.display_name })),
  }));
}

/** Of `userIds`, those who work with persons (manager, caseworker, host) in one of `unitIds`. */
export async function staffAmong(q: Q, userIds: string[], unitIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0 || unitIds.length === 0) return new Set();
  const rows = await q
    .selectFrom('unit_memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .where('m.user_id', 'in', userIds)
    .where('m.unit_id', 'in', unitIds)
    .where('m.role', 'in', ['manager', 'caseworker', 'host'])
    .where('u.kind', '=', 'staff')
    .where('u.disabled_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

export async function userNames(q: Q, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await q.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

// ---- Incidents --------------------------------------------------------------------------------------------

export async function insertIncident(q: Q, row: Insertable<IncidentTable>) {
  await q.insertInto('incidents').values(row).execute();
}

export function incidentsOf(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('incidents')
    .selectAll()
    .where('placement_id', 'in', placementIds)
    .orderBy('occurred_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

/** Incidents dated in [from, to] of placements whose apartment belongs to the unit. */
export function unitIncidents(q: Q, unitId: string, from: string, to: string) {
  return q
    .selectFrom('incidents as i')
    .innerJoin('placements as p', 'p.id', 'i.placement_id')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .select(['i.id', 'i.placement_id', 'i.occurred_on', 'p.resident_id'])
    .where('a.unit_id', '=', unitId)
    .where('i.occurred_on', '>=', from)
    .where('i.occurred_on', '<=', to)
    .execute();
}

// ---- Landlord contacts and respite stays -------------------------------------------------------------------

export async function insertLandlordContact(q: Q, row: Insertable<LandlordContactLogTable>) {
  await q.insertInto('landlord_contact_log').values(row).execute();
}

export function landlordContactsOf(q: Q, placementId: string) {
  return q
    .selectFrom('landlord_contact_log')
    .selectAll()
    .where('placement_id', '=', placementId)
    .orderBy('occurred_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function insertRespiteStay(q: Q, row: Insertable<RespiteStayTable>) {
  await q.insertInto('respite_stays').values(row).execute();
}

export function respiteStaysOf(q: Q, placementId: string) {
  return q.selectFrom('respite_stays').selectAll().where('placement_id', '=', placementId).orderBy('from_date').orderBy('id').execute();
}
