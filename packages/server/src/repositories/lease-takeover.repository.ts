import type { Q } from './query.ts';

// What the lease-takeover panel reads: the unit's ongoing second-hand placements and, per resident, the facts the
// criteria rest on. Aggregates per resident, one query each, whatever the number of placements.

export function secondHandPlacements(q: Q, unitIds: string[] | null, asOf: string) {
  let query = q
    .selectFrom('placements as p')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .innerJoin('residents as r', 'r.id', 'p.resident_id')
    .select([
      'p.id',
      'p.version',
      'p.resident_id',
      'p.start_date',
      'p.end_date',
      'p.lease_form',
      'a.unit_id',
      'a.address',
      'a.type as apartment_type',
      'r.first_name',
      'r.last_name',
      'r.contact_person_id',
    ])
    .where('p.lease_form', '=', 'second_hand')
    .where('p.start_date', '<=', asOf)
    .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>', asOf)]))
    .orderBy('r.last_name')
    .orderBy('r.first_name');
  if (unitIds) query = query.where('a.unit_id', 'in', unitIds.length ? unitIds : ['-']);
  return query.execute();
}

export function incidentsOfResidents(q: Q, residentIds: string[]) {
  if (residentIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('incidents as i')
    .innerJoin('placements as p', 'p.id', 'i.placement_id')
    .select(['p.resident_id', 'i.occurred_on', 'i.severity'])
    .where('p.resident_id', 'in', residentIds)
    .execute();
}

/** Per resident: rent charged and paid up to asOf, whether a repayment plan was made (and not cancelled). */
export async function debtFactsOfResidents(q: Q, residentIds: string[], asOf: string) {
  if (residentIds.length === 0) return new Map<string, { arrearsOre: number; plan: boolean; counselling: boolean }>();
  const [charged, paid, plans, counselling, referrals] = await Promise.all([
    q
      .selectFrom('rent_charges as c')
      .innerJoin('placements as p', 'p.id', 'c.placement_id')
      .select(['p.resident_id', (eb) => eb.fn.sum<number>('c.amount_ore').as('ore')])
      .where('p.resident_id', 'in', residentIds)
      .where('c.due_date', '<=', asOf)
      .groupBy('p.resident_id')
      .execute(),
    q
      .selectFrom('payments as x')
      .innerJoin('placements as p', 'p.id', 'x.placement_id')
      .select(['p.resident_id', (eb) => eb.fn.sum<number>('x.amount_ore').as('ore')])
      .where('p.resident_id', 'in', residentIds)
      .where('x.booking_date', '<=', asOf)
      .groupBy('p.resident_id')
      .execute(),
    q
      .selectFrom('repayment_plans as rp')
      .innerJoin('placements as p', 'p.id', 'rp.placement_id')
      .select('p.resident_id')
      .where('p.resident_id', 'in', residentIds)
      .where('rp.cancelled_at', 'is', null)
      .where('rp.agreed_on', '<=', asOf)
      .distinct()
      .execute(),
    q
      .selectFrom('support_contacts as s')
      .innerJoin('eviction_cases as c', 'c.id', 's.case_id')
      .select('c.resident_id')
      .where('c.resident_id', 'in', residentIds)
      .where('s.kind', '=', 'budget_debt_counselling')
      .where('s.occurred_on', '<=', asOf)
      .distinct()
      .execute(),
    q
      .selectFrom('referrals as f')
      .innerJoin('eviction_cases as c', 'c.id', 'f.case_id')
      .select('c.resident_id')
      .where('c.resident_id', 'in', residentIds)
      .where('f.service', '=', 'budget_debt_counselling')
      .where('f.status', 'in', ['accepted', 'started'])
      .where('f.status_on', '<=', asOf)
      .distinct()
      .execute(),
  ]);
  const sumBy = (rows: { resident_id: string; ore: number | string | null }[]) =>
    new Map(rows.map((r) => [r.resident_id, Number(r.ore ?? 0)]));
  const chargedBy = sumBy(charged);
  const paidBy = sumBy(paid);
  const planned = new Set(plans.map((r) => r.resident_id));
  const counselled = new Set([...counselling, ...referrals].map((r) => r.resident_id!));
  return new Map(
    residentIds.map((id) => [
      id,
      { arrearsOre: (chargedBy.get(id) ?? 0) - (paidBy.get(id) ?? 0), plan: planned.has(id), counselling: counselled.has(id) },
    ]),
  );
}

export function takeoverSettingsOf(q: Q, unitIds: string[]) {
  return q
    .selectFrom('unit_takeover_settings')
    .selectAll()
    .where('unit_id', 'in', unitIds.length ? unitIds : ['-'])
    .execute();
}

export async function upsertTakeoverSettings(
  q: Q,
  row: {
    unit_id: string;
    min_months: number;
    rent_window_months: number;
    complaint_window_months: number;
    complaint_min_severity: string;
    updated_by: string;
    updated_at: string;
  },
) {
  await q
    .insertInto('unit_takeover_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('unit_id').doUpdateSet({
        min_months: row.min_months,
        rent_window_months: row.rent_window_months,
        complaint_window_months: row.complaint_window_months,
        complaint_min_severity: row.complaint_min_severity,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}
