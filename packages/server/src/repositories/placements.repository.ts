import type { Insertable, Updateable } from 'kysely';
import type { PlacementTable } from '../db/schema.ts';
import { likePattern, offsetOf, type PageRequest, type Q } from './query.ts';
import { visibleResident } from './residents.repository.ts';
import { nextVersion, updatedOne } from './row-version.ts';

export type PlacementFilter = {
  unitIds: string[];
  q?: string;
  residentId?: string;
  apartmentId?: string;
  active?: boolean;
  today: string;
  sort: 'startDate' | 'endDate' | 'residentName' | 'address';
  descending: boolean;
} & PageRequest;

const sortColumn = { startDate: 'p.start_date', endDate: 'p.end_date', residentName: 'r.last_name', address: 'a.address' } as const;

function selectPlacements(q: Q) {
  return q
    .selectFrom('placements as p')
    .innerJoin('residents as r', 'r.id', 'p.resident_id')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .selectAll('p')
    .select([
      'r.first_name',
      'r.last_name',
      'r.culled_at',
      'r.unit_id as resident_unit_id',
      'a.address',
      'a.unit_id',
      'a.monthly_rent_ore as apartment_rent_ore',
    ]);
}

export type PlacementRow = NonNullable<Awaited<ReturnType<typeof findPlacement>>>;

export async function listPlacements(q: Q, f: PlacementFilter) {
  if (f.unitIds.length === 0) return { items: [], total: 0 };
  let base = selectPlacements(q)
    .where((eb) => eb.or([eb('a.unit_id', 'in', f.unitIds), visibleResident(eb, f.unitIds)]))
    // A culled person's placements stay for the statistics but are in no list (docs/culling.md).
    .where('r.culled_at', 'is', null);
  if (f.q) {
    const pattern = likePattern(f.q);
    base = base.where((eb) => eb.or([eb('r.search_text', 'like', pattern), eb('a.search_text', 'like', pattern)]));
  }
  if (f.residentId) base = base.where('p.resident_id', '=', f.residentId);
  if (f.apartmentId) base = base.where('p.apartment_id', '=', f.apartmentId);
  if (f.active !== undefined) {
    const today = f.today;
    base = base.where((eb) => {
      const active = eb.and([eb('p.start_date', '<=', today), eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', today)])]);
      return f.active ? active : eb.not(active);
    });
  }
  const [items, count] = await Promise.all([
    base
      .orderBy(sortColumn[f.sort], f.descending ? 'desc' : 'asc')
      .orderBy('p.start_date', 'desc')
      .orderBy('p.id')
      .limit(f.pageSize)
      .offset(offsetOf(f))
      .execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export function findPlacement(q: Q, id: string) {
  return selectPlacements(q).where('p.id', '=', id).executeTakeFirst();
}

export function placementsOfResident(q: Q, residentId: string) {
  return selectPlacements(q).where('p.resident_id', '=', residentId).orderBy('p.start_date', 'desc').execute();
}

/** The placement each resident has on the given day, for list views (at most one each: no overlaps). */
export function currentPlacementsOf(q: Q, residentIds: string[], today: string) {
  if (residentIds.length === 0) return Promise.resolve([]);
  return selectPlacements(q)
    .where('p.resident_id', 'in', residentIds)
    .where('p.start_date', '<=', today)
    .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', today)]))
    .execute();
}

/** Candidates for an overlap check; the rule itself is the domain's (placement-overlap.ts). */
export function placementsTouching(q: Q, by: { residentId: string; apartmentId: string }, excludeId?: string) {
  let query = selectPlacements(q).where((eb) =>
    eb.or([eb('p.resident_id', '=', by.residentId), eb('p.apartment_id', '=', by.apartmentId)]),
  );
  if (excludeId) query = query.where('p.id', '!=', excludeId);
  return query.execute();
}

export async function maxOcrSerial(q: Q): Promise<number> {
  const r = await q
    .selectFrom('placements')
    .select((eb) => eb.fn.max('ocr_serial').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

export async function insertPlacement(q: Q, row: Insertable<PlacementTable>) {
  await q.insertInto('placements').values(row).execute();
}

/**
 * With `version` (an edit by a user): updates only if the row is still at that version and moves it to the next;
 * false when stale. Without it (a system write such as a flag set by a checkpoint) the version is left as it is.
 */
export async function updatePlacement(q: Q, id: string, patch: Updateable<PlacementTable>, version?: number): Promise<boolean> {
  if (version === undefined) return updatedOne(await q.updateTable('placements').set(patch).where('id', '=', id).executeTakeFirst());
  const r = await q
    .updateTable('placements')
    .set({ ...patch, version: nextVersion() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return updatedOne(r);
}
