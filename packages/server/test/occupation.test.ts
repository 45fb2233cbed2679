import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { startTestApp, type Client, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// Residents' occupation and activities (issue 9, part 2). Today in tests is 2026-11-23.
//
// The tests share one app. The monthly summary asserts figures for 2026-09 and 2026-10 in unit A, so the other
// tests keep their sessions in November and their residents without placements in unit A's apartments before
// November; the summary's data is built in its own test and is the only data in those months.

type Occ = { id: string; version: number; current: boolean; fromDate: string; toDate: string | null; kind: string };

describe.each(TEST_DIALECTS)('occupation and activities (%s)', (dialect) => {
  let t: TestApp;
  let caseworker: Client;
  let manager: Client;
  let analyst: Client;
  let caseworkerB: Client;
  let landlordId: string;

  const occupation = (over: Record<string, unknown> = {}) => ({
    kind: 'work_practice',
    provider: 'Stadsmissionen, Second hand-butiken',
    fromDate: '2026-03-01',
    toDate: null,
    hoursPerWeek: 20,
    note: null,
    ...over,
  });

  async function addOccupation(residentId: string, body: Record<string, unknown>, c: Client = caseworker) {
    const res = await c.post(`/api/residents/${residentId}/occupations`, occupation(body));
    expect(res.status, res.text).toBe(201);
    return res.body as Occ;
  }

  async function activity(body: Record<string, unknown> = {}, c: Client = caseworker) {
    const res = await c.post('/api/activities', {
      name: 'Källaren',
      kind: 'meeting_place',
      organiser: 'residents',
      place: 'Källarlokalen, Testgatan 1',
      description: null,
      ...body,
    });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; unitId: string; version: number };
  }

  async function session(activityId: string, date: string, guests = 0, c: Client = caseworker) {
    const res = await c.post(`/api/activities/${activityId}/sessions`, { date, startTime: '18:00', endTime: '20:00', guests });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; version: number; guests: number; attendances: number };
  }

  async function attend(sessionId: string, residentIds: string[], guests: number) {
    const version = (await caseworker.get(`/api/activity-sessions/${sessionId}/attendance`)).body.version;
    const res = await caseworker.request('PUT', `/api/activity-sessions/${sessionId}/attendance`, { version, residentIds, guests });
    expect(res.status, res.text).toBe(200);
    return res.body;
  }

  async function apartment() {
    return (await anApartment(caseworker, landlordId)).id as string;
  }

  function fieldsOf(res: { body: any }) {
    return (res.body.error.fields as { field: string; code: string }[]).map((f) => f.field);
  }

  async function occupationRow(id: string) {
    return t.db.kysely.selectFrom('occupations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  beforeAll(async () => {
    t = await startTestApp(dialect);
    caseworker = await t.as('caseworkerA');
    manager = await t.as('managerA');
    analyst = await t.as('analystA');
    caseworkerB = await t.as('caseworkerB');
    landlordId = (await aLandlord(caseworker)).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('adds, lists, edits and ends occupations with row versions; a stale edit changes nothing', async () => {
    const resident = (await aResident(caseworker, null, { firstName: 'Ylva', lastName: 'Yrkesdóttir' })).id;

    const work = await caseworker.post(`/api/residents/${resident}/occupations`, occupation());
    expect(work.status, work.text).toBe(201);
    expect(work.body).toMatchObject({
      residentId: resident,
      kind: 'work_practice',
      provider: 'Stadsmissionen, Second hand-butiken',
      fromDate: '2026-03-01',
      toDate: null,
      hoursPerWeek: 20,
      note: null,
      current: true,
      version: 1,
    });
    expect(work.body.id).toEqual(expect.any(String));
    const studies = await addOccupation(resident, {
      kind: 'studies',
      provider: 'Komvux Söder',
      fromDate: '2025-08-15',
      toDate: '2026-06-10',
      hoursPerWeek: 10,
      note: 'Svenska 1',
    });
    expect(studies.current).toBe(false);
    const dayCentre = await addOccupation(resident, {
      kind: 'day_activity',
      provider: 'Dagcentralen',
      fromDate: '2026-12-01',
      hoursPerWeek: 0,
    });
    expect(dayCentre).toMatchObject({ current: false, hoursPerWeek: 0 });

    // Current first, then newest first.
    const list = await caseworker.get(`/api/residents/${resident}/occupations`);
    expect(list.status, list.text).toBe(200);
    expect(list.body.asOf).toBe('2026-11-23');
    expect(list.body.items.map((o: Occ) => [o.id, o.current])).toEqual([
      [work.body.id, true],
      [dayCentre.id, false],
      [studies.id, false],
    ]);

    // A second work practice overlapping the first is refused; different kinds may overlap (above).
    const overlap = await caseworker.post(`/api/residents/${resident}/occupations`, occupation({ fromDate: '2026-12-01' }));
    expect(overlap.status).toBe(400);
    expect(overlap.body.error.fields).toEqual([expect.objectContaining({ field: 'fromDate', code: 'overlap' })]);

    // End the first (version 1 → 2) and the next may start the day after.
    const ended = await caseworker.patch(`/api/occupations/${work.body.id}`, {
      ...occupation({ toDate: '2026-11-30', note: 'Avslutad, går vidare till ny praktik' }),
      version: 1,
    });
    expect(ended.status, ended.text).toBe(200);
    expect(ended.body).toMatchObject({
      id: work.body.id,
      toDate: '2026-11-30',
      current: true,
      version: 2,
      note: 'Avslutad, går vidare till ny praktik',
    });
    const next = await addOccupation(resident, { fromDate: '2026-12-01', provider: 'Bageriet Test AB', hoursPerWeek: 30 });
    expect(next).toMatchObject({ kind: 'work_practice', current: false, version: 1 });
    // Editing an occupation does not clash with itself.
    const edited = await caseworker.patch(`/api/occupations/${work.body.id}`, {
      ...occupation({ toDate: '2026-11-30', hoursPerWeek: 25, note: 'Avslutad' }),
      version: 2,
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({ hoursPerWeek: 25, version: 3 });
    // Moving its end past the next one's start would overlap.
    const clash = await caseworker.patch(`/api/occupations/${work.body.id}`, { ...occupation({ toDate: '2026-12-05' }), version: 3 });
    expect(clash.status).toBe(400);
    expect(fieldsOf(clash)).toEqual(['fromDate']);

    // An edit made from version 2 lost the race: 409 STALE_VERSION and the row is as the winner left it.
    const before = await occupationRow(work.body.id);
    const stale = await manager.patch(`/api/occupations/${work.body.id}`, {
      ...occupation({ toDate: '2026-10-31', hoursPerWeek: 5, provider: 'Fel' }),
      version: 2,
    });
    expect(stale.status, stale.text).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');
    expect(await occupationRow(work.body.id)).toEqual(before);
    expect(before).toMatchObject({ to_date: '2026-11-30', provider: 'Stadsmissionen, Second hand-butiken' });
    expect(Number(before.hours_per_week)).toBe(25);
    expect(Number(before.version)).toBe(3);

    const after = await caseworker.get(`/api/residents/${resident}/occupations`);
    expect(after.body.items).toHaveLength(4);
    expect(after.body.items.find((o: Occ) => o.id === work.body.id)).toMatchObject({ toDate: '2026-11-30', version: 3 });
  });

  it('names the field of a wrong occupation', async () => {
    const resident = (await aResident(caseworker, null)).id;
    const url = `/api/residents/${resident}/occupations`;

    const backwards = await caseworker.post(url, occupation({ fromDate: '2026-05-01', toDate: '2026-04-30' }));
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields).toEqual([expect.objectContaining({ field: 'toDate', code: 'before_from' })]);

    const tooMany = await caseworker.post(url, occupation({ hoursPerWeek: 61 }));
    expect(tooMany.status).toBe(400);
    expect(fieldsOf(tooMany)).toEqual(['hoursPerWeek']);
    const negative = await caseworker.post(url, occupation({ hoursPerWeek: -1 }));
    expect(fieldsOf(negative)).toEqual(['hoursPerWeek']);
    const fraction = await caseworker.post(url, occupation({ hoursPerWeek: 7.5 }));
    expect(fieldsOf(fraction)).toEqual(['hoursPerWeek']);
    expect((await caseworker.post(url, occupation({ hoursPerWeek: 60 }))).status).toBe(201);

    const badKind = await caseworker.post(url, occupation({ kind: 'sleeping' }));
    expect(fieldsOf(badKind)).toEqual(['kind']);
    const badDate = await caseworker.post(url, occupation({ kind: 'studies', fromDate: '2026-02-30' }));
    expect(fieldsOf(badDate)).toEqual(['fromDate']);

    // The same checks on an edit.
    const o = (await caseworker.get(url)).body.items[0] as Occ;
    const patchBackwards = await caseworker.patch(`/api/occupations/${o.id}`, {
      ...occupation({ fromDate: '2026-03-01', toDate: '2026-02-28', hoursPerWeek: 60 }),
      version: o.version,
    });
    expect(patchBackwards.status).toBe(400);
    expect(fieldsOf(patchBackwards)).toEqual(['toDate']);
    const patchHours = await caseworker.patch(`/api/occupations/${o.id}`, { ...occupation({ hoursPerWeek: 61 }), version: o.version });
    expect(fieldsOf(patchHours)).toEqual(['hoursPerWeek']);
    const row = await occupationRow(o.id);
    expect(row).toMatchObject({ to_date: null });
    expect(Number(row.hours_per_week)).toBe(60);
    expect(Number(row.version)).toBe(1);
  });

  it('lets only one of two overlapping occupations added at the same moment through', async () => {
    const resident = (await aResident(caseworker, null)).id;
    const url = `/api/residents/${resident}/occupations`;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => caseworker.post(url, occupation({ kind: 'studies', fromDate: `2026-0${i + 1}-01` }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 400, 400, 400, 400, 400]);
    for (const r of results.filter((x) => x.status === 400))
      expect(r.body.error.fields[0]).toMatchObject({ field: 'fromDate', code: 'overlap' });
    const rows = await t.db.kysely.selectFrom('occupations').select('id').where('resident_id', '=', resident).execute();
    expect(rows).toHaveLength(1);
  });

  it('takes attendance with named residents and guests, refusing outsiders, duplicates and stale versions', async () => {
    const flat = await apartment();
    const anna = (await aResident(caseworker, null, { firstName: 'Närva', lastName: 'Andersson' })).id;
    const bert = (await aResident(caseworker, null, { firstName: 'Bortre', lastName: 'Bengtsson' })).id;
    const unplaced = (await aResident(caseworker, null, { firstName: 'Oplacerad', lastName: 'Olsson' })).id;
    await aPlacement(caseworker, anna, flat, { startDate: '2026-11-01' });
    await aPlacement(caseworker, bert, await apartment(), { startDate: '2026-11-01' });
    const outsider = (await aResident(caseworkerB, null, { firstName: 'Utanför', lastName: 'Bsson' })).id;

    const a = await activity({ name: 'Datorkurs', kind: 'course', organiser: 'staff' });
    expect(a).toMatchObject({ unitId: t.unitA, name: 'Datorkurs', kind: 'course', organiser: 'staff', active: true, version: 1 });
    const got = await caseworker.get(`/api/activities/${a.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: a.id, name: 'Datorkurs', place: 'Källarlokalen, Testgatan 1' });

    const s1 = await session(a.id, '2026-11-04', 2);
    expect(s1).toMatchObject({
      date: '2026-11-04',
      startTime: '18:00',
      endTime: '20:00',
      guests: 2,
      attendances: 2,
      namedAttendances: 0,
      version: 1,
    });
    const s2 = await session(a.id, '2026-11-11');
    const backwards = await caseworker.post(`/api/activities/${a.id}/sessions`, {
      date: '2026-11-18',
      startTime: '20:00',
      endTime: '18:00',
    });
    expect(backwards.status).toBe(400);
    expect(fieldsOf(backwards)).toEqual(['endTime']);

    const listed = (await caseworker.get('/api/activities')).body.items.find((x: { id: string }) => x.id === a.id);
    expect(listed).toMatchObject({ unitName: 'Enhet A', sessions: 2, lastSessionDate: '2026-11-11' });

    // Before: the residents placed on the day may be ticked, nobody is.
    const empty = await caseworker.get(`/api/activity-sessions/${s1.id}/attendance`);
    expect(empty.status, empty.text).toBe(200);
    expect(empty.body).toMatchObject({
      version: 1,
      guests: 2,
      session: { id: s1.id, activityId: a.id, activityName: 'Datorkurs', date: '2026-11-04' },
    });
    expect(empty.body.residents.map((r: { id: string; present: boolean }) => [r.id, r.present])).toEqual([
      [anna, false],
      [bert, false],
    ]);

    // Tick Anna and the unit's unplaced resident (a resident of the unit), with 3 guests.
    const put = await caseworker.request('PUT', `/api/activity-sessions/${s1.id}/attendance`, {
      version: 1,
      residentIds: [anna, unplaced],
      guests: 3,
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body.version).toBe(2);
    expect(put.body.guests).toBe(3);
    const shown = await caseworker.get(`/api/activity-sessions/${s1.id}/attendance`);
    const present = Object.fromEntries(shown.body.residents.map((r: { id: string; present: boolean }) => [r.id, r.present]));
    expect(present).toEqual({ [anna]: true, [bert]: false, [unplaced]: true });
    expect(shown.body.residents.find((r: { id: string }) => r.id === anna).name).toBe('Närva Andersson');
    const sessions = await caseworker.get(`/api/activities/${a.id}/sessions`);
    expect(sessions.body.items.map((s: any) => [s.id, s.namedAttendances, s.guests, s.attendances])).toEqual([
      [s2.id, 0, 0, 0],
      [s1.id, 2, 3, 5],
    ]);

    // Another unit's resident: 400 naming the position; nothing changes.
    const foreign = await caseworker.request('PUT', `/api/activity-sessions/${s1.id}/attendance`, {
      version: 2,
      residentIds: [anna, outsider],
      guests: 0,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields).toEqual([expect.objectContaining({ field: 'residentIds.1', code: 'not_in_unit' })]);
    const dup = await caseworker.request('PUT', `/api/activity-sessions/${s1.id}/attendance`, {
      version: 2,
      residentIds: [bert, anna, bert],
      guests: 0,
    });
    expect(dup.status).toBe(400);
    expect(dup.body.error.fields).toEqual([expect.objectContaining({ field: 'residentIds.2', code: 'duplicate' })]);
    const unknown = await caseworker.request('PUT', `/api/activity-sessions/${s1.id}/attendance`, {
      version: 2,
      residentIds: ['no-such-resident'],
      guests: 0,
    });
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown)).toEqual(['residentIds.0']);

    // A stale version: 409 and the attendance is as before.
    const stale = await caseworker.request('PUT', `/api/activity-sessions/${s1.id}/attendance`, {
      version: 1,
      residentIds: [bert],
      guests: 9,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');
    const unchanged = await caseworker.get(`/api/activity-sessions/${s1.id}/attendance`);
    expect(unchanged.body.version).toBe(2);
    expect(unchanged.body.guests).toBe(3);
    expect(
      unchanged.body.residents
        .filter((r: { present: boolean }) => r.present)
        .map((r: { id: string }) => r.id)
        .sort(),
    ).toEqual([anna, unplaced].sort());

    // Replacing: Bert only, no guests; Anna is no longer present but stays on the list (placed on the day).
    const replaced = await caseworker.request('PUT', `/api/activity-sessions/${s1.id}/attendance`, {
      version: 2,
      residentIds: [bert],
      guests: 0,
    });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body.residents.map((r: { id: string; present: boolean }) => [r.id, r.present])).toEqual([
      [anna, false],
      [bert, true],
    ]);

    // The resident's record shows the sessions they came to.
    const record = await caseworker.get(`/api/residents/${bert}/occupations`);
    expect(record.body.attended).toEqual([
      expect.objectContaining({
        sessionId: s1.id,
        date: '2026-11-04',
        activityId: a.id,
        activityName: 'Datorkurs',
        activityKind: 'course',
      }),
    ]);
    expect((await caseworker.get(`/api/residents/${anna}/occupations`)).body.attended).toEqual([]);
  });

  it('sums a month exactly for case staff, suppresses small cells for analysts and exports', async () => {
    // Unit A, September and October 2026:
    //   Rut    – placed 2026-09-01 →; work practice 2026-09-01..2026-10-15, 20 h/w; studies 2026-10-01 →, 10 h/w.
    //   Sture  – placed 2026-10-10 →; low-threshold work 2026-08-01..2026-10-05, 14 h/w (days not cut to placement).
    //   Cilla  – placed 2026-06-01..2026-09-30; day activity 2026-09-01 →, 7 h/w.
    //   Dag    – placed 2026-10-20 → (Cilla's old flat); no occupation.
    //   Erik   – not placed; studies 2026-01-01 →, 40 h/w: never counted.
    //   Fia    – unit B's resident placed in unit B; work practice: never counted in unit A.
    const flats = [await apartment(), await apartment(), await apartment()] as const;
    const person = async (firstName: string) => (await aResident(caseworker, null, { firstName, lastName: 'Summasson' })).id;
    const rut = await person('Rut');
    const sture = await person('Sture');
    const cilla = await person('Cilla');
    const dag = await person('Dag');
    const erik = await person('Erik');
    await aPlacement(caseworker, rut, flats[0], { startDate: '2026-09-01' });
    await aPlacement(caseworker, sture, flats[1], { startDate: '2026-10-10' });
    await aPlacement(caseworker, cilla, flats[2], { startDate: '2026-06-01', endDate: '2026-09-30', endReason: 'moved_other_housing' });
    await aPlacement(caseworker, dag, flats[2], { startDate: '2026-10-20' });
    await addOccupation(rut, { kind: 'work_practice', fromDate: '2026-09-01', toDate: '2026-10-15', hoursPerWeek: 20 });
    await addOccupation(rut, { kind: 'studies', fromDate: '2026-10-01', hoursPerWeek: 10 });
    await addOccupation(sture, { kind: 'low_threshold_work', fromDate: '2026-08-01', toDate: '2026-10-05', hoursPerWeek: 14 });
    await addOccupation(cilla, { kind: 'day_activity', fromDate: '2026-09-01', hoursPerWeek: 7 });
    await addOccupation(erik, { kind: 'studies', fromDate: '2026-01-01', hoursPerWeek: 40 });
    const landlordB = (await aLandlord(caseworkerB)).id;
    const fia = (await aResident(caseworkerB, null, { firstName: 'Fia' })).id;
    await aPlacement(caseworkerB, fia, (await anApartment(caseworkerB, landlordB)).id, { startDate: '2026-09-01' });
    await addOccupation(fia, { kind: 'work_practice', fromDate: '2026-09-01', hoursPerWeek: 40 }, caseworkerB);

    // Activities: Källaren (Sep: 1 session; Oct: 2) and Datorkurs (Oct: 1); unit B's activity in October.
    const kallaren = await activity({ name: 'Källaren – öppet hus' });
    const kurs = await activity({ name: 'Datorkurs för nybörjare', kind: 'course', organiser: 'staff' });
    const sep20 = await session(kallaren.id, '2026-09-20');
    await attend(sep20.id, [cilla], 1);
    const oct7 = await session(kallaren.id, '2026-10-07', 3);
    await attend(oct7.id, [rut, sture], 3);
    const oct14 = await session(kallaren.id, '2026-10-14');
    await attend(oct14.id, [rut], 2);
    const oct21 = await session(kurs.id, '2026-10-21');
    await attend(oct21.id, [rut, dag], 0);
    await session(kurs.id, '2026-08-31', 4); // outside the period
    const activityB = await activity({ name: 'G7-träff' }, caseworkerB);
    await session(activityB.id, '2026-10-07', 12, caseworkerB);

    const url = `/api/stats/occupation?unitId=${t.unitA}&from=2026-09&to=2026-10`;
    const res = await caseworker.get(url);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ unitId: t.unitA, mode: 'exact', from: '2026-09', to: '2026-10' });
    const [sep, oct] = res.body.months;
    // September: Rut and Cilla placed, both occupied. Hours: 20 × 30/7 (Rut) + 7 × 30/7 (Cilla) = 115.71… → 115.7.
    // Attendance: one session, Cilla + 1 guest.
    expect(sep).toEqual({
      month: '2026-09',
      residents: 2,
      withOccupation: 2,
      byKind: { work_practice: 1, low_threshold_work: 0, studies: 0, day_activity: 1 },
      plannedHours: 115.7,
      activities: { month: '2026-09', sessions: 1, attendances: 2, namedAttendances: 1, guests: 1, distinctResidents: 1 },
    });
    // October: Rut, Sture and Dag placed (Cilla left 09-30); Rut and Sture occupied. Hours: Rut's work practice
    // 20 × 15/7 = 42.857, her studies 10 × 31/7 = 44.286, Sture 14 × 5/7 = 10 → 97.14… → 97.1.
    // Sessions 3; named 2 + 1 + 2 = 5; guests 3 + 2 + 0 = 5; attendances 10; distinct Rut, Sture, Dag = 3.
    expect(oct).toEqual({
      month: '2026-10',
      residents: 3,
      withOccupation: 2,
      byKind: { work_practice: 1, low_threshold_work: 1, studies: 1, day_activity: 0 },
      plannedHours: 97.1,
      activities: { month: '2026-10', sessions: 3, attendances: 10, namedAttendances: 5, guests: 5, distinctResidents: 3 },
    });
    const byActivity = (id: string, month: string) => res.body.byActivity.find((r: any) => r.activityId === id && r.month === month);
    expect(res.body.byActivity).toHaveLength(3);
    expect(byActivity(kallaren.id, '2026-09')).toMatchObject({
      sessions: 1,
      attendances: 2,
      namedAttendances: 1,
      guests: 1,
      distinctResidents: 1,
    });
    expect(byActivity(kallaren.id, '2026-10')).toMatchObject({
      name: 'Källaren – öppet hus',
      kind: 'meeting_place',
      organiser: 'residents',
      sessions: 2,
      attendances: 8,
      namedAttendances: 3,
      guests: 5,
      distinctResidents: 2,
    });
    expect(byActivity(kurs.id, '2026-10')).toMatchObject({ kind: 'course', sessions: 1, attendances: 2, guests: 0, distinctResidents: 2 });
    expect(res.body.definitions.sv).toContain('Planerade timmar');

    // The analyst: counts 1–4 as '<5', zeros as 0, hours left out while 1–4 residents are occupied; sessions shown.
    const a = await analyst.get(url);
    expect(a.status, a.text).toBe(200);
    expect(a.body.mode).toBe('suppressed');
    expect(a.body.months[1]).toEqual({
      month: '2026-10',
      residents: '<5',
      withOccupation: '<5',
      byKind: { work_practice: '<5', low_threshold_work: '<5', studies: '<5', day_activity: 0 },
      plannedHours: null,
      activities: { month: '2026-10', sessions: 3, attendances: 10, namedAttendances: 5, guests: 5, distinctResidents: '<5' },
    });
    expect(a.body.byActivity.find((r: any) => r.activityId === kallaren.id && r.month === '2026-10')).toMatchObject({
      sessions: 2,
      attendances: 8,
      namedAttendances: '<5',
      guests: 5,
      distinctResidents: '<5',
    });

    // Exports: the workbook (exact for staff, suppressed for the analyst) and a CSV table.
    const xlsx = await caseworker.get(`/api/stats/occupation/export.xlsx?unitId=${t.unitA}&from=2026-09&to=2026-10`);
    expect(xlsx.status).toBe(200);
    expect(String(xlsx.headers['content-type'])).toContain('spreadsheetml');
    const workbook = async (c: Client) => {
      const raw = await t.app.inject({
        method: 'GET',
        url: `/api/stats/occupation/export.xlsx?unitId=${t.unitA}&from=2026-09&to=2026-10`,
        headers: { cookie: `kvarbo_session=${c.token}` },
      });
      expect(raw.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(raw.rawPayload as unknown as ArrayBuffer);
      return wb;
    };
    const rowValues = (wb: ExcelJS.Workbook, month: string) => {
      const sheet = wb.getWorksheet('Sysselsättning per månad')!;
      const rows: unknown[][] = [];
      sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      return rows.find((r) => r.some((v) => v === month || (v instanceof Date && v.toISOString().startsWith(month))));
    };
    const exact = await workbook(caseworker);
    expect(exact.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Sysselsättning per månad', 'Aktiviteter per månad']));
    expect(rowValues(exact, '2026-10')?.slice(1)).toEqual([3, 2, 1, 1, 1, 0, 97.1, 3, 10, 5, 3]);
    const suppressed = await workbook(analyst);
    expect(rowValues(suppressed, '2026-10')?.slice(1, 7)).toEqual(['<5', '<5', '<5', '<5', '<5', 0]);

    const csv = await caseworker.get(`/api/stats/occupation/export.csv?unitId=${t.unitA}&from=2026-09&to=2026-10&table=0`);
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    expect(csv.text).toContain('Planerade timmar');

    // Period checks name the field.
    const backwards = await caseworker.get(`/api/stats/occupation?unitId=${t.unitA}&from=2026-10&to=2026-09`);
    expect(backwards.status).toBe(400);
    expect(fieldsOf(backwards)).toEqual(['to']);
    const tooLong = await caseworker.get(`/api/stats/occupation?unitId=${t.unitA}&from=2023-01&to=2026-01`);
    expect(fieldsOf(tooLong)).toEqual(['to']);
  });

  it('answers 404 to another unit’s staff on every occupation and activity route', async () => {
    const resident = (await aResident(caseworker, null, { firstName: 'Skyddad', lastName: 'Persson' })).id;
    const o = await addOccupation(resident, { kind: 'studies', provider: 'Folkhögskolan', fromDate: '2026-08-20' });
    const a = await activity({ name: 'Läger i Sörmland', kind: 'camp', organiser: 'peer_association' });
    const s = await session(a.id, '2026-11-20', 1);
    await attend(s.id, [resident], 1);
    const occBefore = await occupationRow(o.id);

    const others: Client[] = [caseworkerB, await t.as('managerB')];
    for (const c of others) {
      const gets = [
        `/api/residents/${resident}/occupations`,
        `/api/activities/${a.id}`,
        `/api/activities/${a.id}/sessions`,
        `/api/activity-sessions/${s.id}/attendance`,
        `/api/stats/occupation?unitId=${t.unitA}&from=2026-09&to=2026-11`,
        `/api/stats/occupation/export.xlsx?unitId=${t.unitA}&from=2026-09&to=2026-11`,
        `/api/stats/occupation/export.csv?unitId=${t.unitA}&from=2026-09&to=2026-11`,
      ];
      for (const url of gets) {
        const res = await c.get(url);
        expect(res.status, url).toBe(404);
        expect(res.text, url).not.toContain('Skyddad');
      }
      expect((await c.post(`/api/residents/${resident}/occupations`, occupation({ fromDate: '2027-01-01' }))).status).toBe(404);
      expect(
        (await c.patch(`/api/occupations/${o.id}`, { ...occupation({ kind: 'studies', toDate: '2026-11-01' }), version: 1 })).status,
      ).toBe(404);
      expect(
        (
          await c.patch(`/api/activities/${a.id}`, {
            name: 'Kapad',
            kind: 'camp',
            organiser: 'other',
            place: null,
            description: null,
            active: false,
            version: 1,
          })
        ).status,
      ).toBe(404);
      expect((await c.post(`/api/activities/${a.id}/sessions`, { date: '2026-11-21' })).status).toBe(404);
      expect((await c.request('PUT', `/api/activity-sessions/${s.id}/attendance`, { version: 2, residentIds: [], guests: 0 })).status).toBe(
        404,
      );
      expect((await c.get('/api/activities')).body.items.map((x: { id: string }) => x.id)).not.toContain(a.id);
      expect((await c.get(`/api/activities?unitId=${t.unitA}`)).body.items).toEqual([]);
    }
    // An analyst sees figures, not persons: the resident's record and attendance are not theirs.
    expect((await analyst.get(`/api/residents/${resident}/occupations`)).status).toBe(404);
    expect((await analyst.get(`/api/activity-sessions/${s.id}/attendance`)).status).toBe(404);

    // Nothing changed.
    expect(await occupationRow(o.id)).toEqual(occBefore);
    const activityRow = await t.db.kysely.selectFrom('activities').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(activityRow.name).toBe('Läger i Sörmland');
    expect(Number(activityRow.version)).toBe(1);
    const sessionRow = await t.db.kysely.selectFrom('activity_sessions').selectAll().where('id', '=', s.id).executeTakeFirstOrThrow();
    expect(Number(sessionRow.version)).toBe(2);
    expect(Number(sessionRow.guests)).toBe(1);
    const sessionsOfActivity = await t.db.kysely.selectFrom('activity_sessions').select('id').where('activity_id', '=', a.id).execute();
    expect(sessionsOfActivity).toHaveLength(1);
    const attendance = await t.db.kysely.selectFrom('activity_attendance').select('resident_id').where('session_id', '=', s.id).execute();
    expect(attendance.map((r) => r.resident_id)).toEqual([resident]);
  });

  it('audit-logs reading and writing a resident’s occupations and attendance with the resident', async () => {
    const resident = (await aResident(caseworker, null, { firstName: 'Loggad', lastName: 'Larsson' })).id;
    const audits = async () =>
      t.db.kysely
        .selectFrom('audit_log')
        .select(['entity', 'entity_id', 'action', 'user_id', 'unit_id'])
        .where('resident_id', '=', resident)
        .where('entity', 'in', ['occupation', 'activity_attendance'])
        .orderBy('id')
        .execute();
    expect(await audits()).toEqual([]);

    const o = await addOccupation(resident, { kind: 'day_activity', provider: 'Dagcentralen', fromDate: '2026-11-01', hoursPerWeek: 6 });
    expect(await audits()).toEqual([
      { entity: 'occupation', entity_id: o.id, action: 'create', user_id: t.userIds.caseworkerA, unit_id: t.unitA },
    ]);

    expect((await manager.get(`/api/residents/${resident}/occupations`)).status).toBe(200);
    const afterRead = await audits();
    expect(afterRead.slice(1).map((r) => [r.entity, r.entity_id, r.action, r.user_id])).toEqual(
      expect.arrayContaining([
        ['occupation', resident, 'read', t.userIds.managerA],
        ['activity_attendance', resident, 'read', t.userIds.managerA],
      ]),
    );
    expect(afterRead).toHaveLength(3);

    const upd = await caseworker.patch(`/api/occupations/${o.id}`, {
      ...occupation({ kind: 'day_activity', provider: 'Dagcentralen', fromDate: '2026-11-01', toDate: '2026-11-20', hoursPerWeek: 6 }),
      version: 1,
    });
    expect(upd.status, upd.text).toBe(200);
    const afterUpdate = await audits();
    expect(afterUpdate).toHaveLength(4);
    expect(afterUpdate[3]).toMatchObject({ entity: 'occupation', entity_id: o.id, action: 'update' });

    // A refused write (stale) and another unit's read leave no row about the resident.
    expect((await caseworker.patch(`/api/occupations/${o.id}`, { ...occupation({ kind: 'day_activity' }), version: 1 })).status).toBe(409);
    expect((await caseworkerB.get(`/api/residents/${resident}/occupations`)).status).toBe(404);
    expect(await audits()).toHaveLength(4);

    // Attendance that names the resident: written and read with a row each.
    const a = await activity({ name: 'Fika' });
    const s = await session(a.id, '2026-11-22');
    await attend(s.id, [resident], 0);
    const att = (await audits()).filter((r) => r.entity === 'activity_attendance' && r.entity_id === s.id);
    // attend(): GET (resident not yet ticked: no row), PUT (update row), then the PUT's answer reads it (read row).
    expect(att.map((r) => r.action)).toEqual(['update', 'read']);
  });
});
