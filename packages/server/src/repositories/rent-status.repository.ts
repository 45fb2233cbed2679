import { sql } from 'kysely';
import type { Q } from './query.ts';

export type UnpaidRow = {
  placement_id: string;
  resident_id: string;
  unit_id: string;
  contact_person_id: string | null;
  month: string;
  due_date: string;
  amount_ore: number;
  charged_through_ore: number;
  paid_ore: number;
};

/**
 * Placements whose rent for `month` was due and not fully paid by the end of `asOf`, in one query. (A move-in
 * month due on the 12th is nobody's arrears on the 1st.) Payments settle the
 * oldest charge first, so a month is fully paid exactly when everything paid by that day covers everything charged
 * up to and including that month: no replay of each ledger is needed. (Placements with a repayment plan allocate
 * differently and are re-checked by the caller.)
 */
export async function unpaidAt(q: Q, month: string, asOf: string, unitIds: string[] | null): Promise<UnpaidRow[]> {
  const unitFilter = unitIds ? sql`AND a.unit_id IN (${sql.join(unitIds.length ? unitIds : ['-'])})` : sql``;
  const result = await sql<UnpaidRow>`
    SELECT * FROM (
      SELECT m.placement_id, p.resident_id, a.unit_id, r.contact_person_id, m.month, m.due_date, m.amount_ore,
        (SELECT COALESCE(SUM(c2.amount_ore), 0) FROM rent_charges c2
           WHERE c2.placement_id = m.placement_id AND (c2.due_date < m.due_date OR (c2.due_date = m.due_date AND c2.month <= m.month))) AS charged_through_ore,
        (SELECT COALESCE(SUM(x.amount_ore), 0) FROM payments x
           WHERE x.placement_id = m.placement_id AND x.booking_date <= ${asOf}) AS paid_ore
      FROM (
        SELECT placement_id, month, MIN(due_date) AS due_date, SUM(amount_ore) AS amount_ore
        FROM rent_charges WHERE month = ${month} GROUP BY placement_id, month
      ) m
      JOIN placements p ON p.id = m.placement_id
      JOIN apartments a ON a.id = p.apartment_id
      JOIN residents r ON r.id = p.resident_id
      WHERE m.amount_ore > 0 AND m.due_date <= ${asOf} ${unitFilter}
    ) t
    WHERE t.charged_through_ore > t.paid_ore`.execute(q);
  return result.rows.map((r) => ({
    ...r,
    amount_ore: Number(r.amount_ore),
    charged_through_ore: Number(r.charged_through_ore),
    paid_ore: Number(r.paid_ore),
  }));
}

/** Placements with a charge for the month (for month-by-month status lists). */
export function placementsChargedIn(q: Q, month: string, unitIds: string[] | null) {
  let query = q
    .selectFrom('rent_charges as c')
    .innerJoin('placements as p', 'p.id', 'c.placement_id')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .select(['p.id as placement_id', 'p.resident_id', 'p.start_date', 'a.unit_id'])
    .where('c.month', '=', month)
    .distinct();
  if (unitIds) query = query.where('a.unit_id', 'in', unitIds.length ? unitIds : ['-']);
  return query.execute();
}
