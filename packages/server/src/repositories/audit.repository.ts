import { sql, type Insertable } from 'kysely';
import { chainAfterAppend } from '../audit/audit-at-commit.ts';
import { auditRowHash } from '../audit/audit-chain.ts';
import type { AuditLogTable } from '../db/schema.ts';
import { offsetOf, type PageRequest, type Q } from './query.ts';

type NewAuditRow = Omit<Insertable<AuditLogTable>, 'seq' | 'prev_hash' | 'hash'>;

// Append and read only: there is deliberately no update or delete here (the database refuses them too, except
// the one-time linking of a new row into the hash chain). Rows are inserted unlinked, inside the caller's
// transaction; `chainPendingAudit` links them (audit/audit-at-commit.ts says when).
export async function appendAudit(q: Q, rows: NewAuditRow[]) {
  if (rows.length === 0) return;
  // Chunked so a long list view stays under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    await q
      .insertInto('audit_log')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  await chainAfterAppend(q, chainPendingAudit);
}

const LINK_BATCH = 1000;

/**
 * Links every committed row not yet in the chain onto its end, in id order. Runs in a transaction of its own: the
 * head row is locked first, so two servers never link onto the same row, and the head takes the last hash.
 */
export async function chainPendingAudit(trx: Q) {
  const head = await sql<{ seq: number | string; hash: string }>`
    UPDATE audit_chain SET seq = seq WHERE id = 1 RETURNING seq, hash`.execute(trx);
  const top = head.rows[0];
  if (!top) throw new Error('The audit chain has no head row (migration 0008)');
  let seq = Number(top.seq);
  let prev = top.hash;
  for (;;) {
    const pending = await trx
      .selectFrom('audit_log')
      .select(['id', 'at', 'user_id', 'user_name', 'unit_id', 'resident_id', 'entity', 'entity_id', 'action', 'ip'])
      .where('seq', 'is', null)
      .orderBy('id')
      .limit(LINK_BATCH)
      .execute();
    if (pending.length === 0) break;
    const linked = pending.map((r) => {
      seq += 1;
      const hash = auditRowHash({ ...r, seq, prev_hash: prev });
      const row = { id: Number(r.id), seq, prev_hash: prev, hash };
      prev = hash;
      return row;
    });
    const values = sql.join(linked.map((l) => sql`(CAST(${l.id} AS BIGINT), CAST(${l.seq} AS BIGINT), ${l.prev_hash}, ${l.hash})`));
    await sql`UPDATE audit_log SET seq = v.column2, prev_hash = v.column3, hash = v.column4
      FROM (VALUES ${values}) AS v WHERE audit_log.id = v.column1`.execute(trx);
    // A short batch was the last one: rows committed after the select are the next run's.
    if (pending.length < LINK_BATCH) break;
  }
  if (seq !== Number(top.seq)) await trx.updateTable('audit_chain').set({ seq, hash: prev }).where('id', '=', 1).execute();
}

/** The chain in order, a page at a time, for verification. */
export function auditChainPage(q: Q, afterSeq: number, limit: number) {
  return q
    .selectFrom('audit_log')
    .select([
      'id',
      'seq',
      'at',
      'user_id',
      'user_name',
      'unit_id',
      'resident_id',
      'entity',
      'entity_id',
      'action',
      'ip',
      'prev_hash',
      'hash',
    ])
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function auditChainHead(q: Q) {
  return q.selectFrom('audit_chain').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
}

export async function countUnlinked(q: Q): Promise<number> {
  const r = await q
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('seq', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export type AuditFilter = {
  unitIds: string[];
  userId?: string;
  residentId?: string;
  from?: string;
  to?: string;
};

function filtered(q: Q, f: AuditFilter) {
  let base = q
    .selectFrom('audit_log as l')
    .leftJoin('residents as r', 'r.id', 'l.resident_id')
    .where('l.unit_id', 'in', f.unitIds.length ? f.unitIds : ['-']);
  if (f.userId) base = base.where('l.user_id', '=', f.userId);
  if (f.residentId) base = base.where('l.resident_id', '=', f.residentId);
  // `from`/`to` are calendar dates; instants are UTC ISO strings and compare as text.
  if (f.from) base = base.where('l.at', '>=', f.from);
  if (f.to) base = base.where('l.at', '<', nextDay(f.to));
  return base;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const columns = [
  'l.id',
  'l.at',
  'l.user_id',
  'l.user_name',
  'l.unit_id',
  'l.resident_id',
  'l.entity',
  'l.entity_id',
  'l.action',
  'l.ip',
  'r.first_name',
  'r.last_name',
  'r.culled_at',
] as const;

export async function listAudit(q: Q, f: AuditFilter & PageRequest) {
  const base = filtered(q, f);
  const [items, count] = await Promise.all([
    base.select(columns).orderBy('l.id', 'desc').limit(f.pageSize).offset(offsetOf(f)).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** Streams in id order for the CSV export, a batch at a time, so a year's log never sits in memory. */
export async function* auditBatches(q: Q, f: AuditFilter, batchSize = 2000) {
  let after = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = await filtered(q, f).select(columns).where('l.id', '<', after).orderBy('l.id', 'desc').limit(batchSize).execute();
    if (rows.length === 0) return;
    yield rows;
    after = Number(rows[rows.length - 1]!.id);
  }
}

export function auditRowsForResident(q: Q, residentId: string) {
  return q.selectFrom('audit_log').selectAll().where('resident_id', '=', residentId).orderBy('id').execute();
}
