import type { Insertable } from 'kysely';
import type { SignInEventTable } from '../db/schema.ts';
import { offsetOf, type PageRequest, type Q } from './query.ts';

export type SignInEventFilter = {
  organisationId: string;
  /** Instants (UTC ISO): from inclusive, to exclusive. */
  fromInstant?: string;
  toInstant?: string;
  userId?: string;
  outcome?: string;
  onlyFailures?: boolean;
};

/** Outcomes that are not a failure (second-step: the right password, a code to come); everything else is one. */
export const NON_FAILURE_OUTCOMES = ['ok', 'second-step', 'logged-out', 'two-factor-reset'] as const;

export async function insertSignInEvent(q: Q, row: Insertable<SignInEventTable>) {
  await q.insertInto('sign_in_events').values(row).execute();
}

function filtered(q: Q, f: SignInEventFilter) {
  let base = q
    .selectFrom('sign_in_events as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .leftJoin('users as b', 'b.id', 'e.by_user_id')
    // The organisation's own users, and attempts with a username that matched nobody (they belong to no one).
    .where((eb) => eb.or([eb('u.organisation_id', '=', f.organisationId), eb('e.user_id', 'is', null)]));
  if (f.fromInstant) base = base.where('e.occurred_at', '>=', f.fromInstant);
  if (f.toInstant) base = base.where('e.occurred_at', '<', f.toInstant);
  if (f.userId) base = base.where('e.user_id', '=', f.userId);
  if (f.outcome) base = base.where('e.outcome', '=', f.outcome);
  if (f.onlyFailures) base = base.where('e.outcome', 'not in', [...NON_FAILURE_OUTCOMES]);
  return base;
}

const columns = [
  'e.id',
  'e.occurred_at',
  'e.user_id',
  'e.username_tried',
  'e.method',
  'e.outcome',
  'e.by_user_id',
  'e.ip',
  'e.user_agent',
  'u.display_name as user_name',
  'u.username as username',
  'b.display_name as by_user_name',
] as const;

/** Newest first; the id breaks ties between events of the same millisecond. */
export async function listSignInEvents(q: Q, f: SignInEventFilter & PageRequest) {
  const base = filtered(q, f);
  const [items, count] = await Promise.all([
    base.select(columns).orderBy('e.occurred_at', 'desc').orderBy('e.id', 'desc').limit(f.pageSize).offset(offsetOf(f)).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** Streams newest first for the CSV export, a batch at a time. */
export async function* signInEventBatches(q: Q, f: SignInEventFilter, batchSize = 2000) {
  for (let offset = 0; ; offset += batchSize) {
    const rows = await filtered(q, f)
      .select(columns)
      .orderBy('e.occurred_at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(batchSize)
      .offset(offset)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
  }
}

/** Retention: removes events before the instant; returns how many went. */
export async function deleteSignInEventsBefore(q: Q, beforeInstant: string): Promise<number> {
  const r = await q.deleteFrom('sign_in_events').where('occurred_at', '<', beforeInstant).executeTakeFirst();
  return Number(r.numDeletedRows);
}
