import { luhnCheckDigit, monthOf, monthsBetween, parsePersonalNumber, placementOcrReference } from '@kvarbo/domain';
import type { Insertable } from 'kysely';
import { maxOcrSerial } from '../repositories/placements.repository.ts';
import { hashPassword } from '../auth/password.ts';
import { loadDemoEviction } from '../demo/demo-eviction.ts';
import { loadDemoSurveys } from '../demo/demo-surveys.ts';
import { loadDemoCompetence } from '../demo/demo-competence.ts';
import { loadDemoOccupation } from '../demo/demo-occupation.ts';
import { generatePassword, newId } from '../auth/tokens.ts';
import type { Db } from '../db/database.ts';
import type { PaymentTable } from '../db/schema.ts';
import { generateDemo } from '../demo/generate-demo.ts';
import type { DemoData } from '../demo/generate-demo.ts';
import { generatePayments } from '../demo/generate-payments.ts';
import { chargesOf } from '../repositories/charges.repository.ts';
import { insertPayments } from '../repositories/payments.repository.ts';
import { searchText } from '../repositories/query.ts';
import type { Services } from '../services/index.ts';
import { ensureOrganisation } from './bootstrap.ts';

// An invented bankgiro number with a valid check digit, so demo letters and imports look real.
// An invented address and a number from the series PTS keeps for fiction (08-465 004 xx).
const DEMO_LETTERHEAD = 'Socialförvaltningen\nVuxenenheten Söderort\nBox 123, 123 45 Farsta';
const DEMO_PHONE = '08-465 004 10';
const DEMO_BANKGIRO = `555-000${luhnCheckDigit('555000')}`;

/**
 * Loads the generated demo organisation in one transaction: either all of it or nothing. Only into a
 * database without registry data, so it can never mix with real records. Then the rent ledger: the charges
 * of every month up to the current one, made by the charges service as the server would have made them, and
 * the residents' payments (generate-payments.ts) in a second transaction.
 */
export async function loadDemo(db: Db, services: Services, seed: number, today: string): Promise<{ loaded: boolean; summary: string }> {
  const q = db.kysely;
  const existing = await q.selectFrom('residents').select('id').limit(1).executeTakeFirst();
  const landlord = await q.selectFrom('landlords').select('id').limit(1).executeTakeFirst();
  if (existing || landlord) return { loaded: false, summary: 'the database already holds registry data' };

  const data = generateDemo(seed, today);
  const now = new Date().toISOString();
  const org = await ensureOrganisation(db, new Date(), data.organisation.name);
  // Demo staff can log in once an admin sets their password; until then nobody knows it.
  const staffHash = await hashPassword(generatePassword());
  const ids = new Map<string, string>();
  const idOf = (key: string) => {
    let id = ids.get(key);
    if (!id) ids.set(key, (id = newId()));
    return id;
  };

  let unitId = '';
  const ocrOf = new Map<string, string>();
  await q.transaction().execute(async (trx) => {
    let unit = await trx.selectFrom('units').selectAll().where('organisation_id', '=', org.id).orderBy('created_at').executeTakeFirst();
    if (!unit) {
      unit = {
        id: newId(),
        organisation_id: org.id,
        name: data.unit.name,
        bankgiro: DEMO_BANKGIRO,
        letterhead: DEMO_LETTERHEAD,
        phone: DEMO_PHONE,
        // The demo's unit also runs the eviction-prevention work, so landlords' reports come to it.
        receives_landlord_reports: 1,
        created_at: now,
        version: 1,
      };
      await trx.insertInto('units').values(unit).execute();
    } else {
      await trx
        .updateTable('units')
        .set({ name: data.unit.name, bankgiro: DEMO_BANKGIRO, letterhead: DEMO_LETTERHEAD, phone: DEMO_PHONE })
        .where('id', '=', unit.id)
        .execute();
    }
    ids.set(data.unit.key, unit.id);
    unitId = unit.id;

    for (const s of data.staff) {
      const taken = await trx.selectFrom('users').select('id').where('username', '=', s.username).executeTakeFirst();
      if (taken) {
        ids.set(s.key, taken.id);
        continue;
      }
      await trx
        .insertInto('users')
        .values({
          id: idOf(s.key),
          organisation_id: org.id,
          username: s.username,
          display_name: s.displayName,
          email: null,
          password_hash: staffHash,
          kind: 'staff',
          landlord_id: null,
          is_admin: 0,
          locale: 'sv',
          failed_login_count: 0,
          locked_until: null,
          disabled_at: null,
          password_changed_at: now,
          created_at: now,
        })
        .execute();
      await trx
        .insertInto('unit_memberships')
        .values({ user_id: idOf(s.key), unit_id: unit.id, role: s.role })
        .execute();
    }

    for (const l of data.landlords) {
      await trx
        .insertInto('landlords')
        .values({
          id: idOf(l.key),
          organisation_id: org.id,
          name: l.name,
          organisation_number: l.organisationNumber,
          phone: l.phone,
          email: l.email,
          address: l.address,
          notes: null,
          search_text: searchText(l.name, l.organisationNumber, l.address),
          created_at: now,
          updated_at: now,
        })
        .execute();
      for (const c of l.contacts) {
        await trx
          .insertInto('landlord_contacts')
          .values({ id: newId(), landlord_id: idOf(l.key), ...c, created_at: now })
          .execute();
      }
    }

    for (const c of data.commissioners) {
      await trx
        .insertInto('commissioners')
        .values({
          id: idOf(c.key),
          organisation_id: org.id,
          name: c.name,
          kind: c.kind,
          contact_name: c.contactName,
          phone: c.phone,
          email: c.email,
          address: c.address,
          search_text: searchText(c.name, c.contactName),
          created_at: now,
          updated_at: now,
        })
        .execute();
    }

    for (const a of data.apartments) {
      await trx
        .insertInto('apartments')
        .values({
          id: idOf(a.key),
          unit_id: unit.id,
          landlord_id: idOf(a.landlordKey),
          address: a.address,
          postcode: a.postcode,
          city: a.city,
          district: a.district,
          rooms: a.rooms,
          kitchen: a.kitchen,
          area_sqm: a.areaSqm,
          monthly_rent_ore: a.monthlyRentOre,
          type: a.type,
          unit_holds_first_hand_lease: a.unitHoldsFirstHandLease ? 1 : 0,
          landlord_object_number: a.landlordObjectNumber,
          search_text: searchText(a.address, a.postcode, a.city, a.district, a.landlordObjectNumber),
          created_at: now,
          updated_at: now,
        })
        .execute();
    }

    for (const r of data.residents) {
      const parsed = r.personalNumber ? parsePersonalNumber(r.personalNumber, today) : null;
      if (parsed && !parsed.ok) throw new Error(`demo data: invalid personal number for ${r.key}`);
      const pn = parsed?.ok ? parsed : null;
      await trx
        .insertInto('residents')
        .values({
          id: idOf(r.key),
          unit_id: unit.id,
          first_name: r.firstName,
          last_name: r.lastName,
          id_kind: pn ? pn.kind : 'none',
          personal_number: pn?.normalized ?? null,
          no_id_reason: pn ? null : (r.noIdReason ?? 'Saknas'),
          birth_date: pn?.birthDate ?? null,
          contact_person_id: idOf(r.contactPersonKey),
          commissioner_id: idOf(r.commissionerKey),
          commissioner_contact: r.commissionerContact,
          household_adults: r.householdAdults,
          household_children: r.householdChildren,
          phone: r.phone,
          email: null,
          search_text: searchText(r.firstName, r.lastName, pn?.normalized.replace('-', '')),
          created_at: now,
          updated_at: now,
        })
        .execute();
    }

    let serial = await maxOcrSerial(trx);
    for (const p of data.placements) {
      serial++;
      ocrOf.set(p.key, placementOcrReference(serial));
      await trx
        .insertInto('placements')
        .values({
          id: idOf(p.key),
          ocr_serial: serial,
          ocr_reference: ocrOf.get(p.key)!,
          resident_id: idOf(p.residentKey),
          apartment_id: idOf(p.apartmentKey),
          start_date: p.startDate,
          end_date: p.endDate,
          lease_form: p.leaseForm,
          rent_included_in_daily_fee: p.rentIncludedInDailyFee ? 1 : 0,
          daily_fee_ore: p.dailyFeeOre,
          rent_allowance_ore: p.rentAllowanceOre,
          monthly_rent_ore: p.monthlyRentOre,
          end_reason: p.endReason,
          end_note: p.endNote,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  });
  const ledger = await loadDemoLedger(db, services, { data, seed, today, unitId, idOf, ocrOf });
  const manager = data.staff.find((s) => s.role === 'manager') ?? data.staff[0]!;
  // The later parts are made by the demo unit's manager through the services (demo-actor.ts).
  const staff = { organisationId: org.id, unitId, staffId: ids.get(manager.key)!, staffName: manager.displayName };
  const eviction = await loadDemoEviction(services, {
    ...staff,
    landlordId: idOf(data.landlords[0]!.key),
    today,
  });
  const surveys = await loadDemoSurveys(services, {
    ...staff,
    today,
    seed,
  });
  const competence = await loadDemoCompetence(db, services, {
    ...staff,
    today,
    seed,
  });
  const occupation = await loadDemoOccupation(services, {
    ...staff,
    today,
    seed,
    stays: data.placements.map((p) => ({ residentId: idOf(p.residentKey), startDate: p.startDate, endDate: p.endDate })),
  });
  await addDemoLandlordAccount(db, org.id, idOf(data.landlords[0]!.key), staffHash);
  return {
    loaded: true,
    summary:
      `${data.apartments.length} apartments from ${data.landlords.length} landlords, ${data.residents.length} residents, ${data.placements.length} placements` +
      `, ${ledger.charges} rent charges, ${ledger.payments} payments (${ledger.unmatched} to match)` +
      `, ${eviction.reports} landlord reports and ${eviction.cases} eviction-prevention cases` +
      `, ${surveys.answers} anonymous survey answers` +
      `, ${competence.courses} courses with ${competence.enrolments} enrolments` +
      `, ${occupation.occupations} occupations and ${occupation.sessions} activity sessions (${occupation.attendances} attendances)`,
  };
}

/** A landlord account ("hyresvard") for the first landlord: like the demo staff, usable once an admin sets its password. */
async function addDemoLandlordAccount(db: Db, organisationId: string, landlordId: string, passwordHash: string) {
  if (await db.kysely.selectFrom('users').select('id').where('username', '=', 'hyresvard').executeTakeFirst()) return;
  const now = new Date().toISOString();
  await db.kysely
    .insertInto('users')
    .values({
      id: newId(),
      organisation_id: organisationId,
      username: 'hyresvard',
      display_name: 'Hyresvärdens handläggare',
      email: null,
      password_hash: passwordHash,
      kind: 'landlord',
      landlord_id: landlordId,
      is_admin: 0,
      locale: 'sv',
      failed_login_count: 0,
      locked_until: null,
      disabled_at: null,
      password_changed_at: now,
      created_at: now,
    })
    .execute();
}

/**
 * The demo's rent ledger: charges for every month from the first move-in to the current month, by the
 * charges service (idempotent, one transaction per month), then the generated payments in one transaction.
 * Bankgiro payments get unique bank references (`demo:<n>`) as an import would; a couple are left unmatched
 * for the "Att koppla" queue, with the payer's name as the bank prints it.
 */
async function loadDemoLedger(
  db: Db,
  services: Services,
  o: { data: DemoData; seed: number; today: string; unitId: string; idOf: (key: string) => string; ocrOf: Map<string, string> },
): Promise<{ charges: number; payments: number; unmatched: number }> {
  const { data, today } = o;
  if (data.placements.length === 0) return { charges: 0, payments: 0, unmatched: 0 };
  const firstMonth = monthOf(data.placements.map((p) => p.startDate).reduce((a, b) => (b < a ? b : a)));
  for (const month of monthsBetween(firstMonth, monthOf(today))) {
    await services.charges.generate(month, { unitIds: [o.unitId], actor: null });
  }

  const placementByDbId = new Map(data.placements.map((p) => [o.idOf(p.key), p]));
  const charges = await chargesOf(db.kysely, [...placementByDbId.keys()]);
  const specs = generatePayments(
    o.seed,
    today,
    charges.map((c) => {
      const p = placementByDbId.get(c.placement_id)!;
      return {
        placementId: p.key,
        residentKey: p.residentKey,
        month: c.month,
        dueDate: c.due_date,
        amountOre: c.amount_ore,
        ocrReference: o.ocrOf.get(p.key) ?? null,
        startDate: p.startDate,
      };
    }),
  );

  const residents = new Map(data.residents.map((r) => [r.key, r]));
  const placementKeys = new Map(data.placements.map((p) => [p.key, p]));
  const now = new Date().toISOString();
  let bankSerial = 0;
  const rows: Insertable<PaymentTable>[] = specs.map((s) => {
    const p = placementKeys.get(s.placementId)!;
    const r = residents.get(p.residentKey)!;
    const bgmax = s.source === 'bgmax';
    const createdAt = `${s.bookingDate}T07:00:00.000Z` < now ? `${s.bookingDate}T07:00:00.000Z` : now;
    const staffId = bgmax ? null : o.idOf(r.contactPersonKey);
    return {
      id: newId(),
      unit_id: o.unitId,
      import_id: null,
      line_no: null,
      source: s.source,
      bank_reference: bgmax ? `demo:${++bankSerial}` : null,
      booking_date: s.bookingDate,
      amount_ore: s.amountOre,
      reference: s.reference,
      payer_name: bgmax ? `${r.lastName} ${r.firstName}`.toUpperCase() : null,
      free_text: s.freeText,
      method: s.method,
      note: s.note,
      placement_id: s.unmatched ? null : o.idOf(s.placementId),
      matched_by: s.unmatched ? null : bgmax ? 'ocr' : 'staff',
      assigned_by: staffId,
      assigned_at: staffId ? createdAt : null,
      reverses_payment_id: null,
      created_by: staffId,
      created_at: createdAt,
    };
  });
  const inserted = await db.kysely.transaction().execute((trx) => insertPayments(trx, rows));
  return {
    charges: charges.length,
    payments: inserted.size,
    unmatched: rows.filter((r) => r.placement_id === null && inserted.has(r.id)).length,
  };
}
