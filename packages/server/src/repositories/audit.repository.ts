import type { Insertable } from 'kysely';
import type { AuditLogTable } from '../db/schema.ts';
import { offsetOf, type PageRequest, type Q } from './query.ts';

// Append and read only: there is deliberately no update or delete here (the database refuses them too).
export async function appendAudit(q: Q, rows: Insertable<AuditLogTable>[]) {
  // Chunked so a long list view stays under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    await q
      .insertInto('audit_log')
      .values(rows.slice(i, i + 500))
      .execute();
  }
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
