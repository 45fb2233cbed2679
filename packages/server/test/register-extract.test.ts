import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { renderRegisterExtractPdf } from '../src/letters/register-extract-pdf.ts';
import { pageCount, pdfText } from '../src/letters/pdf-test-helpers.ts';
import type { RegisterExtract } from '../src/services/register-extract.service.ts';
import { aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { startTestApp, type Client, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

const SECTIONS = [
  'resident',
  'placements',
  'rentCharges',
  'payments',
  'rentAllowancePayouts',
  'repaymentPlans',
  'tasks',
  'homeVisits',
  'agencyNotices',
  'notes',
  'evictionReports',
  'evictionCases',
  'visitAgreements',
  'supportVisits',
  'incidents',
  'landlordContacts',
  'respiteStays',
  'occupations',
  'activityAttendance',
  'surveyInvitations',
  'surveyAnswers',
  'legalHolds',
  'auditLog',
];

const hasPdfToText = spawnSync('pdftotext', ['-v']).error === undefined;

describe.each(TEST_DIALECTS)('register extract on %s', (dialect) => {
  let t: TestApp;
  let manager: Client;
  let residentId: string;
  let emptyId: string;
  let placementId: string;
  let personalNumber: string;
  const url = (id: string, ext: 'json' | 'pdf') => `/api/residents/${id}/register-extract.${ext}`;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const cw = await t.as('caseworkerA');
    manager = await t.as('managerA');
    const landlord = await aLandlord(cw);
    const apt = await anApartment(cw, landlord.id, { monthlyRentOre: 650_050, address: 'Registergatan 7' });
    const resident = await aResident(cw, TEST_PERSONAL_NUMBERS[140]!, {
      firstName: 'Rigmor',
      lastName: 'Utdragsson',
      phone: '070-123 45 67',
      email: 'rigmor@example.se',
      contactPersonId: t.userIds.caseworkerA,
    });
    residentId = resident.id;
    personalNumber = resident.personalNumber;
    const placement = await aPlacement(cw, residentId, apt.id, { startDate: '2026-09-01' });
    placementId = placement.id;
    for (const month of ['2026-09', '2026-10', '2026-11']) await t.services.charges.generate(month, { unitIds: [t.unitA], actor: null });
    const paid = await cw.post(`/api/placements/${placementId}/payments`, { bookingDate: '2026-08-31', amountOre: 650_050 });
    expect(paid.status, paid.text).toBe(201);
    const note = await cw.post(`/api/residents/${residentId}/notes`, {
      body: `Samtal om hyran.\n${'Lång anteckning med många ord som måste radbrytas. '.repeat(150)}\n${'x'.repeat(2000)}`,
    });
    expect(note.status, note.text).toBe(201);
    emptyId = (await aResident(cw, null, { firstName: 'Tomma', lastName: 'Uppgiftsson' })).id;
  });

  /** One row in every other table that concerns the person, written straight to the database. */
  async function seedTheRest() {
    const q = t.db.kysely;
    const at = '2026-11-20T09:00:00.000Z';
    const by = t.userIds.caseworkerA;
    const chargeIds = (await q.selectFrom('rent_charges').select('id').where('placement_id', '=', placementId).execute()).map((c) => c.id);
    await q
      .insertInto('rent_allowance_payouts')
      .values({
        id: 'payout-1',
        placement_id: placementId,
        paid_on: '2026-10-10',
        amount_ore: 100_000,
        note: null,
        created_by: by,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('repayment_plans')
      .values({
        id: 'plan-1',
        placement_id: placementId,
        debt_ore: 650_050,
        start_month: '2026-12',
        instalment_ore: 325_025,
        instalments: 2,
        charge_ids: JSON.stringify(chargeIds.slice(0, 1)),
        agreed_on: '2026-11-16',
        agreed_by: t.userIds.managerA,
        note: 'Överenskommen på mötet.',
        cancelled_at: null,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('tasks')
      .values({
        id: 'task-1',
        unit_id: t.unitA,
        resident_id: residentId,
        placement_id: placementId,
        kind: 'home_visit',
        month: '2026-11',
        run_date: '2026-11-05',
        due_date: '2026-10-30',
        assignee_id: by,
        plan_id: null,
        open_ore: 650_050,
        status: 'open',
        paid_meanwhile_on: null,
        outcome: null,
        done_at: null,
        done_by: null,
        dedupe_key: `extract-test-${residentId}`,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('task_events')
      .values({
        id: 'event-1',
        task_id: 'task-1',
        at,
        user_id: by,
        user_name: 'Test caseworkerA',
        kind: 'comment',
        text: 'Ringde.',
        to_user_id: null,
      })
      .execute();
    await q
      .insertInto('home_visits')
      .values({
        id: 'visit-1',
        task_id: 'task-1',
        placement_id: placementId,
        resident_id: residentId,
        visit_date: '2026-11-06',
        happened: 1,
        not_happened_reason: null,
        wellbeing: 'Mår bra.',
        reasons: JSON.stringify(['income_late']),
        reason_other: null,
        obstacles: null,
        payment_plan: null,
        prevention: null,
        recorded_by: by,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('agency_notices')
      .values({
        id: 'notice-1',
        task_id: null,
        placement_id: placementId,
        resident_id: residentId,
        sent_on: '2026-11-17',
        sent_how: 'post',
        note: null,
        recorded_by: by,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('eviction_cases')
      .values({
        id: 'case-1',
        unit_id: t.unitB, // another unit's eviction-prevention team: still the person's data
        resident_id: null,
        tenant_name: 'Rigmor Utdragsson',
        tenant_address: 'Registergatan 7',
        tenant_personal_number: null,
        landlord_id: null,
        household_adults: 1,
        household_children: 0,
        step: 'contact',
        opened_on: '2026-11-18',
        served_on: null,
        reinstatement_deadline: null,
        eviction_date: null,
        first_contact_on: null,
        closed_on: null,
        outcome: null,
        outcome_note: null,
        assignee_id: null,
        created_by: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await q
      .insertInto('eviction_reports')
      .values({
        id: 'report-1',
        organisation_id: t.organisationId,
        unit_id: t.unitB,
        receipt_number: 'EXTRACT-TEST-1',
        landlord_id: null,
        channel: 'phone',
        submitted_by: null,
        api_key_id: null,
        external_id: null,
        kind: 'arrears',
        reasons: JSON.stringify(['rent_arrears']),
        arrears_ore: 650_050,
        arrears_months: 1,
        served_on: null,
        eviction_date: null,
        tenant_name: 'Rigmor Utdragsson',
        tenant_address: 'Registergatan 7',
        tenant_personal_number: personalNumber,
        household_children: 0,
        description: 'Obetald hyra för november.',
        received_on: '2026-11-18',
        status: 'in_progress',
        case_id: 'case-1',
        created_at: at,
        updated_at: at,
      })
      .execute();
    await q
      .insertInto('outreach_attempts')
      .values({
        id: 'attempt-1',
        case_id: 'case-1',
        kind: 'phone',
        outcome: 'reached',
        occurred_on: '2026-11-19',
        note: null,
        created_by: null,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('case_consents')
      .values({
        id: 'consent-1',
        case_id: 'case-1',
        party: 'landlord',
        scope: 'arrears',
        given_on: '2026-11-19',
        withdrawn_on: null,
        created_by: null,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('support_contacts')
      .values({
        id: 'support-1',
        case_id: 'case-1',
        kind: 'budget_counselling',
        occurred_on: '2026-11-20',
        note: null,
        created_by: null,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('referrals')
      .values({
        id: 'referral-1',
        case_id: 'case-1',
        service: 'debt_counselling',
        status: 'sent',
        status_on: '2026-11-20',
        note: null,
        created_by: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await q
      .insertInto('household_budgets')
      .values({
        case_id: 'case-1',
        budget: JSON.stringify({ incomes: [{ kind: 'salary', monthlyOre: 2_000_000 }] }),
        updated_by: null,
        updated_at: at,
      })
      .execute();
    await q
      .insertInto('visit_agreements')
      .values({
        id: 'agreement-1',
        placement_id: placementId,
        visits_per_week: 2,
        from_date: '2026-09-01',
        to_date: null,
        created_by: by,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('support_visits')
      .values({
        id: 'support-visit-1',
        placement_id: placementId,
        visit_date: '2026-11-10',
        place: 'home',
        planned: 1,
        outcome: 'held',
        note: 'Pratade om jobb.',
        goals: JSON.stringify(['Arbete']),
        created_by: by,
        created_at: at,
      })
      .execute();
    await q.insertInto('support_visit_staff').values({ visit_id: 'support-visit-1', user_id: by }).execute();
    await q
      .insertInto('incidents')
      .values({
        id: 'incident-1',
        placement_id: placementId,
        occurred_on: '2026-11-11',
        kind: 'noise',
        source: 'neighbour',
        severity: 'complaint',
        description: null,
        action_taken: null,
        created_by: by,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('landlord_contact_log')
      .values({
        id: 'contact-1',
        placement_id: placementId,
        occurred_on: '2026-11-12',
        channel: 'phone',
        summary: 'Om klagomålet.',
        created_by: by,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('respite_stays')
      .values({
        id: 'respite-1',
        placement_id: placementId,
        from_date: '2026-11-13',
        to_date: '2026-11-14',
        place: 'Jourlägenhet',
        note: null,
        created_by: by,
        created_at: at,
      })
      .execute();
  }
  afterAll(async () => {
    await t?.close();
  });

  const exportRows = () =>
    t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'register_extract')
      .where('action', '=', 'export')
      .where('resident_id', '=', residentId)
      .execute();

  it('gives the unit’s manager every section, with counts, as JSON', async () => {
    const res = await manager.get(url(residentId, 'json'));
    expect(res.status, res.text).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const x = res.body as RegisterExtract;
    expect(Object.keys(x.sections)).toEqual(SECTIONS);
    for (const key of SECTIONS) {
      const s = x.sections[key as keyof RegisterExtract['sections']];
      expect(s.heading, key).toEqual(expect.any(String));
      expect(s.count, key).toBe(s.items.length);
    }
    expect(x.subject).toMatchObject({ residentId, name: 'Rigmor Utdragsson', personalNumber });
    expect(x.generatedBy.name).toBe('Test managerA');
    expect(x.generatedOn).toBe('2026-11-23');
    expect(x.sections.resident.items[0]).toMatchObject({
      personalNumber,
      phone: '070-123 45 67',
      email: 'rigmor@example.se',
      contactPersonName: 'Test caseworkerA',
      householdAdults: 1,
    });
    expect(x.sections.placements.count).toBe(1);
    expect(x.sections.placements.items[0]).toMatchObject({ address: 'Registergatan 7', startDate: '2026-09-01', endDate: null });
    expect(x.sections.placements.items[0]!.ocrReference).toEqual(expect.any(String));
    const charges = await t.db.kysely.selectFrom('rent_charges').select('id').where('placement_id', '=', placementId).execute();
    expect(charges.length).toBe(3);
    expect(x.sections.rentCharges.count).toBe(3);
    expect(x.sections.rentCharges.items.map((c) => c.month)).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(x.sections.rentCharges.items[0]).toMatchObject({ dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(x.sections.rentCharges.items[0]!.amount).toEqual({ ore: 650_050, kronor: '6\u00a0500,50\u00a0kr' });
    expect(x.sections.payments.count).toBe(1);
    expect(x.sections.payments.items[0]).toMatchObject({ date: '2026-08-31', source: 'manual', amount: { ore: 650_050 } });
    expect(x.sections.notes.count).toBe(1);
    expect(x.sections.notes.items[0]).toMatchObject({ date: '2026-11-23', author: 'Test caseworkerA' });
    for (const key of ['tasks', 'homeVisits', 'agencyNotices', 'evictionReports', 'evictionCases', 'incidents', 'respiteStays'] as const) {
      expect(x.sections[key].count, key).toBe(0);
    }
    // Reads and writes by the caseworker are in the log; this extract's own row is not yet.
    expect(x.sections.auditLog.count).toBeGreaterThan(0);
    expect(x.sections.auditLog.items.some((a) => a.userName === 'Test caseworkerA' && a.action === 'create')).toBe(true);
    expect(x.sections.auditLog.items.some((a) => a.entity === 'register_extract')).toBe(false);
    expect(await exportRows()).toHaveLength(1);
  });

  it('logs every extract, and lists the earlier extract in the next one', async () => {
    const before = (await exportRows()).length;
    const x = (await manager.get(url(residentId, 'json'))).body as RegisterExtract;
    const rows = await exportRows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ user_id: t.userIds.managerA, unit_id: t.unitA, entity_id: residentId, hash: expect.any(String) });
    expect(x.sections.auditLog.items.filter((a) => a.entity === 'register_extract' && a.action === 'export')).toHaveLength(before);
    expect(x.sections.auditLog.items.find((a) => a.entity === 'register_extract')).toMatchObject({
      userName: 'Test managerA',
      date: '2026-11-23',
    });
  });

  it('makes a PDF that starts with %PDF, names the person and survives long texts', async () => {
    const before = (await exportRows()).length;
    const res = await t.app.inject({
      method: 'GET',
      url: url(residentId, 'pdf'),
      headers: { cookie: `kvarbo_session=${manager.token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(await exportRows()).toHaveLength(before + 1);
    if (hasPdfToText) {
      const file = path.join(os.tmpdir(), `kvarbo-extract-${process.pid}-${dialect}.pdf`);
      fs.writeFileSync(file, pdf);
      try {
        const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
        expect(text).toContain('Rigmor Utdragsson');
        expect(text).toContain('Registerutdrag');
      } finally {
        fs.rmSync(file, { force: true });
      }
    }
    // The same document uncompressed, read without external tools.
    const x = (await manager.get(url(residentId, 'json'))).body as RegisterExtract;
    const plain = await renderRegisterExtractPdf(x, { compress: false });
    const text = pdfText(plain);
    expect(text).toContain('Rigmor Utdragsson');
    expect(text).toContain('Registergatan 7');
    expect(text).toContain('Anteckningar (1)');
    expect(text).toContain('Hyresavier (3)');
    expect(text).toContain('6\u00a0500,50\u00a0kr');
    expect(text).toMatch(/Sida 1 av \d+/);
    expect(pageCount(plain)).toBeGreaterThan(2);
  });

  it('includes follow-up, eviction-prevention and Housing First records, also another unit’s case found by the number', async () => {
    await seedTheRest();
    const res = await manager.get(url(residentId, 'json'));
    expect(res.status, res.text).toBe(200);
    const s = (res.body as RegisterExtract).sections;
    const counts = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.count]));
    expect(counts).toMatchObject({
      rentAllowancePayouts: 1,
      repaymentPlans: 1,
      tasks: 1,
      homeVisits: 1,
      agencyNotices: 1,
      evictionReports: 1,
      evictionCases: 1,
      visitAgreements: 1,
      supportVisits: 1,
      incidents: 1,
      landlordContacts: 1,
      respiteStays: 1,
    });
    expect(s.tasks.items[0]!.events).toEqual([expect.objectContaining({ kind: 'comment', text: 'Ringde.' })]);
    expect(s.evictionCases.items[0]).toMatchObject({
      attempts: [expect.objectContaining({ outcome: 'reached' })],
      consents: [expect.objectContaining({ party: 'landlord' })],
      support: [expect.objectContaining({ kind: 'budget_counselling' })],
      referrals: [expect.objectContaining({ service: 'debt_counselling' })],
      budget: { budget: { incomes: [{ kind: 'salary', monthlyOre: 2_000_000 }] } },
    });
    expect(s.supportVisits.items[0]!.staff).toEqual(['Test caseworkerA']);
    const text = pdfText(await renderRegisterExtractPdf(res.body as RegisterExtract, { compress: false }));
    for (const h of [
      'Stödbesök (1)',
      'Vräkningsförebyggande ärenden (1)',
      'Växelvistelser (1)',
      'Obetald hyra för november.',
      '20\u00a0000,00\u00a0kr',
    ]) {
      expect(text).toContain(h);
    }
    expect((await manager.get(url(residentId, 'pdf'))).status).toBe(200);
  });

  it('includes occupations, activities attended, survey invitations and named survey answers, but no anonymous answer', async () => {
    const cw = await t.as('caseworkerA');
    const occupation = await cw.post(`/api/residents/${residentId}/occupations`, {
      kind: 'studies',
      provider: 'Komvux Registerstad',
      fromDate: '2026-09-15',
      toDate: null,
      hoursPerWeek: 15,
      note: null,
    });
    expect(occupation.status, occupation.text).toBe(201);
    const activity = await cw.post('/api/activities', {
      name: 'Datorkurs',
      kind: 'course',
      organiser: 'staff',
      place: null,
      description: null,
    });
    expect(activity.status, activity.text).toBe(201);
    const session = await cw.post(`/api/activities/${activity.body.id}/sessions`, { date: '2026-11-10', startTime: '10:00' });
    expect(session.status, session.text).toBe(201);
    const attendance = await cw.put(`/api/activity-sessions/${session.body.id}/attendance`, {
      version: session.body.version,
      residentIds: [residentId],
      guests: 2,
    });
    expect(attendance.status, attendance.text).toBe(200);
    const answers = { life: 4, support: 5, apartment: 3, staff: 5 };
    const named = await cw.post('/api/surveys', { unitId: t.unitA, anonymous: false, template: 'hur-ar-laget' });
    expect(
      (await cw.post(`/api/surveys/${named.body.id}/paper-answers`, { residentId, answers: { ...answers, comment: 'Mitt namn' } })).status,
    ).toBe(201);
    const anonymous = await cw.post('/api/surveys', { unitId: t.unitA, anonymous: true, template: 'hur-ar-laget' });
    expect((await cw.post(`/api/surveys/${anonymous.body.id}/invitations`, { residentId })).status).toBe(201);
    expect(
      (
        await cw.post(`/api/surveys/${anonymous.body.id}/paper-answers`, {
          month: '2026-11',
          answers: { ...answers, comment: 'Utan namn' },
        })
      ).status,
    ).toBe(201);

    const x = (await manager.get(url(residentId, 'json'))).body as RegisterExtract;
    expect(x.sections.occupations.items).toEqual([
      {
        id: occupation.body.id,
        kind: 'studies',
        provider: 'Komvux Registerstad',
        fromDate: '2026-09-15',
        toDate: null,
        hoursPerWeek: 15,
        note: null,
      },
    ]);
    expect(x.sections.activityAttendance.items).toEqual([
      { sessionId: session.body.id, date: '2026-11-10', startTime: '10:00', activity: 'Datorkurs', kind: 'course' },
    ]);
    expect(x.sections.surveyInvitations.items).toEqual([expect.objectContaining({ anonymous: true, used: false, sentOn: '2026-11-23' })]);
    expect(x.sections.surveyAnswers.items).toEqual([
      expect.objectContaining({ channel: 'paper', month: '2026-11', answers: expect.objectContaining({ comment: 'Mitt namn' }) }),
    ]);
    expect(JSON.stringify(x)).not.toContain('Utan namn');
    const text = pdfText(await renderRegisterExtractPdf(x, { compress: false }));
    for (const h of [
      'Sysselsättning (1)',
      'Komvux Registerstad',
      'Deltagande i aktiviteter (1)',
      'Datorkurs',
      'Enkätsvar (med namn) (1)',
    ]) {
      expect(text).toContain(h);
    }
  });

  it('makes an extract of a person with nothing but the registration', async () => {
    const json = await manager.get(url(emptyId, 'json'));
    expect(json.status, json.text).toBe(200);
    expect(json.body.sections.placements.count).toBe(0);
    expect(json.body.subject.personalNumber).toBeNull();
    const pdf = await manager.get(url(emptyId, 'pdf'));
    expect(pdf.status).toBe(200);
    expect(pdfText(await renderRegisterExtractPdf(json.body as RegisterExtract, { compress: false }))).toContain('Inga uppgifter.');
  });

  it('answers 404 to everyone but the managers of the person’s unit, and logs nothing for them', async () => {
    const before = (await exportRows()).length;
    for (const key of ['caseworkerA', 'hostA', 'analystA', 'managerB', 'caseworkerB', 'adminOnly'] as const) {
      const c = await t.as(key);
      for (const ext of ['json', 'pdf'] as const) {
        const res = await c.get(url(residentId, ext));
        expect(res.status, `${key} ${ext}`).toBe(404);
        expect(res.text, `${key} ${ext}`).not.toContain('Utdragsson');
      }
    }
    expect((await t.anonymous.get(url(residentId, 'json'))).status).toBe(401);
    expect((await manager.get(url('00000000-0000-4000-8000-000000000000', 'json'))).status).toBe(404);
    expect(await exportRows()).toHaveLength(before);
  });
});
