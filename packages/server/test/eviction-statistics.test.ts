import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/auth/tokens.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// Hand-built, inserted directly (unit A unless said). Days from first report to first contact in brackets.
//   C1 2 children: reports 2026-01-10 early warning (rent arrears), 2026-02-15 termination (rent arrears);
//      contact 2026-01-13 [3]; closed 2026-03-20 tenancy kept
//   C2 1 child: reports 2026-01-25 early warning (disturbance, neglect), 2026-02-01 eviction notice (disturbance);
//      contact 2026-02-04 [10]; closed 2026-02-20 evicted
//   C3 3 children: report 2026-02-03 early warning (rent arrears, disturbance); not reached, open
//   C4 1 child: report 2025-12-15 termination (rent arrears); contact 2026-01-05 [21]; closed 2026-01-30 tenancy kept
//   C5 1 child: report 2026-03-01 early warning (other); contact 2026-03-01 [0]; closed 2026-03-31 moved via social services
//   R8 report 2026-03-10 early warning (rent arrears), 2 children, not yet linked to a case
//   Unit B: one case and report in 2026-01 (never counted for A)
// Referrals (recorded, UTC): C1 budget/debt 2026-01-20 started, C1 psychiatry 2026-02-02 declined, C3 parenting
// 2026-02-10 suggested, C5 budget/debt 2026-03-05 made, C4 addiction 2025-12-20 accepted, C3 psychiatry
// 2026-02-28T23:30Z made (2026-03-01 in Stockholm).
describe.each(TEST_DIALECTS)('eviction statistics on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const db = t.db.kysely;
    const { organisation_id: orgId } = await db
      .selectFrom('units')
      .select('organisation_id')
      .where('id', '=', t.unitA)
      .executeTakeFirstOrThrow();
    const stamp = '2026-01-01T00:00:00.000Z';
    let receipt = 0;
    const aCase = async (
      c: { openedOn: string; children: number; firstContactOn?: string; outcome?: string; closedOn?: string },
      unitId = t.unitA,
    ) => {
      const id = newId();
      await db
        .insertInto('eviction_cases')
        .values({
          id,
          unit_id: unitId,
          tenant_name: 'Test Testsson',
          tenant_address: 'Testgatan 1',
          household_adults: 1,
          household_children: c.children,
          step: c.outcome ? 'closed' : 'outreach',
          opened_on: c.openedOn,
          first_contact_on: c.firstContactOn ?? null,
          outcome: c.outcome ?? null,
          closed_on: c.closedOn ?? null,
          created_at: stamp,
          updated_at: stamp,
        })
        .execute();
      return id;
    };
    const aReport = async (
      caseId: string | null,
      receivedOn: string,
      kind: string,
      reasons: string[],
      unitId = t.unitA,
      children?: number,
    ) => {
      await db
        .insertInto('eviction_reports')
        .values({
          id: newId(),
          organisation_id: orgId,
          unit_id: unitId,
          receipt_number: `VR-${++receipt}`,
          channel: 'portal',
          kind,
          reasons: JSON.stringify(reasons),
          tenant_name: 'Test Testsson',
          tenant_address: 'Testgatan 1',
          household_children: children ?? null,
          received_on: receivedOn,
          status: caseId ? 'in_progress' : 'received',
          case_id: caseId,
          created_at: stamp,
          updated_at: stamp,
        })
        .execute();
    };
    const aReferral = async (caseId: string, service: string, status: string, createdAt: string) => {
      await db
        .insertInto('referrals')
        .values({
          id: newId(),
          case_id: caseId,
          service,
          status,
          status_on: createdAt.slice(0, 10),
          created_at: createdAt,
          updated_at: createdAt,
        })
        .execute();
    };

    const c1 = await aCase({
      openedOn: '2026-01-12',
      children: 2,
      firstContactOn: '2026-01-13',
      outcome: 'tenancy_kept',
      closedOn: '2026-03-20',
    });
    const c2 = await aCase({
      openedOn: '2026-01-26',
      children: 1,
      firstContactOn: '2026-02-04',
      outcome: 'evicted',
      closedOn: '2026-02-20',
    });
    const c3 = await aCase({ openedOn: '2026-02-03', children: 3 });
    const c4 = await aCase({
      openedOn: '2025-12-16',
      children: 1,
      firstContactOn: '2026-01-05',
      outcome: 'tenancy_kept',
      closedOn: '2026-01-30',
    });
    const c5 = await aCase({
      openedOn: '2026-03-01',
      children: 1,
      firstContactOn: '2026-03-01',
      outcome: 'moved_via_social_services',
      closedOn: '2026-03-31',
    });
    await aReport(c1, '2026-01-10', 'early_warning', ['rent_arrears']);
    await aReport(c1, '2026-02-15', 'termination_notice', ['rent_arrears']);
    await aReport(c2, '2026-01-25', 'early_warning', ['disturbance', 'neglect']);
    await aReport(c2, '2026-02-01', 'eviction_notice', ['disturbance']);
    await aReport(c3, '2026-02-03', 'early_warning', ['rent_arrears', 'disturbance']);
    await aReport(c4, '2025-12-15', 'termination_notice', ['rent_arrears']);
    await aReport(c5, '2026-03-01', 'early_warning', ['other']);
    await aReport(null, '2026-03-10', 'early_warning', ['rent_arrears'], t.unitA, 2);
    const b1 = await aCase({ openedOn: '2026-01-16', children: 4, outcome: 'evicted', closedOn: '2026-01-31' }, t.unitB);
    await aReport(b1, '2026-01-15', 'termination_notice', ['rent_arrears'], t.unitB);
    await aReferral(c1, 'budget_debt_counselling', 'started', '2026-01-20T09:00:00.000Z');
    await aReferral(c1, 'psychiatry', 'declined', '2026-02-02T09:00:00.000Z');
    await aReferral(c3, 'parenting_support', 'suggested', '2026-02-10T09:00:00.000Z');
    await aReferral(c5, 'budget_debt_counselling', 'made', '2026-03-05T09:00:00.000Z');
    await aReferral(c4, 'addiction_care', 'accepted', '2025-12-20T09:00:00.000Z');
    await aReferral(c3, 'psychiatry', 'made', '2026-02-28T23:30:00.000Z');
    await aReferral(b1, 'psychiatry', 'made', '2026-01-20T09:00:00.000Z');
  });
  afterAll(async () => {
    await t?.close();
  });

  const url = (q: string) => `/api/stats/eviction?unitId=${t.unitA}&${q}`;

  it('gives a manager the exact figures per year, with their definitions', async () => {
    const res = await (await t.as('managerA')).get(url('by=year&from=2025&to=2027'));
    expect(res.status, res.text).toBe(200);
    expect(res.body.periods.map((p: { period: string }) => p.period)).toEqual(['2025', '2026', '2027']);
    const [y2025, y2026, y2027] = res.body.periods;
    expect(y2026.reports).toEqual({
      total: 7,
      rentArrears: 4, // C1 twice, C3, the unlinked report
      byKind: { early_warning: 5, termination_notice: 1, eviction_notice: 1 },
      byReason: { rent_arrears: 4, disturbance: 3, neglect: 1, other: 1 },
    });
    // C1, C2, C3, C5 and the unlinked report's household: 2 + 1 + 3 + 1 + 2 children.
    expect([y2026.households, y2026.childrenAffected]).toEqual([5, 9]);
    // Opened 2026: C1 [3], C2 [10], C3 (not reached), C5 [0], unlinked (not reached): median of 0, 3, 10.
    expect(y2026.firstContact).toEqual({ cases: 5, reached: 3, medianDays: 3 });
    expect([y2026.evictionsPrevented, y2026.evictionsCarriedOut, y2026.childrenInEvictions]).toEqual([2, 1, 1]); // C1 + C4; C2
    expect(y2026.referralsByService.budget_debt_counselling).toEqual({
      total: 2,
      byStatus: { suggested: 0, made: 1, accepted: 0, started: 1, declined: 0 },
    });
    expect(y2026.referralsByService.psychiatry.total).toBe(2); // unit B's referral is not counted
    expect(y2026.referralsByService.parenting_support.total).toBe(1);
    expect(y2026.referralsByService.addiction_care.total).toBe(0);

    expect(y2025.reports).toMatchObject({ total: 1, rentArrears: 1, byKind: { termination_notice: 1 } });
    expect([y2025.households, y2025.childrenAffected]).toEqual([1, 1]);
    expect(y2025.firstContact).toEqual({ cases: 1, reached: 1, medianDays: 21 }); // C4, reached in the next year
    expect(y2025.referralsByService.addiction_care.byStatus.accepted).toBe(1);
    expect([y2025.evictionsPrevented, y2025.evictionsCarriedOut]).toEqual([0, 0]);

    expect(y2027.reports.total).toBe(0);
    expect(y2027.firstContact).toEqual({ cases: 0, reached: 0, medianDays: null });

    expect(Object.keys(res.body.definitions)).toEqual(['sv', 'en']);
    expect(res.body.definitions.en.firstContact).toMatch(/median/i);
    expect(res.body.definitions.sv.evictionsPrevented).toMatch(/behålla/);
    expect(JSON.stringify(res.body)).not.toMatch(/Testsson|Testgatan/);
  });

  it('counts per month, dating each figure by its own event', async () => {
    const res = await (await t.as('managerA')).get(url('by=month&from=2026-01&to=2026-03'));
    expect(res.status, res.text).toBe(200);
    const [jan, feb, mar] = res.body.periods;
    expect([jan.period, feb.period, mar.period]).toEqual(['2026-01', '2026-02', '2026-03']);
    expect([jan.reports.total, jan.reports.rentArrears, jan.households, jan.childrenAffected]).toEqual([2, 1, 2, 3]);
    expect([feb.reports.total, feb.reports.rentArrears, feb.households, feb.childrenAffected]).toEqual([3, 2, 3, 6]);
    expect(feb.reports.byKind).toEqual({ early_warning: 1, termination_notice: 1, eviction_notice: 1 });
    expect([mar.reports.total, mar.reports.rentArrears, mar.households, mar.childrenAffected]).toEqual([2, 1, 2, 3]);
    expect(jan.firstContact).toEqual({ cases: 2, reached: 2, medianDays: 6.5 }); // 3 and 10
    expect(feb.firstContact).toEqual({ cases: 1, reached: 0, medianDays: null }); // C3 not reached
    expect(mar.firstContact).toEqual({ cases: 2, reached: 1, medianDays: 0 });
    expect([jan.evictionsPrevented, feb.evictionsPrevented, mar.evictionsPrevented]).toEqual([1, 0, 1]); // C4, C1
    expect([jan.evictionsCarriedOut, feb.evictionsCarriedOut, feb.childrenInEvictions]).toEqual([0, 1, 1]); // C2
    expect(feb.referralsByService.psychiatry.byStatus).toMatchObject({ declined: 1, made: 0 });
    expect(mar.referralsByService.psychiatry.byStatus).toMatchObject({ made: 1 }); // recorded 00:30 on Mar 1 in Stockholm
    expect(mar.referralsByService.budget_debt_counselling.total).toBe(1);
  });

  it('shows an analyst every count of 1–4 as "<5" and no median from fewer than five reached', async () => {
    const res = await (await t.as('analystA')).get(url('by=year&from=2026&to=2026'));
    expect(res.status, res.text).toBe(200);
    const [y] = res.body.periods;
    expect(y.reports).toEqual({
      total: 7,
      rentArrears: '<5',
      byKind: { early_warning: 5, termination_notice: '<5', eviction_notice: '<5' },
      byReason: { rent_arrears: '<5', disturbance: '<5', neglect: '<5', other: '<5' },
    });
    expect([y.households, y.childrenAffected]).toEqual([5, 9]);
    expect(y.firstContact).toEqual({ cases: 5, reached: '<5', medianDays: null });
    expect([y.evictionsPrevented, y.evictionsCarriedOut, y.childrenInEvictions]).toEqual(['<5', '<5', '<5']);
    expect(y.referralsByService.addiction_care).toEqual({
      total: 0,
      byStatus: { suggested: 0, made: 0, accepted: 0, started: 0, declined: 0 },
    });
    expect(res.body.definitions.en.smallCells).toMatch(/<5/);
  });

  it('is a 404 for staff of another unit and for the unit staff who are neither manager nor analyst', async () => {
    for (const who of ['caseworkerB', 'managerB', 'caseworkerA'] as const) {
      expect((await (await t.as(who)).get(url('by=year&from=2026&to=2026'))).status, who).toBe(404);
    }
    const ownUnit = await (await t.as('managerB')).get(`/api/stats/eviction?unitId=${t.unitB}&by=year&from=2026&to=2026`);
    expect([ownUnit.status, ownUnit.body.periods[0].evictionsCarriedOut, ownUnit.body.periods[0].childrenInEvictions]).toEqual([200, 1, 4]);
  });

  it('refuses a backward, too long or mistyped period with a 400 naming the field', async () => {
    const m = await t.as('managerA');
    const backwards = await m.get(url('by=year&from=2027&to=2025'));
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields[0].field).toBe('from');
    expect((await m.get(url('by=month&from=2026-03&to=2026-01'))).body.error.fields[0].field).toBe('from');
    expect((await m.get(url('by=year&from=2015&to=2024'))).status).toBe(200);
    expect((await m.get(url('by=year&from=2015&to=2025'))).body.error.fields[0].field).toBe('from');
    expect((await m.get(url('by=month&from=2016-01&to=2025-12'))).status).toBe(200);
    expect((await m.get(url('by=month&from=2015-12&to=2025-12'))).status).toBe(400);
    const mistyped = await m.get(url('by=month&from=2026&to=2026-03'));
    expect(mistyped.status).toBe(400);
    expect(mistyped.body.error.fields[0].field).toBe('from');
    expect((await m.get(url('by=week&from=2026&to=2026'))).status).toBe(400);
  });

  it('exports a workbook, one sheet per table with real numbers, and each table as CSV', async () => {
    const m = await t.as('managerA');
    const res = await m.app.inject({
      method: 'GET',
      url: `/api/stats/eviction/export.xlsx?unitId=${t.unitA}&by=year&from=2025&to=2026`,
      headers: { cookie: `kvarbo_session=${m.token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Anmälningar',
      'Hushåll och barn',
      'Tid till första kontakt',
      'Utfall',
      'Länkning per insats',
      'Definitioner',
    ]);
    const reports = wb.getWorksheet('Anmälningar')!;
    expect([reports.getCell('A1').value, reports.getCell('B1').value, reports.getCell('C1').value]).toEqual([
      'År',
      'Inkomna totalt',
      'Varav hyresskuld',
    ]);
    expect([reports.getCell('A3').value, reports.getCell('B3').value, reports.getCell('C3').value]).toEqual([2026, 7, 4]);
    expect(typeof reports.getCell('B3').value).toBe('number');
    expect(wb.getWorksheet('Tid till första kontakt')!.getCell('D2').value).toBe(21);
    expect(wb.getWorksheet('Utfall')!.getRow(3).values).toEqual([undefined, 2026, 2, 1, 1]);
    const definitions = wb.getWorksheet('Definitioner')!;
    expect(definitions.rowCount).toBe(6);
    expect(String(definitions.getCell('B2').value)).toMatch(/Varav hyresskuld.*Period 2025–2026/s);

    const csv = await m.get(`/api/stats/eviction/export.csv?unitId=${t.unitA}&by=year&from=2025&to=2026&table=1`);
    expect(csv.status).toBe(200);
    expect(csv.text).toBe('\uFEFFÅr;Hushåll;Berörda barn\r\n2025;1;1\r\n2026;5;9\r\n');
    expect((await m.get(`/api/stats/eviction/export.csv?unitId=${t.unitA}&by=year&from=2025&to=2026&table=5`)).status).toBe(400);

    const analyst = await t.as('analystA');
    const suppressed = await analyst.get(`/api/stats/eviction/export.csv?unitId=${t.unitA}&by=month&from=2026-01&to=2026-03&table=3`);
    expect(suppressed.text).toContain('2026-02;0;<5;<5');
    expect((await (await t.as('caseworkerB')).get(`/api/stats/eviction/export.csv?unitId=${t.unitA}&by=year`)).status).toBe(404);
  });
});
