import { todayInStockholm } from '@kvarbo/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { verifyAuditChain } from '../src/services/audit.service.ts';
import type { Clock } from '../src/services/context.ts';
import { aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// "Gallra nu" on the admin's Gallring page (docs/culling.md): the records are made on 2026-11-23, the clock then moves
// to 2032-06-01, when they are due. Only an admin may run it, only for the count the admin confirmed, as of today, and
// the run is in the audit log with the admin's name.

describe.each(TEST_DIALECTS)('culling from the admin page on %s', (dialect) => {
  let t: TestApp;
  let current = new Date('2026-11-23T10:00:00Z');
  const clock: Clock = { now: () => current, today: () => todayInStockholm(current) };
  let residentId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect, {}, undefined, { clock });
    const cw = await t.as('caseworkerA');
    const landlord = await aLandlord(cw);
    const flat = await anApartment(cw, landlord.id, { address: 'Gallringsgränd 1' });
    residentId = (await aResident(cw, TEST_PERSONAL_NUMBERS[150]!, { firstName: 'Vilgot', lastName: 'Webbgallrad' })).id;
    await aPlacement(cw, residentId, flat.id, { startDate: '2026-01-01', endDate: '2026-06-30', endReason: 'moved_other_housing' });
    current = new Date('2032-06-01T10:00:00Z');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lets only an admin cull what is due today, after confirming the count, and logs who did it', async () => {
    const manager = await t.as('managerA');
    const admin = await t.as('adminOnly');
    expect((await manager.post('/api/admin/culling/run', { confirmedDue: 1 })).status).toBe(403);

    const preview = await admin.get('/api/admin/culling');
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.date).toBe('2032-06-01');
    const due = preview.body.due.length as number;
    expect(preview.body.due.map((s: { residentId: string | null }) => s.residentId)).toContain(residentId);

    const bad = await admin.post('/api/admin/culling/run', { confirmedDue: 'alla' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('confirmedDue');
    const changed = await admin.post('/api/admin/culling/run', { confirmedDue: due + 1 });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('CULLING_CHANGED');
    expect(
      (await t.db.kysely.selectFrom('residents').select('culled_at').where('id', '=', residentId).executeTakeFirst())?.culled_at,
    ).toBeNull();

    const run = await admin.post('/api/admin/culling/run', { confirmedDue: due });
    expect(run.status, run.text).toBe(200);
    expect(run.body).toMatchObject({ date: '2032-06-01', counts: { residents: 1 } });
    const r = await t.db.kysely.selectFrom('residents').selectAll().where('id', '=', residentId).executeTakeFirstOrThrow();
    expect(r).toMatchObject({ first_name: '', personal_number: null });
    expect(r.culled_at).toEqual(expect.any(String));

    const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'cull').orderBy('id').execute();
    expect(audit[0]).toMatchObject({ entity: 'culling_run', entity_id: '2032-06-01', user_id: t.userIds.adminOnly });
    expect(audit.filter((a) => a.entity === 'resident').map((a) => a.entity_id)).toEqual([residentId]);
    expect((await verifyAuditChain(t.db.kysely)).ok).toBe(true);
    const runs = (await admin.get('/api/admin/culling')).body.runs;
    expect(runs[0]).toMatchObject({ id: run.body.runId, dryRun: false, counts: { residents: 1 } });

    // Nothing left: the page offers no run, and a confirmed count of what is gone is refused.
    expect((await admin.get('/api/admin/culling')).body.due).toEqual([]);
    expect((await admin.post('/api/admin/culling/run', { confirmedDue: due })).body.error.code).toBe('CULLING_CHANGED');
  });
});
