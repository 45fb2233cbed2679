import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

describe.each(TEST_DIALECTS)('audit log on %s', (dialect) => {
  let t: TestApp;
  let residentId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const c = await t.as('caseworkerA');
    residentId = (await aResident(c, TEST_PERSONAL_NUMBERS[150]!, { firstName: '=HYPERLINK("x")', lastName: 'Loggsson' })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const rowsFor = (id: string) => t.db.kysely.selectFrom('audit_log').selectAll().where('resident_id', '=', id).orderBy('id').execute();

  it('writes exactly one row, naming the reader, when a resident is read', async () => {
    const host = await t.as('hostA');
    const before = await rowsFor(residentId);
    const res = await host.request('GET', `/api/residents/${residentId}`);
    expect(res.status).toBe(200);
    const after = await rowsFor(residentId);
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({
      user_id: t.userIds.hostA,
      user_name: 'Test hostA',
      unit_id: t.unitA,
      resident_id: residentId,
      entity: 'resident',
      entity_id: residentId,
      action: 'read',
      ip: '127.0.0.1',
    });
    expect(Date.parse(after.at(-1)!.at)).not.toBeNaN();
  });

  it('logs writes and the reads of ledger-like data: placements, notes, lists', async () => {
    const c = await t.as('caseworkerA');
    const apt = await anApartment(c, (await aLandlord(c)).id);
    const rid = (await aResident(c, TEST_PERSONAL_NUMBERS[151]!)).id;
    await c.patch(`/api/residents/${rid}`, { version: 1, phone: '070-174 06 10' });
    await c.post(`/api/residents/${rid}/notes`, { body: 'Samtal om budget.' });
    await c.get(`/api/residents/${rid}/notes`);
    await aPlacement(c, rid, apt.id);
    await c.get(`/api/residents?q=${encodeURIComponent('Testsson')}&pageSize=200`);
    const actions = (await rowsFor(rid)).map((r) => `${r.entity}:${r.action}`);
    expect(actions).toEqual(['resident:create', 'resident:update', 'note:create', 'note:read', 'placement:create', 'resident:list']);
  });

  it('has no route that edits or deletes the log, and the database refuses both', async () => {
    const writes = t.app.declaredRoutes.filter((r) => r.url.startsWith('/api/audit') && r.method !== 'GET' && r.method !== 'HEAD');
    expect(writes).toEqual([]);
    await expect(sql`UPDATE audit_log SET user_name = 'someone else'`.execute(t.db.kysely)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(t.db.kysely)).rejects.toThrow(/append-only/);
    expect((await rowsFor(residentId)).every((r) => r.user_name !== 'someone else')).toBe(true);
  });

  it('shows managers their unit’s log, filterable by staff member and person; nobody else', async () => {
    const manager = await t.as('managerA');
    const host = await t.as('hostA');
    await host.get(`/api/residents/${residentId}`);
    const all = await manager.get(`/api/audit?unitId=${t.unitA}&pageSize=200`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThan(3);
    const byUser = await manager.get(`/api/audit?userId=${t.userIds.hostA}`);
    expect(byUser.body.items.length).toBeGreaterThan(0);
    expect(byUser.body.items.every((i: { userId: string }) => i.userId === t.userIds.hostA)).toBe(true);
    const byPerson = await manager.get(`/api/audit?residentId=${residentId}`);
    expect(byPerson.body.items.every((i: { residentId: string }) => i.residentId === residentId)).toBe(true);
    expect(byPerson.body.items[0]).toMatchObject({ residentName: '=HYPERLINK("x") Loggsson', entity: 'resident' });
    const future = await manager.get(`/api/audit?from=2099-01-01`);
    expect(future.body.total).toBe(0);

    expect((await host.get('/api/audit')).status).toBe(403);
    expect((await (await t.as('analystA')).get('/api/audit')).status).toBe(403);
    const otherManager = await t.as('managerB');
    expect((await otherManager.get(`/api/audit?unitId=${t.unitA}`)).status).toBe(403);
    expect((await otherManager.get('/api/audit')).body.items.some((i: { unitId: string }) => i.unitId === t.unitA)).toBe(false);
  });

  it('exports the log to CSV for Excel, with formulas neutralised', async () => {
    const manager = await t.as('managerA');
    const res = await manager.get(`/api/audit/export.csv?residentId=${residentId}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="kvarbo-logg-/);
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const lines = res.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('id;tid_utc;anvandare_id;anvandare;enhet_id;person_id;person;objekt;objekt_id;handling;ip');
    const count = (await rowsFor(residentId)).length;
    // The export itself is not a read of the person; the count matches the rows before it.
    expect(lines.length - 1).toBe(count);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"") Loggsson"`);
    expect((await (await t.as('caseworkerA')).get('/api/audit/export.csv')).status).toBe(403);
  });
});
