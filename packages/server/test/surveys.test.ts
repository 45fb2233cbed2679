import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/auth/tokens.ts';
import { aResident } from './support/builders.ts';
import { startTestApp, type Client, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// Resident surveys (issue 9, part 3). Today in tests is 2026-11-23 (clock fixed at 10:00 UTC).

const full = { life: 4, support: 5, apartment: 3, staff: 5 };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Table names from the `Database` interface in src/db/schema.ts, so a new table is searched too. */
function tableNames(): string[] {
  const source = fs.readFileSync(fileURLToPath(new URL('../src/db/schema.ts', import.meta.url)), 'utf8');
  const body = /export interface Database \{([^}]*)\}/.exec(source)?.[1] ?? '';
  return [...body.matchAll(/^\s*(\w+)\s*:/gm)].map((m) => m[1]!);
}

describe.each(TEST_DIALECTS)('resident surveys (%s)', (dialect) => {
  let t: TestApp;
  let caseworker: Client;
  let analyst: Client;
  let residentId: string;

  async function survey(anonymous: boolean, c: Client = caseworker, unitId = t.unitA) {
    const res = await c.post('/api/surveys', { unitId, anonymous, template: 'hur-ar-laget' });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  }

  async function invite(surveyId: string, resident = residentId) {
    const res = await caseworker.post(`/api/surveys/${surveyId}/invitations`, { residentId: resident });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; token: string; path: string; url: string; qrSvg: string; expiresAt: string };
  }

  async function dump(): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const table of tableNames()) {
      out[table] = await (t.db.kysely as any).selectFrom(table).selectAll().execute();
    }
    return out;
  }

  beforeAll(async () => {
    t = await startTestApp(dialect);
    caseworker = await t.as('caseworkerA');
    analyst = await t.as('analystA');
    residentId = (await aResident(caseworker, null, { firstName: 'Enkäta', lastName: 'Svarsson' })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps an anonymous answer untraceable to the resident in the database', async () => {
    const surveyId = await survey(true);
    const inv = await invite(surveyId);
    expect(inv.path).toBe(`/s/${inv.token}`);
    expect(inv.qrSvg).toMatch(/^<svg/);
    const auditBefore = (await t.db.kysely.selectFrom('audit_log').select('id').execute()).length;

    const page = await t.anonymous.get(`/api/s/${inv.token}`);
    expect(page.status, page.text).toBe(200);
    expect(page.body.title.sv).toBe('Hur är läget?');
    expect(page.body.anonymous).toBe(true);
    expect(page.text).not.toContain('Enkäta');
    expect(page.text).not.toContain(residentId);

    const answer = await t.anonymous.post(`/api/s/${inv.token}`, { answers: { ...full, comment: 'Hemligt svar 7731' } });
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body.thanks.sv).toBe('Tack för ditt svar!');

    const rows = await t.db.kysely.selectFrom('survey_answers').selectAll().where('survey_id', '=', surveyId).execute();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      month: '2026-11',
      anonymous: 1,
      channel: 'link',
      resident_id: null,
      invitation_id: null,
      entered_by: null,
      answered_at: null,
    });
    expect(row.id).toMatch(UUID_V4); // random, not the time-ordered UUIDv7 of newId()

    // Search every table: no row that carries the answer (its id or its words) also carries the resident, the
    // invitation or the token; the token itself is nowhere; the invitation says only the month it was used.
    const tokenHash = sha256(inv.token);
    const tables = await dump();
    let answerSeen = 0;
    for (const [table, list] of Object.entries(tables)) {
      for (const r of list) {
        const text = JSON.stringify(r);
        expect(text, table).not.toContain(inv.token);
        if (text.includes(row.id) || text.includes('Hemligt svar 7731')) {
          answerSeen++;
          for (const needle of [residentId, inv.id, tokenHash, t.userIds.caseworkerA])
            expect(text, `${table} carries ${needle}`).not.toContain(needle);
        }
      }
    }
    expect(answerSeen).toBe(1);
    const invitation = await t.db.kysely.selectFrom('survey_invitations').selectAll().where('id', '=', inv.id).executeTakeFirstOrThrow();
    expect(invitation.used_at).toBe('2026-11');
    expect(invitation.token_hash).toBe(tokenHash);
    // Nothing was audit-logged for the answer: an audit row would carry the resident and the time.
    expect((await t.db.kysely.selectFrom('audit_log').select('id').execute()).length).toBe(auditBefore);

    // On SQLite the answers have no rowid that would number them in arrival order.
    if (dialect === 'sqlite') {
      await expect(sql`select rowid from survey_answers`.execute(t.db.kysely)).rejects.toThrow(/rowid/);
    }

    // The database itself refuses an anonymous row that names someone.
    await expect(
      t.db.kysely
        .insertInto('survey_answers')
        .values({
          id: crypto.randomUUID(),
          survey_id: surveyId,
          month: '2026-11',
          answer_values: '{}',
          channel: 'link',
          anonymous: 1,
          resident_id: residentId,
        })
        .execute(),
    ).rejects.toThrow();
  });

  it('gives ids that do not reveal the order of anonymous answers', async () => {
    const surveyId = await survey(true);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await aResident(caseworker, null);
      const inv = await invite(surveyId, r.id);
      expect((await t.anonymous.post(`/api/s/${inv.token}`, { answers: full })).status).toBe(201);
      const stored = await t.db.kysely.selectFrom('survey_answers').select('id').where('survey_id', '=', surveyId).execute();
      ids.push(stored.map((s) => s.id).find((id) => !ids.includes(id))!);
    }
    for (const id of ids) expect(id).toMatch(UUID_V4);
    // Eight UUIDv7s made in sequence would sort in the order made; random ones almost never do (1 in 40 320).
    const sorted = [...ids].sort();
    expect(sorted).not.toEqual(ids);
    const months = await t.db.kysely.selectFrom('survey_answers').select('month').where('survey_id', '=', surveyId).execute();
    expect(new Set(months.map((m) => m.month))).toEqual(new Set(['2026-11']));
  });

  it('uses a link once: a second answer and a later visit get 410 in Swedish', async () => {
    const surveyId = await survey(true);
    const inv = await invite(surveyId);
    expect((await t.anonymous.post(`/api/s/${inv.token}`, { answers: full })).status).toBe(201);
    const again = await t.anonymous.post(`/api/s/${inv.token}`, { answers: full });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('SURVEY_LINK_USED');
    expect(again.body.error.message).toMatch(/redan besvarad/);
    const visit = await t.anonymous.get(`/api/s/${inv.token}`);
    expect(visit.status).toBe(410);
    expect(await t.db.kysely.selectFrom('survey_answers').select('id').where('survey_id', '=', surveyId).execute()).toHaveLength(1);

    const list = await caseworker.get(`/api/surveys/${surveyId}/invitations`);
    expect(list.body.items[0]).toMatchObject({ residentId, status: 'used' });
  });

  it('refuses an unknown or expired link, and a closed survey', async () => {
    const unknown = await t.anonymous.get('/api/s/this-token-does-not-exist');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/Länken finns inte/);

    const surveyId = await survey(true);
    const inv = await invite(surveyId);
    await t.db.kysely.updateTable('survey_invitations').set({ expires_at: '2026-11-23T09:59:59.000Z' }).where('id', '=', inv.id).execute();
    const expired = await t.anonymous.get(`/api/s/${inv.token}`);
    expect(expired.status).toBe(410);
    expect(expired.body.error).toMatchObject({ code: 'SURVEY_LINK_EXPIRED' });
    expect(expired.body.error.message).toMatch(/gått ut/);
    expect((await t.anonymous.post(`/api/s/${inv.token}`, { answers: full })).status).toBe(410);

    const open = await invite(surveyId);
    expect((await caseworker.post(`/api/surveys/${surveyId}/status`, { status: 'closed' })).status).toBe(200);
    expect((await t.anonymous.post(`/api/s/${open.token}`, { answers: full })).status).toBe(410);
    expect((await caseworker.post(`/api/surveys/${surveyId}/invitations`, { residentId })).status).toBe(409);
  });

  it('names the question in validation errors, and keeps the link unused', async () => {
    const surveyId = await survey(true);
    const inv = await invite(surveyId);
    const bad = await t.anonymous.post(`/api/s/${inv.token}`, { answers: { life: 9, support: 5, apartment: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['answers.life', 'answers.staff']);
    expect(bad.body.error.fields[0].message).toMatch(/1 till 5/);
    const long = await t.anonymous.post(`/api/s/${inv.token}`, { answers: { ...full, comment: 'x'.repeat(1001) } });
    expect(long.status).toBe(400);
    expect(long.body.error.fields[0].field).toBe('answers.comment');
    // Still usable after the refusals.
    expect((await t.anonymous.post(`/api/s/${inv.token}`, { answers: full })).status).toBe(201);
  });

  it('enters paper answers: anonymous ones name nobody, named ones join the resident’s record with an audit row', async () => {
    const anon = await survey(true);
    const refused = await caseworker.post(`/api/surveys/${anon}/paper-answers`, { residentId, answers: full });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0].field).toBe('residentId');
    const ok = await caseworker.post(`/api/surveys/${anon}/paper-answers`, { month: '2026-10', answers: full });
    expect(ok.status, ok.text).toBe(201);
    const stored = await t.db.kysely.selectFrom('survey_answers').selectAll().where('survey_id', '=', anon).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ channel: 'paper', month: '2026-10', resident_id: null, entered_by: null, answered_at: null });
    expect((await caseworker.post(`/api/surveys/${anon}/paper-answers`, { month: '2027-01', answers: full })).status).toBe(400);

    const named = await survey(false);
    const missing = await caseworker.post(`/api/surveys/${named}/paper-answers`, { answers: full });
    expect(missing.body.error.fields[0].field).toBe('residentId');
    const entered = await caseworker.post(`/api/surveys/${named}/paper-answers`, {
      residentId,
      answers: { ...full, comment: 'Namngivet' },
    });
    expect(entered.status).toBe(201);
    // And one through a link of the named survey.
    const inv = await invite(named);
    expect((await t.anonymous.post(`/api/s/${inv.token}`, { answers: full })).status).toBe(201);

    const record = await caseworker.get(`/api/residents/${residentId}/survey-answers`);
    expect(record.status).toBe(200);
    expect(record.body.items).toHaveLength(2);
    expect(record.body.items.map((i: { channel: string }) => i.channel).sort()).toEqual(['link', 'paper']);
    const audits = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'survey_answer')
      .where('resident_id', '=', residentId)
      .execute();
    expect(audits.map((a) => a.user_name).sort()).toEqual(['Boende via enkätlänk', 'Test caseworkerA']);
    // The anonymous answers never appear in the record.
    expect(JSON.stringify(record.body)).not.toContain('Hemligt svar');
  });

  it('shows results per month with small-cell suppression, to analysts too, and exports them', async () => {
    const surveyId = await survey(true);
    for (const v of [1, 2, 4, 5, 5]) {
      expect(
        (await caseworker.post(`/api/surveys/${surveyId}/paper-answers`, { month: '2026-09', answers: { ...full, life: v } })).status,
      ).toBe(201);
    }
    for (const v of [3, 3])
      await caseworker.post(`/api/surveys/${surveyId}/paper-answers`, { month: '2026-10', answers: { ...full, life: v } });

    const res = await analyst.get(`/api/surveys/${surveyId}/results?by=month&from=2026-09&to=2026-11`);
    expect(res.status, res.text).toBe(200);
    const [sep, oct, nov] = res.body.periods;
    expect(sep).toMatchObject({ period: '2026-09', answers: 5, suppressed: false });
    expect(sep.scales[0]).toEqual({ questionId: 'life', answered: 5, mean: 3.4, distribution: [1, 1, 0, 1, 2] });
    expect(oct).toMatchObject({ period: '2026-10', answers: '<5', suppressed: true });
    expect(oct.scales[0]).toMatchObject({ mean: null, distribution: null });
    expect(nov).toMatchObject({ answers: 0 });

    const quarter = await caseworker.get(`/api/surveys/${surveyId}/results?by=quarter&from=2026-07&to=2026-12`);
    expect(quarter.body.periods[0]).toMatchObject({ period: '2026-Q3', answers: 5 });
    expect(quarter.body.periods[1]).toMatchObject({ period: '2026-Q4', answers: '<5' });

    const xlsx = await caseworker.get(`/api/surveys/${surveyId}/results/export.xlsx?by=month&from=2026-09&to=2026-11`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');

    const badPeriod = await caseworker.get(`/api/surveys/${surveyId}/results?by=month&from=2026-11&to=2026-09`);
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.error.fields[0].field).toBe('to');

    // The analyst sees figures, not who was invited, and cannot invite.
    expect((await analyst.get(`/api/surveys/${surveyId}/invitations`)).status).toBe(404);
    expect((await analyst.post(`/api/surveys/${surveyId}/invitations`, { residentId })).status).toBe(404);
  });

  it('keeps another unit’s surveys out of reach (404) and its residents out of invitations', async () => {
    const other = await t.as('caseworkerB');
    const surveyB = await survey(true, other, t.unitB);
    for (const url of [
      `/api/surveys/${surveyB}`,
      `/api/surveys/${surveyB}/results?from=2026-01&to=2026-11`,
      `/api/surveys/${surveyB}/invitations`,
    ]) {
      expect((await caseworker.get(url)).status, url).toBe(404);
    }
    expect((await caseworker.post(`/api/surveys/${surveyB}/invitations`, { residentId })).status).toBe(404);
    expect((await caseworker.post(`/api/surveys/${surveyB}/paper-answers`, { answers: full })).status).toBe(404);
    expect((await caseworker.get('/api/surveys')).body.items.map((s: { id: string }) => s.id)).not.toContain(surveyB);
    expect((await caseworker.post('/api/surveys', { unitId: t.unitB, anonymous: true })).status).toBe(400);

    const residentB = (await aResident(other, null)).id;
    const surveyA = await survey(true);
    const cross = await caseworker.post(`/api/surveys/${surveyA}/invitations`, { residentId: residentB });
    expect(cross.status).toBe(400);
    expect(cross.body.error.fields[0].field).toBe('residentId');
    expect((await caseworker.get(`/api/residents/${residentB}/survey-answers`)).status).toBe(404);
  });

  it('needs no session or CSRF token on the link, and a staff route still needs both', async () => {
    const surveyId = await survey(true);
    const inv = await invite(surveyId);
    const noCookie = await t.app.inject({ method: 'POST', url: `/api/s/${inv.token}`, payload: { answers: full } });
    expect(noCookie.statusCode).toBe(201);
    expect(noCookie.headers['set-cookie']).toBeUndefined();
    expect((await t.anonymous.post(`/api/surveys/${surveyId}/paper-answers`, { answers: full })).status).toBe(401);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: `/api/surveys/${surveyId}/paper-answers`,
      payload: { answers: full },
      headers: { cookie: `kvarbo_session=${caseworker.token}` },
    });
    expect(noCsrf.statusCode).toBe(403);
  });
});
