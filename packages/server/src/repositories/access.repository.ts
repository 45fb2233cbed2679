import type { Q } from './query.ts';
import { visibleResident } from './residents.repository.ts';

// The one place that answers "may these units see this record?". Every person-scoped route asks here
// (through http/access-policy.ts) before a service loads anything.

export async function residentVisible(q: Q, unitIds: string[], residentId: string): Promise<boolean> {
  if (unitIds.length === 0) return false;
  const row = await q
    .selectFrom('residents as r')
    .select('r.id')
    .where('r.id', '=', residentId)
    .where((eb) => visibleResident(eb, unitIds))
    .executeTakeFirst();
  return !!row;
}

/** A placement is visible to the unit owning the apartment and to those who may see the resident. */
export async function placementVisible(q: Q, unitIds: string[], placementId: string): Promise<boolean> {
  if (unitIds.length === 0) return false;
  const row = await q
    .selectFrom('placements as p')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .innerJoin('residents as r', 'r.id', 'p.resident_id')
    .select('p.id')
    .where('p.id', '=', placementId)
    .where((eb) => eb.or([eb('a.unit_id', 'in', unitIds), visibleResident(eb, unitIds)]))
    .executeTakeFirst();
  return !!row;
}

export async function apartmentVisible(q: Q, unitIds: string[], apartmentId: string): Promise<boolean> {
  if (unitIds.length === 0) return false;
  const row = await q
    .selectFrom('apartments')
    .select('id')
    .where('id', '=', apartmentId)
    .where('unit_id', 'in', unitIds)
    .executeTakeFirst();
  return !!row;
}
