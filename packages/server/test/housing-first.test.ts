import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { startTestApp, type Client, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// Housing First and support housing follow-up (issue 7). Today in tests is Monday 2026-11-23.

describe.each(TEST_DIALECTS)('Housing First follow-up (%s)', (dialect) => {
  let t: TestApp;
  let manager: Client;
  let caseworker: Client;
  let landlordId: string;

  async function place(type: string, placement: Record<string, unknown>, resident: Record<string, unknown> = {}) {
    const apt = await anApartment(manager, landlordId, { type });
    const res = resident.id ? resident : await aResident(manager, null, { contactPersonId: t.userIds.caseworkerA, ...resident });
    const p = await aPlacement(manager, res.id as string, apt.id, { residentPaysRent: false, ...placement });
    return { residentId: res.id as string, placementId: p.id as string, apartmentId: apt.id as string };
  }

  async function visit(c: Client, placementId: string, date: string, outcome: string, place = 'apartment') {
    const res = await c.post(`/api/placements/${placementId}/visits`, {
      date,
      place,
      planned: true,
      outcome,
      staffIds: [t.userIds.caseworkerA],
    });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  /** The placement's row version, which an edit of it names (docs/concurrency.md). */
  async function versionOf(placementId: string): Promise<number> {
    return (await caseworker.get(`/api/placements/${placementId}`)).body.version;
  }

  async function auditRows(entity: string) {
    return t.db.kysely.selectFrom('audit_log').selectAll().where('entity', '=', entity).execute();
  }

  // Over the month end and the year end: placement from Monday 2025-12-01, agreement 1 a week until Sunday 2026-01-18.
  let winter: Awaited<ReturnType<typeof place>>;
  // Bostad först apartment from 2026-09-01, no agreement recorded: the default 1 a week applies.
  let autumn: Awaited<ReturnType<typeof place>>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    manager = await t.as('managerA');
    caseworker = await t.as('caseworkerA');
    landlordId = (await aLandlord(manager)).id;
    winter = await place('housing_first', { startDate: '2025-12-01' }, { firstName: 'Vinter' });
    autumn = await place('housing_first', { startDate: '2026-09-01' }, { firstName: 'Höst' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives a Bostad först placement the default agreement, and keeps a recorded one', async () => {
    const def = await caseworker.get(`/api/placements/${autumn.placementId}/visit-agreement`);
    expect(def.status).toBe(200);
    expect(def.body.agreement).toMatchObject({ visitsPerWeek: 1, fromDate: '2026-09-01', toDate: null, source: 'housing_first_default' });

    const training = await place('training', { startDate: '2026-10-01' });
    expect((await caseworker.get(`/api/placements/${training.placementId}/visit-agreement`)).body.agreement).toBeNull();

    const version = def.body.version;
    expect(version).toBe(await versionOf(autumn.placementId));
    const bad = await caseworker.request('PUT', `/api/placements/${winter.placementId}/visit-agreement`, {
      version: await versionOf(winter.placementId),
      visitsPerWeek: 1,
      fromDate: '2026-01-18',
      toDate: '2025-12-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('toDate');
    const zero = await caseworker.request('PUT', `/api/placements/${winter.placementId}/visit-agreement`, {
      version: await versionOf(winter.placementId),
      visitsPerWeek: 0,
      fromDate: '2025-12-01',
    });
    expect(zero.status).toBe(400);
    expect(zero.body.error.fields[0].field).toBe('visitsPerWeek');

    const set = await caseworker.request('PUT', `/api/placements/${winter.placementId}/visit-agreement`, {
      version: await versionOf(winter.placementId),
      visitsPerWeek: 1,
      fromDate: '2025-12-01',
      toDate: '2026-01-18',
    });
    expect(set.status, set.text).toBe(200);
    expect(set.body.agreement).toMatchObject({ visitsPerWeek: 1, fromDate: '2025-12-01', toDate: '2026-01-18', source: 'set' });
    expect((await auditRows('visit_agreement')).map((a) => a.action)).toEqual(expect.arrayContaining(['read', 'create']));
  });

  it('counts weeks over the month end and the year end, declined apart from missed', async () => {
    await visit(caseworker, winter.placementId, '2025-12-03', 'held'); // 2025-W49 met
    await visit(caseworker, winter.placementId, '2025-12-10', 'declined'); // 2025-W50 declined
    // 2025-W51 (15–21 Dec): nothing → missed
    await visit(caseworker, winter.placementId, '2025-12-28', 'held'); // 2025-W52, on its Sunday → met
    await visit(caseworker, winter.placementId, '2025-12-31', 'held'); // 2026-W01 (29 Dec–4 Jan) → met
    await visit(caseworker, winter.placementId, '2026-01-07', 'no_show'); // 2026-W02 → declined (offered)
    await visit(caseworker, winter.placementId, '2026-01-13', 'held', 'phone'); // 2026-W03: a call is not the visit → missed

    const res = await caseworker.get(`/api/placements/${winter.placementId}/visit-compliance`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.asOf).toBe('2026-11-23');
    const weeks = [...res.body.weeks].reverse();
    expect(weeks.map((w: { isoWeek: string; status: string }) => `${w.isoWeek} ${w.status}`)).toEqual([
      '2025-W49 met',
      '2025-W50 declined',
      '2025-W51 missed',
      '2025-W52 met',
      '2026-W01 met',
      '2026-W02 declined',
      '2026-W03 missed',
    ]);
    expect(weeks[4]).toMatchObject({ monday: '2025-12-29', sunday: '2026-01-04', held: 1, required: 1 });
    expect(weeks[5]).toMatchObject({ noShow: 1, declined: 0 });
    expect(res.body.summary).toEqual({ weeks: 7, met: 3, declined: 2, partial: 0, missed: 2, shareMet: 0.6, noShowVisits: 1 });

    const visits = await caseworker.get(`/api/placements/${winter.placementId}/visits`);
    expect(visits.body).toHaveLength(6);
    expect(visits.body[0]).toMatchObject({
      date: '2026-01-13',
      place: 'phone',
      planned: true,
      outcome: 'held',
      staffIds: [t.userIds.caseworkerA],
      staff: [{ id: t.userIds.caseworkerA, name: 'Test caseworkerA' }],
      goals: [],
      note: null,
    });
  });

  it('refuses visits by staff of another unit, in the future or outside the placement', async () => {
    const body = { date: '2026-10-01', place: 'apartment', planned: false, outcome: 'held', staffIds: [t.userIds.caseworkerB] };
    const other = await caseworker.post(`/api/placements/${autumn.placementId}/visits`, body);
    expect(other.status).toBe(400);
    expect(other.body.error.fields).toEqual([expect.objectContaining({ field: 'staffIds.0', code: 'not_staff' })]);
    const future = await caseworker.post(`/api/placements/${autumn.placementId}/visits`, {
      ...body,
      date: '2026-11-24',
      staffIds: [t.userIds.caseworkerA],
    });
    expect(future.status).toBe(400);
    expect(future.body.error.fields[0].field).toBe('date');
    const before = await caseworker.post(`/api/placements/${autumn.placementId}/visits`, {
      ...body,
      date: '2026-08-31',
      staffIds: [t.userIds.caseworkerA],
    });
    expect(before.status).toBe(400);
    expect(before.body.error.fields[0]).toMatchObject({ field: 'date', code: 'outside_placement' });
    const place = await caseworker.post(`/api/placements/${autumn.placementId}/visits`, { ...body, place: 'moon' });
    expect(place.status).toBe(400);
    expect(place.body.error.fields[0].field).toBe('place');
  });

  it('lists placements with weeks without the agreed visit in the last 8 finished weeks', async () => {
    // Finished weeks looked at: 2026-09-28 … 2026-11-22. The current week (from 2026-11-23) is not.
    for (const d of ['2026-09-30', '2026-10-07', '2026-10-14', '2026-10-21', '2026-10-28', '2026-11-04']) {
      await visit(caseworker, autumn.placementId, d, 'held');
    }
    // 2026-W46 (9–15 Nov): nothing → missed; 2026-W47 (16–22 Nov): declined → not listed.
    await visit(caseworker, autumn.placementId, '2026-11-18', 'declined');

    const res = await manager.get(`/api/visits/missing?unitId=${t.unitA}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ unitId: t.unitA, asOf: '2026-11-23', from: '2026-09-28', to: '2026-11-22' });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      placementId: autumn.placementId,
      residentId: autumn.residentId,
      contactPersonId: t.userIds.caseworkerA,
      contactPersonName: 'Test caseworkerA',
      visitsPerWeek: 1,
      agreementSource: 'housing_first_default',
      missedWeeks: 1,
      partialWeeks: 0,
    });
    expect(res.body.items[0].name).toMatch(/^Höst /);
    expect(res.body.items[0].weeks.map((w: { isoWeek: string; status: string }) => `${w.isoWeek} ${w.status}`)).toEqual([
      '2026-W46 missed',
    ]);

    const mine = await caseworker.get(`/api/visits/missing?unitId=${t.unitA}&contactPersonId=${t.userIds.caseworkerA}`);
    expect(mine.body.items.map((i: { placementId: string }) => i.placementId)).toEqual([autumn.placementId]);
    const others = await manager.get(`/api/visits/missing?unitId=${t.unitA}&contactPersonId=${t.userIds.managerA}`);
    expect(others.body.items).toEqual([]);
    expect((await (await t.as('analystA')).get(`/api/visits/missing?unitId=${t.unitA}`)).status).toBe(404);
    expect((await (await t.as('caseworkerB')).get(`/api/visits/missing?unitId=${t.unitA}`)).status).toBe(404);
  });

  it('reports the share of weeks met per resident and per contact person, to staff only', async () => {
    const res = await manager.get(`/api/stats/visit-compliance?unitId=${t.unitA}&from=2025-12-01&to=2026-01-18`);
    expect(res.status, res.text).toBe(200);
    const winterRow = res.body.residents.find((r: { residentId: string }) => r.residentId === winter.residentId);
    expect(winterRow).toMatchObject({ weeks: 7, met: 3, declined: 2, partial: 0, missed: 2, shareMet: 0.6, noShowVisits: 1 });
    expect(res.body.staff).toEqual([
      expect.objectContaining({ staffId: t.userIds.caseworkerA, name: 'Test caseworkerA', met: 3, declined: 2, missed: 2 }),
    ]);
    expect((await (await t.as('analystA')).get(`/api/stats/visit-compliance?unitId=${t.unitA}&from=2025-12-01&to=2026-01-18`)).status).toBe(
      404,
    );
    const reversed = await manager.get(`/api/stats/visit-compliance?unitId=${t.unitA}&from=2026-01-18&to=2025-12-01`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.fields[0].field).toBe('to');
  });

  it('gives incidents per 100 tenancy-months: exact for staff, "<5" for the analyst', async () => {
    // Four placements over Jan–Mar 2025 = 12 tenancy-months; two incidents in February.
    const ps: Awaited<ReturnType<typeof place>>[] = [];
    for (let i = 0; i < 4; i++) ps.push(await place('support', { startDate: '2025-01-01', endDate: '2025-03-31', endReason: 'other' }));
    const incident = { occurredOn: '2025-02-10', kind: 'disturbance_complaint', source: 'neighbour', severity: 'complaint' };
    const first = await caseworker.post(`/api/placements/${ps[0]!.placementId}/incidents`, {
      ...incident,
      description: 'Hög musik nattetid',
      actionTaken: 'Samtal med den boende',
    });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ ...incident, description: 'Hög musik nattetid', actionTaken: 'Samtal med den boende' });
    expect(
      (await caseworker.post(`/api/placements/${ps[1]!.placementId}/incidents`, { ...incident, occurredOn: '2025-02-20' })).status,
    ).toBe(201);

    const bad = await caseworker.post(`/api/placements/${ps[1]!.placementId}/incidents`, { ...incident, occurredOn: '2024-12-31' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('occurredOn');
    const kind = await caseworker.post(`/api/placements/${ps[1]!.placementId}/incidents`, { ...incident, kind: 'noise' });
    expect(kind.status).toBe(400);
    expect(kind.body.error.fields[0].field).toBe('kind');

    const list = await caseworker.get(`/api/placements/${ps[0]!.placementId}/incidents`);
    expect(list.body).toHaveLength(1);

    const exact = await manager.get(`/api/stats/incidents?unitId=${t.unitA}&from=2025-01&to=2025-03`);
    expect(exact.status, exact.text).toBe(200);
    expect(exact.body.total).toEqual({ incidents: 2, tenancyMonths: 12, per100: 16.7 });
    expect(exact.body.months).toEqual([
      { month: '2025-01', incidents: 0, tenancyMonths: 4, per100: 0 },
      { month: '2025-02', incidents: 2, tenancyMonths: 4, per100: 50 },
      { month: '2025-03', incidents: 0, tenancyMonths: 4, per100: 0 },
    ]);
    expect(exact.body.residents).toHaveLength(4);
    expect(exact.body.residents.find((r: { residentId: string }) => r.residentId === ps[0]!.residentId)).toMatchObject({
      incidents: 1,
      tenancyMonths: 3,
      per100: 33.3,
    });

    const analyst = await (await t.as('analystA')).get(`/api/stats/incidents?unitId=${t.unitA}&from=2025-01&to=2025-03`);
    expect(analyst.status).toBe(200);
    expect(analyst.body.total).toEqual({ incidents: '<5', tenancyMonths: 12, per100: null });
    expect(analyst.body.months[0]).toEqual({ month: '2025-01', incidents: 0, tenancyMonths: 4, per100: 0 });
    expect(analyst.body.months[1]).toEqual({ month: '2025-02', incidents: '<5', tenancyMonths: 4, per100: null });
    expect(analyst.body.residents).toBeUndefined();
    expect(analyst.text).not.toMatch(/Testsson/);
    expect((await (await t.as('caseworkerB')).get(`/api/stats/incidents?unitId=${t.unitA}&from=2025-01&to=2025-03`)).status).toBe(404);
  });

  it('logs landlord contacts', async () => {
    const res = await caseworker.post(`/api/placements/${autumn.placementId}/landlord-contacts`, {
      occurredOn: '2026-11-02',
      channel: 'phone',
      summary: 'Hyresvärden ringde om en vattenskada',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ occurredOn: '2026-11-02', channel: 'phone', summary: 'Hyresvärden ringde om en vattenskada' });
    const bad = await caseworker.post(`/api/placements/${autumn.placementId}/landlord-contacts`, {
      occurredOn: '2026-11-02',
      channel: 'fax',
      summary: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('channel');
    expect((await caseworker.get(`/api/placements/${autumn.placementId}/landlord-contacts`)).body).toHaveLength(1);
  });

  it('refuses overlapping respite stays, naming fromDate', async () => {
    const url = `/api/placements/${autumn.placementId}/respite-stays`;
    const first = await caseworker.post(url, { fromDate: '2026-10-01', toDate: '2026-10-05', place: 'Avlastningen Solgläntan' });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ fromDate: '2026-10-01', toDate: '2026-10-05', place: 'Avlastningen Solgläntan', note: null });
    const overlap = await caseworker.post(url, { fromDate: '2026-10-05', toDate: '2026-10-08', place: 'Solgläntan' });
    expect(overlap.status).toBe(400);
    expect(overlap.body.error.fields).toEqual([expect.objectContaining({ field: 'fromDate', code: 'overlap' })]);
    const outside = await caseworker.post(url, { fromDate: '2026-08-20', toDate: '2026-08-25', place: 'Solgläntan' });
    expect(outside.body.error.fields[0]).toMatchObject({ field: 'fromDate', code: 'outside_placement' });
    const backwards = await caseworker.post(url, { fromDate: '2026-10-20', toDate: '2026-10-10', place: 'Solgläntan' });
    expect(backwards.body.error.fields[0]).toMatchObject({ field: 'toDate', code: 'end_before_start' });
    expect((await caseworker.post(url, { fromDate: '2026-10-06', place: 'Solgläntan' })).status).toBe(201);
    expect((await caseworker.get(url)).body).toHaveLength(2);
  });

  it('records the move-out, moving before the notice included', async () => {
    const url = `/api/placements/${autumn.placementId}/move-out`;
    const early = await caseworker.patch(url, {
      version: await versionOf(autumn.placementId),
      moveOutGivenOn: '2026-11-10',
      movedOutOn: '2026-11-05',
    });
    expect(early.status, early.text).toBe(200);
    expect(early.body).toMatchObject({ moveOutGivenOn: '2026-11-10', movedOutOn: '2026-11-05', days: -5, status: 'within' });
    const later = await caseworker.patch(url, { version: early.body.version, movedOutOn: '2026-11-20' });
    expect(later.body).toMatchObject({ moveOutGivenOn: '2026-11-10', movedOutOn: '2026-11-20', days: 10 });
    const cleared = await caseworker.patch(url, { version: later.body.version, movedOutOn: null });
    expect(cleared.body).toMatchObject({ movedOutOn: null, status: 'pending', reasonableBy: '2026-11-24' });
    const invalid = await caseworker.patch(url, { version: cleared.body.version, movedOutOn: '2026-02-30' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields[0].field).toBe('movedOutOn');
    const future = await caseworker.patch(url, { version: cleared.body.version, moveOutGivenOn: '2026-12-01' });
    expect(future.body.error.fields[0]).toMatchObject({ field: 'moveOutGivenOn', code: 'in_future' });
    expect((await caseworker.get(url)).body.moveOutGivenOn).toBe('2026-11-10');
  });

  it('links a placement to the same resident’s ended one and shows the chain', async () => {
    const first = await place(
      'housing_first',
      { startDate: '2026-02-01', endDate: '2026-03-31', endReason: 'other' },
      { firstName: 'Kedja' },
    );
    const fallback = await place('fallback', { startDate: '2026-04-01' }, { id: first.residentId });
    const url = `/api/placements/${fallback.placementId}/link`;

    const version = await versionOf(fallback.placementId);
    const otherResident = await caseworker.post(url, { version, previousPlacementId: winter.placementId, kind: 'fallback' });
    expect(otherResident.status).toBe(400);
    expect(otherResident.body.error.fields[0]).toMatchObject({ field: 'previousPlacementId', code: 'other_resident' });
    const unknown = await caseworker.post(url, { version, previousPlacementId: 'nope', kind: 'fallback' });
    expect(unknown.body.error.fields[0]).toMatchObject({ field: 'previousPlacementId', code: 'not_found' });
    const kind = await caseworker.post(url, { version, previousPlacementId: first.placementId, kind: 'third_chance' });
    expect(kind.body.error.fields[0].field).toBe('kind');
    const notEnded = await caseworker.post(`/api/placements/${first.placementId}/link`, {
      version: await versionOf(first.placementId),
      previousPlacementId: fallback.placementId,
      kind: 'return_from_fallback',
    });
    expect(notEnded.body.error.fields[0]).toMatchObject({ field: 'previousPlacementId', code: 'previous_not_ended' });

    const ok = await caseworker.post(url, { version, previousPlacementId: first.placementId, kind: 'fallback' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ placementId: fallback.placementId, previousPlacementId: first.placementId, kind: 'fallback' });
    expect(ok.body.chain.map((c: { placementId: string }) => c.placementId)).toEqual([first.placementId, fallback.placementId]);

    const chain = await caseworker.get(`/api/residents/${first.residentId}/placement-chain`);
    expect(chain.status).toBe(200);
    expect(chain.body.chains).toHaveLength(1);
    expect(chain.body.chains[0]).toEqual([
      expect.objectContaining({
        placementId: first.placementId,
        previousPlacementId: null,
        linkKind: null,
        apartmentType: 'housing_first',
      }),
      expect.objectContaining({ placementId: fallback.placementId, previousPlacementId: first.placementId, linkKind: 'fallback' }),
    ]);
    expect((await (await t.as('caseworkerB')).get(`/api/residents/${first.residentId}/placement-chain`)).status).toBe(404);
  });

  it('answers 404 to unit B’s caseworker on unit A’s placement routes, and writes nothing', async () => {
    const b = await t.as('caseworkerB');
    const count = async () =>
      Number(
        (
          await t.db.kysely
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const id = autumn.placementId;
    const calls: [string, string, unknown?][] = [
      ['GET', `/api/placements/${id}/visit-agreement`],
      ['PUT', `/api/placements/${id}/visit-agreement`, { version: 1, visitsPerWeek: 2, fromDate: '2026-09-01' }],
      ['GET', `/api/placements/${id}/visits`],
      ['POST', `/api/placements/${id}/visits`, {}],
      ['GET', `/api/placements/${id}/visit-compliance`],
      ['GET', `/api/placements/${id}/incidents`],
      ['POST', `/api/placements/${id}/incidents`, {}],
      ['GET', `/api/placements/${id}/landlord-contacts`],
      ['POST', `/api/placements/${id}/landlord-contacts`, {}],
      ['GET', `/api/placements/${id}/respite-stays`],
      ['POST', `/api/placements/${id}/respite-stays`, {}],
      ['GET', `/api/placements/${id}/move-out`],
      ['PATCH', `/api/placements/${id}/move-out`, { version: 1, movedOutOn: '2026-11-01' }],
      ['POST', `/api/placements/${id}/link`, { version: 1, previousPlacementId: winter.placementId, kind: 'second_chance' }],
      ['GET', `/api/residents/${autumn.residentId}/placement-chain`],
      ['GET', `/api/stats/visit-compliance?unitId=${t.unitA}&from=2026-01-01&to=2026-06-30`],
    ];
    for (const [method, url, body] of calls) {
      const res = await b.request(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.text).not.toMatch(/Höst/);
    }
    expect(await count()).toBe(before);
  });

  it('audit-logs every read, list and write of the follow-up', async () => {
    const rows = await t.db.kysely.selectFrom('audit_log').select(['entity', 'action', 'resident_id', 'unit_id']).execute();
    const seen = new Set(rows.map((r) => `${r.entity} ${r.action}`));
    for (const e of [
      'visit_agreement read',
      'visit_agreement create',
      'support_visit create',
      'support_visit list',
      'visit_compliance read',
      'visit_compliance list',
      'incident create',
      'incident list',
      'landlord_contact create',
      'landlord_contact list',
      'respite_stay create',
      'respite_stay list',
      'move_out update',
      'move_out read',
      'placement_link update',
      'placement_chain read',
    ]) {
      expect(seen, e).toContain(e);
    }
    const visitRows = rows.filter((r) => r.entity === 'support_visit' && r.action === 'create');
    expect(visitRows.every((r) => r.resident_id !== null && r.unit_id === t.unitA)).toBe(true);
    // A refused write leaves no row: 6 visits for the winter placement, 7 for the autumn one.
    expect(visitRows).toHaveLength(6 + 7);
  });

  it('leaves a placement that has ended out of the missing-visits list (its weeks are history, not a task)', async () => {
    expect((await manager.get(`/api/visits/missing?unitId=${t.unitA}`)).body.items).toHaveLength(1);
    const ended = await caseworker.post(`/api/placements/${autumn.placementId}/end`, {
      version: await versionOf(autumn.placementId),
      endDate: '2026-11-22',
      endReason: 'took_over_lease',
    });
    expect(ended.status, ended.text).toBe(200);
    expect((await manager.get(`/api/visits/missing?unitId=${t.unitA}`)).body.items).toEqual([]);
  });
});
