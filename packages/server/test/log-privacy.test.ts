import os from 'node:os';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/auth/tokens.ts';
import { ensureOrganisation } from '../src/cli/bootstrap.ts';
import { readConfig } from '../src/config.ts';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { buildApp } from '../src/http/app.ts';
import { insertUnit } from '../src/repositories/units.repository.ts';
import { fixedClock } from '../src/services/context.ts';
import { login, PASSWORD } from './support/test-app.ts';
import { createTestDb, TEST_DIALECTS, type TestDb } from './support/test-db.ts';

// RULES: no personal data in server logs. A realistic session with logging on (at trace level, the most
// talkative), the log captured, and no personnummer (any usual form) or name of the resident in it.
const raw = TEST_PERSONAL_NUMBERS[42]!; // YYYYMMDDNNNC
const FORMS = [
  raw,
  raw.slice(2),
  `${raw.slice(0, 8)}-${raw.slice(8)}`,
  `${raw.slice(2, 8)}-${raw.slice(8)}`,
  `${raw.slice(2, 8)}+${raw.slice(8)}`,
];
const FIRST = 'Gunnevi';
const LAST = 'Vinterskog';
const OTHER_FIRST = 'Ingegärd';

describe.each(TEST_DIALECTS)('no personal data in the server log on %s', (dialect) => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  let db: TestDb;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    const config = { ...readConfig({ KVARBO_DATA_DIR: os.tmpdir() }), webDistDir: '/nonexistent', logLevel: 'trace' };
    ({ app } = await buildApp({ db, config, clock: fixedClock('2026-11-23T10:00:00Z'), logger: true, logStream: stream }).then(
      async (built) => {
        const org = await ensureOrganisation(db, new Date());
        const unitId = newId();
        await insertUnit(db.kysely, { id: unitId, organisation_id: org.id, name: 'Enhet A', created_at: new Date().toISOString() });
        await built.services.users.createUser(org.id, {
          username: 'handlaggare',
          displayName: 'Handläggare Test',
          password: PASSWORD,
          isAdmin: false,
          memberships: [{ unitId, role: 'caseworker' }],
        });
        return built;
      },
    ));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('logs requests, but never the personnummer or the names, whatever the request carried', async () => {
    const c = await login(app, 'handlaggare', PASSWORD, Date.parse('2026-11-23T10:00:00Z')); // the app's clock, for the two-factor code
    const resident = {
      firstName: FIRST,
      lastName: LAST,
      idKind: 'personnummer',
      personalNumber: FORMS[2],
      householdAdults: 1,
      householdChildren: 0,
      phone: '070-000 00 00',
    };
    const created = await c.post('/api/residents', resident);
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;

    expect((await c.get(`/api/residents/${id}`)).body.lastName).toBe(LAST);
    expect((await c.get('/api/residents')).body.items).toHaveLength(1);
    expect((await c.get(`/api/residents?q=${encodeURIComponent(LAST)}`)).body.items).toHaveLength(1);
    expect((await c.get(`/api/residents?q=${encodeURIComponent(`${FIRST} ${LAST}`)}&status=current`)).status).toBe(200);
    expect((await c.get(`/api/residents?q=${FORMS[3]}`)).body.items).toHaveLength(1);
    expect((await c.patch(`/api/residents/${id}`, { version: 1, firstName: OTHER_FIRST })).status).toBe(200);

    // Failed validation with the personnummer in the body: schema, business rule (duplicate), broken JSON.
    const invalid = await c.post('/api/residents', { ...resident, idKind: 'passport', householdAdults: 0 });
    expect(invalid.status).toBe(400);
    const duplicate = await c.post('/api/residents', { ...resident, personalNumber: FORMS[1] });
    expect(duplicate.status).toBeGreaterThanOrEqual(400);
    const broken = await c.request('POST', '/api/residents', `{"firstName":"${FIRST}","personalNumber":"${FORMS[0]}"`, {
      'content-type': 'application/json',
    });
    expect(broken.status).toBe(400);

    // 404s with the personnummer and names in the URL.
    const missing = await c.get(`/api/residents/${newId()}?personnummer=${FORMS[2]}&name=${LAST}`);
    expect(missing.status).toBe(404);
    expect((await c.get(`/api/no-such-thing?pnr=${FORMS[0]}&q=${FIRST}`)).status).toBe(404);
    expect((await c.get(`/api/residents/${FORMS[0]}`)).status).toBeGreaterThanOrEqual(400);
    expect((await c.get(`/api/residents/${FORMS[3]}?x=${encodeURIComponent(OTHER_FIRST)}`)).status).toBeGreaterThanOrEqual(400);

    const log = chunks.join('');
    // Logging was on and saw the requests: the test would pass vacuously otherwise.
    expect(log).toContain('request completed');
    expect(log).toContain('/api/residents');
    expect(log.split('\n').filter(Boolean).length).toBeGreaterThan(20);

    const lower = log.toLowerCase();
    for (const form of FORMS) expect(log, `personnummer as ${form}`).not.toContain(form);
    expect(log, 'personnummer digits split by anything').not.toMatch(new RegExp(`${raw.slice(2, 8)}\\D{0,3}${raw.slice(8)}`));
    for (const name of [FIRST, LAST, OTHER_FIRST]) {
      expect(lower, name).not.toContain(name.toLowerCase());
      expect(lower, `${name} URL-encoded`).not.toContain(encodeURIComponent(name).toLowerCase());
    }
  });
});
