import type { Q } from './query.ts';

// Every query of the register extract (registerutdrag, GDPR art. 15): all that Kvarbo holds about one person.
// Each function takes the open transaction so the extract is one consistent read. Lists of ids may be empty:
// `in ()` is not valid SQL, so those answer [] without asking the database.

export function extractResident(q: Q, id: string) {
  return q
    .selectFrom('residents as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('users as cp', 'cp.id', 'r.contact_person_id')
    .leftJoin('commissioners as c', 'c.id', 'r.commissioner_id')
    .selectAll('r')
    .select(['u.name as unit_name', 'u.organisation_id', 'cp.display_name as contact_person_name', 'c.name as commissioner_name'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export function extractPlacements(q: Q, residentId: string) {
  return q
    .selectFrom('placements as p')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('landlords as l', 'l.id', 'a.landlord_id')
    .selectAll('p')
    .select(['a.address', 'a.postcode', 'a.city', 'a.type as apartment_type', 'u.name as unit_name', 'l.name as landlord_name'])
    .where('p.resident_id', '=', residentId)
    .orderBy('p.start_date')
    .orderBy('p.id')
    .execute();
}

export async function extractCharges(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return [];
  return q
    .selectFrom('rent_charges')
    .selectAll()
    .where('placement_id', 'in', placementIds)
    .orderBy('month')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function extractPayments(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return [];
  return q
    .selectFrom('payments')
    .select([
      'id',
      'placement_id',
      'booking_date',
      'amount_ore',
      'source',
      'reference',
      'bank_reference',
      'payer_name',
      'free_text',
      'method',
      'note',
      'matched_by',
      'reverses_payment_id',
      'created_at',
    ])
    .where('placement_id', 'in', placementIds)
    .orderBy('booking_date')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function extractAllowancePayouts(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return [];
  return q
    .selectFrom('rent_allowance_payouts')
    .selectAll()
    .where('placement_id', 'in', placementIds)
    .orderBy('paid_on')
    .orderBy('id')
    .execute();
}

export async function extractRepaymentPlans(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return [];
  return q
    .selectFrom('repayment_plans as rp')
    .leftJoin('users as u', 'u.id', 'rp.agreed_by')
    .selectAll('rp')
    .select('u.display_name as agreed_by_name')
    .where('rp.placement_id', 'in', placementIds)
    .orderBy('rp.agreed_on')
    .orderBy('rp.id')
    .execute();
}

export function extractTasks(q: Q, residentId: string) {
  return q
    .selectFrom('tasks as t')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .leftJoin('users as d', 'd.id', 't.done_by')
    .selectAll('t')
    .select(['a.display_name as assignee_name', 'd.display_name as done_by_name'])
    .where('t.resident_id', '=', residentId)
    .orderBy('t.run_date')
    .orderBy('t.id')
    .execute();
}

export async function extractTaskEvents(q: Q, taskIds: string[]) {
  if (taskIds.length === 0) return [];
  return q.selectFrom('task_events').selectAll().where('task_id', 'in', taskIds).orderBy('at').orderBy('id').execute();
}

export function extractHomeVisits(q: Q, residentId: string) {
  return q
    .selectFrom('home_visits as h')
    .leftJoin('users as u', 'u.id', 'h.recorded_by')
    .selectAll('h')
    .select('u.display_name as recorded_by_name')
    .where('h.resident_id', '=', residentId)
    .orderBy('h.visit_date')
    .orderBy('h.id')
    .execute();
}

export function extractAgencyNotices(q: Q, residentId: string) {
  return q
    .selectFrom('agency_notices as n')
    .leftJoin('users as u', 'u.id', 'n.recorded_by')
    .selectAll('n')
    .select('u.display_name as recorded_by_name')
    .where('n.resident_id', '=', residentId)
    .orderBy('n.sent_on')
    .orderBy('n.id')
    .execute();
}

export function extractNotes(q: Q, residentId: string) {
  return q
    .selectFrom('resident_notes as n')
    .leftJoin('users as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.body', 'n.created_at', 'u.display_name as author_name'])
    .where('n.resident_id', '=', residentId)
    .orderBy('n.created_at')
    .orderBy('n.id')
    .execute();
}

/** Landlord reports (of the person's organisation) that name the person's personal number or belong to one of their cases. */
export async function extractEvictionReports(q: Q, organisationId: string, personalNumber: string | null, caseIds: string[]) {
  if (!personalNumber && caseIds.length === 0) return [];
  return q
    .selectFrom('eviction_reports as er')
    .leftJoin('landlords as l', 'l.id', 'er.landlord_id')
    .select([
      'er.id',
      'er.receipt_number',
      'er.channel',
      'er.kind',
      'er.reasons',
      'er.arrears_ore',
      'er.arrears_months',
      'er.served_on',
      'er.eviction_date',
      'er.tenant_name',
      'er.tenant_address',
      'er.tenant_personal_number',
      'er.household_children',
      'er.description',
      'er.received_on',
      'er.status',
      'er.case_id',
      'l.name as landlord_name',
    ])
    .where('er.organisation_id', '=', organisationId)
    .where((eb) => {
      const ors = [];
      if (personalNumber) ors.push(eb('er.tenant_personal_number', '=', personalNumber));
      if (caseIds.length > 0) ors.push(eb('er.case_id', 'in', caseIds));
      return eb.or(ors);
    })
    .orderBy('er.received_on')
    .orderBy('er.id')
    .execute();
}

/** Eviction-prevention cases of the organisation that are the person's: linked to them, carrying their number, or opened from a report naming it. */
export function extractEvictionCases(q: Q, organisationId: string, residentId: string, personalNumber: string | null) {
  return q
    .selectFrom('eviction_cases as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .leftJoin('landlords as l', 'l.id', 'c.landlord_id')
    .leftJoin('users as a', 'a.id', 'c.assignee_id')
    .selectAll('c')
    .select(['u.name as unit_name', 'l.name as landlord_name', 'a.display_name as assignee_name'])
    .where('u.organisation_id', '=', organisationId)
    .where((eb) => {
      const ors = [eb('c.resident_id', '=', residentId)];
      if (personalNumber) {
        ors.push(eb('c.tenant_personal_number', '=', personalNumber));
        ors.push(
          eb(
            'c.id',
            'in',
            eb
              .selectFrom('eviction_reports as r2')
              .select('r2.case_id')
              .where('r2.organisation_id', '=', organisationId)
              .where('r2.tenant_personal_number', '=', personalNumber)
              .where('r2.case_id', 'is not', null)
              .$narrowType<{ case_id: string }>(),
          ),
        );
      }
      return eb.or(ors);
    })
    .orderBy('c.opened_on')
    .orderBy('c.id')
    .execute();
}

export async function extractOutreachAttempts(q: Q, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return q.selectFrom('outreach_attempts').selectAll().where('case_id', 'in', caseIds).orderBy('occurred_on').orderBy('id').execute();
}

export async function extractConsents(q: Q, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return q.selectFrom('case_consents').selectAll().where('case_id', 'in', caseIds).orderBy('given_on').orderBy('id').execute();
}

export async function extractSupportContacts(q: Q, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return q.selectFrom('support_contacts').selectAll().where('case_id', 'in', caseIds).orderBy('occurred_on').orderBy('id').execute();
}

export async function extractReferrals(q: Q, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return q.selectFrom('referrals').selectAll().where('case_id', 'in', caseIds).orderBy('status_on').orderBy('id').execute();
}

export async function extractBudgets(q: Q, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return q.selectFrom('household_budgets').selectAll().where('case_id', 'in', caseIds).orderBy('case_id').execute();
}

export async function extractVisitAgreements(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return [];
  return q
    .selectFrom('visit_agreements')
    .selectAll()
    .where('placement_id', 'in', placementIds)
    .orderBy('from_date')
    .orderBy('id')
    .execute();
}

export async function extractSupportVisits(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return [];
  return q.selectFrom('support_visits').selectAll().where('placement_id', 'in', placementIds).orderBy('visit_date').orderBy('id').execute();
}

export async function extractSupportVisitStaff(q: Q, visitIds: string[]) {
  if (visitIds.length === 0) return [];
  return q
    .selectFrom('support_visit_staff as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.visit_id', 'u.display_name'])
    .where('s.visit_id', 'in', visitIds)
    .orderBy('u.display_name')
    .execute();
}

export async function extractIncidents(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return [];
  return q.selectFrom('incidents').selectAll().where('placement_id', 'in', placementIds).orderBy('occurred_on').orderBy('id').execute();
}

export async function extractLandlordContactLog(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return [];
  return q
    .selectFrom('landlord_contact_log')
    .selectAll()
    .where('placement_id', 'in', placementIds)
    .orderBy('occurred_on')
    .orderBy('id')
    .execute();
}

export async function extractRespiteStays(q: Q, placementIds: string[]) {
  if (placementIds.length === 0) return [];
  return q.selectFrom('respite_stays').selectAll().where('placement_id', 'in', placementIds).orderBy('from_date').orderBy('id').execute();
}

export function extractOccupations(q: Q, residentId: string) {
  return q
    .selectFrom('occupations')
    .select(['id', 'kind', 'provider', 'from_date', 'to_date', 'hours_per_week', 'note'])
    .where('resident_id', '=', residentId)
    .orderBy('from_date')
    .orderBy('id')
    .execute();
}

export function extractActivityAttendance(q: Q, residentId: string) {
  return q
    .selectFrom('activity_attendance as aa')
    .innerJoin('activity_sessions as s', 's.id', 'aa.session_id')
    .innerJoin('activities as a', 'a.id', 's.activity_id')
    .select(['s.id as session_id', 's.session_date', 's.start_time', 'a.name', 'a.kind'])
    .where('aa.resident_id', '=', residentId)
    .orderBy('s.session_date')
    .orderBy('s.id')
    .execute();
}

/** Invitations to surveys (also to anonymous ones: that the person was asked is theirs, what they answered is not kept with them). */
export function extractSurveyInvitations(q: Q, residentId: string) {
  return q
    .selectFrom('survey_invitations as i')
    .innerJoin('surveys as s', 's.id', 'i.survey_id')
    .select(['i.id', 's.title', 's.anonymous', 'i.created_at', 'i.expires_at', 'i.used_at'])
    .where('i.resident_id', '=', residentId)
    .orderBy('i.created_at')
    .orderBy('i.id')
    .execute();
}

/** Named survey answers only: an anonymous answer carries no resident and is not the person's record. */
export function extractSurveyAnswers(q: Q, residentId: string) {
  return q
    .selectFrom('survey_answers as a')
    .innerJoin('surveys as s', 's.id', 'a.survey_id')
    .select(['a.id', 's.title', 'a.month', 'a.channel', 'a.answer_values', 'a.answered_at'])
    .where('a.resident_id', '=', residentId)
    .orderBy('a.month')
    .orderBy('a.id')
    .execute();
}

/** Who read or changed what about the person, and when. */
export function extractAudit(q: Q, residentId: string) {
  return q
    .selectFrom('audit_log')
    .select(['id', 'at', 'user_id', 'user_name', 'unit_id', 'entity', 'entity_id', 'action'])
    .where('resident_id', '=', residentId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Display names of the staff who created records, by id. */
export async function userNames(q: Q, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await q.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
