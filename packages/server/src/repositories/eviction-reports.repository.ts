import { sql, type Insertable } from 'kysely';
import type { EvictionReportTable, ReportAttachmentTable } from '../db/schema.ts';
import type { Q } from './query.ts';

/** The next receipt number of the year: a counter row per year, bumped atomically (several servers may take one). */
export async function nextReceiptNumber(q: Q, year: string): Promise<string> {
  const result = await sql<{ value: number }>`
    INSERT INTO change_counters (name, value) VALUES (${`receipt-${year}`}, 1)
    ON CONFLICT (name) DO UPDATE SET value = change_counters.value + 1
    RETURNING value`.execute(q);
  return `${year}-${String(result.rows[0]!.value).padStart(5, '0')}`;
}

/** The unit that receives the organisation's landlord reports: the one marked for it, else the oldest. */
export async function reportUnitOf(q: Q, organisationId: string): Promise<string | null> {
  const row = await q
    .selectFrom('units')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .orderBy('receives_landlord_reports', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function insertReport(q: Q, row: Insertable<EvictionReportTable>) {
  await q.insertInto('eviction_reports').values(row).execute();
}

export function findReport(q: Q, id: string) {
  return q.selectFrom('eviction_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByExternalId(q: Q, landlordId: string, externalId: string) {
  return q
    .selectFrom('eviction_reports')
    .selectAll()
    .where('landlord_id', '=', landlordId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

/** A landlord's own reports: only what the landlord sent, the receipt and the status. */
export function reportsOfLandlord(q: Q, landlordId: string, limit: number, offset: number) {
  return q
    .selectFrom('eviction_reports')
    .select([
      'id',
      'receipt_number',
      'kind',
      'reasons',
      'tenant_name',
      'tenant_address',
      'received_on',
      'status',
      'channel',
      'arrears_ore',
      'served_on',
      'eviction_date',
    ])
    .where('landlord_id', '=', landlordId)
    .where('culled_at', 'is', null)
    .orderBy('received_on', 'desc')
    .orderBy('receipt_number', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countReportsOfLandlord(q: Q, landlordId: string): Promise<number> {
  const row = await q
    .selectFrom('eviction_reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('landlord_id', '=', landlordId)
    .where('culled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function reportsOfUnit(q: Q, unitId: string, status: EvictionReportTable['status'] | null) {
  let query = q
    .selectFrom('eviction_reports as r')
    .leftJoin('landlords as l', 'l.id', 'r.landlord_id')
    .selectAll('r')
    .select('l.name as landlord_name')
    .where('r.unit_id', '=', unitId)
    // Culled reports (docs/culling.md) keep their kind and dates for the figures but are in no list.
    .where('r.culled_at', 'is', null)
    .orderBy('r.received_on', 'desc')
    .orderBy('r.receipt_number', 'desc');
  if (status) query = query.where('r.status', '=', status);
  return query.execute();
}

export async function setReportStatus(q: Q, id: string, status: EvictionReportTable['status'], at: string) {
  await q.updateTable('eviction_reports').set({ status, updated_at: at }).where('id', '=', id).execute();
}

export async function insertAttachment(q: Q, row: Insertable<ReportAttachmentTable>) {
  await q.insertInto('report_attachments').values(row).execute();
}

export function attachmentsOf(q: Q, reportIds: string[]) {
  if (reportIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('report_attachments')
    .select(['id', 'report_id', 'filename', 'content_type', 'size_bytes', 'sha256', 'created_at'])
    .where('report_id', 'in', reportIds)
    .orderBy('created_at')
    .execute();
}

export function findAttachment(q: Q, id: string) {
  return q.selectFrom('report_attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countAttachments(q: Q, reportId: string): Promise<number> {
  const row = await q
    .selectFrom('report_attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('report_id', '=', reportId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------------------------------------------------
// Matching a report to a person the unit already knows

export function residentsByPersonalNumber(q: Q, unitIds: string[], personalNumber: string) {
  return q
    .selectFrom('residents')
    .select(['id', 'first_name', 'last_name', 'unit_id'])
    .where('unit_id', 'in', unitIds.length ? unitIds : ['-'])
    .where('personal_number', '=', personalNumber)
    .execute();
}

/** Residents whose current or past apartment has the address, or whose name contains the surname: suggestions. */
export function residentCandidates(q: Q, unitIds: string[], surname: string, street: string) {
  return q
    .selectFrom('residents as r')
    .leftJoin('placements as p', 'p.resident_id', 'r.id')
    .leftJoin('apartments as a', 'a.id', 'p.apartment_id')
    .select(['r.id', 'r.first_name', 'r.last_name', 'r.unit_id', 'a.address'])
    .where('r.unit_id', 'in', unitIds.length ? unitIds : ['-'])
    .where('r.culled_at', 'is', null)
    .where((eb) => eb.or([eb(sql`lower(r.last_name)`, '=', surname), eb(sql`lower(a.address)`, '=', street)]))
    .limit(50)
    .execute();
}

/** Open cases of the units for the same household: the same personal number, or the same name and address. */
export function openCasesMatching(q: Q, unitIds: string[], match: { personalNumber: string | null; name: string; address: string }) {
  return q
    .selectFrom('eviction_cases')
    .select(['id', 'tenant_name', 'tenant_address', 'step', 'opened_on', 'tenant_personal_number'])
    .where('unit_id', 'in', unitIds.length ? unitIds : ['-'])
    .where('step', '<>', 'closed')
    .where((eb) =>
      eb.or([
        ...(match.personalNumber ? [eb('tenant_personal_number', '=', match.personalNumber)] : []),
        eb.and([eb(sql`lower(tenant_name)`, '=', match.name), eb(sql`lower(tenant_address)`, '=', match.address)]),
      ]),
    )
    .orderBy('opened_on', 'desc')
    .limit(10)
    .execute();
}

// ---------------------------------------------------------------------------------------------------------
// Landlord API keys

export function apiKeyByHash(q: Q, hash: string) {
  return q
    .selectFrom('landlord_api_keys as k')
    .innerJoin('landlords as l', 'l.id', 'k.landlord_id')
    .select(['k.id', 'k.landlord_id', 'k.revoked_at', 'l.organisation_id', 'l.name as landlord_name'])
    .where('k.key_hash', '=', hash)
    .executeTakeFirst();
}

export async function insertApiKey(
  q: Q,
  row: { id: string; landlord_id: string; label: string; key_hash: string; key_prefix: string; created_by: string; created_at: string },
) {
  await q
    .insertInto('landlord_api_keys')
    .values({ ...row, revoked_at: null })
    .execute();
}

export function apiKeysOf(q: Q, landlordId: string) {
  return q
    .selectFrom('landlord_api_keys')
    .select(['id', 'label', 'key_prefix', 'created_at', 'revoked_at'])
    .where('landlord_id', '=', landlordId)
    .orderBy('created_at')
    .execute();
}

export async function revokeApiKey(q: Q, landlordId: string, id: string, at: string): Promise<boolean> {
  const result = await q
    .updateTable('landlord_api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('landlord_id', '=', landlordId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
