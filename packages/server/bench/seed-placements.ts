import { placementOcrReference } from '@kvarbo/domain';
import type { Transaction } from 'kysely';
import type { Database } from '../src/db/schema.ts';

// A large unit for benchmarks: one organisation and unit, one landlord, and `count` apartments, residents and
// ongoing placements (ids apt-N, res-N, pl-N; OCR serial N+1), inserted in batches inside the caller's transaction.
export const BENCH_UNIT = 'bench-unit';
const NOW = '2026-01-01T00:00:00.000Z';

export async function seedPlacements(trx: Transaction<Database>, count: number, each?: (ids: number[]) => Promise<void>) {
  await seedUnit(trx);
  for (let i = 0; i < count; i += 250) {
    const ids = Array.from({ length: Math.min(250, count - i) }, (_, k) => i + k);
    await insertApartments(trx, ids);
    await insertResidents(trx, ids);
    await trx
      .insertInto('placements')
      .values(
        ids.map((n) =>
          benchPlacement({ id: `pl-${n}`, resident_id: `res-${n}`, apartment_id: `apt-${n}`, start_date: '2026-01-01' }, n + 1),
        ),
      )
      .execute();
    await each?.(ids);
  }
}

/** The bench organisation, unit and landlord. */
export async function seedUnit(trx: Transaction<Database>) {
  await trx.insertInto('organisations').values({ id: 'bench-org', name: 'Bench', created_at: NOW }).execute();
  await trx
    .insertInto('units')
    .values({ id: BENCH_UNIT, organisation_id: 'bench-org', name: 'Bench', bankgiro: '555-0009', created_at: NOW })
    .execute();
  await trx
    .insertInto('landlords')
    .values({
      id: 'bench-l',
      organisation_id: 'bench-org',
      name: 'Bench AB',
      organisation_number: null,
      phone: null,
      email: null,
      address: null,
      notes: null,
      search_text: '',
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
}

/** Apartments apt-N of the bench unit. */
export async function insertApartments(
  trx: Transaction<Database>,
  ids: number[],
  opts: { unitId?: string; type?: (n: number) => Database['apartments']['type'] } = {},
) {
  await trx
    .insertInto('apartments')
    .values(
      ids.map((n) => ({
        id: `apt-${n}`,
        unit_id: opts.unitId ?? BENCH_UNIT,
        landlord_id: 'bench-l',
        address: `Gatan ${n}`,
        postcode: '123 45',
        city: 'Stockholm',
        district: null,
        rooms: 1,
        kitchen: 'kok' as const,
        area_sqm: 30,
        monthly_rent_ore: 600_000,
        type: opts.type?.(n) ?? ('training' as const),
        unit_holds_first_hand_lease: 1 as const,
        landlord_object_number: null,
        search_text: '',
        created_at: NOW,
        updated_at: NOW,
      })),
    )
    .execute();
}

/** Residents res-N of the bench unit (no personal number: "bench"). */
/** `ids`: numbers N for res-N, or whole ids. */
export async function insertResidents(trx: Transaction<Database>, ids: (number | string)[], opts: { unitId?: string } = {}) {
  await trx
    .insertInto('residents')
    .values(
      ids.map((n) => ({
        id: typeof n === 'number' ? `res-${n}` : n,
        unit_id: opts.unitId ?? BENCH_UNIT,
        first_name: 'Person',
        last_name: `${n}`,
        id_kind: 'none' as const,
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
        search_text: '',
        created_at: NOW,
        updated_at: NOW,
      })),
    )
    .execute();
}

/** A placement row with the bench's defaults; `serial` is its OCR serial, unique per placement. */
export function benchPlacement(
  p: { id: string; resident_id: string; apartment_id: string; start_date: string; end_date?: string | null; end_reason?: string | null },
  serial: number,
) {
  return {
    end_date: null,
    end_reason: null,
    ...p,
    lease_form: 'second_hand' as const,
    rent_included_in_daily_fee: 0 as const,
    daily_fee_ore: null,
    rent_allowance_ore: null,
    monthly_rent_ore: null,
    end_note: null,
    ocr_serial: serial,
    ocr_reference: placementOcrReference(serial),
    created_at: NOW,
    updated_at: NOW,
  };
}
