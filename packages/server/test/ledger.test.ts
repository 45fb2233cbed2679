import { checkOcrReference } from '@kvarbo/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

describe.each(TEST_DIALECTS)('rent ledger on %s', (dialect) => {
  let t: TestApp;
  let n = 120;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function aPlacementWithRent(overrides: Record<string, unknown> = {}, rentOre = 600_000) {
    const c = await t.as('caseworkerA');
    const apt = await anApartment(c, (await aLandlord(c)).id, { monthlyRentOre: rentOre });
    const res = await aResident(c, TEST_PERSONAL_NUMBERS[n++]!);
    const p = await aPlacement(c, res.id, apt.id, { startDate: '2026-01-01', ...overrides });
    return { c, apt, res, p };
  }

  const generate = async (month: string) => (await (await t.as('managerA')).post('/api/charges/generate', { month, unitId: t.unitA })).body;

  it('gives every placement a distinct OCR reference that passes Bankgirot’s hard check', async () => {
    const a = await aPlacementWithRent();
    const b = await aPlacementWithRent();
    expect(a.p.ocrReference).not.toEqual(b.p.ocrReference);
    for (const ref of [a.p.ocrReference, b.p.ocrReference]) expect(checkOcrReference(ref)).toEqual({ ok: true, hard: true });
    expect((await a.c.get(`/api/placements/${a.p.id}`)).body.ocrReference).toBe(a.p.ocrReference);
  });

  it('gives placements created at the same moment different OCR references', async () => {
    const c = await t.as('caseworkerA');
    const landlord = await aLandlord(c);
    const pairs = await Promise.all(
      [0, 1, 2, 3].map(async () => ({ apt: await anApartment(c, landlord.id), res: await aResident(c, TEST_PERSONAL_NUMBERS[n++]!) })),
    );
    const created = await Promise.all(
      pairs.map(({ apt, res }) => c.post('/api/placements', { residentId: res.id, apartmentId: apt.id, startDate: '2026-01-01' })),
    );
    expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(created.map((r) => r.body.ocrReference)).size).toBe(4);
  });

  it('creates a month’s charges once, with the statutory due date and proration', async () => {
    const full = await aPlacementWithRent();
    const partial = await aPlacementWithRent({ startDate: '2027-01-16' }, 620_000);
    const first = await generate('2027-01');
    expect(first.created).toBeGreaterThanOrEqual(2);
    const again = await generate('2027-01');
    expect(again.created).toBe(0);
    expect(again.existing).toBe(first.created + first.existing);

    const ledger = (await full.c.get(`/api/placements/${full.p.id}/ledger`)).body;
    expect(ledger.charges).toEqual([
      expect.objectContaining({ month: '2027-01', dueDate: '2026-12-30', amountOre: 600_000, days: 31, daysInMonth: 31 }),
    ]);
    const prorated = (await full.c.get(`/api/placements/${partial.p.id}/ledger`)).body;
    // 16 of 31 days of 6 200 kr = 3 200 kr exactly.
    expect(prorated.charges).toEqual([expect.objectContaining({ month: '2027-01', amountOre: 320_000, days: 16, dueDate: '2027-01-16' })]);
  });

  it('allocates payments oldest first, keeps overpayment as credit, and shows each month’s status', async () => {
    const { c, p } = await aPlacementWithRent({ startDate: '2026-09-01' });
    for (const m of ['2026-09', '2026-10', '2026-11']) await generate(m);
    // September paid on its due date, October late (5th), November partly.
    for (const [date, amount] of [
      ['2026-08-31', 600_000],
      ['2026-10-05', 600_000],
      ['2026-11-10', 250_000],
    ] as const) {
      expect((await c.post(`/api/placements/${p.id}/payments`, { bookingDate: date, amountOre: amount, method: 'bankgiro' })).status).toBe(
        201,
      );
    }
    let ledger = (await c.get(`/api/placements/${p.id}/ledger`)).body;
    expect(ledger.months.map((m: { month: string; status: string; openOre: number }) => [m.month, m.status, m.openOre])).toEqual([
      ['2026-09', 'on_time', 0],
      ['2026-10', 'late', 0],
      ['2026-11', 'unpaid', 350_000],
    ]);
    expect(ledger.balanceOre).toBe(350_000);

    await c.post(`/api/placements/${p.id}/payments`, { bookingDate: '2026-11-20', amountOre: 500_000, method: 'swish' });
    ledger = (await c.get(`/api/placements/${p.id}/ledger`)).body;
    expect(ledger.creditOre).toBe(150_000);
    expect(ledger.balanceOre).toBe(-150_000);
    expect(ledger.months[2]).toMatchObject({ status: 'unpaid', openOre: 0, paidInFullOn: '2026-11-20' });
  });

  it('corrects by reversal, never by edit: a bounced payment reopens the month', async () => {
    const { c, p } = await aPlacementWithRent({ startDate: '2026-10-01' });
    await generate('2026-10');
    const paid = (await c.post(`/api/placements/${p.id}/payments`, { bookingDate: '2026-09-30', amountOre: 600_000 })).body;
    const reversal = await c.post(`/api/payments/${paid.id}/reverse`, { bookingDate: '2026-10-03', note: 'Återförd av banken' });
    expect(reversal.status).toBe(201);
    expect(reversal.body).toMatchObject({ amountOre: -600_000, reversesPaymentId: paid.id });
    const ledger = (await c.get(`/api/placements/${p.id}/ledger`)).body;
    expect(ledger.payments).toHaveLength(2);
    expect(ledger.months[0]).toMatchObject({ status: 'unpaid', openOre: 600_000 });
    const twice = await c.post(`/api/payments/${paid.id}/reverse`, { note: 'igen' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ALREADY_REVERSED');
  });

  it('applies a rent change from a chosen month on, correcting charges already made by credit note and reissue', async () => {
    const { c, apt, p } = await aPlacementWithRent({ startDate: '2026-10-01' });
    for (const m of ['2026-10', '2026-11', '2026-12']) await generate(m);
    const change = await c.post(`/api/apartments/${apt.id}/rent-changes`, { fromMonth: '2026-12', monthlyRentOre: 630_000 });
    expect(change.status).toBe(201);
    expect(change.body.corrected).toBe(1);
    await generate('2027-01');
    const ledger = (await c.get(`/api/placements/${p.id}/ledger`)).body;
    expect(ledger.months.map((m: { month: string; amountOre: number }) => [m.month, m.amountOre])).toEqual([
      ['2026-10', 600_000],
      ['2026-11', 600_000],
      ['2026-12', 630_000],
      ['2027-01', 630_000],
    ]);
    expect(ledger.charges.filter((x: { amountOre: number }) => x.amountOre < 0)).toEqual([
      expect.objectContaining({ month: '2026-12', amountOre: -600_000 }),
    ]);
    const placementOnly = await c.post(`/api/placements/${p.id}/rent-changes`, { fromMonth: '2027-02', monthlyRentOre: 500_000 });
    expect(placementOnly.status).toBe(201);
    await generate('2027-02');
    const after = (await c.get(`/api/placements/${p.id}/ledger`)).body;
    expect(after.months.at(-1)).toMatchObject({ month: '2027-02', amountOre: 500_000 });
  });

  it('records rent allowance payouts only where the rent is in the daily fee', async () => {
    const included = await aPlacementWithRent({ rentIncludedInDailyFee: true, rentAllowanceOre: 600_000 });
    const res = await included.c.post(`/api/placements/${included.p.id}/rent-allowances`, { paidOn: '2026-11-25', amountOre: 600_000 });
    expect(res.status).toBe(201);
    expect((await included.c.get(`/api/placements/${included.p.id}/ledger`)).body.allowancePayouts).toEqual([
      expect.objectContaining({ paidOn: '2026-11-25', amountOre: 600_000 }),
    ]);
    const plain = await aPlacementWithRent();
    expect((await plain.c.post(`/api/placements/${plain.p.id}/rent-allowances`, { paidOn: '2026-11-25', amountOre: 1 })).status).toBe(400);
  });

  it('leaves out placements whose resident pays no rent to the unit', async () => {
    const { c, p } = await aPlacementWithRent({ residentPaysRent: false, startDate: '2028-03-01' });
    await generate('2028-03');
    expect((await c.get(`/api/placements/${p.id}/ledger`)).body.charges).toEqual([]);
  });

  it('audit-logs ledger reads and payments, and keeps other units out', async () => {
    const { c, p, res } = await aPlacementWithRent();
    await c.get(`/api/residents/${res.id}/ledger`);
    await c.post(`/api/placements/${p.id}/payments`, { bookingDate: '2026-11-01', amountOre: 100 });
    const rows = await t.db.kysely.selectFrom('audit_log').select(['entity', 'action']).where('resident_id', '=', res.id).execute();
    expect(rows).toEqual(
      expect.arrayContaining([
        { entity: 'ledger', action: 'read' },
        { entity: 'payment', action: 'create' },
      ]),
    );
    const b = await t.as('caseworkerB');
    expect((await b.get(`/api/placements/${p.id}/ledger`)).status).toBe(404);
    expect((await b.post(`/api/placements/${p.id}/payments`, { bookingDate: '2026-11-01', amountOre: 100 })).status).toBe(404);
    expect((await (await t.as('caseworkerA')).post('/api/charges/generate', { month: '2026-12', unitId: t.unitA })).status).toBe(403);
  });
});
