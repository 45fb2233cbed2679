import type { ExpressionBuilder, Insertable, Updateable } from 'kysely';
import type { Database, ResidentTable } from '../db/schema.ts';
import { likePattern, offsetOf, type PageRequest, type Q } from './query.ts';
import { nextVersion, updatedOne } from './row-version.ts';

/** Any query that has the residents table as `r` in scope. */
type WithResident = ExpressionBuilder<Database & { r: ResidentTable }, 'r'>;

export const RESIDENT_SORTS = ['lastName', 'firstName', 'createdAt'] as const;
export type ResidentSort = (typeof RESIDENT_SORTS)[number];

export type ResidentFilter = {
  unitIds: string[];
  q?: string;
  status: 'current' | 'former' | 'all';
  today: string;
  sort: ResidentSort;
  descending: boolean;
} & PageRequest;

const sortColumn = { lastName: 'r.last_name', firstName: 'r.first_name', createdAt: 'r.created_at' } as const;

function selectResidents(q: Q) {
  return q
    .selectFrom('residents as r')
    .leftJoin('users as cp', 'cp.id', 'r.contact_person_id')
    .leftJoin('commissioners as c', 'c.id', 'r.commissioner_id')
    .selectAll('r')
    .select(['cp.display_name as contact_person_name', 'c.name as commissioner_name']);
}

export type ResidentRow = Awaited<ReturnType<typeof findResident>> & {};

export async function listResidents(q: Q, f: ResidentFilter) {
  if (f.unitIds.length === 0) return { items: [], total: 0 };
  let base = q
    .selectFrom('residents as r')
    .leftJoin('users as cp', 'cp.id', 'r.contact_person_id')
    .leftJoin('commissioners as c', 'c.id', 'r.commissioner_id')
    .where((eb) => visibleResident(eb, f.unitIds))
    // Culled persons (docs/culling.md) are in no list or search; their de-identified rows only keep the statistics.
    .where('r.culled_at', 'is', null);
  if (f.q) {
    // A personal number is stored without its separator; a name keeps its spaces ("Anna Karin").
    const looksLikeNumber = /^[\d\s+-]+$/.test(f.q);
    base = base.where('r.search_text', 'like', likePattern(looksLikeNumber ? f.q.replace(/[-+\s]/g, '') : f.q));
  }
  if (f.status !== 'all') {
    const active = (eb: WithResident) =>
      eb.exists(
        eb
          .selectFrom('placements as p')
          .select('p.id')
          .whereRef('p.resident_id', '=', 'r.id')
          .where('p.start_date', '<=', f.today)
          .where((e) => e.or([e('p.end_date', 'is', null), e('p.end_date', '>=', f.today)])),
      );
    base = base.where((eb) => (f.status === 'current' ? active(eb) : eb.not(active(eb))));
  }
  const [items, count] = await Promise.all([
    base
      .selectAll('r')
      .select(['cp.display_name as contact_person_name', 'c.name as commissioner_name'])
      .orderBy(sortColumn[f.sort], f.descending ? 'desc' : 'asc')
      .orderBy('r.last_name')
      .orderBy('r.first_name')
      .orderBy('r.id')
      .limit(f.pageSize)
      .offset(offsetOf(f))
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/**
 * Need-to-know (SoLPuL): a person is visible to the staff of the unit that registered them and of any
 * unit whose apartment they have been placed in. This is the only definition; access.repository uses it too.
 */
export function visibleResident(eb: WithResident, unitIds: string[]) {
  return eb.or([
    eb('r.unit_id', 'in', unitIds),
    eb.exists(
      eb
        .selectFrom('placements as vp')
        .innerJoin('apartments as va', 'va.id', 'vp.apartment_id')
        .select('vp.id')
        .whereRef('vp.resident_id', '=', 'r.id')
        .where('va.unit_id', 'in', unitIds),
    ),
  ]);
}

/** The resident if one of `unitIds` may see them (visibleResident), in one round trip. */
export function findVisibleResident(q: Q, unitIds: string[], id: string) {
  if (unitIds.length === 0) return Promise.resolve(undefined);
  return selectResidents(q)
    .where('r.id', '=', id)
    .where((eb) => visibleResident(eb, unitIds))
    .executeTakeFirst();
}

export function findResident(q: Q, id: string) {
  return selectResidents(q).where('r.id', '=', id).executeTakeFirst();
}

export function findResidentByPersonalNumber(q: Q, organisationId: string, personalNumber: string) {
  return q
    .selectFrom('residents as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.unit_id'])
    .where('u.organisation_id', '=', organisationId)
    .where('r.personal_number', '=', personalNumber)
    .executeTakeFirst();
}

export async function insertResident(q: Q, row: Insertable<ResidentTable>) {
  await q.insertInto('residents').values(row).execute();
}

/**
 * With `version` (an edit by a user): updates only if the row is still at that version and moves it to the next;
 * false when stale. Without it (a system write such as a flag set by a checkpoint) the version is left as it is.
 */
export async function updateResident(q: Q, id: string, patch: Updateable<ResidentTable>, version?: number): Promise<boolean> {
  if (version === undefined) return updatedOne(await q.updateTable('residents').set(patch).where('id', '=', id).executeTakeFirst());
  const r = await q
    .updateTable('residents')
    .set({ ...patch, version: nextVersion() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return updatedOne(r);
}
