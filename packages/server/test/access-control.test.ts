import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { requireAccessDeclarations } from '../src/http/access-policy.ts';
import { aCommissioner, aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { login, PASSWORD, startTestApp, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

const POLICIES = ['public', 'authenticated', 'staff', 'admin', 'landlord'];

describe('route access declarations', () => {
  it('refuses to register a route that declares no access policy', async () => {
    const app = Fastify();
    requireAccessDeclarations(app);
    expect(() => app.get('/api/forgotten', async () => 'oops')).toThrow(/declares no access policy/);
    await app.close();
  });
});

describe.each(TEST_DIALECTS)('access control on %s', (dialect) => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const secrets: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    // Unit B's person, the one unit A must never see.
    const b = await t.as('caseworkerB');
    const landlord = await aLandlord(b);
    const aptB = await anApartment(b, landlord.id, { address: 'Hemliga gatan 1' });
    const resB = await aResident(b, TEST_PERSONAL_NUMBERS[100]!, { firstName: 'Sekreta', lastName: 'Personsson' });
    const placementB = await aPlacement(b, resB.id, aptB.id);
    await b.post(`/api/residents/${resB.id}/notes`, { body: 'Känslig anteckning' });
    Object.assign(ids, { residentB: resB.id, placementB: placementB.id, apartmentB: aptB.id, landlord: landlord.id });

    // Unit A's person, to check what the analyst of unit A may see.
    const a = await t.as('caseworkerA');
    const aptA = await anApartment(a, landlord.id);
    const commissioner = await aCommissioner(a);
    const resA = await aResident(a, TEST_PERSONAL_NUMBERS[101]!, {
      firstName: 'Analysina',
      lastName: 'Doldsson',
      householdChildren: 2,
      commissionerId: commissioner.id,
    });
    const placementA = await aPlacement(a, resA.id, aptA.id, { startDate: '2026-03-01' });
    Object.assign(ids, { residentA: resA.id, placementA: placementA.id, apartmentA: aptA.id, commissioner: commissioner.id });
    for (const r of [resA, resB]) secrets.push(r.firstName, r.lastName, r.personalNumber, r.personalNumber.replace('-', '').slice(2));
  });
  afterAll(async () => {
    await t?.close();
  });

  const apiRoutes = () =>
    t.app.declaredRoutes.filter((r) => r.url.startsWith('/api') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD');

  function fill(url: string, which: 'A' | 'B'): string {
    return url
      .replace(':unitId', which === 'A' ? t.unitA : t.unitB)
      .replace(':contactId', 'none')
      .replace(/^(\/api\/residents\/):id/, `$1${ids[`resident${which}`]}`)
      .replace(/^(\/api\/placements\/):id/, `$1${ids[`placement${which}`]}`)
      .replace(/^(\/api\/apartments\/):id/, `$1${ids[`apartment${which}`]}`)
      .replace(/^(\/api\/landlords\/):id/, `$1${ids.landlord}`)
      .replace(/^(\/api\/commissioners\/):id/, `$1${ids.commissioner}`)
      .replace(':id', 'unknown');
  }

  it('every route declares one of the known policies, and person routes a scope', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(30);
    for (const r of routes) {
      expect(POLICIES, `${r.method} ${r.url}`).toContain(r.access);
      if (/^\/api\/(residents|placements|apartments)\/:id/.test(r.url)) expect(r.scope, `${r.method} ${r.url}`).toBeDefined();
    }
  });

  it('answers 401 to anonymous callers on every route that is not public', async () => {
    for (const r of apiRoutes().filter((x) => x.access !== 'public')) {
      const res = await t.anonymous.request(r.method, fill(r.url, 'A'), r.method === 'GET' ? undefined : {});
      expect(res.status, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('answers 404 to a caseworker of unit A on every person-scoped route for unit B’s records, and writes nothing', async () => {
    const a = await t.as('caseworkerA');
    const scoped = apiRoutes().filter((r) => r.scope);
    expect(scoped.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'GET /api/residents/:id',
        'PATCH /api/residents/:id',
        'GET /api/residents/:id/notes',
        'POST /api/residents/:id/notes',
        'GET /api/placements/:id',
        'POST /api/placements/:id/end',
      ]),
    );
    const auditBefore = await auditCount();
    for (const r of scoped) {
      const body = r.method === 'GET' ? undefined : { firstName: 'Changed', body: 'x', endDate: '2026-12-31', endReason: 'other' };
      const res = await a.request(r.method, fill(r.url, 'B'), body);
      expect(res.status, `${r.method} ${r.url}`).toBe(404);
      for (const s of secrets.slice(4)) expect(res.text, `${r.method} ${r.url}`).not.toContain(s);
    }
    expect(await auditCount()).toBe(auditBefore);
    const stillB = await (await t.as('caseworkerB')).get(`/api/residents/${ids.residentB}`);
    expect(stillB.body.firstName).toBe('Sekreta');
  });

  it('leaves unit B’s persons out of unit A’s lists and refuses to place them', async () => {
    const a = await t.as('caseworkerA');
    for (const url of [
      '/api/residents?pageSize=200',
      '/api/placements?pageSize=200',
      '/api/apartments?pageSize=200',
      `/api/residents?unitId=${t.unitB}`,
    ]) {
      const res = await a.get(url);
      expect(res.status, url).toBe(200);
      expect(res.text, url).not.toContain('Sekreta');
      expect(res.text, url).not.toContain('Hemliga gatan');
    }
    const place = await a.post('/api/placements', { residentId: ids.residentB, apartmentId: ids.apartmentA, startDate: '2027-01-01' });
    expect(place.status).toBe(400);
    expect(place.body.error.fields[0].field).toBe('residentId');
  });

  it('never gives an analyst a name or a personal number, on any route', async () => {
    const analyst = await t.as('analystA');
    for (const r of apiRoutes().filter((x) => x.method === 'GET')) {
      const res = await analyst.get(fill(r.url, 'A'));
      for (const s of secrets) expect(res.text, `GET ${r.url} (${res.status})`).not.toContain(s);
    }
    const overview = await analyst.get(`/api/stats/units/${t.unitA}/overview`);
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({
      activePlacements: 1,
      childrenInHouseholds: 2,
      householdsWithChildren: 1,
      apartmentsByType: { training: 1 },
    });
    expect((await analyst.get(`/api/stats/units/${t.unitB}/overview`)).status).toBe(404);
  });

  it('answers 404 to a landlord account on every staff and admin route, and writes nothing', async () => {
    const created = await (
      await t.as('admin')
    ).post('/api/admin/users', {
      username: 'hyresvard.access',
      displayName: 'Hyresvärd',
      password: PASSWORD,
      landlordId: ids.landlord,
    });
    expect(created.status, created.text).toBe(201);
    const landlord = await login(t.app, 'hyresvard.access', PASSWORD);
    const auditBefore = await auditCount();
    const routes = apiRoutes().filter((r) => r.access === 'staff' || r.access === 'admin');
    expect(routes.length).toBeGreaterThan(30);
    for (const r of routes) {
      const res = await landlord.request(r.method, fill(r.url, 'A'), r.method === 'GET' ? undefined : {});
      expect(res.status, `${r.method} ${r.url}`).toBe(404);
      for (const s of secrets) expect(res.text, `${r.method} ${r.url}`).not.toContain(s);
    }
    expect(await auditCount()).toBe(auditBefore);
  });

  it('shows an admin without a unit no case data', async () => {
    const admin = await t.as('adminOnly');
    expect((await admin.get('/api/residents')).body.items).toEqual([]);
    expect((await admin.get(`/api/residents/${ids.residentA}`)).status).toBe(404);
    expect((await admin.get('/api/admin/users')).status).toBe(200);
  });

  async function auditCount() {
    const r = await t.db.kysely
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
});
