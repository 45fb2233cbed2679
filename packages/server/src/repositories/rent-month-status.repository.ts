import { addMonths, TENURE_BUCKETS, type FinalMonthStatus, type MonthStatus } from '@kvarbo/domain';
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

/**
 * Settles the rows that the passing of days has made final since they were written (the month's last checkpoint
 * has run, or a payment dated ahead has arrived), and hands the settled status on to the following month's row.
 * Exactly statusByDeadlines() for `today`; idempotent, and it touches only the few unsettled rows.
 */
export async function settle(q: Q, today: string): Promise<number> {
  const result = await sql`
    UPDATE rent_month_statuses SET settled = CASE
      WHEN paid_in_full_on IS NOT NULL AND paid_in_full_on <= ${today} AND paid_in_full_on <= on_time_by THEN 1
      WHEN paid_in_full_on IS NOT NULL AND paid_in_full_on <= ${today} AND paid_in_full_on <= final_by THEN 2
      ELSE 4 END
    WHERE settled IS NULL AND (${today} > final_by OR (paid_in_full_on IS NOT NULL AND paid_in_full_on <= ${today}))`.execute(q);
  const settled = Number(result.numAffectedRows ?? 0);
  if (settled > 0) {
    await sql`
      UPDATE rent_month_statuses SET prev_settled = (
        SELECT p.settled FROM rent_month_statuses p
        WHERE p.placement_id = rent_month_statuses.placement_id AND p.month = rent_month_statuses.prev_month)
      WHERE prev_settled IS NULL AND prev_month IS NOT NULL`.execute(q);
  }
  return settled;
}

// ---------------------------------------------------------------------------------------------------------
// Counting

const RANK: Record<MonthStatus, number> = { on_time: 1, late: 2, open: 3, unpaid: 4 };
const BY_RANK: Record<number, MonthStatus> = { 1: 'on_time', 2: 'late', 3: 'open', 4: 'unpaid' };

/** The rank a row's status is stored as; ranks order statuses as combineStatuses() does, so MAX combines. */
export function rankOf(status: MonthStatus): number {
  return RANK[status];
}

function statusOfRank(rank: number | string): MonthStatus {
  const status = BY_RANK[Number(rank)];
  if (!status) throw new Error(`Unknown status rank ${rank}`);
  return status;
}

/**
 * The status as of `today`: the settled one, or else statusByDeadlines() in the domain, line for line (after
 * settle() for today only open months take the second branch, but it stays exact for any row).
 */
function rankAt(today: string): RawBuilder<number> {
  return sql<number>`COALESCE(s.settled, CASE
    WHEN s.paid_in_full_on IS NOT NULL AND s.paid_in_full_on <= ${today} AND s.paid_in_full_on <= s.on_time_by THEN 1
    WHEN s.paid_in_full_on IS NOT NULL AND s.paid_in_full_on <= ${today} AND s.paid_in_full_on <= s.final_by THEN 2
    WHEN s.paid_in_full_on IS NOT NULL AND s.paid_in_full_on <= ${today} THEN 4
    WHEN ${today} > s.final_by THEN 4
    ELSE 3 END)`;
}

/** The dashboard's filters: apartment type, commissioning agency, contact person. */
export type RentFilter = { apartmentType?: string; commissionerId?: string; contactPersonId?: string };

export type Scope = { unitIds: string[] | null; from: string; to: string; today: string; filter?: RentFilter };

/** The scope's rows. Filters are uncorrelated IN lists, which the database builds once, not once per row. */
function scoped(q: Q, scope: Scope) {
  const f = scope.filter ?? {};
  let query = q.selectFrom('rent_month_statuses as s').where('s.month', '>=', scope.from).where('s.month', '<=', scope.to);
  if (scope.unitIds) query = query.where('s.unit_id', 'in', scope.unitIds.length ? scope.unitIds : ['-']);
  if (f.apartmentType) {
    query = query.where(
      's.placement_id',
      'in',
      q
        .selectFrom('placements as fp')
        .innerJoin('apartments as fa', 'fa.id', 'fp.apartment_id')
        .select('fp.id')
        .where('fa.type', '=', f.apartmentType as never),
    );
  }
  if (f.commissionerId || f.contactPersonId) {
    let residents = q.selectFrom('residents as fr').select('fr.id');
    if (f.commissionerId) residents = residents.where('fr.commissioner_id', '=', f.commissionerId);
    if (f.contactPersonId) residents = residents.where('fr.contact_person_id', '=', f.contactPersonId);
    query = query.where('s.resident_id', 'in', residents);
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

/**
 * Placement months counted by months since move-in, month, status and the previous month's status (when that
 * month is in the period too and final): every risk figure from one pass over the rows.
 */
export async function riskTallies(q: Q, scope: Scope) {
  const rows = await q
    .selectFrom(
      scoped(q, scope)
        .select([
          tenureBucketStart().as('tenure'),
          's.month',
          rankAt(scope.today).as('rank'),
          sql<number | null>`CASE WHEN s.prev_month >= ${scope.from} THEN s.prev_settled END`.as('previous'),
        ])
        .as('r'),
    )
    .select(['r.tenure', 'r.month', 'r.rank', 'r.previous', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['r.tenure', 'r.month', 'r.rank', 'r.previous'])
    .execute();
  return rows.map((r) => ({
    tenure: Number(r.tenure),
    month: r.month,
    status: statusOfRank(r.rank as number),
    previous: r.previous === null ? null : (statusOfRank(r.previous) as FinalMonthStatus),
    n: Number(r.n),
  }));
}

/**
 * Months since move-in rounded down to the first month of its bucket (TENURE_BUCKETS in the domain), so the
 * database groups five buckets instead of every tenure; riskByTenureOf() puts each back in its bucket.
 */
function tenureBucketStart(): RawBuilder<number> {
  const bounded = TENURE_BUCKETS.filter((b) => b.toMonth !== null);
  const last = TENURE_BUCKETS.at(-1)!;
  return sql<number>`CASE ${sql.join(
    bounded.map((b) => sql`WHEN s.tenure <= ${sql.lit(b.toMonth!)} THEN ${sql.lit(b.fromMonth)}`),
    sql` `,
  )} ELSE ${sql.lit(last.fromMonth)} END`;
}

export type StatusRow = {
  residentId: string;
  placementId: string;
  month: string;
  status: MonthStatus;
  /** The first day of the move-in month (what tenure counts from). */
  moveInDate: string;
};

/**
 * The only placements the watch list can flag: rent in `withRentIn`, and in the scope either an unpaid month or at
 * least `minLateOrUnpaid` months late or unpaid (a placement with less can match neither of the rule's tests in
 * any window of the scope). One grouped scan, so the list reads a fraction of the unit's rows.
 */
export async function troubledPlacements(q: Q, scope: Scope, withRentIn: string, minLateOrUnpaid: number | null): Promise<string[]> {
  const rank = rankAt(scope.today);
  const troubled = scoped(q, scope)
    .select('s.placement_id')
    .groupBy('s.placement_id')
    .having((eb) =>
      eb.or([
        eb(eb.fn.sum(sql<number>`CASE WHEN ${rank} = ${RANK.unpaid} THEN 1 ELSE 0 END`), '>=', 1),
        ...(minLateOrUnpaid === null
          ? []
          : [eb(eb.fn.sum(sql<number>`CASE WHEN ${rank} IN (${RANK.late}, ${RANK.unpaid}) THEN 1 ELSE 0 END`), '>=', minLateOrUnpaid)]),
      ]),
    );
  const current = scoped(q, { ...scope, from: withRentIn, to: withRentIn }).select('s.placement_id');
  const rows = await troubled.intersect(current).execute();
  return rows.map((r) => r.placement_id);
}

/**
 * Single rows (for the lists that name residents, the grid and the research export). `status` narrows to the
 * month's rows with that status; `placementIds` to those placements.
 */
export async function statusRows(q: Q, scope: Scope, opts: { status?: MonthStatus; placementIds?: string[] } = {}): Promise<StatusRow[]> {
  // Each chunk is one pass over the scope's rows, so chunks are as large as SQLite's parameter limit allows.
  if (opts.placementIds && opts.placementIds.length > 30_000) {
    const out: StatusRow[] = [];
    for (let i = 0; i < opts.placementIds.length; i += 30_000) {
      out.push(...(await statusRows(q, scope, { ...opts, placementIds: opts.placementIds.slice(i, i + 30_000) })));
    }
    return out;
  }
  let query = scoped(q, scope).select(['s.resident_id', 's.placement_id', 's.month', 's.tenure', rankAt(scope.today).as('rank')]);
  if (opts.status) query = query.where(rankAt(scope.today), '=', RANK[opts.status]);
  if (opts.placementIds) query = query.where('s.placement_id', 'in', opts.placementIds.length ? opts.placementIds : ['-']);
  const rows = await query.orderBy('s.placement_id').orderBy('s.month').execute();
  return rows.map((r) => ({
    residentId: r.resident_id,
    placementId: r.placement_id,
    month: r.month,
    status: statusOfRank(r.rank as number),
    moveInDate: `${addMonths(r.month, 1 - Number(r.tenure))}-01`,
  }));
}

/** Bumped by triggers whenever a placement or an apartment's unit or type changes (migration 0005). */
export async function staysVersion(q: Q): Promise<number> {
  const row = await q.selectFrom('change_counters').select('value').where('name', '=', 'stays').executeTakeFirst();
  return Number(row?.value ?? 0);
}
