import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { fixedClock } from '../src/services/context.ts';
import { createServices } from '../src/services/index.ts';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// Hand-built: three residents from August 2026 (rent 6 000 kr, due Jul 31, Aug 31, Sep 30):
//   A pays every month on the due date           → Aug on time, Sep on time, Oct on time
//   B pays September's rent on Sep 5              → Aug on time, Sep late,    Oct on time
//   C pays nothing for October                    → Aug on time, Sep on time, Oct unpaid
// and three earlier stays for retention (today 2026-11-23):
//   D 2025-01-01 – 2025-09-30, terminated for arrears (housed at 6 months, not at 12)
//   E 2025-02-01 – 2025-12-31, own first-hand lease  (housed: a success)
//   F 2025-03-01 – ongoing                           (housed)
describe.each(TEST_DIALECTS)('statistics on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const c = await t.as('caseworkerA');
    const landlord = await aLandlord(c);
    let n = 195;
    const place = async (start: string, extra: Record<string, unknown> = {}) => {
      const apt = await anApartment(c, landlord.id, { monthlyRentOre: 600_000 });
      const res = await aResident(c, TEST_PERSONAL_NUMBERS[n++]!);
      return aPlacement(c, res.id, apt.id, { startDate: start, ...extra });
    };
    const [a, b, cc] = [await place('2026-08-01'), await place('2026-08-01'), await place('2026-08-01')];
    await place('2025-01-01', { endDate: '2025-09-30', endReason: 'terminated_rent_arrears' });
    await place('2025-02-01', { endDate: '2025-12-31', endReason: 'own_first_hand_lease' });
    await place('2025-03-01', { residentPaysRent: false });
    for (const month of ['2026-08', '2026-09', '2026-10']) await t.services.charges.generate(month, { unitIds: [t.unitA], actor: null });
    const pay = (p: { id: string }, date: string) => c.post(`/api/placements/${p.id}/payments`, { bookingDate: date, amountOre: 600_000 });
    for (const d of ['2026-07-31', '2026-08-31', '2026-09-30']) await pay(a, d);
    for (const d of ['2026-07-31', '2026-09-05', '2026-09-30']) await pay(b, d);
    for (const d of ['2026-07-31', '2026-08-31']) await pay(cc, d);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts residents on time, late and unpaid per month, with shares of final months', async () => {
    const res = await (await t.as('managerA')).get(`/api/stats/rent-summary?unitId=${t.unitA}&from=2026-07&to=2026-10`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.months.map((m: Record<string, unknown>) => [m.month, m.onTime, m.late, m.unpaid, m.open])).toEqual([
      ['2026-07', 0, 0, 0, 0],
      ['2026-08', 3, 0, 0, 0],
      ['2026-09', 2, 1, 0, 0],
      ['2026-10', 2, 0, 1, 0],
    ]);
    expect(res.body.months[2].shareLate).toBeCloseTo(1 / 3, 10);
    expect(res.body.months[0].shareOnTime).toBeNull();
  });

  it('filters by apartment type (and by agency and contact person)', async () => {
    const m = await t.as('managerA');
    const base = `/api/stats/rent-summary?unitId=${t.unitA}&from=2026-09&to=2026-09`;
    const training = (await m.get(`${base}&apartmentType=training`)).body.months[0];
    expect([training.onTime, training.late]).toEqual([2, 1]);
    const hf = (await m.get(`${base}&apartmentType=housing_first`)).body.months[0];
    expect([hf.onTime, hf.late, hf.unpaid]).toEqual([0, 0, 0]);
    const byContact = (await m.get(`${base}&contactPersonId=${t.userIds.caseworkerA}`)).body.months[0];
    expect(byContact.total).toBe(0); // nobody in this fixture has a contact person
    expect((await m.get(`${base}&apartmentType=castle`)).status).toBe(400);
  });

  it('shows an analyst the same figures with every count under 5 suppressed', async () => {
    const res = await (await t.as('analystA')).get(`/api/stats/rent-summary?unitId=${t.unitA}&from=2026-08&to=2026-10`);
    expect(res.status).toBe(200);
    expect(res.body.months.map((m: Record<string, unknown>) => [m.onTime, m.late, m.unpaid, m.shareOnTime])).toEqual([
      ['<5', 0, 0, null],
      ['<5', '<5', 0, null],
      ['<5', 0, '<5', null],
    ]);
    expect((await (await t.as('caseworkerB')).get(`/api/stats/rent-summary?unitId=${t.unitA}&from=2026-08&to=2026-10`)).status).toBe(404);
  });

  it('reports housing retention at 6, 12 and 24 months with the stays whose outcome is known', async () => {
    const res = await (await t.as('managerA')).get(`/api/stats/retention?unitId=${t.unitA}`);
    expect(res.status, res.text).toBe(200);
    const all = res.body.groups.find((g: { group: string }) => g.group === 'all');
    expect(all.retention.map((r: Record<string, unknown>) => [r.months, r.housed, r.total])).toEqual([
      [6, 3, 3],
      [12, 2, 3],
      [24, 0, 0],
    ]);
    expect(all.transitions.find((y: { year: number }) => y.year === 2025).counts).toMatchObject({
      terminated_rent_arrears: 1,
      own_first_hand_lease: 1,
    });
    expect(res.body.definitions.stillHoused.sv).toMatch(/förstahandskontrakt/);
  });

  it('lists the residents behind a bar and the resident × month grid for staff, never for analysts', async () => {
    const c = await t.as('caseworkerA');
    const late = await c.get(`/api/stats/rent-summary/residents?unitId=${t.unitA}&month=2026-09&status=late`);
    expect(late.status).toBe(200);
    expect(late.body).toHaveLength(1);
    const grid = (await c.get(`/api/stats/rent-grid?unitId=${t.unitA}&from=2026-08&to=2026-10`)).body;
    expect(grid.months).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(grid.residents.map((r: { statuses: Record<string, string> }) => Object.values(r.statuses).join(',')).sort()).toEqual([
      'on_time,late,on_time',
      'on_time,on_time,on_time',
      'on_time,on_time,unpaid',
    ]);
    const analyst = await t.as('analystA');
    for (const url of [
      `/api/stats/rent-summary/residents?unitId=${t.unitA}&month=2026-09&status=late`,
      `/api/stats/rent-grid?unitId=${t.unitA}&from=2026-08&to=2026-10`,
      `/api/stats/watch-list?unitId=${t.unitA}`,
    ]) {
      expect((await analyst.get(url)).status, url).toBe(404);
    }
  });

  it('computes risk phases with their counts, suppressed for analysts', async () => {
    const res = (await (await t.as('managerA')).get(`/api/stats/risk?unitId=${t.unitA}&from=2026-08&to=2026-10`)).body;
    // Months 1–3 after move-in for A, B and C: 9 final months, 2 late or unpaid.
    expect(res.byTenure[0]).toMatchObject({ bucket: '1-3', lateOrUnpaid: 2, total: 9 });
    // B: late (Sep) then on time (Oct); after on time: A 2×, B 1× (Aug→Sep), C 2× (Aug→Sep, Sep→Oct unpaid).
    expect(res.transitions.afterLate).toMatchObject({ unpaid: 0, total: 1 });
    expect(res.transitions.afterOnTime).toMatchObject({ unpaid: 1, total: 5 });
    const analyst = (await (await t.as('analystA')).get(`/api/stats/risk?unitId=${t.unitA}&from=2026-08&to=2026-10`)).body;
    expect(analyst.byTenure[0]).toMatchObject({ lateOrUnpaid: '<5', total: 9, share: null });
  });

  it('exports the tables to Excel with real numbers, months as dates and shares as percentages, and to CSV', async () => {
    const m = await t.as('managerA');
    const res = await m.app.inject({
      method: 'GET',
      url: `/api/stats/export.xlsx?unitId=${t.unitA}&from=2026-08&to=2026-10`,
      headers: { cookie: `kvarbo_session=${m.token}` },
    });
    expect(res.statusCode).toBe(200);
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Hyra per månad',
      'Risk efter boendetid',
      'Risk efter kalendermånad',
      'Obetald efter föregående månad',
      'Kvarboende',
      'Kvarboendekurva',
      'Boendetid',
      'Hur placeringar slutade',
      'Bevakningslista',
      'Definitioner',
    ]);
    // The transition figures of the risk test above, as numbers: after late 0 of 1, after on time 1 of 5.
    const pairs = wb.getWorksheet('Obetald efter föregående månad')!;
    expect([2, 3].map((r) => [2, 3].map((c) => pairs.getRow(r).getCell(c).value))).toEqual([
      [0, 1],
      [1, 5],
    ]);
    expect(pairs.getRow(3).getCell(4).value).toBeCloseTo(0.2, 10);
    // Every table sheet's definitions are stated on the last sheet.
    const definitions = wb.getWorksheet('Definitioner')!;
    expect(definitions.rowCount).toBe(1 + 9);
    expect(String(definitions.getRow(2).getCell(2).value)).toContain('I tid: hela hyran betald senast förfallodagen');
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Månad');
    const september = sheet.getRow(3);
    expect(september.getCell(1).value).toEqual(new Date('2026-09-01T00:00:00Z'));
    expect(september.getCell(1).numFmt).toBe('yyyy-mm');
    expect([september.getCell(2).value, september.getCell(3).value, september.getCell(4).value]).toEqual([2, 1, 0]);
    expect(september.getCell(7).value).toBeCloseTo(1 / 3, 10);
    expect(september.getCell(7).numFmt).toBe('0.0%');
    const csv = await m.get(`/api/stats/export.csv?unitId=${t.unitA}&from=2026-08&to=2026-10&table=0`);
    expect(csv.text.split('\r\n')[2]).toBe('2026-09;2;1;0;0;0,6666666666666666;0,3333333333333333;0');
    const analystXlsx = await (
      await t.as('analystA')
    ).app.inject({
      method: 'GET',
      url: `/api/stats/export.xlsx?unitId=${t.unitA}&from=2026-08&to=2026-10`,
      headers: { cookie: `kvarbo_session=${(await t.as('analystA')).token}` },
    });
    const awb = new Excel.Workbook();
    await awb.xlsx.load(analystXlsx.rawPayload as unknown as ArrayBuffer);
    expect(awb.worksheets.map((w) => w.name)).not.toContain('Bevakningslista'); // it names residents
    const outOfRange = await m.get(`/api/stats/export.csv?unitId=${t.unitA}&from=2026-08&to=2026-10&table=12`);
    expect(outOfRange.status).toBe(400);
    expect(JSON.stringify(outOfRange.body)).toContain('table');
  });

  it('makes a de-identified research export with stable pseudonyms per project, audit-logged', async () => {
    const m = await t.as('managerA');
    const exportOnce = async (project: string) => {
      const res = await m.app.inject({
        method: 'POST',
        url: '/api/stats/research-export',
        payload: { unitId: t.unitA, project, from: '2026-08', to: '2026-10' },
        headers: { cookie: `kvarbo_session=${m.token}`, 'x-csrf-token': m.csrf! },
      });
      expect(res.statusCode, res.body).toBe(200);
      const { default: Excel } = await import('exceljs');
      const wb = new Excel.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const values = wb.worksheets.flatMap((w) => w.getSheetValues().flat().map(String));
      return { wb, text: values.join(' ') };
    };
    const first = await exportOnce('Utvärdering 2026');
    const again = await exportOnce('Utvärdering 2026');
    const other = await exportOnce('Annat projekt');
    const pseudonyms = (x: typeof first) => x.wb.worksheets[0]!.getColumn(1).values.slice(2).map(String).sort();
    expect(pseudonyms(again)).toEqual(pseudonyms(first));
    expect(pseudonyms(other)).not.toEqual(pseudonyms(first));
    const residents = await t.db.kysely.selectFrom('residents').select(['first_name', 'last_name', 'personal_number']).execute();
    for (const r of residents) {
      expect(first.text).not.toContain(r.last_name);
      expect(first.text).not.toContain(r.personal_number!.slice(0, 8));
    }
    expect(first.text).toContain('Farsta'); // the district, the only address detail
    const logged = await t.db.kysely.selectFrom('audit_log').select('entity').where('entity', '=', 'research_export').execute();
    // Only the stays overlapping Aug–Oct 2026: A, B, C and the ongoing F; D and E ended in 2025.
    expect(logged.length).toBe(12); // four persons' placements × three exports
    const stays = first.wb.getWorksheet('Placeringar')!;
    expect(stays.rowCount).toBe(1 + 4);
    const moveIns = [2, 3, 4, 5].map((r) => (stays.getRow(r).getCell(4).value as Date).toISOString().slice(0, 10)).sort();
    expect(moveIns).toEqual(['2025-03-01', '2026-08-01', '2026-08-01', '2026-08-01']); // months, shown as their first day
    expect(stays.getRow(2).getCell(4).numFmt).toBe('yyyy-mm');
    const backwards = await m.request('POST', '/api/stats/research-export', {
      unitId: t.unitA,
      project: 'x',
      from: '2026-10',
      to: '2026-08',
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields[0].field).toBe('to');
    expect(
      (
        await (
          await t.as('caseworkerA')
        ).post('/api/stats/research-export', { unitId: t.unitA, project: 'x', from: '2026-08', to: '2026-10' })
      ).status,
    ).toBe(403);
  });

  it('feeds `kvarbo report rent-summary`: the same counts for all units', async () => {
    const { months } = await t.services.statistics.rentSummary(null, null, '2026-09', '2026-10');
    expect(months.map((m) => ({ month: m.month, onTime: m.onTime, late: m.late, unpaid: m.unpaid }))).toEqual([
      { month: '2026-09', onTime: 2, late: 1, unpaid: 0 },
      { month: '2026-10', onTime: 2, late: 0, unpaid: 1 },
    ]);
  });
});

// The statistics count stored month statuses (migration 0005), kept current by triggers and a refresh before
// every count. These tests change the ledger, the plan and the settings, and check that the figures follow at
// once and agree with a full replay of each ledger (what the ledger page and the checkpoints use).
describe.each(TEST_DIALECTS)('stored month statuses on %s', (dialect) => {
  let t: TestApp;
  let placements: { id: string; version: number }[];
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const c = await t.as('caseworkerA');
    const landlord = await aLandlord(c);
    placements = [];
    for (let i = 0; i < 4; i++) {
      const apt = await anApartment(c, landlord.id, { monthlyRentOre: 500_000 });
      const res = await aResident(c, TEST_PERSONAL_NUMBERS[150 + i]!);
      placements.push(await aPlacement(c, res.id, apt.id, { startDate: '2026-07-10' }));
    }
    for (const month of ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11']) {
      await t.services.charges.generate(month, { unitIds: [t.unitA], actor: null });
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const september = async () => {
    const res = await (await t.as('managerA')).get(`/api/stats/rent-summary?unitId=${t.unitA}&from=2026-09&to=2026-09`);
    expect(res.status, res.text).toBe(200);
    const m = res.body.months[0];
    return [m.onTime, m.late, m.unpaid, m.open];
  };

  const agreesWithReplay = async () => {
    for (const month of ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11']) {
      const replayed = (await t.services.rentStatus.forMonth(month, [t.unitA])).map((s) => [s.placementId, s.status]).sort();
      const stored = (await t.services.statistics.statusRows(t.db.kysely, [t.unitA], month, month))
        .map((s) => [s.placementId, s.status])
        .sort();
      expect(stored, month).toEqual(replayed);
    }
  };

  it('follows a payment the moment it is booked, and nothing is left stale after a count', async () => {
    expect(await september()).toEqual([0, 0, 4, 0]);
    const c = await t.as('caseworkerA');
    // Everything owed up to September paid on August 31 (5 000 kr a month; July prorated from the 10th).
    const ledger = (await c.get(`/api/placements/${placements[0]!.id}/ledger`)).body;
    const throughSeptember = ledger.charges
      .filter((x: { month: string }) => x.month <= '2026-09')
      .reduce((s: number, x: { amountOre: number }) => s + x.amountOre, 0);
    expect(
      (await c.post(`/api/placements/${placements[0]!.id}/payments`, { bookingDate: '2026-08-31', amountOre: throughSeptember })).status,
    ).toBe(201);
    expect(await september()).toEqual([1, 0, 3, 0]);
    // The same sum paid on September 10 is late.
    expect(
      (await c.post(`/api/placements/${placements[1]!.id}/payments`, { bookingDate: '2026-09-10', amountOre: throughSeptember })).status,
    ).toBe(201);
    expect(await september()).toEqual([1, 1, 2, 0]);
    expect(await t.services.monthStatuses.staleCount()).toBe(0);
    await agreesWithReplay();
  });

  it('follows a change of the unit’s rent settings for every placement of the unit', async () => {
    // The last checkpoint on the 3rd: a payment on September 10 is now after it, so unpaid.
    const m = await t.as('managerA');
    const put = await m.request('PUT', `/api/units/${t.unitA}/rent-settings`, {
      version: (await m.get(`/api/units/${t.unitA}/rent-settings`)).body.version,
      fromMonth: '2026-09',
      checkpointDays: [1, 3],
      onTimeRule: 'last_vardag',
      moveToNextVardag: true,
    });
    expect(put.status, put.text).toBe(200);
    expect(await september()).toEqual([1, 0, 3, 0]);
    await agreesWithReplay();
  });

  it('puts on the watch list those with two of the last three months late or unpaid, or unpaid after on time', async () => {
    // November 23: the last three final months are September–November. The first placement paid through
    // September on time, then nothing: both reasons. The others have nothing on time since (or at all).
    const res = await (await t.as('caseworkerA')).get(`/api/stats/watch-list?unitId=${t.unitA}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.items).toHaveLength(4);
    const first = res.body.items.find((i: { placementId: string }) => i.placementId === placements[0]!.id);
    expect(first).toMatchObject({ reasons: ['two_of_three', 'unpaid_after_on_time'], lastMonths: ['on_time', 'unpaid', 'unpaid'] });
    expect(res.body.rule.sv).toContain('tre');
  });

  it('settles a month as the days pass, without any new write, as a full replay on that day does', async () => {
    await t.services.charges.generate('2026-12', { unitIds: [t.unitA], actor: null });
    const december = async (services: typeof t.services) => {
      const { months } = await services.statistics.rentSummary(null, [t.unitA], '2026-12', '2026-12');
      return [months[0]!.onTime, months[0]!.late, months[0]!.unpaid, months[0]!.open];
    };
    expect(await december(t.services)).toEqual([0, 0, 0, 4]); // due November 30: open on November 23
    const later = createServices({
      db: t.db,
      config: readConfig({ KVARBO_DATA_DIR: os.tmpdir() }),
      clock: fixedClock('2026-12-20T10:00:00Z'),
    });
    expect(await later.monthStatuses.staleCount()).toBe(0); // nothing was written: only the day changed
    expect(await december(later)).toEqual([0, 0, 4, 0]);
    const stored = await t.db.kysely.selectFrom('rent_month_statuses').select(['settled']).where('month', '=', '2026-12').execute();
    expect(stored.map((r) => r.settled)).toEqual([4, 4, 4, 4]);
    const replayed = (await later.rentStatus.forMonth('2026-12', [t.unitA])).map((r) => r.status);
    expect(replayed).toEqual(['unpaid', 'unpaid', 'unpaid', 'unpaid']);
  });

  it('rebuilds the retention report when a stay changes, and only then', async () => {
    const m = await t.as('managerA');
    const before = (await m.get(`/api/stats/retention?unitId=${t.unitA}`)).body;
    const again = (await m.get(`/api/stats/retention?unitId=${t.unitA}`)).body;
    expect(again).toEqual(before);
    const ended = await (
      await t.as('caseworkerA')
    ).post(`/api/placements/${placements[3]!.id}/end`, {
      version: placements[3]!.version,
      endDate: '2026-10-31',
      endReason: 'terminated_disturbance',
    });
    expect(ended.status, ended.text).toBe(200);
    const after = (await m.get(`/api/stats/retention?unitId=${t.unitA}`)).body;
    const year = (r: typeof after) => r.groups[0].transitions.find((y: { year: number }) => y.year === 2026);
    expect(year(before)?.total ?? 0).toBe(0);
    expect(year(after)).toMatchObject({ total: 1, counts: { terminated_disturbance: 1 } });
  });

  it('shows an analyst the retention curve only while five or more are at risk, counts under 5 as "<5"', async () => {
    const res = await (await t.as('analystA')).get(`/api/stats/retention?unitId=${t.unitA}`);
    expect(res.status).toBe(200);
    const all = res.body.groups.find((g: { group: string }) => g.group === 'all');
    expect(all.curve).toEqual([]); // four stays: never five at risk
    const manager = (await (await t.as('managerA')).get(`/api/stats/retention?unitId=${t.unitA}`)).body;
    expect(manager.groups.find((g: { group: string }) => g.group === 'all').curve[0]).toMatchObject({ atRisk: 4 });
  });
});
