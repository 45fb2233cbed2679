import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestApp, type Client, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// Staff competence mapping (issue 9, part 1). Today in tests is 2026-11-23.

describe.each(TEST_DIALECTS)('competence mapping (%s)', (dialect) => {
  let t: TestApp;
  let manager: Client;
  let managerB: Client;
  let analyst: Client;
  let caseworker: Client;
  let admin: Client;

  async function course(body: Record<string, unknown>, c: Client = manager) {
    const res = await c.post('/api/competence/courses', body);
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; version: number };
  }

  async function round(courseId: string, capacity: number, sessions = ['2026-10-01', '2026-10-08']) {
    const res = await manager.post('/api/competence/rounds', {
      courseId,
      place: 'Stadshuset, sal 3',
      capacity,
      teachers: 'Lärare Lärarsson',
      sessions: sessions.map((date) => ({ date, startTime: '09:00', endTime: '12:00' })),
    });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; version: number; sessions: { id: string }[] };
  }

  async function enrol(roundId: string, body: Record<string, unknown>) {
    const res = await manager.post(`/api/competence/rounds/${roundId}/enrolments`, body);
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; status: string; waitingNumber: number | null };
  }

  beforeAll(async () => {
    t = await startTestApp(dialect);
    manager = await t.as('managerA');
    managerB = await t.as('managerB');
    analyst = await t.as('analystA');
    caseworker = await t.as('caseworkerA');
    admin = await t.as('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('fills a round, puts the rest on the waiting list, moves the first up on a cancellation', async () => {
    const c = await course({ name: 'MI – motiverande samtal', validityMonths: null, requiredRoles: ['caseworker'] });
    const r = await round(c.id, 2);
    const a = await enrol(r.id, { userId: t.userIds.caseworkerA });
    const b = await enrol(r.id, { name: 'Extern Personsson', organisation: 'Region Testland', organisationKind: 'county_council' });
    const w1 = await enrol(r.id, { userId: t.userIds.hostA });
    const w2 = await enrol(r.id, { name: 'Frivillig Frivilligsson', organisation: 'Stadsmissionen', organisationKind: 'ngo' });
    expect([a.status, b.status, w1.status, w2.status]).toEqual(['enrolled', 'enrolled', 'waiting', 'waiting']);
    expect([w1.waitingNumber, w2.waitingNumber]).toEqual([1, 2]);

    // No double enrolment, also not while waiting.
    const again = await manager.post(`/api/competence/rounds/${r.id}/enrolments`, { userId: t.userIds.hostA });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_ENROLLED');

    const cancel = await manager.post(`/api/competence/enrolments/${a.id}/cancel`);
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.body.promoted).toEqual([w1.id]);
    const detail = (await manager.get(`/api/competence/rounds/${r.id}`)).body;
    const byId = new Map(detail.enrolments.map((e: any) => [e.id, e]));
    expect((byId.get(a.id) as any).status).toBe('cancelled');
    expect((byId.get(w1.id) as any).status).toBe('enrolled');
    expect(byId.get(w2.id) as any).toMatchObject({ status: 'waiting', waitingNumber: 1 });
    expect(byId.get(b.id) as any).toMatchObject({ organisation: 'Region Testland', organisationKind: 'county_council' });

    // Cancelling again is refused; the cancelled person may enrol again, at the back of the queue.
    expect((await manager.post(`/api/competence/enrolments/${a.id}/cancel`)).status).toBe(409);
    const back = await enrol(r.id, { userId: t.userIds.caseworkerA });
    expect(back).toMatchObject({ status: 'waiting', waitingNumber: 2 });

    // A larger capacity lets the first waiting in.
    const bigger = await manager.patch(`/api/competence/rounds/${r.id}`, { version: detail.version, capacity: 3 });
    expect(bigger.status, bigger.text).toBe(200);
    expect(bigger.body.enrolments.find((e: any) => e.id === w2.id).status).toBe('enrolled');
    expect(bigger.body.enrolments.find((e: any) => e.id === back.id).status).toBe('waiting');
  });

  it('never gives the last seat to two enrolments sent at the same time', async () => {
    const c = await course({ name: 'Krishantering i socialt arbete', validityMonths: 36, requiredRoles: [] });
    const r = await round(c.id, 1);
    const results = await Promise.all(
      ['En', 'Två', 'Tre', 'Fyra'].map((n) =>
        manager.post(`/api/competence/rounds/${r.id}/enrolments`, {
          name: `Person ${n}`,
          organisation: 'Privat Omsorg AB',
          organisationKind: 'private_provider',
        }),
      ),
    );
    expect(results.map((x) => x.status)).toEqual([201, 201, 201, 201]);
    expect(results.filter((x) => x.body.status === 'enrolled')).toHaveLength(1);
    expect(
      results
        .filter((x) => x.body.status === 'waiting')
        .map((x) => x.body.waitingNumber)
        .sort(),
    ).toEqual([1, 2, 3]);
  });

  it('completes by attendance share or by marking, and computes coverage checked by hand', async () => {
    // Required of caseworkers and hosts in unit A only; valid 24 months; 50 % attendance.
    const c = await course({
      name: 'Trauma och PTSD',
      validityMonths: 24,
      requiredAttendancePercent: 50,
      requiredRoles: ['caseworker', 'host'],
      requiredUnitIds: [t.unitA],
    });
    // Round 1 (2025-01-10..2025-01-12, 3 sessions): caseworkerA attends 2 of 3 (67 % ≥ 50 %), hostA 1 of 3 (33 %).
    const r1 = await round(c.id, 5, ['2025-01-10', '2025-01-11', '2025-01-12']);
    const cw = await enrol(r1.id, { userId: t.userIds.caseworkerA });
    const host = await enrol(r1.id, { userId: t.userIds.hostA });
    const [s1, s2, s3] = r1.sessions.map((s) => s.id) as [string, string, string];
    const att = await manager.post(`/api/competence/rounds/${r1.id}/attendance`, {
      marks: [
        { sessionId: s1, enrolmentId: cw.id, present: true },
        { sessionId: s2, enrolmentId: cw.id, present: true },
        { sessionId: s3, enrolmentId: cw.id, present: false },
        { sessionId: s1, enrolmentId: host.id, present: true },
      ],
    });
    expect(att.status, att.text).toBe(200);
    const done = await manager.post(`/api/competence/rounds/${r1.id}/complete`, {});
    expect(done.status, done.text).toBe(200);
    expect(done.body.completed).toEqual([cw.id]);
    const cwRow = done.body.round.enrolments.find((e: any) => e.id === cw.id);
    // Completed on the last session; 2025-01-12 + 24 months = 2027-01-12, within 90 days of 2026-11-23.
    expect(cwRow).toMatchObject({ status: 'completed', completedOn: '2025-01-12', expiresOn: '2027-01-12', completionKind: 'attendance' });

    // Coverage in unit A: staff = caseworkerA and hostA (the manager and analyst are not required) = 2;
    // completed = caseworkerA (expiring still valid) = 1; share 1/2 = 0.5; hostA missing. Unit B: caseworkerB
    // is a caseworker but the course is required in unit A only, so no row.
    let cov = (await manager.get(`/api/competence/coverage?unitId=${t.unitA}`)).body;
    let row = cov.rows.find((x: any) => x.courseId === c.id);
    expect(row).toMatchObject({ unitId: t.unitA, staff: 2, completed: 1, share: 0.5, expiring: 1 });
    expect(row.missing).toEqual([{ userId: t.userIds.hostA, name: 'Test hostA', status: 'missing' }]);
    expect(cov.expiring).toEqual([expect.objectContaining({ userId: t.userIds.caseworkerA, courseId: c.id, expiresOn: '2027-01-12' })]);

    // Marking hostA completed (make-up elsewhere) on 2024-06-01 gives a certificate that expired 2026-06-01:
    // still missing (expired), completed stays 1.
    const mark = await manager.post(`/api/competence/rounds/${r1.id}/complete`, { enrolmentId: host.id, completedOn: '2024-06-01' });
    expect(mark.status, mark.text).toBe(200);
    cov = (await manager.get(`/api/competence/coverage?unitId=${t.unitA}`)).body;
    row = cov.rows.find((x: any) => x.courseId === c.id);
    expect(row).toMatchObject({ staff: 2, completed: 1, share: 0.5 });
    expect(row.missing).toEqual([{ userId: t.userIds.hostA, name: 'Test hostA', status: 'expired' }]);

    // The CLI report gives the same figures.
    const cli = await t.services.competence.reportForCli();
    expect(cli).toContainEqual({ unitId: t.unitA, course: 'Trauma och PTSD', staff: 2, completed: 1, share: 0.5 });
    expect(cli.some((x) => x.unitId === t.unitB && x.course === 'Trauma och PTSD')).toBe(false);

    // The person page: hostA misses the course (expired); reading it is audit-logged.
    const person = await manager.get(`/api/competence/people/${t.userIds.hostA}`);
    expect(person.status, person.text).toBe(200);
    expect(person.body.missing.map((m: any) => [m.course, m.status])).toContainEqual(['Trauma och PTSD', 'expired']);
    const logged = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity', '=', 'competence_person')
      .execute();
    expect(logged).toContainEqual({ action: 'read', entity_id: t.userIds.hostA });

    // Organisation view: the municipality's own staff per course.
    const orgs = (await manager.get('/api/competence/coverage/organisations')).body.items;
    expect(orgs).toContainEqual(
      expect.objectContaining({ organisationKind: 'municipality', courseId: c.id, participants: 2, completed: 1, share: 0.5 }),
    );

    // The workbook has the coverage, the missing list and the expiring certificates.
    const xlsx = await manager.request('GET', `/api/competence/coverage/export.xlsx?unitId=${t.unitA}`);
    expect(xlsx.status).toBe(200);
    expect(String(xlsx.headers['content-type'])).toContain('spreadsheetml');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/competence/coverage/export.xlsx?unitId=${t.unitA}`,
      headers: { cookie: `kvarbo_session=${manager.token}` },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Täckning', 'Saknas', 'Går ut', 'Definitioner']);
  });

  it('limits who sees what: other unit’s manager 403, analysts figures without names, caseworkers cannot plan', async () => {
    expect((await managerB.get(`/api/competence/coverage?unitId=${t.unitA}`)).status).toBe(403);
    const own = (await managerB.get('/api/competence/coverage')).body;
    expect(own.units.map((u: any) => u.id)).toEqual([t.unitB]);
    expect((await managerB.get(`/api/competence/people/${t.userIds.hostA}`)).status).toBe(403);

    const a = await analyst.get(`/api/competence/coverage?unitId=${t.unitA}`);
    expect(a.status).toBe(200);
    expect(a.body.rows.length).toBeGreaterThan(0);
    for (const r of a.body.rows) expect(r.missing).toBeNull();
    expect(a.body.expiring).toEqual([]);

    expect((await caseworker.get(`/api/competence/coverage?unitId=${t.unitA}`)).status).toBe(403);
    expect((await caseworker.get('/api/competence/courses')).status).toBe(200);
    expect((await caseworker.post('/api/competence/courses', { name: 'Budget- och skuldrådgivning', validityMonths: null })).status).toBe(
      403,
    );
    // A caseworker may read their own page.
    expect((await caseworker.get(`/api/competence/people/${t.userIds.caseworkerA}`)).status).toBe(200);
    // Admins see every unit.
    const all = (await admin.get('/api/competence/coverage')).body;
    expect(all.units.map((u: any) => u.id).sort()).toEqual([t.unitA, t.unitB].sort());
  });

  it('refuses a stale edit with 409 and bad input with a 400 naming the field', async () => {
    const c = await course({ name: 'Housing First – principer', validityMonths: null, requiredRoles: ['manager'] });
    const first = await manager.patch(`/api/competence/courses/${c.id}`, { version: c.version, description: 'Tio principer.' });
    expect(first.status, first.text).toBe(200);
    expect(first.body.version).toBe(c.version + 1);
    const stale = await admin.patch(`/api/competence/courses/${c.id}`, { version: c.version, validityMonths: 12 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');

    const r = await round(c.id, 2);
    expect((await manager.patch(`/api/competence/rounds/${r.id}`, { version: r.version, place: 'Annat' })).status).toBe(200);
    expect((await manager.patch(`/api/competence/rounds/${r.id}`, { version: r.version, place: 'Tredje' })).status).toBe(409);

    const bad = await manager.post('/api/competence/rounds', { courseId: c.id, place: 'X', capacity: 0, teachers: 'Y', sessions: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: any) => f.field)).toEqual(expect.arrayContaining(['capacity', 'sessions']));
    const dup = await manager.post('/api/competence/courses', { name: 'Housing First – principer', validityMonths: null });
    expect(dup.status).toBe(400);
    expect(dup.body.error.fields[0].field).toBe('name');
    const unit = await manager.post('/api/competence/courses', { name: 'Ny', validityMonths: null, requiredUnitIds: ['nope'] });
    expect(unit.status).toBe(400);
    expect(unit.body.error.fields[0].field).toBe('requiredUnitIds.0');
  });

  it('plans no new round of an archived course, and does again once it is reactivated', async () => {
    const c = await course({ name: 'Arkiverbar kurs', validityMonths: null });
    const archived = await manager.patch(`/api/competence/courses/${c.id}`, { version: c.version, active: false });
    expect(archived.status, archived.text).toBe(200);
    const body = { courseId: c.id, place: 'X', capacity: 5, teachers: 'Y', sessions: [{ date: '2026-12-01' }] };
    const refused = await manager.post('/api/competence/rounds', body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0]).toMatchObject({ field: 'courseId', code: 'archived' });
    expect(await t.db.kysely.selectFrom('competence_rounds').select('id').where('course_id', '=', c.id).execute()).toEqual([]);
    expect((await manager.patch(`/api/competence/courses/${c.id}`, { version: archived.body.version, active: true })).status).toBe(200);
    expect((await manager.post('/api/competence/rounds', body)).status).toBe(201);
  });
});
