import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { startTestApp, type Client, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// The routine over November 2026: rent due 2026-10-30 (Friday); the 1st is a Sunday, so the reminder runs on
// Monday the 2nd; the 5th is a Thursday; the 15th is a Sunday, so the manager meeting runs on the 16th.
describe.each(TEST_DIALECTS)('rent follow-up routine on %s', (dialect) => {
  let t: TestApp;
  let cw: Client;
  let manager: Client;
  const people: Record<'payer' | 'late' | 'unpaid', { residentId: string; placementId: string }> = {} as never;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    cw = await t.as('caseworkerA');
    manager = await t.as('managerA');
    const landlord = await aLandlord(cw);
    let i = 180;
    for (const key of ['payer', 'late', 'unpaid'] as const) {
      const apt = await anApartment(cw, landlord.id, { monthlyRentOre: 600_000 });
      const res = await aResident(cw, TEST_PERSONAL_NUMBERS[i++]!, { contactPersonId: t.userIds.caseworkerA, lastName: key });
      const p = await aPlacement(cw, res.id, apt.id, { startDate: '2026-09-01' });
      people[key] = { residentId: res.id, placementId: p.id };
    }
    for (const month of ['2026-09', '2026-10', '2026-11']) await manager.post('/api/charges/generate', { month, unitId: t.unitA });
    // Everyone paid September and October on time.
    for (const key of ['payer', 'late', 'unpaid'] as const) {
      await cw.post(`/api/placements/${people[key].placementId}/payments`, { bookingDate: '2026-08-31', amountOre: 1_200_000 });
    }
    await cw.post(`/api/placements/${people.payer.placementId}/payments`, { bookingDate: '2026-10-29', amountOre: 600_000 });
  });
  afterAll(async () => {
    await t?.close();
  });

  // Unit B has its own (empty) runs; the routine of unit A is what these tests follow.
  const run = async (date: string) => (await t.services.checkpoints.runForDate(date)).filter((r) => r.unitId === t.unitA);
  const tasksOf = async (key: keyof typeof people) =>
    t.db.kysely.selectFrom('tasks').selectAll().where('placement_id', '=', people[key].placementId).orderBy('run_date').execute();

  it('runs nothing on a day without a checkpoint, and the 1st’s reminder on the next vardag', async () => {
    expect(await run('2026-11-01')).toEqual([]);
    const [reminder] = await run('2026-11-02');
    expect(reminder).toMatchObject({ kind: 'reminder', month: '2026-11', unpaid: 2, created: 2 });
    expect((await tasksOf('payer')).length).toBe(0);
    expect(await tasksOf('late')).toEqual([
      expect.objectContaining({ kind: 'reminder', assignee_id: t.userIds.caseworkerA, open_ore: 600_000, status: 'open' }),
    ]);
  });

  it('creates nothing new when run again, also two at the same moment', async () => {
    const again = await Promise.all([run('2026-11-02'), run('2026-11-02')]);
    expect(again.flat().map((r) => r.created)).toEqual([0, 0]);
    const count = await t.db.kysely
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('marks a task “paid meanwhile” when the rent comes, leaving it for the caseworker to close', async () => {
    await cw.post(`/api/placements/${people.late.placementId}/payments`, { bookingDate: '2026-11-03', amountOre: 600_000 });
    // Noticed a day later: the task carries the payment's own date.
    expect(await t.services.checkpoints.markPaidMeanwhile('2026-11-04')).toBe(1);
    const [task] = await tasksOf('late');
    expect(task).toMatchObject({ status: 'open', paid_meanwhile_on: '2026-11-03' });
    const visit = await run('2026-11-05');
    expect(visit).toEqual([expect.objectContaining({ kind: 'home_visit', unpaid: 1, created: 1 })]);
  });

  it('gives the manager the 15th’s meeting, on the next vardag after a Sunday', async () => {
    expect(await run('2026-11-15')).toEqual([]);
    const [meeting] = await run('2026-11-16');
    expect(meeting).toMatchObject({ kind: 'manager_meeting', created: 1 });
    expect((await tasksOf('unpaid')).map((x) => [x.kind, x.assignee_id])).toEqual([
      ['reminder', t.userIds.caseworkerA],
      ['home_visit', t.userIds.caseworkerA],
      ['manager_meeting', t.userIds.admin], // the unit's first manager (the admin is also manager of unit A)
    ]);
  });

  it('shows each staff member their own tasks, overdue first, and the manager the unit', async () => {
    const mine = (await cw.get('/api/tasks')).body;
    expect(mine.map((x: { kind: string }) => x.kind)).toEqual(['reminder', 'reminder', 'home_visit']);
    expect(mine.every((x: { assigneeId: string }) => x.assigneeId === t.userIds.caseworkerA)).toBe(true);
    const unit = (await manager.get('/api/tasks?scope=unit')).body;
    expect(unit).toHaveLength(4);
    expect((await (await t.as('caseworkerB')).get('/api/tasks?scope=unit')).body).toEqual([]);
    expect((await (await t.as('caseworkerB')).get(`/api/tasks/${mine[0].id}`)).status).toBe(404);
  });

  it('records a structured home visit, checks its fields, and completes the task', async () => {
    const [, visitTask] = await tasksOf('unpaid');
    const bad = await cw.post(`/api/tasks/${visitTask!.id}/home-visit`, { visitDate: '2026-11-06', happened: false, reasons: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('notHappenedReason');
    const other = await cw.post(`/api/tasks/${visitTask!.id}/home-visit`, { visitDate: '2026-11-06', happened: true, reasons: ['other'] });
    expect(other.body.error.fields[0].field).toBe('reasonOther');
    const ok = await cw.post(`/api/tasks/${visitTask!.id}/home-visit`, {
      visitDate: '2026-11-06',
      happened: true,
      wellbeing: 'Trött men okej.',
      reasons: ['income_missing', 'mental_ill_health'],
      obstacles: 'Försörjningsstödet försenat.',
      paymentPlan: 'Betalar den 20:e när stödet kommer.',
      prevention: 'Autogiro när inkomsten är stabil.',
      completeTask: true,
    });
    expect(ok.status).toBe(201);
    const detail = (await cw.get(`/api/tasks/${visitTask!.id}`)).body;
    expect(detail).toMatchObject({
      status: 'done',
      homeVisits: [expect.objectContaining({ reasons: ['income_missing', 'mental_ill_health'], happened: true })],
    });
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['visit', 'done']);
  });

  it('reassigns, comments and completes, all audit-logged', async () => {
    const [reminder] = await tasksOf('unpaid');
    const reassigned = await manager.post(`/api/tasks/${reminder!.id}/reassign`, {
      version: reminder!.version,
      assigneeId: t.userIds.hostA,
    });
    expect(reassigned.status).toBe(200);
    const version = reassigned.body.version;
    expect((await manager.post(`/api/tasks/${reminder!.id}/reassign`, { version, assigneeId: t.userIds.caseworkerB })).status).toBe(400);
    expect((await cw.post(`/api/tasks/${reminder!.id}/comments`, { text: 'Ringt, inget svar.' })).status).toBe(201);
    const done = await cw.post(`/api/tasks/${reminder!.id}/complete`, { version, outcome: 'Brev skickat' });
    expect(done.body).toMatchObject({ status: 'done', outcome: 'Brev skickat', assigneeId: t.userIds.hostA });
    const again = await cw.post(`/api/tasks/${reminder!.id}/complete`, { version: done.body.version, outcome: 'igen' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('TASK_DONE');
    const audit = await t.db.kysely.selectFrom('audit_log').select(['entity', 'action']).where('entity_id', '=', reminder!.id).execute();
    expect(audit.filter((a) => a.action === 'update')).toHaveLength(3);
  });

  it('prints the reminder letters and the notice to the agency as PDF', async () => {
    const [reminder, , meeting] = await tasksOf('unpaid');
    for (const url of [
      `/api/tasks/${reminder!.id}/letter.pdf`,
      `/api/reminder-letters.pdf?unitId=${t.unitA}&month=2026-11`,
      `/api/tasks/${meeting!.id}/agency-notice.pdf`,
    ]) {
      const res = await cw.get(url);
      expect(res.status, `${url}: ${res.text.slice(0, 200)}`).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text.startsWith('%PDF-')).toBe(true);
    }
    const notice = await cw.post(`/api/tasks/${meeting!.id}/agency-notice`, { sentOn: '2026-11-17', sentHow: 'secure_message' });
    expect(notice.status).toBe(201);
    expect((await (await t.as('caseworkerB')).get(`/api/tasks/${reminder!.id}/letter.pdf`)).status).toBe(404);
  });

  it('agrees a repayment plan: the current rent is covered first, the rest pays the debt', async () => {
    const p = people.unpaid.placementId;
    const created = await manager.post(`/api/placements/${p}/repayment-plans`, {
      startMonth: '2026-12',
      instalments: 3,
      agreedOn: '2026-11-18',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      debtOre: 600_000,
      schedule: [
        expect.objectContaining({ number: 1, amountOre: 200_000 }),
        expect.anything(),
        expect.objectContaining({ number: 3, amountOre: 200_000 }),
      ],
    });
    expect(
      (await manager.post(`/api/placements/${p}/repayment-plans`, { startMonth: '2026-12', instalments: 2, agreedOn: '2026-11-18' }))
        .status,
    ).toBe(409);

    await manager.post('/api/charges/generate', { month: '2026-12', unitId: t.unitA });
    // December's rent and the first instalment, together.
    await cw.post(`/api/placements/${p}/payments`, { bookingDate: '2026-11-20', amountOre: 800_000 });
    const ledger = (await cw.get(`/api/placements/${p}/ledger`)).body;
    expect(ledger.months.find((m: { month: string }) => m.month === '2026-12')).toMatchObject({ openOre: 0 });
    expect(ledger.months.find((m: { month: string }) => m.month === '2026-11')).toMatchObject({ openOre: 400_000 });
    const [plan] = (await cw.get(`/api/placements/${p}/repayment-plans`)).body;
    expect(plan.progress).toMatchObject({ paidOre: 200_000, complete: false });
    const pdf = await cw.get(`/api/repayment-plans/${plan.id}/agreement.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.text.startsWith('%PDF-')).toBe(true);
  });

  it('prints each placement’s monthly status', async () => {
    const rows = (await cw.get(`/api/rent-status?unitId=${t.unitA}&month=2026-11`)).body;
    const byPlacement = Object.fromEntries(rows.map((r: { placementId: string; status: string }) => [r.placementId, r.status]));
    expect(byPlacement[people.payer.placementId]).toBe('on_time');
    expect(byPlacement[people.late.placementId]).toBe('late');
    expect(byPlacement[people.unpaid.placementId]).toBe('unpaid');
    const history = (await cw.get(`/api/residents/${people.unpaid.residentId}/rent-history`)).body;
    expect(history.find((m: { month: string }) => m.month === '2026-11').tasks.map((x: { kind: string }) => x.kind)).toEqual([
      'reminder',
      'home_visit',
      'manager_meeting',
    ]);
  });

  it('keeps unit settings valid and effective from a month', async () => {
    const { version } = (await manager.get(`/api/units/${t.unitA}/rent-settings`)).body;
    const bad = await manager.request('PUT', `/api/units/${t.unitA}/rent-settings`, {
      version,
      fromMonth: '2027-01',
      checkpointDays: [5, 1],
      onTimeRule: 'last_vardag',
      moveToNextVardag: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('checkpointDays');
    const ok = await manager.request('PUT', `/api/units/${t.unitA}/rent-settings`, {
      version,
      fromMonth: '2027-01',
      checkpointDays: [3, 10],
      onTimeRule: 'last_calendar_day',
      moveToNextVardag: false,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.history).toEqual([
      { fromMonth: '2027-01', checkpointDays: [3, 10], onTimeRule: 'last_calendar_day', moveToNextVardag: false },
    ]);
    expect(
      (
        await cw.request('PUT', `/api/units/${t.unitA}/rent-settings`, {
          version: ok.body.version,
          fromMonth: '2027-01',
          checkpointDays: [1],
          onTimeRule: 'last_vardag',
          moveToNextVardag: true,
        })
      ).status,
    ).toBe(403);
    await manager.post('/api/charges/generate', { month: '2027-01', unitId: t.unitA });
    // January 2027 with the new days: a reminder on the 3rd (a Sunday, not moved), the manager meeting on the 10th.
    expect((await run('2027-01-03')).map((r) => r.kind)).toEqual(['reminder']);
    expect((await run('2027-01-10')).map((r) => r.kind)).toEqual(['manager_meeting']);
  });
});

describe.each(TEST_DIALECTS)('missed repayment-plan instalments on %s', (dialect) => {
  it('become one task each for the contact person', async () => {
    const t = await startTestApp(dialect, {}, '2027-01-20');
    try {
      const cw = await t.as('caseworkerA');
      const apt = await anApartment(cw, (await aLandlord(cw)).id, { monthlyRentOre: 500_000 });
      const res = await aResident(cw, TEST_PERSONAL_NUMBERS[190]!, { contactPersonId: t.userIds.caseworkerA });
      const p = await aPlacement(cw, res.id, apt.id, { startDate: '2026-11-01' });
      for (const month of ['2026-11', '2026-12', '2027-01']) await t.services.charges.generate(month, { unitIds: [t.unitA], actor: null });
      const plan = await (
        await t.as('managerA')
      ).post(`/api/placements/${p.id}/repayment-plans`, { startMonth: '2027-01', instalments: 2, agreedOn: '2026-12-20' });
      expect(plan.status, plan.text).toBe(201);
      // The first instalment was due with January's rent (2026-12-30) and nothing has been paid.
      expect(plan.body.progress.missed).toEqual([expect.objectContaining({ number: 1, month: '2027-01' })]);
      expect(await t.services.plans.createMissedInstalmentTasks()).toBe(1);
      expect(await t.services.plans.createMissedInstalmentTasks()).toBe(0);
      const tasks = (await cw.get('/api/tasks')).body;
      expect(tasks).toEqual([expect.objectContaining({ kind: 'missed_instalment', planId: plan.body.id, residentId: res.id })]);

      // Ending the plan: once. A second cancellation is a clear 409 that changes nothing and logs nothing.
      const manager = await t.as('managerA');
      const cancel = () => manager.post(`/api/repayment-plans/${plan.body.id}/cancel`);
      expect((await cancel()).status).toBe(200);
      const row = () =>
        t.db.kysely.selectFrom('repayment_plans').select('cancelled_at').where('id', '=', plan.body.id).executeTakeFirstOrThrow();
      const cancelledAt = (await row()).cancelled_at;
      expect(cancelledAt).not.toBeNull();
      const logged = async () =>
        (
          await t.db.kysely
            .selectFrom('audit_log')
            .select('id')
            .where('entity', '=', 'repayment_plan')
            .where('action', '=', 'update')
            .execute()
        ).length;
      const updates = await logged();
      const again = await cancel();
      expect(again.status, again.text).toBe(409);
      expect(again.body.error.code).toBe('PLAN_CANCELLED');
      expect(again.body.error.message).toMatch(/redan avslutad/);
      expect((await row()).cancelled_at).toBe(cancelledAt);
      expect(await logged()).toBe(updates);
      expect((await manager.get(`/api/placements/${p.id}/repayment-plans`)).body).toEqual([
        expect.objectContaining({ id: plan.body.id, cancelled: true }),
      ]);
    } finally {
      await t.close();
    }
  });
});
