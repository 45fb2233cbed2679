import type { Q } from './query.ts';

// Aggregates only: no query here selects a name, a number or an address.

export function apartmentsByType(q: Q, unitId: string) {
  return q
    .selectFrom('apartments')
    .select(['type', (eb) => eb.fn.countAll().as('n')])
    .where('unit_id', '=', unitId)
    .groupBy('type')
    .execute();
}

export function activePlacementStats(q: Q, unitId: string, today: string) {
  return q
    .selectFrom('placements as p')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .innerJoin('residents as r', 'r.id', 'p.resident_id')
    .select([
      (eb) => eb.fn.countAll().as('placements'),
      (eb) => eb.fn.sum<number>('r.household_children').as('children'),
      (eb) => eb.fn.count<number>(eb.case().when('r.household_children', '>', 0).then(1).end()).as('households_with_children'),
    ])
    .where('a.unit_id', '=', unitId)
    .where('p.start_date', '<=', today)
    .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', today)]))
    .executeTakeFirstOrThrow();
}

export function endedByReason(q: Q, unitId: string) {
  return q
    .selectFrom('placements as p')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .select(['p.end_reason', (eb) => eb.fn.countAll().as('n')])
    .where('a.unit_id', '=', unitId)
    .where('p.end_reason', 'is not', null)
    .groupBy('p.end_reason')
    .execute();
}
