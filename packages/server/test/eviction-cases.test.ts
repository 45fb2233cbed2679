import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/auth/tokens.ts';
import type { Insertable } from 'kysely';
import type { EvictionReportTable } from '../src/db/schema.ts';
import { aLandlord } from './support/builders.ts';
import { startTestApp, type Client, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// Today is 2026-11-23 (test-app.ts). Served 2026-12-10: +21 days is nyårsafton 2026-12-31, then nyårsdagen and a
// weekend, so the reinstatement deadline is Monday 2027-01-04.
describe.each(TEST_DIALECTS)('eviction-prevention cases on %s', (dialect) => {
  let t: TestApp;
  let cw: Client;
  let landlordId: string;

  /** The reports API is its own change: the report row goes straight into the table, as migration 0006 has it. */
  async function aReport(overrides: Partial<Insertable<EvictionReportTable>> = {}) {
    const id = newId();
    const now = new Date().toISOString();
    await t.db.kysely
      .insertInto('eviction_reports')
      .values({
        id,
        organisation_id: t.organisationId,
        unit_id: t.unitA,
        receipt_number: `VF-${id}`,
        landlord_id: landlordId,
        channel: 'letter',
        submitted_by: null,
        api_key_id: null,
        external_id: null,
        kind: 'termination_notice',
        reasons: JSON.stringify(['rent_arrears']),
        arrears_ore: 1_800_000,
        arrears_months: 2,
        served_on: '2026-12-10',
        eviction_date: null,
        tenant_name: 'Tessan Testsson',
        tenant_address: 'Testgatan 1, 123 45 Stockholm',
        tenant_personal_number: null,
        household_children: 2,
        description: null,
        received_on: '2026-11-20',
        status: 'received',
        case_id: null,
        created_at: now,
        updated_at: now,
        ...overrides,
      })
      .execute();
    return id;
  }

  async function aCase(body: Record<string, unknown>) {
    const res = await cw.post('/api/eviction-cases', {
      unitId: t.unitA,
      tenantName: 'Tilda Testsson',
      tenantAddress: 'Provgatan 2',
      householdAdults: 1,
      householdChildren: 0,
      ...body,
    });
    if (res.status !== 201) throw new Error(`case: ${res.status} ${res.text}`);
    return res.body;
  }

  const reportRow = (id: string) => t.db.kysely.selectFrom('eviction_reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp(dialect);
    cw = await t.as('caseworkerA');
    landlordId = (await aLandlord(cw)).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  let caseId: string;
  let reportId: string;

  it('opens a case from a report: copies the tenant, links the report and computes the reinstatement deadline', async () => {
    reportId = await aReport();
    const res = await cw.post('/api/eviction-cases', { unitId: t.unitA, reportId, householdAdults: 2, householdChildren: 2 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      unitId: t.unitA,
      tenantName: 'Tessan Testsson',
      tenantAddress: 'Testgatan 1, 123 45 Stockholm',
      landlordId,
      household: { adults: 2, children: 2 },
      step: 'new',
      openedOn: '2026-11-23',
      receivedOn: '2026-11-20',
      servedOn: '2026-12-10',
      reinstatementDeadline: '2027-01-04',
      countdowns: { reinstatementDeadline: { deadline: '2027-01-04', daysLeft: 42, urgency: 'later' }, evictionDate: null },
      firstContactOn: null,
      version: 1,
      nextSteps: ['outreach', 'in_contact', 'closed'],
      reports: [expect.objectContaining({ id: reportId, kind: 'termination_notice', reasons: ['rent_arrears'], arrearsOre: 1_800_000 })],
    });
    caseId = res.body.id;
    expect(await reportRow(reportId)).toMatchObject({ case_id: caseId, status: 'in_progress' });

    const again = await cw.post('/api/eviction-cases', { unitId: t.unitA, reportId, householdAdults: 1, householdChildren: 0 });
    expect(again.status).toBe(400);
    expect(again.body.error.fields[0]).toMatchObject({ field: 'reportId', code: 'already_linked' });
  });

  it('always records the children, and names the field that is missing', async () => {
    const res = await cw.post('/api/eviction-cases', { unitId: t.unitA, tenantName: 'A', tenantAddress: 'B', householdAdults: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['householdChildren']);
    const noTenant = await cw.post('/api/eviction-cases', { unitId: t.unitA, householdAdults: 1, householdChildren: 0 });
    expect(noTenant.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['tenantName', 'tenantAddress']);
    const noAdult = await cw.post('/api/eviction-cases', {
      unitId: t.unitA,
      tenantName: 'A',
      tenantAddress: 'B',
      householdAdults: 0,
      householdChildren: 0,
    });
    expect(noAdult.body.error.fields[0].field).toBe('householdAdults');
  });

  it('links a later report of the same household to the case', async () => {
    const later = await aReport({ kind: 'eviction_notice', served_on: null, eviction_date: '2027-02-15', received_on: '2026-11-22' });
    const res = await cw.post(`/api/eviction-cases/${caseId}/reports`, { reportId: later });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ evictionDate: '2027-02-15', version: 2 });
    expect(res.body.reports.map((r: { id: string }) => r.id)).toEqual([reportId, later]);
    expect(await reportRow(later)).toMatchObject({ case_id: caseId, status: 'in_progress' });
  });

  it('lists a case with a near deadline and no contact first, with countdowns and flags', async () => {
    // Served 2026-11-10: deadline Tuesday 2026-12-01, 8 days away, no contact yet.
    const near = await aCase({ tenantName: 'Nära Frist', servedOn: '2026-11-10', householdChildren: 1 });
    // Served 2026-11-05: deadline Thursday 2026-11-26, nearer still, but the household is in contact.
    const contacted = await aCase({ tenantName: 'I Kontakt', servedOn: '2026-11-05' });
    const attempt = await cw.post(`/api/eviction-cases/${contacted.id}/attempts`, {
      kind: 'phone_call',
      outcome: 'contact_made',
      occurredOn: '2026-11-23',
    });
    expect(attempt.status).toBe(201);
    // Served 2026-10-01: the deadline 2026-10-22 has passed.
    const overdue = await aCase({ tenantName: 'Passerad Frist', servedOn: '2026-10-01' });

    const list = await cw.get(`/api/eviction-cases?unitId=${t.unitA}`);
    expect(list.status).toBe(200);
    expect(list.body.map((c: { id: string }) => c.id)).toEqual([near.id, contacted.id, caseId, overdue.id]);
    expect(list.body[0]).toMatchObject({
      reinstatementDeadline: '2026-12-01',
      countdowns: { reinstatementDeadline: { deadline: '2026-12-01', daysLeft: 8, urgency: 'later' } },
      household: { adults: 1, children: 1 },
      flags: ['deadline_near_no_contact', 'no_contact', 'children_in_household'],
    });
    expect(list.body[1]).toMatchObject({ step: 'in_contact', firstContactOn: '2026-11-23', flags: [] });
    expect(list.body[3].flags).toEqual(['overdue', 'no_contact']);
    expect((await cw.get(`/api/eviction-cases?unitId=${t.unitA}&status=closed`)).body).toEqual([]);
  });

  it('raises alerts for deadlines passed, today or within seven days, most urgent first', async () => {
    // Of the cases above: "Passerad Frist" (2026-10-22, passed, no contact) and "I Kontakt" (2026-11-26, three
    // days); "Nära Frist" (eight days) and the January deadline are not yet alerts.
    const res = await cw.get(`/api/eviction-cases/alerts?unitId=${t.unitA}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.map((a: Record<string, unknown>) => [a.tenantName, a.kind, a.deadline, a.daysLeft, a.urgency, a.noContact])).toEqual([
      ['Passerad Frist', 'reinstatementDeadline', '2026-10-22', -32, 'overdue', true],
      ['I Kontakt', 'reinstatementDeadline', '2026-11-26', 3, 'within_7_days', false],
    ]);
    expect((await (await t.as('caseworkerB')).get(`/api/eviction-cases/alerts?unitId=${t.unitA}`)).body).toEqual([]);
  });

  it('moves a new case to outreach on an attempt without contact, and to in contact with the first contact', async () => {
    const none = await cw.post(`/api/eviction-cases/${caseId}/attempts`, {
      kind: 'letter',
      outcome: 'no_answer',
      occurredOn: '2026-11-21',
    });
    expect(none.body).toMatchObject({ step: 'outreach', firstContactOn: null, version: 3 });
    const visit = await cw.post(`/api/eviction-cases/${caseId}/attempts`, {
      kind: 'unannounced_home_visit',
      outcome: 'contact_made',
      occurredOn: '2026-11-22',
      note: 'Hemma, vill ha hjälp.',
    });
    expect(visit.status).toBe(201);
    expect(visit.body).toMatchObject({ step: 'in_contact', firstContactOn: '2026-11-22', version: 4 });
    expect(visit.body.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['no_answer', 'contact_made']);
    const future = await cw.post(`/api/eviction-cases/${caseId}/attempts`, {
      kind: 'letter',
      outcome: 'no_answer',
      occurredOn: '2026-12-01',
    });
    expect(future.body.error.fields[0].field).toBe('occurredOn');
    const badKind = await cw.post(`/api/eviction-cases/${caseId}/attempts`, {
      kind: 'pigeon',
      outcome: 'no_answer',
      occurredOn: '2026-11-20',
    });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.fields[0].field).toBe('kind');
  });

  it('refuses a stale version with 409 and a step the case cannot move to with 400', async () => {
    const stale = await cw.patch(`/api/eviction-cases/${caseId}`, { version: 1, householdChildren: 3 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'STALE_VERSION', currentVersion: 4 });
    expect(stale.body.error.message).toMatch(/Ladda om/);
    const illegal = await cw.patch(`/api/eviction-cases/${caseId}`, { version: 4, step: 'new' });
    expect(illegal.status).toBe(400);
    expect(illegal.body.error.fields[0]).toMatchObject({ field: 'step', code: 'step_not_allowed' });
    const ok = await cw.patch(`/api/eviction-cases/${caseId}`, {
      version: 4,
      step: 'support',
      householdChildren: 3,
      assigneeId: t.userIds.hostA,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ step: 'support', household: { adults: 2, children: 3 }, assigneeId: t.userIds.hostA, version: 5 });
    const outsider = await cw.patch(`/api/eviction-cases/${caseId}`, { version: 5, assigneeId: t.userIds.caseworkerB });
    expect(outsider.body.error.fields[0].field).toBe('assigneeId');
  });

  it('allows contact with the landlord only under an active consent', async () => {
    const before = (await cw.get(`/api/eviction-cases/${caseId}`)).body;
    expect(before.landlordContactAllowed).toBe(false);
    expect(before.landlordContactNote.en).toMatch(/limited to what the law allows/);
    const given = await cw.post(`/api/eviction-cases/${caseId}/consents`, {
      party: 'landlord',
      scope: 'Betalningsplan för hyresskulden',
      givenOn: '2026-11-22',
    });
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ landlordContactAllowed: true, landlordContactNote: null });
    const consentId = given.body.consents[0].id;
    expect(given.body.consents[0].active).toBe(true);
    const early = await cw.post(`/api/eviction-cases/${caseId}/consents/${consentId}/withdraw`, { withdrawnOn: '2026-11-01' });
    expect(early.body.error.fields[0].field).toBe('withdrawnOn');
    const withdrawn = await cw.post(`/api/eviction-cases/${caseId}/consents/${consentId}/withdraw`, { withdrawnOn: '2026-11-23' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ landlordContactAllowed: false, consents: [{ active: false, withdrawnOn: '2026-11-23' }] });
  });

  it('logs support contacts and referrals', async () => {
    const group = await cw.post(`/api/eviction-cases/${caseId}/support`, {
      kind: 'mi_conversation',
      groupSession: true,
      occurredOn: '2026-11-23',
    });
    expect(group.status).toBe(201);
    expect(group.body.support).toEqual([expect.objectContaining({ kind: 'mi_conversation', groupSession: true })]);
    const wrong = await cw.post(`/api/eviction-cases/${caseId}/support`, {
      kind: 'budget_debt_counselling',
      groupSession: true,
      occurredOn: '2026-11-23',
    });
    expect(wrong.body.error.fields[0].field).toBe('groupSession');
    const ref = await cw.post(`/api/eviction-cases/${caseId}/referrals`, {
      service: 'addiction_care',
      status: 'suggested',
      statusOn: '2026-11-23',
    });
    expect(ref.status).toBe(201);
    const referralId = ref.body.referrals[0].id;
    expect(ref.body.referrals[0].version).toBe(1);
    const referralUrl = `/api/eviction-cases/${caseId}/referrals/${referralId}`;
    const moved = await cw.patch(referralUrl, { version: 1, status: 'made', statusOn: '2026-11-23' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.referrals[0]).toMatchObject({ status: 'made', statusOn: '2026-11-23', version: 2 });
    // The referral has its own version: changing it leaves the case's.
    expect(moved.body.version).toBe(ref.body.version);
    // A status change made from the version before someone else's is refused, and changes nothing.
    const stale = await cw.patch(referralUrl, { version: 1, status: 'declined', statusOn: '2026-11-23' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'STALE_VERSION', currentVersion: 2 });
    expect(stale.body.error.message).toMatch(/Länkningen har ändrats av någon annan.*Ladda om/);
    expect((await cw.get(`/api/eviction-cases/${caseId}`)).body.referrals[0]).toMatchObject({ status: 'made', version: 2 });
    const missing = await cw.patch(referralUrl, { status: 'declined', statusOn: '2026-11-23' });
    expect(missing.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['version']);
  });

  it('validates the budget with named fields and answers a payment proposal', async () => {
    const budget = {
      incomes: [{ label: 'Lön', amountOre: 2_500_000 }],
      costs: [
        { label: 'Hyra', amountOre: 900_000 },
        { label: 'Mat', amountOre: 600_000 },
      ],
      debts: [
        { creditor: 'Hyresvärden', debtOre: 1_800_000, atKronofogden: false, rentArrears: true },
        { creditor: 'Telia', debtOre: 0, atKronofogden: true },
      ],
    };
    const bad = await cw.request('PUT', `/api/eviction-cases/${caseId}/budget`, { budget });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['budget.debts[1].debtOre']);
    budget.debts[1]!.debtOre = 400_000;
    const ok = await cw.request('PUT', `/api/eviction-cases/${caseId}/budget`, { budget });
    expect(ok.status).toBe(200);
    expect(ok.body.budget.summary).toMatchObject({ surplusOre: 1_000_000, totalDebtOre: 2_200_000, rentArrearsOre: 1_800_000 });
    // The rent arrears first: the whole surplus goes to the landlord.
    expect(ok.body.budget.proposal).toMatchObject({
      availableOre: 1_000_000,
      payments: [
        { creditor: 'Hyresvärden', tier: 'rent_arrears', monthlyOre: 1_000_000, monthsToClear: 2 },
        { creditor: 'Telia', tier: 'kronofogden', monthlyOre: 0, monthsToClear: null },
      ],
    });
    expect(ok.body.budget.version).toBe(1);
  });

  // Optimistic concurrency (docs/concurrency.md): the budget carries its own version; the first budget is made
  // from "no budget" (version null or left out).
  it('saves the budget only from the version read: a stale or second first budget is refused and changes nothing', async () => {
    const budgetUrl = `/api/eviction-cases/${caseId}/budget`;
    const read = async () => (await cw.get(`/api/eviction-cases/${caseId}`)).body;
    const auditRows = async () =>
      Number(
        (await t.db.kysely
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst())!.n,
      );
    const budgetOf = (rentOre: number) => ({
      incomes: [{ label: 'Lön', amountOre: 2_500_000 }],
      costs: [{ label: 'Hyra', amountOre: rentOre }],
      debts: [{ creditor: 'Hyresvärden', debtOre: 1_800_000, atKronofogden: false, rentArrears: true }],
    });
    const before = await read();
    expect(before.budget.version).toBe(1);

    // "There was no budget when I read" while there is one now: refused with the budget's current version.
    for (const body of [{ budget: budgetOf(800_000) }, { version: null, budget: budgetOf(800_000) }]) {
      const logged = await auditRows();
      const made = await cw.request('PUT', budgetUrl, body);
      expect(made.status, made.text).toBe(409);
      expect(made.body.error).toMatchObject({ code: 'STALE_VERSION', currentVersion: 1 });
      expect(made.body.error.message).toMatch(/Budgeten har ändrats av någon annan.*Ladda om/);
      expect(await auditRows()).toBe(logged);
      expect(await read()).toEqual(before);
    }
    expect((await cw.request('PUT', budgetUrl, { version: 0, budget: budgetOf(800_000) })).body.error.fields[0].field).toBe('version');

    const saved = await cw.request('PUT', budgetUrl, { version: 1, budget: budgetOf(800_000) });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.budget).toMatchObject({ version: 2, summary: { costOre: 800_000 } });
    // The budget has its own version: saving it leaves the case's (the case form stays current).
    expect(saved.body.version).toBe(before.version);

    const logged = await auditRows();
    const stale = await cw.request('PUT', budgetUrl, { version: 1, budget: budgetOf(700_000) }, { 'accept-language': 'en' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'STALE_VERSION', currentVersion: 2 });
    expect(stale.body.error.message).toMatch(/Someone else has changed the budget.*Reload/);
    expect(await auditRows()).toBe(logged);
    expect((await read()).budget).toMatchObject({ version: 2, summary: { costOre: 800_000 } });

    // Two saves from the same version at once: exactly one wins.
    const both = await Promise.all([
      cw.request('PUT', budgetUrl, { version: 2, budget: budgetOf(600_000) }),
      cw.request('PUT', budgetUrl, { version: 2, budget: budgetOf(500_000) }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = both.find((r) => r.status === 200)!;
    expect(winner.body.budget.version).toBe(3);
    expect((await read()).budget).toEqual(winner.body.budget);

    // Two first budgets at once on a case without one: exactly one is made.
    const fresh = await aCase({});
    const firsts = await Promise.all([
      cw.request('PUT', `/api/eviction-cases/${fresh.id}/budget`, { budget: budgetOf(600_000) }),
      cw.request('PUT', `/api/eviction-cases/${fresh.id}/budget`, { version: null, budget: budgetOf(500_000) }),
    ]);
    expect(firsts.map((r) => r.status).sort()).toEqual([200, 409]);
    const first = (await cw.get(`/api/eviction-cases/${fresh.id}`)).body.budget;
    expect(first).toMatchObject({ version: 1, summary: firsts.find((r) => r.status === 200)!.body.budget.summary });
  });

  it('closes the case and every linked report', async () => {
    const version = (await cw.get(`/api/eviction-cases/${caseId}`)).body.version;
    const early = await cw.post(`/api/eviction-cases/${caseId}/close`, { version, outcome: 'tenancy_kept', closedOn: '2026-11-01' });
    expect(early.body.error.fields[0]).toMatchObject({ field: 'closedOn', code: 'before_opened' });
    const stale = await cw.post(`/api/eviction-cases/${caseId}/close`, {
      version: version - 1,
      outcome: 'tenancy_kept',
      closedOn: '2026-11-23',
    });
    expect(stale.status).toBe(409);
    const res = await cw.post(`/api/eviction-cases/${caseId}/close`, { version, outcome: 'tenancy_kept', closedOn: '2026-11-23' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ step: 'closed', closedOn: '2026-11-23', outcome: 'tenancy_kept', nextSteps: [] });
    expect(res.body.reports.map((r: { status: string }) => r.status)).toEqual(['closed', 'closed']);
    expect((await reportRow(reportId)).status).toBe('closed');
    const after = await cw.post(`/api/eviction-cases/${caseId}/attempts`, {
      kind: 'letter',
      outcome: 'no_answer',
      occurredOn: '2026-11-23',
    });
    expect(after.status).toBe(409);
    const closedList = (await cw.get(`/api/eviction-cases?unitId=${t.unitA}&status=closed`)).body;
    expect(closedList.map((c: { id: string }) => c.id)).toEqual([caseId]);
  });

  it('answers 404 to another unit’s staff, analysts and an admin outside the unit', async () => {
    for (const who of ['caseworkerB', 'managerB', 'analystA', 'adminOnly'] as const) {
      const c = await t.as(who);
      expect((await c.get(`/api/eviction-cases/${caseId}`)).status, who).toBe(404);
      expect(
        (await c.post(`/api/eviction-cases/${caseId}/attempts`, { kind: 'letter', outcome: 'no_answer', occurredOn: '2026-11-23' })).status,
      ).toBe(404);
      expect((await c.get(`/api/eviction-cases?unitId=${t.unitA}`)).body).toEqual([]);
    }
    const b = await t.as('caseworkerB');
    const open = await b.post('/api/eviction-cases', {
      unitId: t.unitA,
      tenantName: 'X',
      tenantAddress: 'Y',
      householdAdults: 1,
      householdChildren: 0,
    });
    expect(open.status).toBe(403);
    const foreignReport = await aReport();
    const viaB = await b.post('/api/eviction-cases', {
      unitId: t.unitB,
      reportId: foreignReport,
      householdAdults: 1,
      householdChildren: 0,
    });
    expect(viaB.body.error.fields[0]).toMatchObject({ field: 'reportId', code: 'not_found' });
    expect(await (await t.as('hostA')).get(`/api/eviction-cases/${caseId}`)).toMatchObject({ status: 200 });
  });

  it('audit-logs every read, list and write of a case', async () => {
    const rows = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'eviction_case')
      .where('entity_id', '=', caseId)
      .orderBy('id')
      .execute();
    const actions = new Set(rows.map((r) => r.action));
    expect([...actions].sort()).toEqual(['create', 'list', 'read', 'update']);
    expect(rows.every((r) => r.unit_id === t.unitA && r.resident_id === null)).toBe(true);
    expect(rows.filter((r) => r.action === 'create')).toEqual([expect.objectContaining({ user_id: t.userIds.caseworkerA })]);
    expect(rows.filter((r) => r.action === 'read').map((r) => r.user_id)).toContain(t.userIds.hostA);
  });
});
