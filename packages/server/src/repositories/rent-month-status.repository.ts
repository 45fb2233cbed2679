import type { FinalMonthStatus, MonthStatus } from '@kvarbo/domain';
import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { RentMonthStatusTable } from '../db/schema.ts';
import type { Q } from './query.ts';

// The statistics' month statuses (migration 0005). Counting happens here, in SQL, over rows the refresh keeps
// current; what the counts mean is decided in the domain (rent-statistics.ts) from the tallies returned.

// ---------------------------------------------------------------------------------------------------------
// Keeping the table current

export function staleBatch(q: Q, afterPlacementId: string, limit: number) {
  return q
    .selectFrom('rent_status_stale')
    .select(['placement_id', 'version'])
    .where('placement_id', '>', afterPlacementId)
    .orderBy('placement_id')
    .limit(limit)
    .execute();
}

/** The placements to replay, with what each status row records about them. */
export function placementsToReplay(q: Q, placementIds: string[]) {
  return q
    .selectFrom('placements as p')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .select(['p.id as placement_id', 'p.resident_id', 'a.unit_id', 'p.start_date'])
    .where('p.id', 'in', placementIds)
    .execute();
}

/** Replaces the placements' rows and clears each stale mark only if it is still the version that was read. */
export async function replaceStatuses(
  q: Q,
  stale: { placement_id: string; version: number }[],
  rows: Insertable<RentMonthStatusTable>[],
): Promise<void> {
  const ids = stale.map((s) => s.placement_id);
  await q.deleteFrom('rent_month_statuses').where('placement_id', 'in', ids).execute();
  // 12 columns a row: 1,000 rows stay well inside SQLite's 32,766 parameters.
  for (let i = 0; i < rows.length; i += 1000)
    await q
      .insertInto('rent_month_statuses')
      .values(rows.slice(i, i + 1000))
      .execute();
  for (const s of stale) {
    await q.deleteFrom('rent_status_stale').where('placement_id', '=', s.placement_id).where('version', '=', s.version).execute();
  }
}

export async function staleCount(q: Q): Promise<number> {
  const row = await q
    .selectFrom('rent_status_stale')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------------------------------------------------
// Counting

/**
 * The status as of `today` from the stored deadlines: statusByDeadlines() in the domain, line for line, as a
 * rank that orders statuses as combineStatuses() does (unpaid > open > late > on time), so MAX combines.
 */
function rankAt(today: string, alias = 's'): RawBuilder<number> {
  const s = sql.raw(alias);
  return sql<number>`CASE
    WHEN ${s}.paid_in_full_on IS NOT NULL AND ${s}.paid_in_full_on <= ${today} AND ${s}.paid_in_full_on <= ${s}.on_time_by THEN 1
    WHEN ${s}.paid_in_full_on IS NOT NULL AND ${s}.paid_in_full_on <= ${today} AND ${s}.paid_in_full_on <= ${s}.final_by THEN 2
    WHEN ${s}.paid_in_full_on IS NOT NULL AND ${s}.paid_in_full_on <= ${today} THEN 4
    WHEN ${today} > ${s}.final_by THEN 4
    ELSE 3 END`;
}

const BY_RANK: Record<number, MonthStatus> = { 1: 'on_time', 2: 'late', 3: 'open', 4: 'unpaid' };

function statusOfRank(rank: number | string): MonthStatus {
  const status = BY_RANK[Number(rank)];
  if (!status) throw new Error(`Unknown status rank ${rank}`);
  return status;
}

/** The dashboard's filters: apartment type, commissioning agency, contact person. */
export type RentFilter = { apartmentType?: string; commissionerId?: string; contactPersonId?: string };

export type Scope = { unitIds: string[] | null; from: string; to: string; today: string; filter?: RentFilter };

/** WHERE for the scope; joins placements, apartments and residents only when a filter needs them. */
function scoped(q: Q, scope: Scope) {
  const f = scope.filter ?? {};
  let query = q.selectFrom('rent_month_statuses as s').where('s.month', '>=', scope.from).where('s.month', '<=', scope.to);
  if (scope.unitIds) query = query.where('s.unit_id', 'in', scope.unitIds.length ? scope.unitIds : ['-']);
  if (f.apartmentType) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('placements as fp')
          .innerJoin('apartments as fa', 'fa.id', 'fp.apartment_id')
          .select(sql`1`.as('x'))
          .whereRef('fp.id', '=', 's.placement_id')
          .where('fa.type', '=', f.apartmentType as never),
      ),
    );
  }
  if (f.commissionerId || f.contactPersonId) {
    query = query.where((eb) => {
      let sub = eb
        .selectFrom('residents as fr')
        .select(sql`1`.as('x'))
        .whereRef('fr.id', '=', 's.resident_id');
      if (f.commissionerId) sub = sub.where('fr.commissioner_id', '=', f.commissionerId);
      if (f.contactPersonId) sub = sub.where('fr.contact_person_id', '=', f.contactPersonId);
      return eb.exists(sub);
    });
  }
  return query;
}

/** Residents per month and status, a resident's placements in one month combined into one status. */
export async function residentMonthTallies(q: Q, scope: Scope) {
  const perResident = scoped(q, scope)
    .select(['s.month', 's.resident_id', (eb) => eb.fn.max(rankAt(scope.today)).as('rank')])
    .groupBy(['s.month', 's.resident_id'])
    .as('r');
  const rows = await q
    .selectFrom(perResident)
    .select(['r.month', 'r.rank', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['r.month', 'r.rank'])
    .execute();
  return rows.map((r) => ({ month: r.month, status: statusOfRank(r.rank as number), n: Number(r.n) }));
}

/** Placement months by month and status (for the calendar-month risk). */
export async function placementMonthTallies(q: Q, scope: Scope) {
  const rows = await q
    .selectFrom(
      scoped(q, scope)
        .select(['s.month', rankAt(scope.today).as('rank')])
        .as('r'),
    )
    .select(['r.month', 'r.rank', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['r.month', 'r.rank'])
    .execute();
  return rows.map((r) => ({ month: r.month, status: statusOfRank(r.rank as number), n: Number(r.n) }));
}

/** Placement months by months since move-in and status. */
export async function tenureTallies(q: Q, scope: Scope) {
  const rows = await q
    .selectFrom(
      scoped(q, scope)
        .select(['s.tenure', rankAt(scope.today).as('rank')])
        .as('r'),
    )
    .select(['r.tenure', 'r.rank', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['r.tenure', 'r.rank'])
    .execute();
  return rows.map((r) => ({ tenure: Number(r.tenure), status: statusOfRank(r.rank as number), n: Number(r.n) }));
}

/** Pairs of a placement's calendar-adjacent months, both in the period and both final, by their statuses. */
export async function transitionTallies(q: Q, scope: Scope) {
  const pairs = scoped(q, scope)
    .innerJoin('rent_month_statuses as prev', (j) =>
      j.onRef('prev.placement_id', '=', 's.placement_id').on('prev.month_index', '=', sql<number>`s.month_index - 1`),
    )
    .where('prev.month', '>=', scope.from)
    .select([rankAt(scope.today, 'prev').as('previous'), rankAt(scope.today).as('next')])
    .as('t');
  const rows = await q
    .selectFrom(pairs)
    .select(['t.previous', 't.next', (eb) => eb.fn.countAll().as('n')])
    .where('t.previous', '<>', 3)
    .where('t.next', '<>', 3)
    .groupBy(['t.previous', 't.next'])
    .execute();
  return rows.map((r) => ({
    previous: statusOfRank(r.previous as number) as FinalMonthStatus,
    next: statusOfRank(r.next as number) as FinalMonthStatus,
    n: Number(r.n),
  }));
}

export type StatusRow = {
  residentId: string;
  placementId: string;
  month: string;
  status: MonthStatus;
  moveInDate: string;
};

/**
 * Single rows (for the lists that name residents, the grid and the research export). `status` narrows to the
 * month's rows with that status; `onlyTroubled` to placements with at least one month late or unpaid in the
 * scope (what the watch list can flag).
 */
export async function statusRows(q: Q, scope: Scope, opts: { status?: MonthStatus; onlyTroubled?: boolean } = {}): Promise<StatusRow[]> {
  let query = scoped(q, scope)
    .innerJoin('placements as p', 'p.id', 's.placement_id')
    .select(['s.resident_id', 's.placement_id', 's.month', 'p.start_date', rankAt(scope.today).as('rank')]);
  if (opts.status) {
    const rank = Number(Object.entries(BY_RANK).find(([, s]) => s === opts.status)![0]);
    query = query.where(rankAt(scope.today), '=', rank);
  }
  if (opts.onlyTroubled) {
    query = query.where((eb) =>
      eb('s.placement_id', 'in', scoped(q, scope).select('s.placement_id').where(rankAt(scope.today), 'in', [2, 4])),
    );
  }
  const rows = await query.orderBy('s.placement_id').orderBy('s.month').execute();
  return rows.map((r) => ({
    residentId: r.resident_id,
    placementId: r.placement_id,
    month: r.month,
    status: statusOfRank(r.rank as number),
    moveInDate: r.start_date,
  }));
}
