import type { Insertable, Updateable } from 'kysely';
import type { CommissionerTable } from '../db/schema.ts';
import { likePattern, offsetOf, type PageRequest, type Q } from './query.ts';
import { nextVersion, updatedOne } from './row-version.ts';

export type CommissionerFilter = { organisationId: string; q?: string; sort: 'name' | '-name' | 'kind' | '-kind' } & PageRequest;

export async function listCommissioners(q: Q, f: CommissionerFilter) {
  let base = q.selectFrom('commissioners').where('organisation_id', '=', f.organisationId);
  if (f.q) base = base.where('search_text', 'like', likePattern(f.q));
  const column = f.sort.replace('-', '') as 'name' | 'kind';
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy(column, f.sort.startsWith('-') ? 'desc' : 'asc')
      .orderBy('name')
      .orderBy('id')
      .limit(f.pageSize)
      .offset(offsetOf(f))
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export function findCommissioner(q: Q, organisationId: string, id: string) {
  return q.selectFrom('commissioners').selectAll().where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
}

export async function insertCommissioner(q: Q, row: Insertable<CommissionerTable>) {
  await q.insertInto('commissioners').values(row).execute();
}

/**
 * With `version` (an edit by a user): updates only if the row is still at that version and moves it to the next;
 * false when stale. Without it (a system write such as a flag set by a checkpoint) the version is left as it is.
 */
export async function updateCommissioner(q: Q, id: string, patch: Updateable<CommissionerTable>, version?: number): Promise<boolean> {
  if (version === undefined) return updatedOne(await q.updateTable('commissioners').set(patch).where('id', '=', id).executeTakeFirst());
  const r = await q
    .updateTable('commissioners')
    .set({ ...patch, version: nextVersion() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return updatedOne(r);
}
