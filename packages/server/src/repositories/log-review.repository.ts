import type { Insertable } from 'kysely';
import type { LogReviewSignoffTable } from '../db/schema.ts';
import type { Q } from './query.ts';
import { NON_FAILURE_OUTCOMES } from './sign-in-events.repository.ts';

// Log review (loggkontroll, issue 8): reads the audit log (never writes it) and stores managers' sign-offs.

export type ReviewReadRow = {
  id: number | string;
  at: string;
  user_id: string | null;
  user_name: string;
  resident_id: string | null;
  entity: string;
  action: string;
};

/**
 * The unit's reads and lists of persons (resident_id set) in [fromInstant, toInstant), in time order, a batch at a time
 * (keyset on at + id, which the audit_log_unit_at_idx index serves), so a quarter's log never sits in memory at once.
 */
export async function* personReadBatches(q: Q, unitId: string, fromInstant: string, toInstant: string, batchSize = 5000) {
  let after: { at: string; id: number } | null = null;
  for (;;) {
    let query = q
      .selectFrom('audit_log')
      .select(['id', 'at', 'user_id', 'user_name', 'resident_id', 'entity', 'action'])
      .where('unit_id', '=', unitId)
      .where('action', 'in', ['read', 'list'])
      .where('resident_id', 'is not', null)
      .where('at', '>=', fromInstant)
      .where('at', '<', toInstant);
    if (after) {
      const { at, id } = after;
      query = query.where((eb) => eb.or([eb('at', '>', at), eb.and([eb('at', '=', at), eb('id', '>', id)])]));
    }
    const rows: ReviewReadRow[] = await query.orderBy('at').orderBy('id').limit(batchSize).execute();
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    after = { at: last.at, id: Number(last.id) };
  }
}

export type FailedSignInRow = {
  id: string;
  occurred_at: string;
  user_id: string;
  user_name: string;
  outcome: string;
  ip: string | null;
};

/**
 * Failed sign-in events (outcome not in NON_FAILURE_OUTCOMES, lockouts included) in [fromInstant, toInstant) of the
 * users who are members of the unit now (unit_memberships), in time order, a batch at a time (keyset on occurred_at + id):
 * an account under attack can log many refused attempts.
 */
export async function* failedSignInBatches(q: Q, unitId: string, fromInstant: string, toInstant: string, batchSize = 5000) {
  let after: { at: string; id: string } | null = null;
  for (;;) {
    let query = q
      .selectFrom('sign_in_events as e')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .select(['e.id', 'e.occurred_at', 'e.user_id', 'u.display_name as user_name', 'e.outcome', 'e.ip'])
      .where('e.user_id', 'in', (eb) => eb.selectFrom('unit_memberships').select('user_id').where('unit_id', '=', unitId))
      .where('e.outcome', 'not in', [...NON_FAILURE_OUTCOMES])
      .where('e.occurred_at', '>=', fromInstant)
      .where('e.occurred_at', '<', toInstant);
    if (after) {
      const { at, id } = after;
      query = query.where((eb) => eb.or([eb('e.occurred_at', '>', at), eb.and([eb('e.occurred_at', '=', at), eb('e.id', '>', id)])]));
    }
    const rows = (await query.orderBy('e.occurred_at').orderBy('e.id').limit(batchSize).execute()) as FailedSignInRow[];
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    after = { at: last.occurred_at, id: last.id };
  }
}

/** Names and contact persons of the residents the reads touched (chunked under SQLite's parameter limit). */
export async function residentsByIds(q: Q, ids: string[]) {
  const out: { id: string; first_name: string; last_name: string; culled_at: string | null; contact_person_id: string | null }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...(await q
        .selectFrom('residents')
        .select(['id', 'first_name', 'last_name', 'culled_at', 'contact_person_id'])
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}

/** Tasks of these residents with an assignee, run between the two dates (inclusive). */
export async function assignedTasks(q: Q, residentIds: string[], fromDate: string, toDate: string) {
  const out: { resident_id: string; assignee_id: string | null; run_date: string }[] = [];
  for (let i = 0; i < residentIds.length; i += 500) {
    out.push(
      ...(await q
        .selectFrom('tasks')
        .select(['resident_id', 'assignee_id', 'run_date'])
        .where('resident_id', 'in', residentIds.slice(i, i + 500))
        .where('assignee_id', 'is not', null)
        .where('run_date', '>=', fromDate)
        .where('run_date', '<=', toDate)
        .execute()),
    );
  }
  return out;
}

export async function insertSignoff(q: Q, row: Insertable<LogReviewSignoffTable>) {
  await q.insertInto('log_review_signoffs').values(row).execute();
}

/** The unit's sign-offs, newest first, with the reviewer's name; with a period, only those overlapping it. */
export function listSignoffs(q: Q, unitId: string, overlapping?: { from: string; to: string }) {
  let query = q
    .selectFrom('log_review_signoffs as s')
    .innerJoin('users as u', 'u.id', 's.signed_by')
    .select([
      's.id',
      's.unit_id',
      's.period_from',
      's.period_to',
      's.signed_by',
      's.signed_at',
      's.note',
      's.findings_count',
      'u.display_name as signed_by_name',
    ])
    .where('s.unit_id', '=', unitId);
  if (overlapping) query = query.where('s.period_from', '<=', overlapping.to).where('s.period_to', '>=', overlapping.from);
  return query.orderBy('s.signed_at', 'desc').orderBy('s.id', 'desc').execute();
}
