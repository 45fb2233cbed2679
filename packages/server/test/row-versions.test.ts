import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { aCommissioner, aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { startTestApp, type Client, type Res, type TestApp, type TestUserKey } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// Optimistic concurrency (issue 8, docs/concurrency.md): every edit of an existing record names the version it read.
// Per kind of record: a missing version is a 400 naming `version`; an edit from the current version moves the record
// on; a second edit from the same (now stale) version is refused with 409 STALE_VERSION and changes nothing.

type Kind = {
  kind: string;
  user: TestUserKey;
  /** The record's version and the value the edits change, as the API shows them. */
  read: (c: Client) => Promise<{ version: number; value: unknown }>;
  /** Sends an edit; `n` (0 or 1) picks a different value for the first and the stale edit. */
  edit: (c: Client, version: number | undefined, n: number) => Promise<Res>;
};

describe.each(TEST_DIALECTS)('row versions on %s', (dialect) => {
  let t: TestApp;
  let kinds: Kind[] = [];
  let resident: { id: string };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const cw = await t.as('caseworkerA');
    const manager = await t.as('managerA');
    const landlord = await aLandlord(cw);
    const commissioner = await aCommissioner(cw);
    const apartment = await anApartment(cw, landlord.id, { monthlyRentOre: 600_000 });
    resident = await aResident(cw, TEST_PERSONAL_NUMBERS[201]!, { contactPersonId: t.userIds.caseworkerA });
    const placement = await aPlacement(cw, resident.id, apartment.id, { startDate: '2026-09-01' });
    const ending = await aPlacement(cw, (await aResident(cw, TEST_PERSONAL_NUMBERS[202]!)).id, (await anApartment(cw, landlord.id)).id, {
      startDate: '2026-09-01',
    });
    const takeover = await aPlacement(cw, (await aResident(cw, TEST_PERSONAL_NUMBERS[203]!)).id, (await anApartment(cw, landlord.id)).id, {
      startDate: '2026-01-01',
    });
    const hf = await aPlacement(
      cw,
      (await aResident(cw, TEST_PERSONAL_NUMBERS[204]!)).id,
      (await anApartment(cw, landlord.id, { type: 'housing_first' })).id,
      { startDate: '2026-09-01' },
    );
    // A resident with an ended placement and the one after it, to link.
    const chained = await aResident(cw, TEST_PERSONAL_NUMBERS[205]!);
    const earlier = await aPlacement(cw, chained.id, (await anApartment(cw, landlord.id)).id, {
      startDate: '2026-02-01',
      endDate: '2026-03-31',
      endReason: 'other',
    });
    const later = await aPlacement(cw, chained.id, (await anApartment(cw, landlord.id, { type: 'fallback' })).id, {
      startDate: '2026-04-01',
    });
    // A reminder task: November's rent unpaid at the checkpoint of Monday 2 November.
    for (const month of ['2026-09', '2026-10', '2026-11']) {
      expect((await manager.post('/api/charges/generate', { month, unitId: t.unitA })).status).toBeLessThan(300);
    }
    await t.services.checkpoints.runForDate('2026-11-02');
    const task = await t.db.kysely.selectFrom('tasks').select('id').where('placement_id', '=', placement.id).executeTakeFirstOrThrow();
    // An eviction-prevention case with a referral to another service (its status is versioned on its own).
    const evictionCase = await cw.post('/api/eviction-cases', {
      unitId: t.unitA,
      tenantName: 'Tore Testsson',
      tenantAddress: 'Provgatan 3',
      householdAdults: 1,
      householdChildren: 0,
    });
    expect(evictionCase.status, evictionCase.text).toBe(201);
    const caseId = evictionCase.body.id as string;
    const referred = await cw.post(`/api/eviction-cases/${caseId}/referrals`, {
      service: 'addiction_care',
      status: 'suggested',
      statusOn: '2026-11-20',
    });
    expect(referred.status, referred.text).toBe(201);
    const referralId = referred.body.referrals[0].id as string;

    const body = async (c: Client, url: string) => {
      const res = await c.get(url);
      expect(res.status, `${url}: ${res.text}`).toBe(200);
      return res.body;
    };
    const withVersion = (version: number | undefined, fields: Record<string, unknown>) =>
      version === undefined ? fields : { version, ...fields };
    const plain = (url: string, pick: (b: Record<string, unknown>) => unknown) => async (c: Client) => {
      const b = await body(c, url);
      return { version: b.version, value: pick(b) };
    };
    const placementVersion = async (c: Client, id: string) => (await body(c, `/api/placements/${id}`)).version as number;

    kinds = [
      {
        kind: 'unit (admin)',
        user: 'admin',
        read: async (c) => {
          const u = (await body(c, '/api/admin/units')).find((x: { id: string }) => x.id === t.unitB);
          return { version: u.version, value: u.name };
        },
        edit: (c, v, n) => c.patch(`/api/admin/units/${t.unitB}`, withVersion(v, { name: ['Enhet Väst', 'Enhet Öst'][n] })),
      },
      {
        kind: 'user (admin)',
        user: 'admin',
        read: async (c) => {
          const u = (await body(c, '/api/admin/users')).find((x: { id: string }) => x.id === t.userIds.hostA);
          return { version: u.version, value: u.displayName };
        },
        edit: (c, v, n) => c.patch(`/api/admin/users/${t.userIds.hostA}`, withVersion(v, { displayName: ['Värd Ett', 'Värd Två'][n] })),
      },
      {
        kind: 'landlord',
        user: 'caseworkerA',
        read: plain(`/api/landlords/${landlord.id}`, (b) => b.phone),
        edit: (c, v, n) => c.patch(`/api/landlords/${landlord.id}`, withVersion(v, { phone: ['08-111 11', '08-222 22'][n] })),
      },
      {
        kind: 'commissioner',
        user: 'caseworkerA',
        read: plain(`/api/commissioners/${commissioner.id}`, (b) => b.phone),
        edit: (c, v, n) => c.patch(`/api/commissioners/${commissioner.id}`, withVersion(v, { phone: ['08-333 33', '08-444 44'][n] })),
      },
      {
        kind: 'apartment',
        user: 'caseworkerA',
        read: plain(`/api/apartments/${apartment.id}`, (b) => b.district),
        edit: (c, v, n) => c.patch(`/api/apartments/${apartment.id}`, withVersion(v, { district: ['Hökarängen', 'Sköndal'][n] })),
      },
      {
        kind: 'resident',
        user: 'caseworkerA',
        read: plain(`/api/residents/${resident.id}`, (b) => b.phone),
        edit: (c, v, n) => c.patch(`/api/residents/${resident.id}`, withVersion(v, { phone: ['070-111 11 11', '070-222 22 22'][n] })),
      },
      {
        kind: 'placement',
        user: 'caseworkerA',
        read: plain(`/api/placements/${placement.id}`, (b) => b.agreedDueDay),
        edit: (c, v, n) => c.patch(`/api/placements/${placement.id}`, withVersion(v, { agreedDueDay: [10, 20][n] })),
      },
      {
        kind: 'placement end',
        user: 'caseworkerA',
        read: plain(`/api/placements/${ending.id}`, (b) => b.endDate),
        edit: (c, v, n) =>
          c.post(`/api/placements/${ending.id}/end`, withVersion(v, { endDate: ['2026-12-31', '2027-01-31'][n], endReason: 'other' })),
      },
      {
        kind: 'lease takeover',
        user: 'caseworkerA',
        read: plain(`/api/placements/${takeover.id}`, (b) => b.endDate),
        edit: (c, v, n) =>
          c.post(`/api/placements/${takeover.id}/takeover`, withVersion(v, { takenOverOn: ['2026-12-01', '2026-12-15'][n] })),
      },
      {
        kind: 'visit agreement',
        user: 'caseworkerA',
        read: plain(`/api/placements/${hf.id}/visit-agreement`, (b) => (b.agreement as { visitsPerWeek: number }).visitsPerWeek),
        edit: (c, v, n) =>
          c.request(
            'PUT',
            `/api/placements/${hf.id}/visit-agreement`,
            withVersion(v, { visitsPerWeek: [2, 3][n], fromDate: '2026-09-01' }),
          ),
      },
      {
        kind: 'move-out',
        user: 'caseworkerA',
        read: plain(`/api/placements/${hf.id}/move-out`, (b) => b.moveOutGivenOn),
        edit: (c, v, n) =>
          c.patch(`/api/placements/${hf.id}/move-out`, withVersion(v, { moveOutGivenOn: ['2026-11-01', '2026-11-02'][n] })),
      },
      {
        kind: 'placement link',
        user: 'caseworkerA',
        read: async (c) => ({
          version: await placementVersion(c, later.id),
          value: JSON.stringify(await body(c, `/api/residents/${chained.id}/placement-chain`)),
        }),
        edit: (c, v, n) =>
          c.post(
            `/api/placements/${later.id}/link`,
            withVersion(v, { previousPlacementId: earlier.id, kind: ['fallback', 'second_chance'][n] }),
          ),
      },
      {
        kind: 'rent settings',
        user: 'managerA',
        read: plain(`/api/units/${t.unitA}/rent-settings`, (b) => JSON.stringify(b.history)),
        edit: (c, v, n) =>
          c.request(
            'PUT',
            `/api/units/${t.unitA}/rent-settings`,
            withVersion(v, {
              fromMonth: ['2027-01', '2027-02'][n],
              checkpointDays: [1, 5, 15],
              onTimeRule: 'last_vardag',
              moveToNextVardag: true,
            }),
          ),
      },
      {
        kind: 'lease-takeover settings',
        user: 'managerA',
        read: plain(`/api/units/${t.unitA}/takeover-settings`, (b) => b.minMonths),
        edit: (c, v, n) =>
          c.request(
            'PUT',
            `/api/units/${t.unitA}/takeover-settings`,
            withVersion(v, { minMonths: [10, 11][n], rentWindowMonths: 6, complaintWindowMonths: 6, complaintMinSeverity: 'complaint' }),
          ),
      },
      {
        kind: 'referral status',
        user: 'caseworkerA',
        read: async (c) => {
          const r = (await body(c, `/api/eviction-cases/${caseId}`)).referrals.find((x: { id: string }) => x.id === referralId);
          return { version: r.version, value: r.status };
        },
        edit: (c, v, n) =>
          c.patch(
            `/api/eviction-cases/${caseId}/referrals/${referralId}`,
            withVersion(v, { status: ['made', 'accepted'][n], statusOn: '2026-11-21' }),
          ),
      },
      {
        // Unit A has settings of its own (test-app.ts: no two-factor in the test units), so it starts at version 1.
        kind: 'unit security settings',
        user: 'managerA',
        read: plain(`/api/units/${t.unitA}/security-settings`, (b) => b.idleMinutes),
        edit: (c, v, n) =>
          c.request('PUT', `/api/units/${t.unitA}/security-settings`, withVersion(v, { twoFactorRoles: [], idleMinutes: [20, 25][n] })),
      },
      {
        kind: 'task reassign',
        user: 'managerA',
        read: plain(`/api/tasks/${task.id}`, (b) => b.assigneeId),
        edit: (c, v, n) =>
          c.post(`/api/tasks/${task.id}/reassign`, withVersion(v, { assigneeId: [t.userIds.hostA, t.userIds.managerA][n] })),
      },
      {
        kind: 'task complete',
        user: 'caseworkerA',
        read: plain(`/api/tasks/${task.id}`, (b) => b.outcome),
        edit: (c, v, n) => c.post(`/api/tasks/${task.id}/complete`, withVersion(v, { outcome: ['Brev skickat', 'Ringt'][n] })),
      },
      {
        kind: 'task reopen',
        user: 'caseworkerA',
        read: plain(`/api/tasks/${task.id}`, (b) => b.status),
        edit: (c, v, n) => c.post(`/api/tasks/${task.id}/reopen`, withVersion(v, { reason: ['Betalningen återkallad', 'Fel'][n] })),
      },
    ];
  });
  afterAll(async () => {
    await t?.close();
  });

  it('covers every kind of edit', () => {
    expect(kinds.map((k) => k.kind)).toHaveLength(19);
  });

  // The kinds are filled in beforeAll, so one test walks them (in order: a task is completed before it is reopened).
  it('refuses a missing version (400 naming it) and a stale one (409, nothing changed, nothing logged), for every kind', async () => {
    for (const k of kinds) {
      const c = await t.as(k.user);
      const before = await k.read(c);
      expect(before.version, k.kind).toBeGreaterThanOrEqual(1);

      const missing = await k.edit(c, undefined, 0);
      expect(missing.status, `${k.kind}: ${missing.text}`).toBe(400);
      expect(
        missing.body.error.fields.map((f: { field: string }) => f.field),
        k.kind,
      ).toContain('version');
      expect(await k.read(c), k.kind).toEqual(before);

      const ok = await k.edit(c, before.version, 0);
      expect(ok.status, `${k.kind}: ${ok.text}`).toBe(200);
      const after = await k.read(c);
      expect(after.version, k.kind).toBe(before.version + 1);
      expect(after.value, k.kind).not.toEqual(before.value);

      const auditRows = async () =>
        Number(
          (await t.db.kysely
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst())!.n,
        );
      const loggedBefore = await auditRows();
      const stale = await k.edit(c, before.version, 1);
      expect(stale.status, `${k.kind}: ${stale.text}`).toBe(409);
      // Refused means nothing written, not even the audit row of a read made on the way.
      expect(await auditRows(), `${k.kind}: audit rows after a refused edit`).toBe(loggedBefore);
      expect(stale.body.error.code, k.kind).toBe('STALE_VERSION');
      expect(stale.body.error.message, k.kind).toMatch(/ändrats av någon annan.*Ladda om/);
      expect(await k.read(c), k.kind).toEqual(after);
    }
  });

  it('lets exactly one of two simultaneous edits from the same version win, and audit-logs only that one', async () => {
    const c = await t.as('caseworkerA');
    const { version } = (await c.get(`/api/residents/${resident.id}`)).body;
    const updates = () =>
      t.db.kysely.selectFrom('audit_log').select('id').where('entity', '=', 'resident').where('action', '=', 'update').execute();
    const logged = (await updates()).length;
    const answers = await Promise.all([
      c.patch(`/api/residents/${resident.id}`, { version, phone: '070-333 33 33' }),
      c.patch(`/api/residents/${resident.id}`, { version, phone: '070-444 44 44' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!;
    const now = (await c.get(`/api/residents/${resident.id}`)).body;
    expect(now).toMatchObject({ version: version + 1, phone: winner.body.phone });
    expect((await updates()).length).toBe(logged + 1);
  });

  it('makes a unit’s own security settings once when two first saves (from the defaults, version 0) race', async () => {
    // Unit B back on the defaults: no row of its own.
    await t.db.kysely.deleteFrom('unit_security_settings').where('unit_id', '=', t.unitB).execute();
    const admin = await t.as('admin');
    const url = `/api/units/${t.unitB}/security-settings`;
    expect((await admin.get(url)).body).toMatchObject({ isDefault: true, version: 0 });
    const answers = await Promise.all([
      admin.request('PUT', url, { version: 0, twoFactorRoles: [], idleMinutes: 40 }),
      admin.request('PUT', url, { version: 0, twoFactorRoles: [], idleMinutes: 50 }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!;
    expect((await admin.get(url)).body).toMatchObject({ isDefault: false, version: 1, idleMinutes: winner.body.idleMinutes });
  });

  it('answers the stale message in English on request, with the current version', async () => {
    const c = await t.as('caseworkerA');
    const res = await c.request(
      'PATCH',
      `/api/landlords/${(await aLandlord(c)).id}`,
      { version: 7, phone: '08-1' },
      { 'accept-language': 'en' },
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'STALE_VERSION', currentVersion: 1 });
    expect(res.body.error.message).toMatch(/Someone else has changed this.*Reload/);
  });
});
