import type { Insertable } from 'kysely';
import type { LegalHoldTable } from '../db/schema.ts';
import type { Q } from './query.ts';

// Legal holds (gallringsstopp, migration 0017_culling): at most one in force per resident or eviction case, enforced by
// a partial unique index; lifting keeps the row.

export type HoldSubject = { residentId: string } | { evictionCaseId: string };

function subjectColumn(s: HoldSubject) {
  return 'residentId' in s ? (['resident_id', s.residentId] as const) : (['eviction_case_id', s.evictionCaseId] as const);
}

function holdsQuery(q: Q) {
  return q
    .selectFrom('legal_holds as h')
    .innerJoin('users as pb', 'pb.id', 'h.placed_by')
    .leftJoin('users as lb', 'lb.id', 'h.lifted_by')
    .selectAll('h')
    .select(['pb.display_name as placed_by_name', 'lb.display_name as lifted_by_name']);
}

export type LegalHoldRow = NonNullable<Awaited<ReturnType<ReturnType<typeof holdsQuery>['executeTakeFirst']>>>;

/** The subject's holds, the one in force (if any) first, then the lifted ones newest first. */
export function holdsOf(q: Q, subject: HoldSubject): Promise<LegalHoldRow[]> {
  const [column, id] = subjectColumn(subject);
  return holdsQuery(q)
    .where(`h.${column}`, '=', id)
    .orderBy((eb) => eb.case().when('h.lifted_at', 'is', null).then(0).else(1).end())
    .orderBy('h.placed_at', 'desc')
    .orderBy('h.id')
    .execute();
}

export function activeHold(q: Q, subject: HoldSubject): Promise<LegalHoldRow | undefined> {
  const [column, id] = subjectColumn(subject);
  return holdsQuery(q).where(`h.${column}`, '=', id).where('h.lifted_at', 'is', null).executeTakeFirst();
}

/**
 * True when the subject is not culled; the no-op update locks its row on PostgreSQL until the transaction ends, so a
 * culling run (which updates the same row first) and a hold being placed never pass each other.
 */
export async function lockNotCulled(q: Q, subject: HoldSubject): Promise<boolean> {
  const r =
    'residentId' in subject
      ? await q
          .updateTable('residents')
          .set((eb) => ({ culled_at: eb.ref('culled_at') }))
          .where('id', '=', subject.residentId)
          .where('culled_at', 'is', null)
          .executeTakeFirst()
      : await q
          .updateTable('eviction_cases')
          .set((eb) => ({ culled_at: eb.ref('culled_at') }))
          .where('id', '=', subject.evictionCaseId)
          .where('culled_at', 'is', null)
          .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertHold(q: Q, row: Insertable<LegalHoldTable>) {
  await q.insertInto('legal_holds').values(row).execute();
}

/** Lifts the hold in force; false when there was none (lifted meanwhile). */
export async function liftHold(q: Q, id: string, userId: string, at: string): Promise<boolean> {
  const r = await q
    .updateTable('legal_holds')
    .set({ lifted_by: userId, lifted_at: at })
    .where('id', '=', id)
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Every hold in force: the subjects culling must leave alone. */
export async function activeHoldSubjects(q: Q) {
  const rows = await q
    .selectFrom('legal_holds')
    .select(['resident_id', 'eviction_case_id', 'placed_at'])
    .where('lifted_at', 'is', null)
    .execute();
  return {
    residents: new Map(rows.filter((r) => r.resident_id).map((r) => [r.resident_id!, r.placed_at])),
    cases: new Map(rows.filter((r) => r.eviction_case_id).map((r) => [r.eviction_case_id!, r.placed_at])),
  };
}

/** Holds of the given residents and cases, for the register extract. */
export async function holdsForExtract(q: Q, residentId: string, caseIds: string[]) {
  return holdsQuery(q)
    .where((eb) => eb.or([eb('h.resident_id', '=', residentId), ...(caseIds.length > 0 ? [eb('h.eviction_case_id', 'in', caseIds)] : [])]))
    .orderBy('h.placed_at')
    .orderBy('h.id')
    .execute();
}
