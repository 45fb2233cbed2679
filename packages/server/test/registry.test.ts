import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { aCommissioner, aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

const pnr = (i: number) => {
  const n = TEST_PERSONAL_NUMBERS[i]!;
  return `${n.slice(0, 8)}-${n.slice(8)}`;
};

describe.each(TEST_DIALECTS)('registry API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates and reads back a landlord with contacts', async () => {
    const c = await t.as('caseworkerA');
    const created = await aLandlord(c, { name: 'Hyresbo Söder AB', organisationNumber: '556000-0000', email: 'info@hyresbo.example' });
    const contact = await c.post(`/api/landlords/${created.id}/contacts`, {
      name: 'Åsa Förvaltare',
      title: 'Kundansvarig',
      phone: '08-555 123',
    });
    expect(contact.status).toBe(201);
    const read = await c.get(`/api/landlords/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ name: 'Hyresbo Söder AB', organisationNumber: '556000-0000', email: 'info@hyresbo.example' });
    expect(read.body.contacts).toEqual([expect.objectContaining({ name: 'Åsa Förvaltare', title: 'Kundansvarig', phone: '08-555 123' })]);

    const patched = await c.patch(`/api/landlords/${created.id}`, { version: read.body.version, phone: '08-000 111' });
    expect(patched.body).toMatchObject({ name: 'Hyresbo Söder AB', phone: '08-000 111', email: 'info@hyresbo.example' });

    const contactId = read.body.contacts[0].id;
    expect((await c.delete(`/api/landlords/${created.id}/contacts/${contactId}`)).status).toBe(204);
    expect((await c.get(`/api/landlords/${created.id}`)).body.contacts).toEqual([]);
  });

  it('searches landlords case-insensitively, also in å ä ö, and pages', async () => {
    const c = await t.as('caseworkerA');
    await aLandlord(c, { name: 'Örebrohem Ägarbolag AB' });
    const res = await c.get(`/api/landlords?q=${encodeURIComponent('ÖREBRO')}`);
    expect(res.body.items.map((l: { name: string }) => l.name)).toEqual(['Örebrohem Ägarbolag AB']);
    const page = await c.get('/api/landlords?pageSize=1&page=2&sort=-name');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThanOrEqual(2);
    expect(page.body.page).toBe(2);
  });

  it('creates and reads back a commissioning agency', async () => {
    const c = await t.as('managerA');
    const created = await aCommissioner(c, {
      name: 'Kriminalvården Frivård Stockholm',
      kind: 'kriminalvarden',
      contactName: 'Per Handläggare',
      email: 'frivard@kv.example',
    });
    const read = await c.get(`/api/commissioners/${created.id}`);
    expect(read.body).toMatchObject({ name: 'Kriminalvården Frivård Stockholm', kind: 'kriminalvarden', contactName: 'Per Handläggare' });
    const list = await c.get('/api/commissioners?sort=kind');
    expect(list.body.items.some((x: { id: string }) => x.id === created.id)).toBe(true);
  });

  it('creates and reads back an apartment, normalising the postcode', async () => {
    const c = await t.as('hostA');
    const landlord = await aLandlord(c);
    const apt = await anApartment(c, landlord.id, {
      address: 'Sjöviksvägen 12',
      postcode: '11767',
      type: 'housing_first',
      rooms: 1,
      kitchen: 'kokvra',
      areaSqm: 31.5,
      monthlyRentOre: 512_300,
    });
    const read = await c.get(`/api/apartments/${apt.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      unitId: t.unitA,
      landlordId: landlord.id,
      landlordName: landlord.name,
      address: 'Sjöviksvägen 12',
      postcode: '117 67',
      type: 'housing_first',
      rooms: 1,
      kitchen: 'kokvra',
      areaSqm: 31.5,
      monthlyRentOre: 512_300,
      unitHoldsFirstHandLease: true,
      currentResident: null,
    });
    const list = await c.get('/api/apartments?type=housing_first&sort=-monthlyRentOre');
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain(apt.id);
  });

  it('creates and reads back a resident with a personnummer in any usual form', async () => {
    const c = await t.as('caseworkerA');
    const commissioner = await aCommissioner(c);
    const raw = TEST_PERSONAL_NUMBERS[10]!; // YYYYMMDDNNNC
    const res = await aResident(c, raw.slice(2, 8) + '-' + raw.slice(8), {
      firstName: 'Märta',
      lastName: 'Östlund',
      commissionerId: commissioner.id,
      commissionerContact: 'Lena Handläggare',
      contactPersonId: t.userIds.caseworkerA,
      householdAdults: 1,
      householdChildren: 2,
    });
    const read = await c.get(`/api/residents/${res.id}`);
    expect(read.body).toMatchObject({
      firstName: 'Märta',
      lastName: 'Östlund',
      idKind: 'personnummer',
      personalNumber: `${raw.slice(0, 8)}-${raw.slice(8)}`,
      birthDate: `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`,
      commissionerId: commissioner.id,
      commissionerName: commissioner.name,
      contactPersonName: 'Test caseworkerA',
      householdChildren: 2,
      currentPlacement: null,
    });
    const found = await c.get(`/api/residents?q=${encodeURIComponent('östl')}`);
    expect(found.body.items.map((r: { id: string }) => r.id)).toEqual([res.id]);
    const byNumber = await c.get(`/api/residents?q=${raw.slice(2, 8)}-${raw.slice(8)}`);
    expect(byNumber.body.items.map((r: { id: string }) => r.id)).toEqual([res.id]);
  });

  it('accepts a resident without an identity number only with a reason', async () => {
    const c = await t.as('caseworkerA');
    const bad = await c.post('/api/residents', { firstName: 'Ny', lastName: 'Person', idKind: 'none' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([expect.objectContaining({ field: 'noIdReason', code: 'required' })]);
    const ok = await aResident(c, null, { noIdReason: 'Papperslös, utreds' });
    expect(ok).toMatchObject({ idKind: 'none', personalNumber: null, noIdReason: 'Papperslös, utreds' });
  });

  it('refuses a second resident with the same personnummer in the organisation', async () => {
    const c = await t.as('caseworkerA');
    await aResident(c, pnr(20));
    const dup = await c.post('/api/residents', { firstName: 'A', lastName: 'B', idKind: 'personnummer', personalNumber: pnr(20) });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('DUPLICATE_PERSONAL_NUMBER');
  });

  it('creates a placement, reads it back and ends it with a reason', async () => {
    const c = await t.as('caseworkerA');
    const apt = await anApartment(c, (await aLandlord(c)).id);
    const res = await aResident(c, pnr(30));
    const p = await aPlacement(c, res.id, apt.id, {
      startDate: '2026-02-01',
      rentIncludedInDailyFee: true,
      dailyFeeOre: 95_000,
      rentAllowanceOre: 600_000,
    });
    const read = await c.get(`/api/placements/${p.id}`);
    expect(read.body).toMatchObject({
      residentId: res.id,
      apartmentId: apt.id,
      startDate: '2026-02-01',
      endDate: null,
      leaseForm: 'second_hand',
      rentIncludedInDailyFee: true,
      dailyFeeOre: 95_000,
      rentAllowanceOre: 600_000,
      monthlyRentOre: null,
      effectiveMonthlyRentOre: 650_000,
    });
    expect((await c.get(`/api/residents/${res.id}`)).body.currentPlacement.id).toBe(p.id);
    const listed = await c.get(`/api/residents?q=${encodeURIComponent(res.lastName)}`);
    expect(listed.body.items[0].currentPlacement).toMatchObject({ id: p.id, apartmentAddress: apt.address });
    const searched = await c.get(`/api/placements?q=${encodeURIComponent(apt.address)}`);
    expect(searched.body.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    const byName = await c.get(`/api/placements?q=${encodeURIComponent(res.lastName.toUpperCase())}`);
    expect(byName.body.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect((await c.get(`/api/apartments/${apt.id}`)).body.currentResident).toEqual({
      id: res.id,
      name: `${res.firstName} ${res.lastName}`,
    });

    const ended = await c.post(`/api/placements/${p.id}/end`, {
      version: p.version,
      endDate: '2026-10-31',
      endReason: 'own_first_hand_lease',
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ endDate: '2026-10-31', endReason: 'own_first_hand_lease' });
    expect((await c.get(`/api/residents/${res.id}`)).body.currentPlacement).toBeNull();
    const history = await c.get(`/api/residents/${res.id}/placements`);
    expect(history.body.map((x: { id: string }) => x.id)).toEqual([p.id]);
  });

  it('refuses overlapping placements for a resident or an apartment and writes nothing', async () => {
    const c = await t.as('caseworkerA');
    const landlord = await aLandlord(c);
    const apt1 = await anApartment(c, landlord.id);
    const apt2 = await anApartment(c, landlord.id);
    const r1 = await aResident(c, pnr(40));
    const r2 = await aResident(c, pnr(41));
    const first = await aPlacement(c, r1.id, apt1.id, { startDate: '2026-01-01', endDate: '2026-06-30', endReason: 'moved_other_housing' });
    const count = async () =>
      Number(
        (
          await t.db.kysely
            .selectFrom('placements')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();

    const sameResident = await c.post('/api/placements', { residentId: r1.id, apartmentId: apt2.id, startDate: '2026-06-30' });
    expect(sameResident.status).toBe(409);
    expect(sameResident.body.error.code).toBe('PLACEMENT_OVERLAP_RESIDENT');
    expect(sameResident.body.error.conflict).toMatchObject({ id: first.id, startDate: '2026-01-01', endDate: '2026-06-30' });
    expect(sameResident.body.error.message).toMatch(/överlappar/);

    const sameApartment = await c.post('/api/placements', {
      residentId: r2.id,
      apartmentId: apt1.id,
      startDate: '2026-03-01',
      endDate: '2026-03-31',
      endReason: 'other',
    });
    expect(sameApartment.status).toBe(409);
    expect(sameApartment.body.error.code).toBe('PLACEMENT_OVERLAP_APARTMENT');
    expect(await count()).toBe(before);

    // The day after the last day is free, for the same resident and for the apartment.
    await aPlacement(c, r2.id, apt1.id, { startDate: '2026-07-01' });
    await aPlacement(c, r1.id, apt2.id, { startDate: '2026-07-01' });
    expect(await count()).toBe(before + 2);

    // Editing an existing placement is checked too: extending the first one into the second is refused.
    const extend = await c.patch(`/api/placements/${first.id}`, { version: first.version, endDate: '2026-07-15' });
    expect(extend.status).toBe(409);
    expect((await c.get(`/api/placements/${first.id}`)).body.endDate).toBe('2026-06-30');
  });

  it('answers 400 naming the field for invalid input, in Swedish by default and English on request', async () => {
    const c = await t.as('caseworkerA');
    const wrongCheck = await c.post('/api/residents', {
      firstName: 'A',
      lastName: 'B',
      idKind: 'personnummer',
      personalNumber: '811218-9875',
    });
    expect(wrongCheck.status).toBe(400);
    expect(wrongCheck.body.error.fields).toEqual([
      { field: 'personalNumber', code: 'checksum', message: expect.stringMatching(/Kontrollsiffran/) },
    ]);

    const missing = await c.post('/api/landlords', { phone: '08-1' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual([expect.objectContaining({ field: 'name', code: 'required' })]);

    const badDate = await c.post('/api/placements', { residentId: 'x', apartmentId: 'y', startDate: '2026-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.fields).toEqual([expect.objectContaining({ field: 'startDate', code: 'date' })]);

    const landlord = await aLandlord(c);
    const badPostcode = await c.request(
      'POST',
      '/api/apartments',
      { landlordId: landlord.id, address: 'X 1', postcode: '1234', city: 'S', rooms: 1, areaSqm: 30, monthlyRentOre: 1, type: 'training' },
      { 'accept-language': 'en' },
    );
    expect(badPostcode.status).toBe(400);
    expect(badPostcode.body.error.fields).toEqual([
      { field: 'postcode', code: 'postcode', message: 'Enter a five-digit postcode, e.g. 123 45.' },
    ]);

    const badType = await c.post('/api/apartments', {
      landlordId: landlord.id,
      address: 'X 1',
      postcode: '12345',
      city: 'S',
      rooms: 1,
      areaSqm: 30,
      monthlyRentOre: 1.5,
      type: 'castle',
    });
    expect(badType.status).toBe(400);
    expect(badType.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['monthlyRentOre', 'type']);

    const endBeforeStart = await c.post('/api/placements', {
      residentId: (await aResident(c, pnr(50))).id,
      apartmentId: (await anApartment(c, landlord.id)).id,
      startDate: '2026-05-01',
      endDate: '2026-04-30',
      endReason: 'other',
    });
    expect(endBeforeStart.status).toBe(400);
    expect(endBeforeStart.body.error.fields).toEqual([expect.objectContaining({ field: 'endDate', code: 'end_before_start' })]);
  });

  it('refuses a resident under 18 (on a day when a listed 2006-born test person was still a minor)', async () => {
    const born2006 = TEST_PERSONAL_NUMBERS.find((n) => n.startsWith('2006'))!;
    const early = await startTestApp(dialect, {}, '2020-06-01');
    try {
      const c = await early.as('caseworkerA');
      const res = await c.post('/api/residents', { firstName: 'A', lastName: 'B', idKind: 'personnummer', personalNumber: born2006 });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0]).toMatchObject({ field: 'personalNumber', code: 'under_18' });
      // The same person is accepted once adult (the shared app's clock is 2026).
      expect(
        (
          await (
            await t.as('caseworkerA')
          ).post('/api/residents', { firstName: 'A', lastName: 'B', idKind: 'personnummer', personalNumber: born2006 })
        ).status,
      ).toBe(201);
    } finally {
      await early.close();
    }
  });

  it('keeps notes on a resident, newest first', async () => {
    const c = await t.as('caseworkerA');
    const r = await aResident(c, pnr(60));
    expect((await c.post(`/api/residents/${r.id}/notes`, { body: 'Hembesök, allt lugnt.' })).status).toBe(201);
    const notes = await c.get(`/api/residents/${r.id}/notes`);
    expect(notes.body).toEqual([expect.objectContaining({ body: 'Hembesök, allt lugnt.', authorName: 'Test caseworkerA' })]);
  });
});
