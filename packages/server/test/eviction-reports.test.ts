import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { login, PASSWORD, startTestApp, type Client, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// Landlords' reports (issue 6): the portal, a landlord system's key, staff intake, matching and attachments.
// Today is 2026-11-23; unit A receives the organisation's reports.
describe.each(TEST_DIALECTS)('landlord reports on %s', (dialect) => {
  let t: TestApp;
  let landlord: { id: string; name: string };
  let otherLandlord: { id: string };
  let portal: Client;
  let otherPortal: Client;
  let resident: { id: string };
  const PNR = TEST_PERSONAL_NUMBERS[160]!;

  const earlyWarning = {
    kind: 'early_warning',
    reasons: ['rent_arrears', 'disturbance'],
    arrearsOre: 1_250_000,
    arrearsMonths: 2,
    tenantName: 'Kim Testsson',
    tenantAddress: 'Provgatan 3',
    householdChildren: 2,
    description: 'Två månaders hyra obetald, klagomål på störningar.',
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await t.db.kysely.updateTable('units').set({ receives_landlord_reports: 1 }).where('id', '=', t.unitA).execute();
    const c = await t.as('caseworkerA');
    landlord = await aLandlord(c);
    otherLandlord = await aLandlord(c);
    const admin = await t.as('admin');
    for (const [username, landlordId] of [
      ['hyresvard.ett', landlord.id],
      ['hyresvard.tva', otherLandlord.id],
    ] as const) {
      const res = await admin.post('/api/admin/users', { username, displayName: username, password: PASSWORD, landlordId });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ kind: 'landlord', landlordId, memberships: [] });
    }
    portal = await login(t.app, 'hyresvard.ett', PASSWORD);
    otherPortal = await login(t.app, 'hyresvard.tva', PASSWORD);
    const apt = await anApartment(c, landlord.id, { address: 'Provgatan 3' });
    resident = await aResident(c, PNR, { firstName: 'Kim', lastName: 'Testsson' });
    await aPlacement(c, resident.id, apt.id, { startDate: '2026-01-01' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes a landlord’s early warning from the portal and answers with a receipt number and status only', async () => {
    const res = await portal.post('/api/landlord/reports', earlyWarning);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), receiptNumber: '2026-00001', status: 'received', receivedOn: '2026-11-23' });
    const second = await portal.post('/api/landlord/reports', { ...earlyWarning, tenantName: 'Alex Provsson' });
    expect(second.body.receiptNumber).toBe('2026-00002');
    const list = await portal.get('/api/landlord/reports');
    expect(list.body.total).toBe(2);
    expect(Object.keys(list.body.items[0]).sort()).toEqual(
      ['channel', 'id', 'kind', 'reasons', 'receiptNumber', 'receivedOn', 'status', 'tenantAddress', 'tenantName'].sort(),
    );
    // Another landlord sees none of them.
    expect((await otherPortal.get('/api/landlord/reports')).body.total).toBe(0);
  });

  it('names every wrong field, and stores nothing', async () => {
    const bad = await portal.post('/api/landlord/reports', {
      kind: 'termination_notice',
      reasons: ['disturbance'],
      tenantName: 'Kim Testsson',
      tenantAddress: 'Provgatan 3',
      tenantPersonalNumber: '19121212-1213',
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['reasons', 'servedOn', 'tenantPersonalNumber']));
    const empty = await portal.post('/api/landlord/reports', { kind: 'early_warning', reasons: [] });
    expect(empty.status).toBe(400);
    expect((await portal.get('/api/landlord/reports')).body.total).toBe(2);
  });

  it('keeps landlords out of staff routes and staff out of the portal (404, nothing revealed)', async () => {
    for (const url of ['/api/residents', `/api/eviction-reports?unitId=${t.unitA}`, '/api/landlords', '/api/units/x/staff']) {
      expect((await portal.get(url)).status, url).toBe(404);
    }
    expect((await (await t.as('caseworkerA')).get('/api/landlord/reports')).status).toBe(404);
    expect((await portal.get('/api/auth/session')).body.user).toMatchObject({ kind: 'landlord', units: [] });
  });

  it('lets staff register a report from Kronofogden and match it to the resident by personnummer', async () => {
    const c = await t.as('caseworkerA');
    const res = await c.post('/api/eviction-reports', {
      unitId: t.unitA,
      channel: 'kronofogden',
      receivedOn: '2026-11-20',
      landlordId: landlord.id,
      kind: 'eviction_notice',
      reasons: ['rent_arrears'],
      arrearsOre: 2_400_000,
      arrearsMonths: 4,
      evictionDate: '2026-12-15',
      tenantName: 'Kim Testsson',
      tenantAddress: 'Provgatan 3',
      tenantPersonalNumber: PNR,
    });
    expect(res.status, res.text).toBe(201);
    const report = await c.get(`/api/eviction-reports/${res.body.id}`);
    expect(report.body).toMatchObject({ channel: 'kronofogden', evictionDate: '2026-12-15', status: 'received' });
    expect(report.body.match.byPersonalNumber).toEqual([{ residentId: resident.id, name: 'Kim Testsson' }]);
    // The portal's report without a number: name and address suggest the same person, to confirm.
    const list = (await c.get(`/api/eviction-reports?unitId=${t.unitA}&status=received`)).body;
    expect(list).toHaveLength(3);
    const fromPortal = list.find((r: { receiptNumber: string }) => r.receiptNumber === '2026-00001');
    const suggested = (await c.get(`/api/eviction-reports/${fromPortal.id}`)).body.match;
    expect(suggested.byPersonalNumber).toEqual([]);
    expect(suggested.suggestions[0]).toEqual({ residentId: resident.id, name: 'Kim Testsson', strength: 'name_and_address' });
    // Unit B does not see unit A's reports; a read is audit-logged.
    expect((await (await t.as('caseworkerB')).get(`/api/eviction-reports/${res.body.id}`)).status).toBe(404);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'eviction_report')
      .where('entity_id', '=', res.body.id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'list', 'read']);
    expect(audit.find((a) => a.action === 'read')?.resident_id).toBe(resident.id);
  });

  it('takes attachments that are really PDF or images, within the size limit', async () => {
    const list = (await portal.get('/api/landlord/reports')).body.items;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1000, 32)]);
    const ok = await portal.request('POST', `/api/landlord/reports/${list[0].id}/attachments?fileName=varning.pdf`, pdf, {
      'content-type': 'application/pdf',
    });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body).toMatchObject({ filename: 'varning.pdf', contentType: 'application/pdf', sizeBytes: pdf.length });
    const fake = await portal.request(
      'POST',
      `/api/landlord/reports/${list[0].id}/attachments?fileName=x.pdf`,
      Buffer.from('MZ not a pdf'),
      {
        'content-type': 'application/pdf',
      },
    );
    expect(fake.status).toBe(400);
    expect(fake.body.error.fields[0].field).toBe('file');
    const huge = await portal.request(
      'POST',
      `/api/landlord/reports/${list[0].id}/attachments?fileName=big.pdf`,
      Buffer.alloc(6 * 1024 * 1024, 1),
      {
        'content-type': 'application/pdf',
      },
    );
    expect(huge.status).toBe(413);
    // Not another landlord's report.
    expect(
      (
        await otherPortal.request('POST', `/api/landlord/reports/${list[0].id}/attachments?fileName=a.pdf`, pdf, {
          'content-type': 'application/pdf',
        })
      ).status,
    ).toBe(404);
    // Staff download it (audit-logged).
    const c = await t.as('caseworkerA');
    const detail = (await c.get(`/api/eviction-reports/${list[0].id}`)).body;
    const file = await c.app.inject({
      method: 'GET',
      url: `/api/report-attachments/${detail.attachments[0].id}`,
      headers: { cookie: `kvarbo_session=${c.token}` },
    });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
  });

  it('takes reports from a landlord system with its key, once per external id, and refuses a revoked key', async () => {
    const admin = await t.as('admin');
    const created = await admin.post(`/api/admin/landlords/${landlord.id}/api-keys`, { label: 'Fastighetssystemet' });
    expect(created.status, created.text).toBe(201);
    const key = created.body.key as string;
    const send = (body: object, k = key) =>
      t.app.inject({ method: 'POST', url: '/api/landlord-api/reports', payload: body, headers: { authorization: `Bearer ${k}` } });
    const first = await send({ ...earlyWarning, externalId: 'ärende-77' });
    expect(first.statusCode, first.body).toBe(201);
    const again = await send({ ...earlyWarning, externalId: 'ärende-77' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ receiptNumber: first.json().receiptNumber, duplicate: true });
    expect((await send(earlyWarning, 'kvl_wrong')).statusCode).toBe(401);
    const stored = await t.db.kysely.selectFrom('landlord_api_keys').select('key_hash').execute();
    expect(stored.every((k) => k.key_hash !== key && k.key_hash.length === 64)).toBe(true);
    const revoke = await admin.post(`/api/admin/landlords/${landlord.id}/api-keys/${created.body.id}/revoke`);
    expect(revoke.status).toBe(204);
    expect((await send({ ...earlyWarning, externalId: 'ärende-78' })).statusCode).toBe(401);
    // The portal shows the system's reports too: they are the landlord's.
    expect((await portal.get('/api/landlord/reports')).body.items.some((r: { channel: string }) => r.channel === 'api')).toBe(true);
  });

  it('points a new report for a household with an open case to that case', async () => {
    const c = await t.as('caseworkerA');
    const first = await c.post('/api/eviction-reports', {
      unitId: t.unitA,
      channel: 'letter',
      kind: 'early_warning',
      reasons: ['neglect'],
      tenantName: 'Vera Vanvård',
      tenantAddress: 'Slarvgatan 5',
      tenantPersonalNumber: TEST_PERSONAL_NUMBERS[161]!,
    });
    const opened = await c.post('/api/eviction-cases', {
      unitId: t.unitA,
      reportId: first.body.id,
      householdAdults: 1,
      householdChildren: 0,
    });
    expect(opened.status, opened.text).toBe(201);
    const byNumber = await c.post('/api/eviction-reports', {
      unitId: t.unitA,
      channel: 'phone',
      kind: 'early_warning',
      reasons: ['disturbance'],
      tenantName: 'V. Vanvård',
      tenantAddress: 'Slarvgatan 5 lgh 1001',
      tenantPersonalNumber: TEST_PERSONAL_NUMBERS[161]!,
    });
    const byName = await c.post('/api/eviction-reports', {
      unitId: t.unitA,
      channel: 'email',
      kind: 'early_warning',
      reasons: ['other'],
      tenantName: 'vera vanvård',
      tenantAddress: 'SLARVGATAN 5',
    });
    const matchOf = async (id: string) => (await c.get(`/api/eviction-reports/${id}`)).body.match.openCases;
    expect(await matchOf(byNumber.body.id)).toEqual([expect.objectContaining({ caseId: opened.body.id, by: 'personal_number' })]);
    expect(await matchOf(byName.body.id)).toEqual([expect.objectContaining({ caseId: opened.body.id, by: 'name_and_address' })]);
    // Linked, the report is in the case and no longer suggests it.
    expect((await c.post(`/api/eviction-cases/${opened.body.id}/reports`, { reportId: byNumber.body.id })).status).toBe(200);
    expect(await matchOf(byNumber.body.id)).toEqual([]);
  });

  it('shows, in a case for a household that lives in the unit’s housing, the resident and the rent arrears', async () => {
    await t.services.charges.generate('2026-11', { unitIds: [t.unitA], actor: null });
    const charged = await t.db.kysely
      .selectFrom('rent_charges as c')
      .innerJoin('placements as p', 'p.id', 'c.placement_id')
      .select('c.amount_ore')
      .where('p.resident_id', '=', resident.id)
      .execute();
    expect(charged.length).toBeGreaterThan(0);
    const c = await t.as('caseworkerA');
    const opened = await c.post('/api/eviction-cases', {
      unitId: t.unitA,
      residentId: resident.id,
      tenantName: 'Kim Testsson',
      tenantAddress: 'Provgatan 3',
      householdAdults: 1,
      householdChildren: 0,
    });
    expect(opened.status, opened.text).toBe(201);
    expect(opened.body.resident).toEqual({
      residentId: resident.id,
      name: 'Kim Testsson',
      arrearsOre: charged.reduce((sum, x) => sum + x.amount_ore, 0),
    });
  });
});
