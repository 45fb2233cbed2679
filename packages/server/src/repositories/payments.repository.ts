import type { Insertable } from 'kysely';
import type { PaymentImportTable, PaymentTable } from '../db/schema.ts';
import { offsetOf, type PageRequest, type Q } from './query.ts';

/**
 * Inserts payments; one whose (unit, bank reference) is already stored is skipped, which is what makes
 * re-importing a file or an overlapping one harmless. Returns the ids actually inserted.
 */
export async function insertPayments(q: Q, rows: Insertable<PaymentTable>[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += 500) {
    const result = await q
      .insertInto('payments')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['unit_id', 'bank_reference']).doNothing())
      .returning('id')
      .execute();
    for (const r of result) inserted.add(r.id);
  }
  return inserted;
}

export function paymentsOf(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('payments')
    .selectAll()
    .where('placement_id', 'in', placementIds)
    .orderBy('booking_date')
    .orderBy('created_at')
    .execute();
}

export function findPayment(q: Q, id: string) {
  return q.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function reversalsOf(q: Q, paymentId: string) {
  return q.selectFrom('payments').selectAll().where('reverses_payment_id', '=', paymentId).execute();
}

/** Payments waiting for a person: not matched, not a reversal, and not themselves reversed. */
export async function unmatchedPayments(q: Q, unitIds: string[], page: PageRequest) {
  const base = q
    .selectFrom('payments as p')
    .where('p.unit_id', 'in', unitIds.length ? unitIds : ['-'])
    .where('p.placement_id', 'is', null)
    .where('p.reverses_payment_id', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('payments as r').select('r.id').whereRef('r.reverses_payment_id', '=', 'p.id'))));
  const [items, count] = await Promise.all([
    base.selectAll('p').orderBy('p.booking_date', 'desc').orderBy('p.id').limit(page.pageSize).offset(offsetOf(page)).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export async function assignPayment(q: Q, id: string, placementId: string, userId: string, at: string): Promise<boolean> {
  // Only an unmatched payment can be assigned; a matched one is corrected by reversal.
  const r = await q
    .updateTable('payments')
    .set({ placement_id: placementId, matched_by: 'staff', assigned_by: userId, assigned_at: at })
    .where('id', '=', id)
    .where('placement_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** OCR reference → placement, for the placements of the given units (what an import may match to). */
export function ocrIndex(q: Q, unitIds: string[]) {
  return q
    .selectFrom('placements as p')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .select(['p.ocr_reference', 'p.id'])
    .where('a.unit_id', 'in', unitIds.length ? unitIds : ['-'])
    .where('p.ocr_reference', 'is not', null)
    .execute();
}

export async function insertImport(q: Q, row: Insertable<PaymentImportTable>) {
  await q.insertInto('payment_imports').values(row).execute();
}

export function findImportByHash(q: Q, unitId: string, hash: string) {
  return q.selectFrom('payment_imports').selectAll().where('unit_id', '=', unitId).where('file_hash', '=', hash).executeTakeFirst();
}

export function findImport(q: Q, id: string) {
  return q.selectFrom('payment_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listImports(q: Q, unitIds: string[], page: PageRequest) {
  const base = q.selectFrom('payment_imports').where('unit_id', 'in', unitIds.length ? unitIds : ['-']);
  const [items, count] = await Promise.all([
    base.selectAll().orderBy('imported_at', 'desc').limit(page.pageSize).offset(offsetOf(page)).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export function paymentsOfImport(q: Q, importId: string) {
  return q
    .selectFrom('payments as p')
    .leftJoin('placements as pl', 'pl.id', 'p.placement_id')
    .leftJoin('residents as r', 'r.id', 'pl.resident_id')
    .selectAll('p')
    .select(['r.id as resident_id', 'r.first_name', 'r.last_name', 'r.culled_at', 'r.unit_id as resident_unit_id'])
    .where('p.import_id', '=', importId)
    .orderBy('p.line_no')
    .execute();
}
