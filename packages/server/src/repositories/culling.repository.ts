import { sql, type RawBuilder } from 'kysely';
import type { Q } from './query.ts';

// Culling (gallring, docs/culling.md): the facts the rules need (the latest entry of every kind, what is still open),
// the de-identification of a person's records, and the run log. Nothing here decides: services/culling.service.ts
// applies the domain's rules.
//
// Every function that reads facts takes an optional id filter: undefined reads everything not culled yet (a run's
// preview), a list reads just those (the re-check inside one person's transaction).

export type Latest = { id: string; d: string | null };

/** A table whose rows belong to a resident, a placement (→ resident), a task (→ resident) or a case. */
type Source = { table: string; key: string; join?: string; dates: string[]; instants: string[] };

const BY_RESIDENT: Source[] = [
  { table: 'resident_notes', key: 'x.resident_id', dates: [], instants: ['created_at'] },
  {
    table: 'placements',
    key: 'x.resident_id',
    dates: ['start_date', 'end_date', 'moved_out_on', 'move_out_given_on'],
    instants: ['created_at', 'updated_at'],
  },
  ...['rent_charges:due_date', 'payments:booking_date', 'rent_allowance_payouts:paid_on', 'repayment_plans:agreed_on'].map((s): Source => {
    const [table, date] = s.split(':') as [string, string];
    return {
      table,
      key: 'p.resident_id',
      join: 'JOIN placements p ON p.id = x.placement_id',
      dates: [date],
      instants: table === 'repayment_plans' ? ['created_at', 'cancelled_at'] : ['created_at'],
    };
  }),
  { table: 'rent_changes', key: 'p.resident_id', join: 'JOIN placements p ON p.id = x.placement_id', dates: [], instants: ['created_at'] },
  { table: 'tasks', key: 'x.resident_id', dates: ['run_date'], instants: ['created_at', 'done_at'] },
  { table: 'task_events', key: 't.resident_id', join: 'JOIN tasks t ON t.id = x.task_id', dates: [], instants: ['at'] },
  { table: 'home_visits', key: 'x.resident_id', dates: ['visit_date'], instants: ['created_at'] },
  { table: 'agency_notices', key: 'x.resident_id', dates: ['sent_on'], instants: ['created_at'] },
  ...[
    'visit_agreements:from_date',
    'support_visits:visit_date',
    'incidents:occurred_on',
    'landlord_contact_log:occurred_on',
    'respite_stays:from_date',
  ].map((s): Source => {
    const [table, date] = s.split(':') as [string, string];
    return { table, key: 'p.resident_id', join: 'JOIN placements p ON p.id = x.placement_id', dates: [date], instants: ['created_at'] };
  }),
  { table: 'occupations', key: 'x.resident_id', dates: ['from_date', 'to_date'], instants: ['created_at', 'updated_at'] },
  { table: 'activity_attendance', key: 'x.resident_id', dates: [], instants: ['created_at'] },
  { table: 'survey_answers', key: 'x.resident_id', dates: [], instants: ['answered_at'] },
  { table: 'survey_invitations', key: 'x.resident_id', dates: [], instants: ['created_at'] },
];

const BY_CASE: Source[] = [
  { table: 'eviction_cases', key: 'x.id', dates: ['opened_on', 'closed_on'], instants: ['created_at', 'updated_at'] },
  { table: 'eviction_reports', key: 'x.case_id', dates: ['received_on'], instants: ['created_at', 'updated_at'] },
  { table: 'outreach_attempts', key: 'x.case_id', dates: ['occurred_on'], instants: ['created_at'] },
  { table: 'case_consents', key: 'x.case_id', dates: ['given_on', 'withdrawn_on'], instants: ['created_at'] },
  { table: 'support_contacts', key: 'x.case_id', dates: ['occurred_on'], instants: ['created_at'] },
  { table: 'referrals', key: 'x.case_id', dates: ['status_on'], instants: ['created_at', 'updated_at'] },
  { table: 'household_budgets', key: 'x.case_id', dates: [], instants: ['updated_at'] },
];

/** The ids for an `in` list: `in ()` is not valid SQL, and '-' matches no id. */
function someOf(ids: string[]): string[] {
  return ids.length > 0 ? ids : ['-'];
}

function inList(ids: string[]): RawBuilder<unknown> {
  return sql.join(someOf(ids));
}

/** The latest value of the given columns per owner, over every source; only the owners in `ids`, when given. */
async function latest(q: Q, sources: Source[], which: 'dates' | 'instants', ids: string[] | undefined): Promise<Latest[]> {
  // The filter goes into every part, so a one-person re-check reads that person's rows only.
  const only = (key: string) => (ids === undefined ? sql`` : sql`WHERE ${sql.raw(key)} IN (${inList(ids)})`);
  const parts = sources.flatMap((s) =>
    s[which].map(
      (column) =>
        sql`SELECT ${sql.raw(s.key)} AS id, ${sql.ref(`x.${column}`)} AS d FROM ${sql.raw(s.table)} x ${sql.raw(s.join ?? '')} ${only(s.key)}`,
    ),
  );
  // The session date of an attendance is a plain date though the row's own time is an instant.
  if (which === 'dates' && sources === BY_RESIDENT) {
    parts.push(
      sql`SELECT x.resident_id AS id, s.session_date AS d FROM activity_attendance x JOIN activity_sessions s ON s.id = x.session_id ${only('x.resident_id')}`,
    );
  }
  const result = await sql<Latest>`SELECT u.id AS id, MAX(u.d) AS d FROM (${sql.join(parts, sql` UNION ALL `)}) u
    WHERE u.id IS NOT NULL AND u.d IS NOT NULL GROUP BY u.id`.execute(q);
  return result.rows;
}

export function latestOfResidents(q: Q, which: 'dates' | 'instants', residentIds?: string[]) {
  return latest(q, BY_RESIDENT, which, residentIds);
}

export function latestOfCases(q: Q, which: 'dates' | 'instants', caseIds?: string[]) {
  return latest(q, BY_CASE, which, caseIds);
}

/** Residents not culled yet, with what the rules and the case matching need: all, or those with the ids or numbers. */
export function residentsNotCulled(q: Q, of?: { ids: string[]; personalNumbers: string[] }) {
  let query = q
    .selectFrom('residents as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.unit_id', 'u.organisation_id', 'r.personal_number', 'r.birth_date', 'r.created_at', 'r.updated_at'])
    .where('r.culled_at', 'is', null);
  if (of) {
    query = query.where((eb) => eb.or([eb('r.id', 'in', someOf(of.ids)), eb('r.personal_number', 'in', someOf(of.personalNumbers))]));
  }
  return query.orderBy('r.id').execute();
}

/** Eviction cases not culled yet: all, or those linked to the residents or naming their numbers. */
export function casesNotCulled(q: Q, of?: { residentIds: string[]; personalNumbers: string[]; caseIds: string[] }) {
  let query = q
    .selectFrom('eviction_cases as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.unit_id', 'u.organisation_id', 'c.resident_id', 'c.tenant_personal_number', 'c.step', 'c.closed_on'])
    .where('c.culled_at', 'is', null);
  if (of) {
    query = query.where((eb) =>
      eb.or([
        eb('c.id', 'in', someOf(of.caseIds)),
        eb('c.resident_id', 'in', someOf(of.residentIds)),
        eb('c.tenant_personal_number', 'in', someOf(of.personalNumbers)),
      ]),
    );
  }
  return query.orderBy('c.id').execute();
}

/** Landlord reports without a case, not culled yet: all, or those naming the numbers or with the ids. */
export function unlinkedReportsNotCulled(q: Q, of?: { personalNumbers: string[]; reportIds: string[] }) {
  let query = q
    .selectFrom('eviction_reports as r')
    .select([
      'r.id',
      'r.unit_id',
      'r.organisation_id',
      'r.tenant_personal_number',
      'r.status',
      'r.received_on',
      'r.created_at',
      'r.updated_at',
    ])
    .where('r.case_id', 'is', null)
    .where('r.culled_at', 'is', null);
  if (of) {
    query = query.where((eb) =>
      eb.or([eb('r.id', 'in', someOf(of.reportIds)), eb('r.tenant_personal_number', 'in', someOf(of.personalNumbers))]),
    );
  }
  return query.orderBy('r.id').execute();
}

/** The reports of the cases (to be culled with them). */
export async function reportIdsOfCases(q: Q, caseIds: string[]): Promise<string[]> {
  if (caseIds.length === 0) return [];
  const rows = await q.selectFrom('eviction_reports').select('id').where('case_id', 'in', caseIds).execute();
  return rows.map((r) => r.id);
}

/** Payments no placement was found for that still carry a payer's name, reference or text. */
export function unmatchedPaymentsWithText(q: Q, ids?: string[]) {
  let query = q
    .selectFrom('payments')
    .select(['id', 'unit_id', 'booking_date', 'created_at'])
    .where('placement_id', 'is', null)
    .where((eb) =>
      eb.or([
        eb('payer_name', 'is not', null),
        eb('reference', 'is not', null),
        eb('free_text', 'is not', null),
        eb('note', 'is not', null),
      ]),
    );
  if (ids) query = query.where('id', 'in', someOf(ids));
  return query.orderBy('id').execute();
}

/**
 * Activity sessions that still carry a free-text note, with the residents named as present (for their holds). A note
 * is the session's, not a person's, so it is culled by age like a register (docs/culling.md).
 */
export async function sessionsWithNotes(q: Q, ids?: string[]) {
  let query = q
    .selectFrom('activity_sessions as s')
    .innerJoin('activities as a', 'a.id', 's.activity_id')
    .select(['s.id', 'a.unit_id', 's.session_date', 's.created_at'])
    .where('s.note', 'is not', null);
  if (ids) query = query.where('s.id', 'in', someOf(ids));
  const sessions = await query.orderBy('s.id').execute();
  const present = new Map<string, string[]>();
  const sessionIds = sessions.map((x) => x.id);
  // Chunked: a long history has many sessions, and an IN list has limits on both dialects.
  for (let i = 0; i < sessionIds.length; i += 500) {
    const rows = await q
      .selectFrom('activity_attendance')
      .select(['session_id', 'resident_id'])
      .where('session_id', 'in', sessionIds.slice(i, i + 500))
      .execute();
    for (const r of rows) present.set(r.session_id, [...(present.get(r.session_id) ?? []), r.resident_id]);
  }
  return sessions.map((x) => ({ ...x, residentIds: present.get(x.id) ?? [] }));
}

/** Blanks a session's note; false when it had none (culled already). */
export async function cullSessionNote(q: Q, id: string): Promise<boolean> {
  const r = await q
    .updateTable('activity_sessions')
    .set({ note: null, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('note', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// What is still open on a date (the record is not closed).

export async function residentsWithOngoingPlacement(q: Q, date: string, ids?: string[]) {
  let query = q
    .selectFrom('placements')
    .select('resident_id')
    .distinct()
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', date)]));
  if (ids) query = query.where('resident_id', 'in', someOf(ids));
  return new Set((await query.execute()).map((r) => r.resident_id));
}

export async function residentsWithOpenTask(q: Q, ids?: string[]) {
  let query = q.selectFrom('tasks').select('resident_id').distinct().where('status', '=', 'open');
  if (ids) query = query.where('resident_id', 'in', someOf(ids));
  return new Set((await query.execute()).map((r) => r.resident_id));
}

export async function residentsWithOngoingOccupation(q: Q, date: string, ids?: string[]) {
  let query = q
    .selectFrom('occupations')
    .select('resident_id')
    .distinct()
    .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>=', date)]));
  if (ids) query = query.where('resident_id', 'in', someOf(ids));
  return new Set((await query.execute()).map((r) => r.resident_id));
}

/** Repayment plans not cancelled, with their terms: the service works out whether each still runs. */
export function plansNotCancelled(q: Q, ids?: string[]) {
  let query = q
    .selectFrom('repayment_plans as rp')
    .innerJoin('placements as p', 'p.id', 'rp.placement_id')
    .select(['p.resident_id', 'rp.start_month', 'rp.instalments', 'rp.instalment_ore', 'rp.debt_ore'])
    .where('rp.cancelled_at', 'is', null);
  if (ids) query = query.where('p.resident_id', 'in', someOf(ids));
  return query.execute();
}

// De-identification. Amounts, dates, kinds and statuses stay (the statistics count them); names, numbers, contact
// details and free text go; rows that are nothing but personal text are deleted.

/**
 * Blanks the resident's row and marks it culled; false when it was culled already. Run first in the person's
 * transaction: on PostgreSQL the update locks the row, which a legal hold being placed waits for.
 */
export async function cullResidentRow(q: Q, residentId: string, at: string): Promise<boolean> {
  const r = await q
    .updateTable('residents')
    .set({
      first_name: '',
      last_name: '',
      personal_number: null,
      no_id_reason: null,
      birth_date: null,
      // The year stays for the research export (birth year, never the date); migration 0021.
      birth_year: sql<number | null>`COALESCE(birth_year, CAST(substr(birth_date, 1, 4) AS integer))`,
      commissioner_contact: null,
      phone: null,
      email: null,
      search_text: '',
      culled_at: at,
      updated_at: at,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', residentId)
    .where('culled_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Everything hanging from the resident and their placements (their eviction cases are culled separately). */
export async function cullResidentRecords(q: Q, residentId: string) {
  const placementIds = (await q.selectFrom('placements').select('id').where('resident_id', '=', residentId).execute()).map((p) => p.id);
  const ofPlacements = someOf(placementIds);
  await q.deleteFrom('resident_notes').where('resident_id', '=', residentId).execute();
  // Only where there is text: an update marks the placement's month statuses stale (migration 0005).
  await q
    .updateTable('placements')
    .set({ end_note: null })
    .where('resident_id', '=', residentId)
    .where('end_note', 'is not', null)
    .execute();
  await q.updateTable('rent_charges').set({ note: null }).where('placement_id', 'in', ofPlacements).where('note', 'is not', null).execute();
  await q
    .updateTable('payments')
    .set({ payer_name: null, reference: null, free_text: null, note: null })
    .where('placement_id', 'in', ofPlacements)
    .where((eb) =>
      eb.or([
        eb('payer_name', 'is not', null),
        eb('reference', 'is not', null),
        eb('free_text', 'is not', null),
        eb('note', 'is not', null),
      ]),
    )
    .execute();
  await q.updateTable('rent_allowance_payouts').set({ note: null }).where('placement_id', 'in', ofPlacements).execute();
  await q
    .updateTable('repayment_plans')
    .set({ note: null })
    .where('placement_id', 'in', ofPlacements)
    .where('note', 'is not', null)
    .execute();
  await q
    .deleteFrom('task_events')
    .where('task_id', 'in', (eb) => eb.selectFrom('tasks').select('id').where('resident_id', '=', residentId))
    .execute();
  await q.updateTable('tasks').set({ outcome: null }).where('resident_id', '=', residentId).execute();
  await q
    .updateTable('home_visits')
    .set({ not_happened_reason: null, wellbeing: null, reason_other: null, obstacles: null, payment_plan: null, prevention: null })
    .where('resident_id', '=', residentId)
    .execute();
  await q.updateTable('agency_notices').set({ note: null }).where('resident_id', '=', residentId).execute();
  await q.updateTable('support_visits').set({ note: null, goals: '[]' }).where('placement_id', 'in', ofPlacements).execute();
  await q.updateTable('incidents').set({ description: null, action_taken: null }).where('placement_id', 'in', ofPlacements).execute();
  await q.deleteFrom('landlord_contact_log').where('placement_id', 'in', ofPlacements).execute();
  await q.updateTable('respite_stays').set({ place: '', note: null }).where('placement_id', 'in', ofPlacements).execute();
  await q.updateTable('occupations').set({ note: null }).where('resident_id', '=', residentId).execute();
  // Named survey answers stay for the results (their free-text answers are taken out by the service); the one-time
  // links go.
  await q.updateTable('survey_answers').set({ invitation_id: null }).where('resident_id', '=', residentId).execute();
  await q.deleteFrom('survey_invitations').where('resident_id', '=', residentId).execute();
  // The hold history explains why culling waited; once culled it has nothing left to protect (the audit log keeps
  // who placed and lifted it).
  await q.deleteFrom('legal_holds').where('resident_id', '=', residentId).execute();
}

/** The resident's named survey answers with their surveys' definitions. */
export function namedAnswersOf(q: Q, residentId: string) {
  return q
    .selectFrom('survey_answers as a')
    .innerJoin('surveys as s', 's.id', 'a.survey_id')
    .select(['a.id', 'a.answer_values', 's.definition'])
    .where('a.resident_id', '=', residentId)
    .execute();
}

export async function setAnswerValues(q: Q, id: string, values: string) {
  await q.updateTable('survey_answers').set({ answer_values: values }).where('id', '=', id).execute();
}

/** Blanks the cases (false for any culled already); run before the hold check, like cullResidentRow. */
export async function cullCaseRows(q: Q, caseIds: string[], at: string): Promise<number> {
  if (caseIds.length === 0) return 0;
  const r = await q
    .updateTable('eviction_cases')
    .set({ tenant_name: '', tenant_address: '', tenant_personal_number: null, outcome_note: null, culled_at: at })
    .where('id', 'in', caseIds)
    .where('culled_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function cullCaseRecords(q: Q, caseIds: string[]) {
  if (caseIds.length === 0) return;
  await q.deleteFrom('household_budgets').where('case_id', 'in', caseIds).execute();
  await q.updateTable('outreach_attempts').set({ note: null }).where('case_id', 'in', caseIds).execute();
  await q.updateTable('support_contacts').set({ note: null }).where('case_id', 'in', caseIds).execute();
  await q.updateTable('referrals').set({ note: null }).where('case_id', 'in', caseIds).execute();
  await q.deleteFrom('legal_holds').where('eviction_case_id', 'in', caseIds).execute();
}

export async function cullReports(q: Q, reportIds: string[], at: string) {
  if (reportIds.length === 0) return;
  await q.deleteFrom('report_attachments').where('report_id', 'in', reportIds).execute();
  await q
    .updateTable('eviction_reports')
    .set({ tenant_name: '', tenant_address: '', tenant_personal_number: null, description: null, culled_at: at })
    .where('id', 'in', reportIds)
    .execute();
}

export async function cullUnmatchedPayment(q: Q, id: string): Promise<boolean> {
  const r = await q
    .updateTable('payments')
    .set({ payer_name: null, reference: null, free_text: null, note: null })
    .where('id', '=', id)
    .where('placement_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Active holds on the resident or their cases (read after the rows are locked). */
export async function holdsInForce(q: Q, residentId: string | null, caseIds: string[]): Promise<number> {
  const row = await q
    .selectFrom('legal_holds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([...(residentId ? [eb('resident_id', '=', residentId)] : []), eb('eviction_case_id', 'in', someOf(caseIds))]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// The run log.

export type RunCounts = {
  residents: number;
  eviction_cases: number;
  eviction_reports: number;
  unmatched_payments: number;
  held: number;
  research_exempt: number;
  activity_sessions: number;
};

export async function insertRun(q: Q, row: { id: string; run_at: string; as_of: string; dry_run: 0 | 1 } & RunCounts) {
  await q.insertInto('culling_runs').values(row).execute();
}

export function recentRuns(q: Q, limit: number) {
  return q.selectFrom('culling_runs').selectAll().orderBy('run_at', 'desc').orderBy('id').limit(limit).execute();
}
