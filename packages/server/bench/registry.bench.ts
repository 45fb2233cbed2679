import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { readConfig } from '../src/config.ts';
import { migrateToLatest, openDatabase } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';
import { ensureFirstAdmin } from '../src/cli/bootstrap.ts';
import { fmt, timeIt } from './measure.ts';
import { placementOcrReference } from '@kvarbo/domain';

// A large unit (300 apartments, 3,000 residents with placements) on SQLite: the registry views a caseworker
// opens all day must stay interactive. Target: list and search under 50 ms median, a resident under 10 ms.
export async function registryBench() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-bench-'));
  const db = openDatabase({ kind: 'sqlite', file: path.join(dir, 'kvarbo.db') });
  try {
    await migrateToLatest(db);
    const config = { ...readConfig({ KVARBO_DATA_DIR: dir }), webDistDir: '/nonexistent' };
    const { app, services } = await buildApp({ db, config });
    const admin = (await ensureFirstAdmin(db, services, new Date()))!;
    const seeded = await seed(db.kysely, admin.unitId, 300, 3000);

    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: admin.username, password: admin.password },
    });
    const cookie = `kvarbo_session=${login.cookies.find((c) => c.name === 'kvarbo_session')!.value}`;
    const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });

    const rows: [string, { medianMs: number; p95Ms: number }, number][] = [
      ['residents list, page of 25', await timeIt(100, () => get('/api/residents?status=current')), 50],
      ['residents search by name', await timeIt(100, (i) => get(`/api/residents?q=person${i % 3000}`)), 50],
      ['apartments list with occupants', await timeIt(100, () => get('/api/apartments')), 50],
      ['placements list', await timeIt(100, () => get('/api/placements')), 50],
      [
        'one resident (with audit row)',
        await timeIt(300, (i) => get(`/api/residents/${seeded.residentIds[i % seeded.residentIds.length]}`)),
        10,
      ],
    ];
    console.log(`SQLite, ${seeded.apartments} apartments, ${seeded.residents} residents, ${seeded.placements} placements`);
    for (const [name, t, targetMs] of rows) {
      console.log(
        `${name.padEnd(34)} median ${fmt(t.medianMs).padStart(10)}  p95 ${fmt(t.p95Ms).padStart(10)}  target ${targetMs} ms  ratio ${(t.medianMs / targetMs).toFixed(2)}`,
      );
    }
    const audit = await db.kysely
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    console.log(`audit rows written during the run: ${audit.n}`);
    await app.close();
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function seed(q: ReturnType<typeof openDatabase>['kysely'], unitId: string, apartments: number, residents: number) {
  const now = new Date().toISOString();
  const org = (await q.selectFrom('units').select('organisation_id').where('id', '=', unitId).executeTakeFirstOrThrow()).organisation_id;
  const landlordId = 'bench-landlord';
  await q
    .insertInto('landlords')
    .values({
      id: landlordId,
      organisation_id: org,
      name: 'Bench AB',
      organisation_number: null,
      phone: null,
      email: null,
      address: null,
      notes: null,
      search_text: 'bench ab',
      created_at: now,
      updated_at: now,
    })
    .execute();
  const residentIds: string[] = [];
  let placements = 0;
  await q.transaction().execute(async (trx) => {
    for (let a = 0; a < apartments; a++) {
      await trx
        .insertInto('apartments')
        .values({
          id: `apt-${a}`,
          unit_id: unitId,
          landlord_id: landlordId,
          address: `Benchgatan ${a}`,
          postcode: '123 45',
          city: 'Stockholm',
          district: null,
          rooms: 2,
          kitchen: 'kok',
          area_sqm: 40,
          monthly_rent_ore: 600000,
          type: 'training',
          unit_holds_first_hand_lease: 1,
          landlord_object_number: null,
          search_text: `benchgatan ${a}`,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    for (let r = 0; r < residents; r++) {
      const id = `res-${r}`;
      residentIds.push(id);
      await trx
        .insertInto('residents')
        .values({
          id,
          unit_id: unitId,
          first_name: 'Person',
          last_name: `Person${r}`,
          id_kind: 'none',
          personal_number: null,
          no_id_reason: 'bench',
          birth_date: null,
          contact_person_id: null,
          commissioner_id: null,
          commissioner_contact: null,
          household_adults: 1,
          household_children: 0,
          phone: null,
          email: null,
          search_text: `person person${r}`,
          created_at: now,
          updated_at: now,
        })
        .execute();
      // Ten residents per apartment over the years, one after the other; the last one still living there.
      const apt = r % apartments;
      const slot = Math.floor(r / apartments);
      const start = `${2016 + slot}-01-01`;
      const end = slot === Math.floor((residents - 1) / apartments) ? null : `${2016 + slot}-12-31`;
      await trx
        .insertInto('placements')
        .values({
          id: `pl-${r}`,
          ocr_serial: r + 1,
          ocr_reference: placementOcrReference(r + 1),
          resident_id: id,
          apartment_id: `apt-${apt}`,
          start_date: start,
          end_date: end,
          lease_form: 'second_hand',
          rent_included_in_daily_fee: 0,
          daily_fee_ore: null,
          rent_allowance_ore: null,
          monthly_rent_ore: null,
          end_reason: end ? 'moved_other_housing' : null,
          end_note: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      placements++;
    }
  });
  await sql`ANALYZE`.execute(q);
  return { apartments, residents, placements, residentIds };
}
