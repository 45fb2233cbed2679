import type { Insertable, Updateable } from 'kysely';
import type {
  CaseConsentTable,
  EvictionCaseTable,
  HouseholdBudgetTable,
  OutreachAttemptTable,
  ReferralTable,
  SupportContactTable,
} from '../db/schema.ts';
import type { Q } from './query.ts';
import { nextVersion, updatedOne } from './row-version.ts';

// Eviction-prevention cases (issue 6): the case, its linked landlord reports and its log. The service decides
// who may see what; these functions only read and write.

function caseQuery(q: Q) {
  return q
    .selectFrom('eviction_cases as c')
    .leftJoin('landlords as l', 'l.id', 'c.landlord_id')
    .leftJoin('users as u', 'u.id', 'c.assignee_id')
    .selectAll('c')
    .select(['l.name as landlord_name', 'u.display_name as assignee_name']);
}

export type CaseRow = NonNullable<Awaited<ReturnType<ReturnType<typeof caseQuery>['executeTakeFirst']>>>;

export function findCase(q: Q, id: string): Promise<CaseRow | undefined> {
  return caseQuery(q).where('c.id', '=', id).executeTakeFirst();
}

export function listCases(q: Q, unitIds: string[], status: 'open' | 'closed' | 'all'): Promise<CaseRow[]> {
  if (unitIds.length === 0) return Promise.resolve([]);
  // Culled cases keep their dates and outcome for the figures but are in no list (docs/culling.md).
  let query = caseQuery(q).where('c.unit_id', 'in', unitIds).where('c.culled_at', 'is', null);
  if (status === 'open') query = query.where('c.step', '!=', 'closed');
  if (status === 'closed') query = query.where('c.step', '=', 'closed');
  return query.execute();
}

export async function insertCase(q: Q, row: Insertable<EvictionCaseTable>) {
  await q.insertInto('eviction_cases').values(row).execute();
}

/** Updates the case only if it is still at `version`, and moves it to the next version; false when stale. */
export async function updateCaseAtVersion(q: Q, id: string, version: number, patch: Updateable<EvictionCaseTable>): Promise<boolean> {
  const r = await q
    .updateTable('eviction_cases')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Reports

export function findReport(q: Q, id: string) {
  return q.selectFrom('eviction_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function reportsOfCases(q: Q, caseIds: string[]) {
  if (caseIds.length === 0) return Promise.resolve([]);
  return q.selectFrom('eviction_reports').selectAll().where('case_id', 'in', caseIds).orderBy('received_on').orderBy('id').execute();
}

/** Links the report to the case, only when it is not linked yet; false when another case took it meanwhile. */
export async function linkReport(q: Q, reportId: string, caseId: string, at: string): Promise<boolean> {
  const r = await q
    .updateTable('eviction_reports')
    .set({ case_id: caseId, status: 'in_progress', updated_at: at })
    .where('id', '=', reportId)
    .where('case_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function closeReportsOfCase(q: Q, caseId: string, at: string) {
  await q.updateTable('eviction_reports').set({ status: 'closed', updated_at: at }).where('case_id', '=', caseId).execute();
}

// Related records checked when a case names them

export function residentUnit(q: Q, residentId: string) {
  return q.selectFrom('residents').select(['id', 'unit_id']).where('id', '=', residentId).executeTakeFirst();
}

export function landlordOrganisation(q: Q, landlordId: string) {
  return q.selectFrom('landlords').select(['id', 'organisation_id']).where('id', '=', landlordId).executeTakeFirst();
}

export async function isCaseWorkerOf(q: Q, userId: string, unitId: string): Promise<boolean> {
  const r = await q
    .selectFrom('unit_memberships')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('unit_id', '=', unitId)
    .where('role', 'in', ['manager', 'caseworker', 'host'])
    .executeTakeFirst();
  return r !== undefined;
}

// The case's log

export async function insertAttempt(q: Q, row: Insertable<OutreachAttemptTable>) {
  await q.insertInto('outreach_attempts').values(row).execute();
}

export function attemptsOf(q: Q, caseId: string) {
  return q
    .selectFrom('outreach_attempts')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('occurred_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertConsent(q: Q, row: Insertable<CaseConsentTable>) {
  await q.insertInto('case_consents').values(row).execute();
}

export function consentsOf(q: Q, caseId: string) {
  return q
    .selectFrom('case_consents')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('given_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function findConsent(q: Q, caseId: string, consentId: string) {
  return q.selectFrom('case_consents').selectAll().where('case_id', '=', caseId).where('id', '=', consentId).executeTakeFirst();
}

/** Withdraws a consent not withdrawn yet; false when it already was. */
export async function withdrawConsent(q: Q, consentId: string, withdrawnOn: string): Promise<boolean> {
  const r = await q
    .updateTable('case_consents')
    .set({ withdrawn_on: withdrawnOn })
    .where('id', '=', consentId)
    .where('withdrawn_on', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertSupport(q: Q, row: Insertable<SupportContactTable>) {
  await q.insertInto('support_contacts').values(row).execute();
}

export function supportOf(q: Q, caseId: string) {
  return q
    .selectFrom('support_contacts')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('occurred_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertReferral(q: Q, row: Insertable<ReferralTable>) {
  await q.insertInto('referrals').values(row).execute();
}

export function referralsOf(q: Q, caseId: string) {
  return q.selectFrom('referrals').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export function findReferral(q: Q, caseId: string, referralId: string) {
  return q.selectFrom('referrals').selectAll().where('case_id', '=', caseId).where('id', '=', referralId).executeTakeFirst();
}

/** Updates the referral only if it is still at `version`, and moves it to the next version; false when stale. */
export async function updateReferralAtVersion(
  q: Q,
  referralId: string,
  version: number,
  patch: Updateable<ReferralTable>,
): Promise<boolean> {
  return updatedOne(
    await q
      .updateTable('referrals')
      .set({ ...patch, version: nextVersion() })
      .where('id', '=', referralId)
      .where('version', '=', version)
      .executeTakeFirst(),
  );
}

export function budgetOf(q: Q, caseId: string) {
  return q.selectFrom('household_budgets').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

/** Writes the case's first budget (version 1); false when the case has one already (another edit made it meanwhile). */
export async function insertBudgetIfNone(q: Q, row: Omit<Insertable<HouseholdBudgetTable>, 'version'>): Promise<boolean> {
  const r = await q
    .insertInto('household_budgets')
    .values({ ...row, version: 1 })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .returning('case_id')
    .execute();
  return r.length === 1;
}

/** Replaces the budget only if it is still at `version`, and moves it to the next version; false when stale. */
export async function updateBudgetAtVersion(
  q: Q,
  caseId: string,
  version: number,
  patch: { budget: string; updated_by: string | null; updated_at: string },
): Promise<boolean> {
  return updatedOne(
    await q
      .updateTable('household_budgets')
      .set({ ...patch, version: nextVersion() })
      .where('case_id', '=', caseId)
      .where('version', '=', version)
      .executeTakeFirst(),
  );
}

/**
 * The resident's rent account in the unit's housing, when the household already lives there: what was charged
 * up to today and what was paid (the ledger's totals; the ledger page has the detail).
 */
export async function residentRentTotals(q: Q, residentId: string, today: string) {
  const [resident, charged, paid] = await Promise.all([
    q.selectFrom('residents').select(['id', 'first_name', 'last_name']).where('id', '=', residentId).executeTakeFirst(),
    q
      .selectFrom('rent_charges as c')
      .innerJoin('placements as p', 'p.id', 'c.placement_id')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('c.amount_ore'), eb.lit(0)).as('ore'))
      .where('p.resident_id', '=', residentId)
      .where('c.due_date', '<=', today)
      .executeTakeFirstOrThrow(),
    q
      .selectFrom('payments as x')
      .innerJoin('placements as p', 'p.id', 'x.placement_id')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('x.amount_ore'), eb.lit(0)).as('ore'))
      .where('p.resident_id', '=', residentId)
      .where('x.booking_date', '<=', today)
      .executeTakeFirstOrThrow(),
  ]);
  if (!resident) return null;
  return {
    residentId: resident.id,
    name: `${resident.first_name} ${resident.last_name}`,
    chargedOre: Number(charged.ore),
    paidOre: Number(paid.ore),
  };
}
