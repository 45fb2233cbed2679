import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../src/auth/actor.ts';
import { newId } from '../src/auth/tokens.ts';
import { recordAudit, verifyAuditChain, type AuditEntry } from '../src/services/audit.service.ts';
import {
  FAILED_SIGN_INS_THRESHOLD,
  MANY_READS_THRESHOLD,
  stockholmMidnight,
  unusualHourReason,
} from '../src/services/log-review.service.ts';
import { aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { startTestApp, type Client, type TestApp, type TestUserKey } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// Log review, loggkontroll (issue 8). Today in tests is Monday 2026-11-23, 10:00 UTC (11:00 in Stockholm, CET = UTC+1).

describe('Stockholm hours', () => {
  it('finds the start of a Stockholm day in winter, in summer and on the day the clocks change', () => {
    expect(stockholmMidnight('2026-11-21').toISOString()).toBe('2026-11-20T23:00:00.000Z');
    expect(stockholmMidnight('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(stockholmMidnight('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(stockholmMidnight('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });

  it('calls a read before 06:00, from 22:00 or at a weekend unusual, in Stockholm time', () => {
    expect(unusualHourReason(new Date('2026-11-18T04:59:00Z'))).toBe('night'); // Wed 05:59
    expect(unusualHourReason(new Date('2026-11-18T05:00:00Z'))).toBeNull(); // Wed 06:00
    expect(unusualHourReason(new Date('2026-11-18T20:59:00Z'))).toBeNull(); // Wed 21:59
    expect(unusualHourReason(new Date('2026-11-18T21:00:00Z'))).toBe('night'); // Wed 22:00
    expect(unusualHourReason(new Date('2026-07-01T03:30:00Z'))).toBe('night'); // Wed 05:30 CEST
    expect(unusualHourReason(new Date('2026-07-01T04:00:00Z'))).toBeNull(); // Wed 06:00 CEST
    expect(unusualHourReason(new Date('2026-11-21T10:00:00Z'))).toBe('weekend'); // Sat 11:00
    expect(unusualHourReason(new Date('2026-11-22T22:59:00Z'))).toBe('weekend'); // Sun 23:59
    expect(unusualHourReason(new Date('2026-11-22T23:00:00Z'))).toBe('night'); // Mon 00:00
  });
});

describe.each(TEST_DIALECTS)('Log review (%s)', (dialect) => {
  let t: TestApp;
  let manager: Client;
  const r: Record<'own1' | 'own2' | 'other' | 'task' | 'oldTask', string> = { own1: '', own2: '', other: '', task: '', oldTask: '' };
  const names: Record<string, string> = {};

  const ROLES: Partial<Record<TestUserKey, Role>> = { caseworkerA: 'caseworker', hostA: 'host', caseworkerB: 'caseworker' };
  function actor(key: TestUserKey): Actor {
    const unitId = key.endsWith('B') ? t.unitB : t.unitA;
    return {
      userId: t.userIds[key],
      userName: `Test ${key}`,
      organisationId: t.organisationId,
      isAdmin: false,
      kind: 'staff',
      landlordId: null,
      memberships: [{ unitId, role: ROLES[key]! }],
      ip: '127.0.0.1',
    };
  }
  function readOf(residentId: string | null, action: AuditEntry['action'] = 'read', unitId = t.unitA): AuditEntry {
    return { residentId, unitId, entity: 'resident', entityId: residentId, action };
  }
  async function logAt(key: TestUserKey, iso: string, entries: AuditEntry[]) {
    await t.db.kysely.transaction().execute((trx) => recordAudit(trx, actor(key), new Date(iso), entries));
  }
  async function aTask(residentId: string, placementId: string, runDate: string) {
    await t.db.kysely
      .insertInto('tasks')
      .values({
        id: newId(),
        unit_id: t.unitA,
        resident_id: residentId,
        placement_id: placementId,
        kind: 'reminder',
        month: runDate.slice(0, 7),
        run_date: runDate,
        due_date: runDate,
        assignee_id: t.userIds.caseworkerA,
        plan_id: null,
        open_ore: 100_00,
        status: 'done',
        paid_meanwhile_on: null,
        outcome: null,
        done_at: null,
        done_by: null,
        dedupe_key: newId(),
        created_at: `${runDate}T08:00:00.000Z`,
      })
      .execute();
  }
  /** Hand-built sign-in events, one per instant (one a second from `iso` when n > 1). */
  async function signIns(key: TestUserKey, iso: string, outcomes: string[], ips: (string | null)[] = ['10.0.0.1']) {
    await t.db.kysely
      .insertInto('sign_in_events')
      .values(
        outcomes.map((outcome, i) => ({
          id: newId(),
          occurred_at: new Date(Date.parse(iso) + i * 1000).toISOString(),
          user_id: t.userIds[key],
          username_tried: null,
          method: outcome.startsWith('code') ? ('totp' as const) : ('password' as const),
          outcome,
          by_user_id: null,
          ip: ips[i % ips.length] ?? null,
          user_agent: 'Testwebbläsare',
        })),
      )
      .execute();
  }
  const review = (c: Client, from = '2026-11-16', to = '2026-11-23', unitId = t.unitA) =>
    c.get(`/api/audit/review?unitId=${unitId}&from=${from}&to=${to}`);

  beforeAll(async () => {
    t = await startTestApp(dialect);
    manager = await t.as('managerA');
    const landlordId = (await aLandlord(manager)).id;
    const make = async (key: keyof typeof r, firstName: string, contactPersonId: string | null) => {
      const res = await aResident(manager, null, { firstName, contactPersonId });
      r[key] = res.id;
      names[key] = `${firstName} ${res.lastName}`;
    };
    await make('own1', 'Egen', t.userIds.caseworkerA);
    await make('own2', 'Egenbo', t.userIds.caseworkerA);
    await make('other', 'Annan', t.userIds.hostA);
    await make('task', 'Uppgift', null);
    await make('oldTask', 'Gammal', null);
    for (const [key, runDate] of [
      ['task', '2026-10-01'], // 50 days before the reads: in the caseload
      ['oldTask', '2026-08-01'], // 111 days before: no longer
    ] as const) {
      const apt = await anApartment(manager, landlordId);
      const p = await aPlacement(manager, r[key], apt.id);
      await aTask(r[key], p.id, runDate);
    }

    // caseworkerA reads own residents and one outside the caseload through the API (today, 11:00 Stockholm).
    const caseworker = await t.as('caseworkerA');
    for (const id of [r.own1, r.other]) expect((await caseworker.get(`/api/residents/${id}`)).status).toBe(200);

    // Sunday 2026-11-15 23:30 UTC is Monday 00:30 in Stockholm: inside the period, at night.
    await logAt('caseworkerA', '2026-11-15T23:30:00Z', [readOf(r.own1)]);
    // Sunday 2026-11-15 22:30 UTC is Sunday 23:30 in Stockholm: before the period.
    await logAt('caseworkerA', '2026-11-15T22:30:00Z', [readOf(r.other)]);
    // Wednesday 2026-11-18: hostA at 05:59 (night, and own2 is caseworkerA's), caseworkerA at 06:00, 21:59 and 22:00.
    await logAt('hostA', '2026-11-18T04:59:00Z', [readOf(r.own2)]);
    await logAt('caseworkerA', '2026-11-18T05:00:00Z', [readOf(r.own2)]);
    await logAt('caseworkerA', '2026-11-18T20:59:00Z', [readOf(r.own1)]);
    await logAt('caseworkerA', '2026-11-18T21:00:00Z', [readOf(r.own1)]);
    // Not counted: a change, a read of no person, unit B's log.
    await logAt('caseworkerA', '2026-11-18T23:00:00Z', [readOf(r.other, 'update'), readOf(null, 'read')]);
    await logAt('caseworkerB', '2026-11-18T23:00:00Z', [readOf(r.other, 'read', t.unitB)]);
    // Thursday 2026-11-19: 201 lists of persons in the caseload (over the threshold); Friday 200 (not over).
    const lists = (n: number) => Array.from({ length: n }, (_, i) => readOf([r.own1, r.own2, r.task][i % 3]!, 'list'));
    await logAt('caseworkerA', '2026-11-19T08:00:00Z', lists(MANY_READS_THRESHOLD + 1));
    await logAt('caseworkerA', '2026-11-20T08:00:00Z', lists(MANY_READS_THRESHOLD - 2));
    // Friday: the resident whose task is older than 90 days, twice, and the one with a recent task.
    await logAt('caseworkerA', '2026-11-20T09:00:00Z', [readOf(r.oldTask), readOf(r.task)]);
    await logAt('caseworkerA', '2026-11-20T14:00:00Z', [readOf(r.oldTask)]);
    // Saturday 2026-11-21 23:30 in Stockholm.
    await logAt('caseworkerA', '2026-11-21T22:30:00Z', [readOf(r.own1)]);

    // Failed sign-ins (sign_in_events, inserted directly). Threshold 5 a Stockholm day, or a lockout.
    const wrong = (n: number) => Array.from({ length: n }, () => 'wrong-password');
    // caseworkerA, Tuesday 11-17: 5 failures (one of them a local login refused) from three addresses, one without; an ok
    // login the same day is no failure.
    await signIns(
      'caseworkerA',
      '2026-11-17T07:00:00Z',
      [...wrong(4), 'local-login-off'],
      ['10.0.0.1', '10.0.0.2', '10.0.0.1', null, '10.0.0.3'],
    );
    await signIns('caseworkerA', '2026-11-17T09:00:00Z', ['ok', 'second-step']);
    // hostA, Tuesday: 4 failures, under the threshold.
    await signIns('hostA', '2026-11-17T07:00:00Z', wrong(4));
    // analystA, Wednesday 11-18: 2 wrong codes, the second locks the account.
    await signIns('analystA', '2026-11-18T07:00:00Z', ['code-wrong', 'code-wrong-locked'], ['192.0.2.7']);
    // caseworkerB is no member of unit A: 6 failures on Tuesday are unit B's finding only.
    await signIns('caseworkerB', '2026-11-17T07:00:00Z', wrong(6));
    // hostA across Stockholm midnight: Thursday 23:30 local (22:30 UTC) 4 failures, Friday 00:30 local (23:30 UTC
    // Thursday) 1, Friday 11:00 local 4 more: Thursday has 4 (not listed), Friday 5 (listed). By UTC days it would be 5 + 4.
    await signIns('hostA', '2026-11-19T22:30:00Z', wrong(4));
    await signIns('hostA', '2026-11-19T23:30:00Z', wrong(1), ['10.0.0.9']);
    await signIns('hostA', '2026-11-20T10:00:00Z', wrong(4), ['10.0.0.9']);
    // Outside the period: Sunday 11-15 23:59 local and Tuesday 11-24 00:00 local, 5 failures each.
    await signIns('caseworkerA', '2026-11-15T22:59:00Z', wrong(1));
    await signIns('caseworkerA', '2026-11-15T22:50:00Z', wrong(4));
    await signIns('caseworkerA', '2026-11-23T23:00:00Z', wrong(5));
    // Exactly Monday 11-16 00:00 local: a refused attempt on a locked account, inside the period.
    await signIns('caseworkerA', '2026-11-15T23:00:00Z', ['locked']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports reads outside the caseload, at unusual hours and too many in a day, and explains them', async () => {
    const res = await review(manager);
    expect(res.status, res.text).toBe(200);
    const b = res.body;
    expect(b.period).toMatchObject({ from: '2026-11-16', to: '2026-11-23', days: 8, fromInstant: '2026-11-15T23:00:00.000Z' });
    expect(b.period.toInstant).toBe('2026-11-23T23:00:00.000Z');

    // managerA's own reads while setting up (today) are outside any caseload too: checked apart.
    const byWorkers = b.findings.outsideCaseload.filter((f: { userId: string }) => f.userId !== t.userIds.managerA);
    expect(byWorkers).toEqual([
      {
        userId: t.userIds.caseworkerA,
        userName: 'Test caseworkerA',
        residentId: r.oldTask,
        residentName: names.oldTask,
        reads: 2,
        firstAt: '2026-11-20T09:00:00.000Z',
        lastAt: '2026-11-20T14:00:00.000Z',
      },
      {
        userId: t.userIds.caseworkerA,
        userName: 'Test caseworkerA',
        residentId: r.other,
        residentName: names.other,
        reads: 1,
        firstAt: '2026-11-23T10:00:00.000Z',
        lastAt: '2026-11-23T10:00:00.000Z',
      },
      {
        userId: t.userIds.hostA,
        userName: 'Test hostA',
        residentId: r.own2,
        residentName: names.own2,
        reads: 1,
        firstAt: '2026-11-18T04:59:00.000Z',
        lastAt: '2026-11-18T04:59:00.000Z',
      },
    ]);
    for (const f of b.findings.outsideCaseload) expect([t.userIds.caseworkerA, t.userIds.hostA, t.userIds.managerA]).toContain(f.userId);

    const cw = { userId: t.userIds.caseworkerA, userName: 'Test caseworkerA', entity: 'resident', action: 'read' };
    expect(b.findings.unusualHours).toEqual([
      { ...cw, at: '2026-11-15T23:30:00.000Z', reason: 'night', residentId: r.own1, residentName: names.own1 },
      {
        ...cw,
        userId: t.userIds.hostA,
        userName: 'Test hostA',
        at: '2026-11-18T04:59:00.000Z',
        reason: 'night',
        residentId: r.own2,
        residentName: names.own2,
      },
      { ...cw, at: '2026-11-18T21:00:00.000Z', reason: 'night', residentId: r.own1, residentName: names.own1 },
      { ...cw, at: '2026-11-21T22:30:00.000Z', reason: 'weekend', residentId: r.own1, residentName: names.own1 },
    ]);

    // Friday: 198 lists + 3 reads = 201, over as well; Thursday 201 lists.
    expect(b.findings.manyReads).toEqual([
      { userId: t.userIds.caseworkerA, userName: 'Test caseworkerA', day: '2026-11-19', reads: 201, threshold: 200 },
      { userId: t.userIds.caseworkerA, userName: 'Test caseworkerA', day: '2026-11-20', reads: 201, threshold: 200 },
    ]);
    expect(b.totals).toMatchObject({ unusualHours: 4, manyReads: 2, failedSignIns: 4 });
    expect(b.totals.all).toBe(b.findings.outsideCaseload.length + 4 + 2 + 4);
    expect(b.unusualHoursTruncated).toBe(false);
    expect(b.definitions.sv.unusualHours).toMatch(/06\.00.*22\.00/);
    expect(b.definitions.en.manyReads).toMatch(/200/);
    expect(b.signOffs).toEqual([]);

    // Thursday alone: its 201 lists, nothing at an unusual hour.
    const thursday = await review(manager, '2026-11-19', '2026-11-19');
    expect(thursday.body.findings.manyReads).toHaveLength(1);
    expect(thursday.body.findings.unusualHours).toEqual([]);
  });

  it('reports days with many failed sign-ins or a lockout for the unit’s members, by Stockholm day', async () => {
    const b = (await review(manager)).body;
    const row = (key: TestUserKey, day: string, failures: number, locked: boolean, ips: string[]) => ({
      userId: t.userIds[key],
      userName: `Test ${key}`,
      day,
      failures,
      locked,
      ips,
      threshold: FAILED_SIGN_INS_THRESHOLD,
    });
    expect(b.findings.failedSignIns).toEqual([
      row('caseworkerA', '2026-11-16', 1, true, ['10.0.0.1']),
      row('caseworkerA', '2026-11-17', 5, false, ['10.0.0.1', '10.0.0.2', '10.0.0.3']),
      row('analystA', '2026-11-18', 2, true, ['192.0.2.7']),
      row('hostA', '2026-11-20', 5, false, ['10.0.0.9']),
    ]);
    expect(b.thresholds.failedSignInsPerDay).toBe(5);
    expect(b.definitions.sv.failedSignIns).toMatch(/minst 5 misslyckade/);
    expect(b.definitions.en.failedSignIns).toMatch(/at least 5 failed/);

    // Unit B's review lists caseworkerB, and none of unit A's members.
    const unitB = (await review(await t.as('managerB'), '2026-11-16', '2026-11-23', t.unitB)).body;
    expect(unitB.findings.failedSignIns).toEqual([row('caseworkerB', '2026-11-17', 6, false, ['10.0.0.1'])]);

    // One day: Friday alone still has hostA's five; Thursday alone has four, none listed.
    expect((await review(manager, '2026-11-20', '2026-11-20')).body.findings.failedSignIns).toEqual([
      row('hostA', '2026-11-20', 5, false, ['10.0.0.9']),
    ]);
    expect((await review(manager, '2026-11-19', '2026-11-19')).body.findings.failedSignIns).toEqual([]);
    // Sunday 11-15 (5 failures before Monday's midnight) and Tuesday 11-24 (5 from its midnight) when asked for.
    expect((await review(manager, '2026-11-15', '2026-11-15')).body.findings.failedSignIns).toEqual([
      row('caseworkerA', '2026-11-15', 5, false, ['10.0.0.1']),
    ]);
    expect((await review(manager, '2026-11-24', '2026-11-24')).body.findings.failedSignIns).toEqual([
      row('caseworkerA', '2026-11-24', 5, false, ['10.0.0.1']),
    ]);
  });

  it('does not count 200 reads in a day', async () => {
    await logAt(
      'hostA',
      '2026-11-17T08:00:00Z',
      Array.from({ length: MANY_READS_THRESHOLD }, () => readOf(r.other, 'list')),
    );
    const res = await review(manager, '2026-11-17', '2026-11-17');
    expect(res.body.findings.manyReads).toEqual([]);
    expect(res.body.findings.outsideCaseload).toEqual([]); // r.other's contact person is hostA
  });

  it('answers 404 to everyone but the unit’s managers, and 400 to a bad period', async () => {
    for (const key of ['caseworkerA', 'hostA', 'analystA', 'managerB', 'adminOnly'] as const) {
      const c = await t.as(key);
      expect((await review(c)).status, key).toBe(404);
      expect((await c.get(`/api/audit/review/sign-offs?unitId=${t.unitA}`)).status, key).toBe(404);
      expect((await c.post('/api/log-review/sign-off', { unitId: t.unitA, from: '2026-11-16', to: '2026-11-22' })).status, key).toBe(404);
    }
    expect((await review(await t.as('managerB'), '2026-11-16', '2026-11-22', t.unitB)).status).toBe(200);

    const long = await review(manager, '2026-08-01', '2026-11-02'); // 94 days
    expect(long.status).toBe(400);
    expect(long.body.error.fields[0].field).toBe('from');
    expect((await review(manager, '2026-08-02', '2026-11-02')).status).toBe(200); // 93 days
    const backwards = await review(manager, '2026-11-20', '2026-11-19');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields[0].field).toBe('to');
    expect((await manager.get(`/api/audit/review?unitId=${t.unitA}&from=2026-11-31&to=2026-12-01`)).status).toBe(400);
  });

  it('stores a manager’s sign-off with an audit row, lists it, and keeps the audit chain whole', async () => {
    const future = await manager.post('/api/log-review/sign-off', { unitId: t.unitA, from: '2026-11-16', to: '2026-11-24', note: null });
    expect(future.status).toBe(400);
    expect(future.body.error.fields[0].field).toBe('to');

    const expected = (await review(manager, '2026-11-16', '2026-11-22')).body.totals.all;
    const res = await manager.post('/api/log-review/sign-off', {
      unitId: t.unitA,
      from: '2026-11-16',
      to: '2026-11-22',
      note: 'Nattläsningarna gäller jour, utrett med personalen.',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      unitId: t.unitA,
      from: '2026-11-16',
      to: '2026-11-22',
      signedBy: t.userIds.managerA,
      signedByName: 'Test managerA',
      signedAt: '2026-11-23T10:00:00.000Z',
      note: 'Nattläsningarna gäller jour, utrett med personalen.',
      findingsCount: expected,
    });
    expect(expected).toBeGreaterThan(6);
    // The stored count includes the failed sign-ins: 11-16, 11-17, 11-18 and 11-20.
    const totals = (await review(manager, '2026-11-16', '2026-11-22')).body.totals;
    expect(totals.failedSignIns).toBe(4);
    expect(expected).toBe(totals.outsideCaseload + totals.unusualHours + totals.manyReads + 4);

    const rows = await t.db.kysely.selectFrom('audit_log').selectAll().where('entity', '=', 'log_review').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'create',
      entity_id: res.body.id,
      unit_id: t.unitA,
      resident_id: null,
      user_id: t.userIds.managerA,
    });

    const list = await manager.get(`/api/audit/review/sign-offs?unitId=${t.unitA}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([res.body]);
    expect((await review(manager, '2026-11-22', '2026-11-23')).body.signOffs).toEqual([res.body]);
    expect((await review(manager, '2026-11-23', '2026-11-23')).body.signOffs).toEqual([]);
    const other = await (await t.as('managerB')).get(`/api/audit/review/sign-offs?unitId=${t.unitB}`);
    expect(other.body.items).toEqual([]);

    const chain = await verifyAuditChain(t.db.kysely);
    expect(chain).toMatchObject({ ok: true, firstBroken: null });
  });
});
