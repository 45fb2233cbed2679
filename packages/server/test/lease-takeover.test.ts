import { monthsBetween } from '@kvarbo/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/auth/tokens.ts';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// Taking over the lease (issue 7). Today is 2026-11-23. Four second-hand placements, each paying every month on
// its due date unless said otherwise:
//   Alva   from 2026-01-15: ten whole months, rent paid, no incidents, no debts        → eligible
//   Bo     from 2026-03-01: eight whole months                                           → close: months
//   Cilla  from 2026-01-01: October's rent paid on November 20, after the 15th (unpaid)  → close: rent
//   Dan    from 2026-01-01: a complaint from a neighbour on 2026-09-01                   → close: complaints
// and Eva, first-hand, who is not on the list at all.
describe.each(TEST_DIALECTS)('lease takeover on %s', (dialect) => {
  let t: TestApp;
  const ids: Record<string, { resident: string; placement: string }> = {};

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const c = await t.as('caseworkerA');
    const landlord = await aLandlord(c);
    const people: [string, string, Record<string, unknown>][] = [
      ['Alva', '2026-01-15', {}],
      ['Bo', '2026-03-01', {}],
      ['Cilla', '2026-01-01', {}],
      ['Dan', '2026-01-01', {}],
      ['Eva', '2026-01-01', { leaseForm: 'first_hand' }],
    ];
    let n = 170;
    for (const [name, start, extra] of people) {
      const apt = await anApartment(c, landlord.id, { monthlyRentOre: 500_000, type: 'housing_first' });
      const resident = await aResident(c, TEST_PERSONAL_NUMBERS[n++]!, { firstName: name, lastName: 'Provsson' });
      const placement = await aPlacement(c, resident.id, apt.id, { startDate: start, ...extra });
      ids[name] = { resident: resident.id, placement: placement.id };
    }
    for (const month of monthsBetween('2026-01', '2026-11')) await t.services.charges.generate(month, { unitIds: [t.unitA], actor: null });
    const charges = await t.db.kysely.selectFrom('rent_charges').select(['placement_id', 'month', 'due_date', 'amount_ore']).execute();
    for (const ch of charges) {
      const late = ch.placement_id === ids.Cilla!.placement && ch.month === '2026-10';
      const res = await c.post(`/api/placements/${ch.placement_id}/payments`, {
        bookingDate: late ? '2026-11-20' : ch.due_date,
        amountOre: ch.amount_ore,
      });
      expect(res.status, res.text).toBe(201);
    }
    await t.db.kysely
      .insertInto('incidents')
      .values({
        id: newId(),
        placement_id: ids.Dan!.placement,
        occurred_on: '2026-09-01',
        kind: 'disturbance_complaint',
        source: 'neighbour',
        severity: 'complaint',
        description: null,
        action_taken: 'Samtal med hyresgästen',
        created_by: null,
        created_at: new Date().toISOString(),
      })
      .execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the eligible first, then those one criterion away with the missing one named', async () => {
    const res = await (await t.as('caseworkerA')).get(`/api/lease-takeover?unitId=${t.unitA}`);
    expect(res.status, res.text).toBe(200);
    const row = (name: string) => res.body.items.find((i: { name: string }) => i.name === `${name} Provsson`);
    expect(res.body.items.map((i: { name: string }) => i.name)).toEqual(['Alva Provsson', 'Bo Provsson', 'Cilla Provsson', 'Dan Provsson']);
    expect(row('Alva')).toMatchObject({ months: 10, rentOk: true, noComplaints: true, debtsHandled: true, eligible: true, missing: [] });
    expect(row('Bo')).toMatchObject({ months: 8, eligible: false, close: true, missing: ['months'], monthsCompleteOn: '2026-12-01' });
    expect(row('Cilla')).toMatchObject({ months: 10, rentOk: false, debtsHandled: true, close: true, missing: ['rent'] });
    expect(row('Dan')).toMatchObject({ noComplaints: false, close: true, missing: ['complaints'] });
    expect(res.body.settings).toEqual({ minMonths: 9, rentWindowMonths: 6, complaintWindowMonths: 6, complaintMinSeverity: 'complaint' });
  });

  it('follows the unit’s thresholds, and names a bad one', async () => {
    const m = await t.as('managerA');
    const { version } = (await m.get(`/api/units/${t.unitA}/takeover-settings`)).body;
    const bad = await m.request('PUT', `/api/units/${t.unitA}/takeover-settings`, {
      version,
      minMonths: 0,
      rentWindowMonths: 6,
      complaintWindowMonths: 6,
      complaintMinSeverity: 'complaint',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('minMonths');
    // Eight months is enough for Bo; a complaint window of two months leaves Dan's September complaint behind.
    const ok = await m.request('PUT', `/api/units/${t.unitA}/takeover-settings`, {
      version,
      minMonths: 8,
      rentWindowMonths: 6,
      complaintWindowMonths: 2,
      complaintMinSeverity: 'complaint',
    });
    expect(ok.status, ok.text).toBe(200);
    const items = (await m.get(`/api/lease-takeover?unitId=${t.unitA}`)).body.items as { name: string; eligible: boolean }[];
    expect(items.filter((i) => i.eligible).map((i) => i.name)).toEqual(['Alva Provsson', 'Bo Provsson', 'Dan Provsson']);
    // Only a manager changes them.
    expect((await (await t.as('caseworkerA')).request('PUT', `/api/units/${t.unitA}/takeover-settings`, ok.body)).status).toBe(404);
  });

  it('prints the CLI rows in the issue’s form', async () => {
    const rows = await t.services.leaseTakeover.forCli('2026-11-23');
    const alva = rows.find((r) => r.placementId === ids.Alva!.placement)!;
    expect(Object.keys(alva)).toEqual(['residentId', 'placementId', 'months', 'rentOk', 'noComplaints', 'debtsHandled', 'eligible']);
    expect(alva).toEqual({
      residentId: ids.Alva!.resident,
      placementId: ids.Alva!.placement,
      months: 10,
      rentOk: true,
      noComplaints: true,
      debtsHandled: true,
      eligible: true,
    });
    expect(rows.some((r) => r.placementId === ids.Eva!.placement)).toBe(false);
  });

  it('records a takeover: the second-hand placement ends as "took over the lease" and counts as housed', async () => {
    const c = await t.as('caseworkerA');
    const versionOf = async (id: string) => (await c.get(`/api/placements/${id}`)).body.version as number;
    const res = await c.post(`/api/placements/${ids.Alva!.placement}/takeover`, {
      version: await versionOf(ids.Alva!.placement),
      takenOverOn: '2026-12-01',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ endDate: '2026-11-30', endReason: 'took_over_lease' });
    const firstHand = await c.post(`/api/placements/${ids.Eva!.placement}/takeover`, {
      version: await versionOf(ids.Eva!.placement),
      takenOverOn: '2026-12-01',
    });
    expect(firstHand.status).toBe(400);
    expect(
      (await (await t.as('caseworkerB')).post(`/api/placements/${ids.Bo!.placement}/takeover`, { version: 1, takenOverOn: '2026-12-01' }))
        .status,
    ).toBe(404);
    const audit = await t.db.kysely.selectFrom('audit_log').select('entity').where('entity', '=', 'lease_takeover').execute();
    expect(audit.length).toBeGreaterThan(0);
  });
});
