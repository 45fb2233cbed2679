import { HUR_AR_LAGET } from '@kvarbo/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { verifyAuditChain } from '../src/services/audit.service.ts';
import { aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { startTestApp, type Client, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

// Culling (gallring, docs/culling.md). Today is 2026-11-23 (test-app.ts); the records are made in 2026 and culled as
// of 2032-06-01, more than five years after the last entry. Unit A holds:
//   Gunnel  – placement Jan–Jun 2026 ended, notes, rent, follow-up, Housing First, occupation, a named survey answer,
//             a closed eviction case (in unit B) and a landlord report without a case naming her number → culled;
//   Holger  – the same kind of ended placement, under a legal hold → held, culled once the hold is lifted;
//   Oskar   – an ongoing placement → open, never due;
//   Fanny   – born on the 15th → exempt for research (SoF 7:2).
// Unit B holds a closed eviction case of a household that is no resident (its own subject) and an unmatched payment.

const CULL_DATE = '2032-06-01';
const GUNNEL = { number: TEST_PERSONAL_NUMBERS[141]!, first: 'Gunnel', last: 'Gallringsdóttir' };
const HOLGER = { number: TEST_PERSONAL_NUMBERS[142]!, first: 'Holger', last: 'Hållqvist' };
const OSKAR = { number: TEST_PERSONAL_NUMBERS[143]!, first: 'Oskar', last: 'Öppenström' };
const FANNY = { number: TEST_PERSONAL_NUMBERS[9]!, first: 'Fanny', last: 'Forskarsson' }; // born 1946-08-15
const HOUSEHOLD = { number: TEST_PERSONAL_NUMBERS[146]!, name: 'Hushållet Vräkingsson' };
const PAYER = 'Betalande Främlingsson';
/** Text that must not survive culling, anywhere in the database. */
const SECRETS = [
  'Gallringsdóttir',
  'Gunnel',
  'Vräkingsson',
  'Främlingsson',
  'Flyttade till systern i Umeå',
  'Samtal om skulden till mamma',
  'Hemligt mående',
  'Kommentar som namnger grannen Berit',
  'Gunnels budget',
  'Telefonsamtal om Gunnels hund',
  'Gunnel hade med sig hunden till Källaren',
];

/** Every form a personal number can take in text. */
function numberForms(n: string): string[] {
  const digits = n.replace('-', '');
  return [digits, `${digits.slice(0, 8)}-${digits.slice(8)}`, digits.slice(2), `${digits.slice(2, 8)}-${digits.slice(8)}`];
}

describe.each(TEST_DIALECTS)('culling on %s', (dialect) => {
  let t: TestApp;
  let cw: Client;
  let manager: Client;
  let admin: Client;
  const ids = {} as Record<'gunnel' | 'holger' | 'oskar' | 'fanny' | `${'gunnel' | 'holger' | 'oskar' | 'fanny'}Placement`, string>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    cw = await t.as('caseworkerA');
    manager = await t.as('managerA');
    admin = await t.as('admin');
    const landlord = await aLandlord(cw);
    const flats = [];
    for (const [i, type] of (['training', 'housing_first', 'trial', 'training'] as const).entries()) {
      flats.push(await anApartment(cw, landlord.id, { address: `Gallringsvägen ${i + 1}`, type, monthlyRentOre: 600_000 }));
    }
    const person = async (p: { number: string; first: string; last: string }) =>
      (
        await aResident(cw, p.number, {
          firstName: p.first,
          lastName: p.last,
          phone: '070-111 22 33',
          email: `${p.first.toLowerCase()}@example.se`,
        })
      ).id;
    ids.gunnel = await person(GUNNEL);
    ids.holger = await person(HOLGER);
    ids.oskar = await person(OSKAR);
    ids.fanny = await person(FANNY);
    const ended = { startDate: '2026-01-01', endDate: '2026-06-30', endReason: 'moved_other_housing' };
    ids.gunnelPlacement = (await aPlacement(cw, ids.gunnel, flats[0].id, { ...ended, endNote: 'Flyttade till systern i Umeå.' })).id;
    ids.holgerPlacement = (await aPlacement(cw, ids.holger, flats[1].id, ended)).id;
    ids.oskarPlacement = (await aPlacement(cw, ids.oskar, flats[2].id, { startDate: '2026-02-01' })).id;
    ids.fannyPlacement = (
      await aPlacement(cw, ids.fanny, flats[3].id, { ...ended, endDate: '2026-04-30', endReason: 'own_first_hand_lease' })
    ).id;
    for (const month of ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07']) {
      await t.services.charges.generate(month, { unitIds: [t.unitA], actor: null });
    }
    // Rent paid on time, late and not at all, so the month statuses differ.
    for (const [placement, dates] of [
      [ids.gunnelPlacement, ['2025-12-30', '2026-02-10', '2026-03-27', '2026-05-20']],
      [ids.holgerPlacement, ['2025-12-30', '2026-01-30', '2026-03-10']],
      [ids.oskarPlacement, ['2026-01-30', '2026-02-27', '2026-04-12']],
    ] as const) {
      for (const bookingDate of dates) {
        const res = await cw.post(`/api/placements/${placement}/payments`, {
          bookingDate,
          amountOre: 600_000,
          method: 'swish',
          note: placement === ids.gunnelPlacement ? 'Samtal om skulden till mamma.' : null,
        });
        expect(res.status, res.text).toBe(201);
      }
    }
    expect((await cw.post(`/api/residents/${ids.gunnel}/notes`, { body: 'Hemligt mående, oro för Gunnel.' })).status).toBe(201);
    const incident = await cw.post(`/api/placements/${ids.gunnelPlacement}/incidents`, {
      occurredOn: '2026-03-03',
      kind: 'disturbance_complaint',
      source: 'neighbour',
      severity: 'complaint',
      description: 'Kommentar som namnger grannen Berit.',
      actionTaken: 'Pratade med Gunnel.',
    });
    expect(incident.status, incident.text).toBe(201);
    await seedTheRest();
    const hold = await manager.post(`/api/residents/${ids.holger}/legal-hold`, { reason: 'Överklagande i förvaltningsrätten.' });
    expect(hold.status, hold.text).toBe(201);
  });

  afterAll(async () => {
    await t?.close();
  });

  /** Rows of every other kind, straight into the tables (several have no API of their own here). */
  async function seedTheRest() {
    const q = t.db.kysely;
    const at = '2026-06-20T09:00:00.000Z';
    const by = t.userIds.caseworkerA;
    const g = ids.gunnel;
    const gp = ids.gunnelPlacement;
    await q
      .insertInto('tasks')
      .values({
        id: 'c-task',
        unit_id: t.unitA,
        resident_id: g,
        placement_id: gp,
        kind: 'home_visit',
        month: '2026-03',
        run_date: '2026-03-05',
        due_date: '2026-02-27',
        assignee_id: by,
        plan_id: null,
        open_ore: 600_000,
        status: 'done',
        paid_meanwhile_on: null,
        outcome: 'Gunnel lovade att betala.',
        done_at: at,
        done_by: by,
        dedupe_key: 'culling-test-task',
        created_at: at,
      })
      .execute();
    await q
      .insertInto('task_events')
      .values({
        id: 'c-event',
        task_id: 'c-task',
        at,
        user_id: by,
        user_name: 'Test caseworkerA',
        kind: 'comment',
        text: 'Telefonsamtal om Gunnels hund.',
        to_user_id: null,
      })
      .execute();
    await q
      .insertInto('home_visits')
      .values({
        id: 'c-home-visit',
        task_id: 'c-task',
        placement_id: gp,
        resident_id: g,
        visit_date: '2026-03-06',
        happened: 1,
        not_happened_reason: null,
        wellbeing: 'Hemligt mående i mars.',
        reasons: JSON.stringify(['income_late']),
        reason_other: 'Gunnel',
        obstacles: 'Gunnel',
        payment_plan: 'Gunnel',
        prevention: 'Gunnel',
        recorded_by: by,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('agency_notices')
      .values({
        id: 'c-notice',
        task_id: null,
        placement_id: gp,
        resident_id: g,
        sent_on: '2026-03-16',
        sent_how: 'post',
        note: 'Om Gunnel.',
        recorded_by: by,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('repayment_plans')
      .values({
        id: 'c-plan',
        placement_id: gp,
        debt_ore: 600_000,
        start_month: '2026-04',
        instalment_ore: 300_000,
        instalments: null,
        charge_ids: '[]',
        agreed_on: '2026-03-16',
        agreed_by: t.userIds.managerA,
        note: 'Gunnels budget är tight.',
        cancelled_at: null,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('visit_agreements')
      .values({
        id: 'c-agreement',
        placement_id: gp,
        visits_per_week: 1,
        from_date: '2026-01-01',
        to_date: null,
        created_by: by,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('support_visits')
      .values({
        id: 'c-visit',
        placement_id: gp,
        visit_date: '2026-02-03',
        place: 'apartment',
        planned: 1,
        outcome: 'held',
        note: 'Gunnel berättade om sin hälsa.',
        goals: JSON.stringify(['Gunnels mål: jobb']),
        created_by: by,
        created_at: at,
      })
      .execute();
    await q.insertInto('support_visit_staff').values({ visit_id: 'c-visit', user_id: by }).execute();
    await q
      .insertInto('landlord_contact_log')
      .values({
        id: 'c-landlord',
        placement_id: gp,
        occurred_on: '2026-03-04',
        channel: 'phone',
        summary: 'Om Gunnels störningar.',
        created_by: by,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('respite_stays')
      .values({
        id: 'c-respite',
        placement_id: gp,
        from_date: '2026-04-01',
        to_date: '2026-04-03',
        place: 'Hos Gunnels syster',
        note: 'Gunnel',
        created_by: by,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('occupations')
      .values({
        id: 'c-occupation',
        resident_id: g,
        kind: 'work_practice',
        provider: 'Stadsmissionen',
        from_date: '2026-02-01',
        to_date: '2026-05-31',
        hours_per_week: 20,
        note: 'Gunnel trivs.',
        created_by: by,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await q
      .insertInto('activities')
      .values({
        id: 'c-activity',
        unit_id: t.unitA,
        name: 'Källaren',
        kind: 'meeting_place',
        organiser: 'residents',
        place: null,
        description: null,
        created_by: by,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await q
      .insertInto('activity_sessions')
      .values({
        id: 'c-session',
        activity_id: 'c-activity',
        session_date: '2026-03-11',
        start_time: null,
        end_time: null,
        place: null,
        // A session's note is not in anyone's file, but staff may still write a name: it goes by age.
        note: 'Gunnel hade med sig hunden till Källaren.',
        guests: 2,
        created_by: by,
        created_at: at,
      })
      .execute();
    await q.insertInto('activity_attendance').values({ session_id: 'c-session', resident_id: g, created_by: by, created_at: at }).execute();
    // Holger (under a hold) was at another session: its note stays while the hold is in force.
    await q
      .insertInto('activity_sessions')
      .values({
        id: 'c-session-held',
        activity_id: 'c-activity',
        session_date: '2026-04-08',
        start_time: null,
        end_time: null,
        place: null,
        note: 'Holger spelade gitarr.',
        guests: 0,
        created_by: by,
        created_at: at,
      })
      .execute();
    await q
      .insertInto('activity_attendance')
      .values({ session_id: 'c-session-held', resident_id: ids.holger, created_by: by, created_at: at })
      .execute();
    await q
      .insertInto('surveys')
      .values({
        id: 'c-survey',
        unit_id: t.unitA,
        title: 'Hur är läget?',
        definition: JSON.stringify(HUR_AR_LAGET),
        anonymous: 0,
        status: 'open',
        created_by: by,
        created_at: at,
        closed_at: null,
      })
      .execute();
    await q
      .insertInto('survey_invitations')
      .values({
        id: 'c-invitation',
        survey_id: 'c-survey',
        resident_id: g,
        token_hash: 'c'.repeat(64),
        created_by: by,
        created_at: at,
        expires_at: at,
        used_at: at,
      })
      .execute();
    await q
      .insertInto('survey_answers')
      .values({
        id: 'c-answer',
        survey_id: 'c-survey',
        month: '2026-06',
        answer_values: JSON.stringify({ life: 4, support: 5, listened: true, comment: 'Kommentar som namnger grannen Berit.' }),
        channel: 'link',
        anonymous: 0,
        resident_id: g,
        invitation_id: 'c-invitation',
        entered_by: null,
        answered_at: at,
      })
      .execute();
    // Gunnel's eviction case (in unit B's team, linked by her number) and a report with no case that names her.
    const caseRow = (id: string, residentId: string | null, name: string, number: string) => ({
      id,
      unit_id: t.unitB,
      resident_id: residentId,
      tenant_name: name,
      tenant_address: 'Gallringsvägen 1',
      tenant_personal_number: number,
      landlord_id: null,
      household_adults: 1,
      household_children: 2,
      step: 'closed',
      opened_on: '2026-02-02',
      served_on: '2026-02-01',
      reinstatement_deadline: '2026-02-23',
      eviction_date: null,
      first_contact_on: '2026-02-04',
      closed_on: '2026-04-15',
      outcome: 'tenancy_kept',
      outcome_note: `${name} fick behålla lägenheten.`,
      assignee_id: null,
      created_by: null,
      created_at: at,
      updated_at: at,
    });
    await q
      .insertInto('eviction_cases')
      .values([
        caseRow('c-case', null, 'Gunnel Gallringsdóttir', GUNNEL.number.replace(/^(\d{8})/, '$1-')),
        caseRow('c-household', null, HOUSEHOLD.name, HOUSEHOLD.number.replace(/^(\d{8})/, '$1-')),
      ])
      .execute();
    const report = (id: string, caseId: string | null, name: string, number: string, receipt: string) => ({
      id,
      organisation_id: t.organisationId,
      unit_id: t.unitB,
      receipt_number: receipt,
      landlord_id: null,
      channel: 'letter' as const,
      submitted_by: null,
      api_key_id: null,
      external_id: null,
      kind: 'termination_notice',
      reasons: JSON.stringify(['rent_arrears']),
      arrears_ore: 1_200_000,
      arrears_months: 2,
      served_on: '2026-02-01',
      eviction_date: null,
      tenant_name: name,
      tenant_address: 'Gallringsvägen 1',
      tenant_personal_number: number,
      household_children: 2,
      description: `${name} har inte betalat.`,
      received_on: '2026-02-02',
      status: 'closed' as const,
      case_id: caseId,
      created_at: at,
      updated_at: at,
    });
    const gn = GUNNEL.number.replace(/^(\d{8})/, '$1-');
    await q
      .insertInto('eviction_reports')
      .values([
        report('c-report', 'c-case', 'Gunnel Gallringsdóttir', gn, 'GALLRING-1'),
        report('c-report-loose', null, 'Gunnel Gallringsdóttir', gn, 'GALLRING-2'),
        report('c-report-household', 'c-household', HOUSEHOLD.name, HOUSEHOLD.number.replace(/^(\d{8})/, '$1-'), 'GALLRING-3'),
      ])
      .execute();
    await q
      .insertInto('report_attachments')
      .values({
        id: 'c-attachment',
        report_id: 'c-report',
        filename: 'uppsagning-gunnel.pdf',
        content_type: 'application/pdf',
        size_bytes: 4,
        sha256: 'x',
        content: Buffer.from('Gunnel'),
        created_at: at,
      })
      .execute();
    for (const caseId of ['c-case', 'c-household']) {
      await q
        .insertInto('outreach_attempts')
        .values({
          id: `${caseId}-attempt`,
          case_id: caseId,
          kind: 'phone',
          outcome: 'contact_made',
          occurred_on: '2026-02-04',
          note: 'Gunnel svarade.',
          created_by: null,
          created_at: at,
        })
        .execute();
      await q
        .insertInto('case_consents')
        .values({
          id: `${caseId}-consent`,
          case_id: caseId,
          party: 'landlord',
          scope: 'arrears',
          given_on: '2026-02-04',
          withdrawn_on: null,
          created_by: null,
          created_at: at,
        })
        .execute();
      await q
        .insertInto('support_contacts')
        .values({
          id: `${caseId}-support`,
          case_id: caseId,
          kind: 'mi',
          occurred_on: '2026-02-10',
          note: 'Gunnel',
          created_by: null,
          created_at: at,
        })
        .execute();
      await q
        .insertInto('referrals')
        .values({
          id: `${caseId}-referral`,
          case_id: caseId,
          service: 'debt_counselling',
          status: 'completed',
          status_on: '2026-03-01',
          note: 'Gunnel',
          created_by: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await q
        .insertInto('household_budgets')
        .values({ case_id: caseId, budget: JSON.stringify({ note: 'Gunnels budget' }), updated_by: null, updated_at: at })
        .execute();
    }
    await q
      .insertInto('payments')
      .values({
        id: 'c-unmatched',
        unit_id: t.unitB,
        import_id: null,
        line_no: null,
        source: 'manual',
        bank_reference: null,
        booking_date: '2026-03-02',
        amount_ore: 12_300,
        reference: 'Hyra Främlingsson',
        payer_name: PAYER,
        free_text: PAYER,
        method: 'transfer',
        note: null,
        placement_id: null,
        matched_by: null,
        assigned_by: null,
        assigned_at: null,
        reverses_payment_id: null,
        created_by: null,
        created_at: at,
      })
      .execute();
  }

  /** Every text value in every table of the database (but the run log), as one string. */
  async function databaseText(): Promise<string> {
    const q = t.db.kysely;
    const tables =
      dialect === 'sqlite'
        ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(q)).rows
        : (
            await sql<{
              name: string;
            }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(q)
          ).rows;
    expect(tables.length).toBeGreaterThan(40);
    let out = '';
    for (const { name } of tables.filter((x) => x.name !== 'culling_runs')) {
      const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(q)).rows;
      for (const row of rows) {
        for (const v of Object.values(row)) out += Buffer.isBuffer(v) ? v.toString('utf8') : typeof v === 'string' ? `${v}\n` : '';
      }
    }
    return out;
  }

  /** Everything the statistics show, with the names taken out (the names are what culling removes). */
  async function figures() {
    const get = async (c: Client, url: string) => {
      const res = await c.get(url);
      expect(res.status, `${url}: ${res.text}`).toBe(200);
      return withoutNames(res.body);
    };
    return {
      rentSummary: await t.services.statistics.rentSummary(null, null, '2026-01', '2026-07'),
      retention: await t.services.statistics.retention(null, null),
      evictionA: await t.services.evictionStatistics.figures(null, t.unitB, { by: 'year', from: '2026', to: '2026' }),
      evictionByMonth: await t.services.evictionStatistics.figures(null, t.unitB, { by: 'month', from: '2026-01', to: '2026-06' }),
      compliance: await get(manager, `/api/stats/visit-compliance?unitId=${t.unitA}&from=2026-01-01&to=2026-06-30`),
      incidents: await get(manager, `/api/stats/incidents?unitId=${t.unitA}&from=2026-01&to=2026-06`),
      occupation: await get(manager, `/api/stats/occupation?unitId=${t.unitA}&from=2026-01&to=2026-06`),
      overview: await get(manager, `/api/stats/units/${t.unitA}/overview`),
      survey: await get(manager, `/api/surveys/c-survey/results?from=2026-01&to=2026-06`),
      research: await researchPersons(),
    };
  }

  /** The research export's persons (pseudonym, birth year, household, commissioner) for the first half of 2026. */
  async function researchPersons() {
    const res = await manager.app.inject({
      method: 'POST',
      url: '/api/stats/research-export',
      payload: { unitId: t.unitA, project: 'Gallringstest', from: '2026-01', to: '2026-06' },
      headers: { cookie: `kvarbo_session=${manager.token}`, 'x-csrf-token': manager.csrf! },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.getWorksheet('Personer')!.eachRow((row, n) => {
      if (n > 1) rows.push((row.values as unknown[]).slice(1));
    });
    return rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  }

  it('lists who would be culled on the date, who is held, exempt or still open, and changes nothing', async () => {
    const before = await databaseText();
    const early = await t.services.culling.run('2030-01-01', { dryRun: true });
    expect(early.preview!.due.filter((s) => s.kind === 'resident')).toEqual([]);

    const { preview } = await t.services.culling.run(CULL_DATE, { dryRun: true });
    const due = preview!.due;
    expect(due.map((s) => [s.kind, s.subjectId]).sort()).toEqual(
      [
        ['activity_session', 'c-session'],
        ['eviction_case', 'c-household'],
        ['resident', ids.gunnel],
        ['unmatched_payment', 'c-unmatched'],
      ].sort(),
    );
    const gunnel = due.find((s) => s.subjectId === ids.gunnel)!;
    // The last entry is the latest date in her file: the resident's own registration today (2026-11-23).
    expect(gunnel).toMatchObject({
      residentId: ids.gunnel,
      unitId: t.unitA,
      lastEntry: '2026-11-23',
      dueSince: '2031-11-23',
      cullBy: '2032-12-31',
    });
    expect(preview!.held.map((s) => [s.kind, s.subjectId]).sort()).toEqual(
      [
        ['activity_session', 'c-session-held'],
        ['resident', ids.holger],
      ].sort(),
    );
    expect(preview!.researchExempt.map((s) => s.residentId)).toEqual([ids.fanny]);
    expect([...due, ...preview!.held, ...preview!.researchExempt].map((s) => s.residentId)).not.toContain(ids.oskar);
    expect(preview!.counts).toMatchObject({
      residents: 1,
      eviction_cases: 1,
      eviction_reports: 0,
      unmatched_payments: 1,
      held: 2,
      research_exempt: 1,
      activity_sessions: 1,
      open: 1,
    });
    // Ids, kinds and dates only: no names or numbers in the preview.
    const text = JSON.stringify(preview);
    for (const s of [...SECRETS, ...numberForms(GUNNEL.number)]) expect(text).not.toContain(s);
    const after = await databaseText();
    expect(after).toBe(before);
  });

  it('lets only managers of the unit place and lift a hold, and only admins see the preview', async () => {
    const hostA = await t.as('hostA');
    const caseworkerB = await t.as('caseworkerB');
    expect((await cw.post(`/api/residents/${ids.oskar}/legal-hold`, { reason: 'x' })).status).toBe(403);
    expect((await hostA.post(`/api/residents/${ids.oskar}/legal-hold`, { reason: 'x' })).status).toBe(403);
    expect((await caseworkerB.post(`/api/residents/${ids.oskar}/legal-hold`, { reason: 'x' })).status).toBe(404);
    expect((await (await t.as('managerB')).delete(`/api/residents/${ids.holger}/legal-hold`)).status).toBe(404);
    expect((await cw.delete(`/api/residents/${ids.holger}/legal-hold`)).status).toBe(403);
    const blank = await manager.post(`/api/residents/${ids.oskar}/legal-hold`, { reason: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.fields[0].field).toBe('reason');
    const again = await manager.post(`/api/residents/${ids.holger}/legal-hold`, { reason: 'Ett till.' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('LEGAL_HOLD_EXISTS');
    // Staff who may see the person see the hold, without the buttons.
    const seen = await cw.get(`/api/residents/${ids.holger}/legal-hold`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      canManage: false,
      current: { reason: 'Överklagande i förvaltningsrätten.', placedBy: 'Test managerA', active: true },
    });
    expect((await manager.get(`/api/residents/${ids.holger}/legal-hold`)).body.canManage).toBe(true);

    for (const who of ['managerA', 'caseworkerA', 'analystA', 'adminOnly'] as const) {
      const res = await (await t.as(who)).get(`/api/admin/culling?date=${CULL_DATE}`);
      expect(res.status, who).toBe(who === 'adminOnly' ? 200 : 403);
    }
    const preview = await admin.get(`/api/admin/culling?date=${CULL_DATE}`);
    expect(preview.status).toBe(200);
    expect(preview.body.due.length).toBe(4);
    expect(preview.body.rules.map((r: { kind: string }) => r.kind)).toContain('audit_log');
    expect((await admin.get('/api/admin/culling?date=2032-13-01')).body.error.fields[0].field).toBe('date');
  });

  it('culls the due records, keeps every statistic the same and leaves no name, number or note behind', async () => {
    const before = await figures();
    const auditBefore = await t.db.kysely.selectFrom('audit_log').select(['id', 'hash']).orderBy('id').execute();

    const run = await t.services.culling.run(CULL_DATE, { dryRun: false });
    expect(run.counts).toEqual({
      residents: 1,
      eviction_cases: 1,
      eviction_reports: 0,
      unmatched_payments: 1,
      held: 2,
      research_exempt: 1,
      activity_sessions: 1,
    });

    const after = await figures();
    expect(after).toEqual(before);
    // Gunnel's attendance in March still counts, and the research export still gives every birth year (not date).
    expect(JSON.stringify(before.occupation)).toContain('2026-03');
    expect(before.research.length).toBe(4);
    expect(after.research.every((row) => typeof row[1] === 'number' && row[1] > 1900)).toBe(true);

    const text = await databaseText();
    for (const s of [...SECRETS, ...numberForms(GUNNEL.number), ...numberForms(HOUSEHOLD.number)]) expect(text, s).not.toContain(s);
    // The others are untouched.
    for (const s of [HOLGER.last, OSKAR.last, FANNY.last, ...numberForms(HOLGER.number)]) expect(text).toContain(s);

    // What stays: the rows the statistics count, keyed by the same ids.
    const q = t.db.kysely;
    const g = await q.selectFrom('residents').selectAll().where('id', '=', ids.gunnel).executeTakeFirstOrThrow();
    expect(g).toMatchObject({
      first_name: '',
      last_name: '',
      personal_number: null,
      birth_date: null,
      birth_year: Number(GUNNEL.number.slice(0, 4)),
      phone: null,
      email: null,
      household_adults: 1,
    });
    // The session's note is gone, its attendance and guests stay; the held person's session keeps its note.
    const sessions = await q.selectFrom('activity_sessions').select(['id', 'note', 'guests']).orderBy('id').execute();
    expect(sessions).toEqual([
      { id: 'c-session', note: null, guests: 2 },
      { id: 'c-session-held', note: 'Holger spelade gitarr.', guests: 0 },
    ]);
    expect(await q.selectFrom('activity_attendance').select('resident_id').where('session_id', '=', 'c-session').execute()).toEqual([
      { resident_id: ids.gunnel },
    ]);
    expect(g.culled_at).toEqual(expect.any(String));
    expect(
      await q
        .selectFrom('placements')
        .select(['start_date', 'end_date', 'end_reason', 'end_note'])
        .where('id', '=', ids.gunnelPlacement)
        .executeTakeFirst(),
    ).toEqual({
      start_date: '2026-01-01',
      end_date: '2026-06-30',
      end_reason: 'moved_other_housing',
      end_note: null,
    });
    expect((await q.selectFrom('payments').select('amount_ore').where('placement_id', '=', ids.gunnelPlacement).execute()).length).toBe(4);
    expect(await q.selectFrom('resident_notes').selectAll().where('resident_id', '=', ids.gunnel).execute()).toEqual([]);
    expect(await q.selectFrom('household_budgets').selectAll().execute()).toEqual([]);
    expect(await q.selectFrom('report_attachments').selectAll().execute()).toEqual([]);
    const answer = await q.selectFrom('survey_answers').select('answer_values').where('id', '=', 'c-answer').executeTakeFirstOrThrow();
    expect(JSON.parse(answer.answer_values)).toEqual({ life: 4, support: 5, listened: true, comment: null });
    expect((await q.selectFrom('eviction_cases').select('culled_at').execute()).every((c) => c.culled_at)).toBe(true);
    expect((await q.selectFrom('eviction_reports').select(['id', 'culled_at']).execute()).every((r) => r.culled_at)).toBe(true);

    // The audit log is unchanged and still verifies; the cull added one system row per culled record.
    const auditAfter = await q.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(auditAfter.slice(0, auditBefore.length).map((r) => ({ id: r.id, hash: r.hash }))).toEqual(auditBefore);
    const culls = auditAfter.filter((r) => r.action === 'cull');
    expect(culls.map((r) => [r.entity, r.entity_id, r.resident_id, r.user_id, r.user_name]).sort()).toEqual(
      [
        ['activity_session', 'c-session', null, null, 'Kvarbo (gallring)'],
        ['eviction_case', 'c-household', null, null, 'Kvarbo (gallring)'],
        ['payment', 'c-unmatched', null, null, 'Kvarbo (gallring)'],
        ['resident', ids.gunnel, ids.gunnel, null, 'Kvarbo (gallring)'],
      ].sort(),
    );
    expect((await verifyAuditChain(q)).ok).toBe(true);

    const runs = await q.selectFrom('culling_runs').selectAll().orderBy('run_at').execute();
    expect(runs.at(-1)).toMatchObject({ as_of: CULL_DATE, residents: 1, eviction_cases: 1, held: 2, activity_sessions: 1 });
  });

  it('shows a culled person as culled and leaves them out of lists and searches', async () => {
    const res = await cw.get(`/api/residents/${ids.gunnel}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ firstName: '', lastName: '', personalNumber: null, culledAt: expect.any(String) });
    const list = await cw.get('/api/residents?pageSize=200');
    expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(ids.gunnel);
    expect(list.body.items.map((r: { id: string }) => r.id)).toContain(ids.holger);
    expect((await cw.get('/api/placements?pageSize=200')).body.items.map((p: { id: string }) => p.id)).not.toContain(ids.gunnelPlacement);
    // Culled records are read-only: no edit, note or hold brings personal data back.
    const edit = await cw.patch(`/api/residents/${ids.gunnel}`, { firstName: 'Gunnel', version: res.body.version });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('CULLED');
    expect((await cw.post(`/api/residents/${ids.gunnel}/notes`, { body: 'Ny anteckning' })).status).toBe(409);
    expect((await manager.post(`/api/residents/${ids.gunnel}/legal-hold`, { reason: 'Sent.' })).body.error.code).toBe('CULLED');
  });

  it('names a culled person in the lists that still count them as a culled person, with no personal data', async () => {
    const get = async (url: string) => {
      const res = await manager.get(url);
      expect(res.status, `${url}: ${res.text}`).toBe(200);
      return res.body;
    };
    const task = (await get(`/api/tasks?scope=unit&unitId=${t.unitA}&status=all`)).find((x: { id: string }) => x.id === 'c-task');
    expect(task).toMatchObject({ residentId: ids.gunnel, residentName: '', residentCulled: true });
    const grid = await get(`/api/stats/rent-grid?unitId=${t.unitA}&from=2026-01&to=2026-06`);
    const row = (id: string) => grid.residents.find((r: { residentId: string }) => r.residentId === id);
    expect(row(ids.gunnel)).toMatchObject({ name: '', culled: true });
    expect(row(ids.holger)).toMatchObject({ name: `${HOLGER.first} ${HOLGER.last}`, culled: false });
    const attendance = await get('/api/activity-sessions/c-session/attendance');
    expect(attendance.residents.find((r: { id: string }) => r.id === ids.gunnel)).toEqual({
      id: ids.gunnel,
      name: '',
      culled: true,
      present: true,
    });
    const placement = await cw.get(`/api/placements/${ids.gunnelPlacement}`);
    expect(placement.status, placement.text).toBe(200);
    expect(placement.body).toMatchObject({ residentName: '', residentCulled: true });
    const audit = await get(`/api/audit?residentId=${ids.gunnel}&pageSize=50`);
    expect(audit.items.length).toBeGreaterThan(0);
    expect(
      audit.items.every((e: { residentName: string | null; residentCulled: boolean }) => e.residentName === null && e.residentCulled),
    ).toBe(true);
    const text = JSON.stringify([task, grid, attendance, placement.body, audit]);
    for (const s of [...SECRETS, ...numberForms(GUNNEL.number)]) expect(text, s).not.toContain(s);
  });

  it('culls nothing new the second time, and culls a held person once the hold is lifted', async () => {
    const before = await databaseText();
    const again = await t.services.culling.run(CULL_DATE, { dryRun: false });
    expect(again.counts).toMatchObject({
      residents: 0,
      eviction_cases: 0,
      eviction_reports: 0,
      unmatched_payments: 0,
      activity_sessions: 0,
      held: 2,
    });
    expect(await databaseText()).toBe(before);

    const lifted = await manager.delete(`/api/residents/${ids.holger}/legal-hold`);
    expect(lifted.status, lifted.text).toBe(200);
    expect(lifted.body).toMatchObject({ active: false, liftedBy: 'Test managerA' });
    expect((await manager.delete(`/api/residents/${ids.holger}/legal-hold`)).body.error.code).toBe('NO_LEGAL_HOLD');
    const third = await t.services.culling.run(CULL_DATE, { dryRun: false });
    expect(third.counts).toMatchObject({ residents: 1, activity_sessions: 1, held: 0 });
    expect(await databaseText()).not.toContain(HOLGER.last);
    expect(await databaseText()).not.toContain('Holger spelade gitarr');
    expect((await verifyAuditChain(t.db.kysely)).ok).toBe(true);
  });

  it('holds the eviction case of a household that is no resident, placed by the manager of the case’s unit', async () => {
    const at = '2026-06-20T09:00:00.000Z';
    await t.db.kysely
      .insertInto('eviction_cases')
      .values({
        id: 'c-held-case',
        unit_id: t.unitB,
        resident_id: null,
        tenant_name: 'Hushållet Stoppsson',
        tenant_address: 'Stoppgatan 1',
        tenant_personal_number: null,
        landlord_id: null,
        household_adults: 2,
        household_children: 0,
        step: 'closed',
        opened_on: '2026-03-02',
        served_on: null,
        reinstatement_deadline: null,
        eviction_date: null,
        first_contact_on: '2026-03-03',
        closed_on: '2026-05-15',
        outcome: 'tenancy_kept',
        outcome_note: null,
        assignee_id: null,
        created_by: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const url = '/api/eviction-cases/c-held-case/legal-hold';
    expect((await (await t.as('caseworkerB')).post(url, { reason: 'Anmälan till JO.' })).status).toBe(403);
    expect((await manager.post(url, { reason: 'Anmälan till JO.' })).status).toBe(404);
    const placed = await (await t.as('managerB')).post(url, { reason: 'Anmälan till JO.' });
    expect(placed.status, placed.text).toBe(201);
    expect((await (await t.as('caseworkerB')).get(url)).body).toMatchObject({ canManage: false, current: { reason: 'Anmälan till JO.' } });
    const { preview } = await t.services.culling.run(CULL_DATE, { dryRun: true });
    expect(preview!.held.map((x) => [x.kind, x.subjectId])).toContainEqual(['eviction_case', 'c-held-case']);
    expect(preview!.due.map((x) => x.subjectId)).not.toContain('c-held-case');
  });

  it('puts the legal holds in the register extract', async () => {
    const res = await manager.get(`/api/residents/${ids.oskar}/register-extract.json`);
    expect(res.status).toBe(200);
    expect(res.body.sections.legalHolds).toMatchObject({ count: 0, items: [] });
    expect((await manager.post(`/api/residents/${ids.oskar}/legal-hold`, { reason: 'Begäran om utlämnande.' })).status).toBe(201);
    const withHold = await manager.get(`/api/residents/${ids.oskar}/register-extract.json`);
    expect(withHold.body.sections.legalHolds.items).toEqual([
      expect.objectContaining({ reason: 'Begäran om utlämnande.', placedBy: 'Test managerA', liftedAt: null }),
    ]);
  });
});

/**
 * A copy with every key that holds a name (resident, staff) taken out, and lists in a fixed order (per-resident rows
 * are sorted by name, which culling blanks): the numbers are what must stay the same.
 */
function withoutNames(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNames).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !/name|culled/i.test(k))
        .map(([k, x]) => [k, withoutNames(x)]),
    );
  }
  return v;
}
