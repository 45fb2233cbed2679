import type { Actor } from '../auth/actor.ts';
import { caseUnitIds } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import type { ApartmentTable } from '../db/schema.ts';
import { invalidField, notFound } from '../errors.ts';
import * as repo from '../repositories/apartments.repository.ts';
import { findLandlord } from '../repositories/landlords.repository.ts';
import { searchText } from '../repositories/query.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { expectVersion, mustHaveUpdated } from './row-version.ts';
import { unitForNewRecord, unitsToList } from './guards.ts';

export type ApartmentInput = {
  unitId?: string;
  landlordId: string;
  address: string;
  postcode: string;
  city: string;
  district?: string | null;
  rooms: number;
  kitchen: ApartmentTable['kitchen'];
  areaSqm: number;
  monthlyRentOre: number;
  type: ApartmentTable['type'];
  unitHoldsFirstHandLease: boolean;
  landlordObjectNumber?: string | null;
};

type Row = NonNullable<Awaited<ReturnType<typeof repo.findApartment>>>;
type Occupant = Awaited<ReturnType<typeof repo.currentOccupants>>[number];

export function createApartmentsService(ctx: ServiceContext) {
  const q = () => ctx.db.kysely;

  async function get(actor: Actor, id: string) {
    const row = await repo.findApartment(q(), id);
    if (!row || !caseUnitIds(actor).includes(row.unit_id)) throw notFound();
    const [occupant] = await repo.currentOccupants(q(), [id], ctx.clock.today());
    await auditOccupants(actor, occupant ? [occupant] : [], 'read');
    return toDto(row, occupant);
  }

  /** The apartment views name the current resident: that is a read of the person, so it is logged. */
  async function auditOccupants(actor: Actor, occupants: Occupant[], action: 'read' | 'list') {
    await recordAudit(
      q(),
      actor,
      ctx.clock.now(),
      occupants.map((o) => ({
        residentId: o.resident_id,
        unitId: o.resident_unit_id,
        entity: 'apartment',
        entityId: o.apartment_id,
        action,
      })),
    );
  }

  async function checkLandlord(actor: Actor, landlordId: string) {
    if (!(await findLandlord(q(), actor.organisationId, landlordId))) {
      throw invalidField('landlordId', 'unknown', { sv: 'Välj en hyresvärd i registret.', en: 'Choose a landlord from the registry.' });
    }
  }

  return {
    get,

    async list(
      actor: Actor,
      f: {
        unitId?: string;
        q?: string;
        type?: ApartmentTable['type'];
        landlordId?: string;
        sort: repo.ApartmentSort;
        descending: boolean;
        page: number;
        pageSize: number;
      },
    ) {
      const { items, total } = await repo.listApartments(q(), { ...f, unitIds: unitsToList(actor, f.unitId) });
      const occupants = await repo.currentOccupants(
        q(),
        items.map((i) => i.id),
        ctx.clock.today(),
      );
      await auditOccupants(actor, occupants, 'list');
      return {
        items: items.map((r) =>
          toDto(
            r,
            occupants.find((o) => o.apartment_id === r.id),
          ),
        ),
        total,
        page: f.page,
        pageSize: f.pageSize,
      };
    },

    async create(actor: Actor, input: ApartmentInput) {
      const unitId = unitForNewRecord(actor, input.unitId);
      await checkLandlord(actor, input.landlordId);
      const id = newId();
      const now = ctx.clock.now().toISOString();
      await repo.insertApartment(q(), { id, unit_id: unitId, ...columns(input), created_at: now, updated_at: now });
      return get(actor, id);
    },

    async update(actor: Actor, id: string, input: Partial<ApartmentInput> & { version: number }) {
      // Refuse a bad landlord before reading: a refused request writes nothing, not even the read's audit row.
      if (input.landlordId) await checkLandlord(actor, input.landlordId);
      // Checked without get(): a stale edit is refused before anything is written, not even a read's audit row.
      const row = await repo.findApartment(q(), id);
      if (!row || !caseUnitIds(actor).includes(row.unit_id)) throw notFound();
      expectVersion(row, input.version);
      const merged = { ...toDto(row), ...input };
      mustHaveUpdated(
        await repo.updateApartment(q(), id, { ...columns(merged), updated_at: ctx.clock.now().toISOString() }, input.version),
      );
      return get(actor, id);
    },
  };
}

function columns(i: ApartmentInput) {
  return {
    landlord_id: i.landlordId,
    address: i.address.trim(),
    postcode: i.postcode,
    city: i.city.trim(),
    district: i.district ?? null,
    rooms: i.rooms,
    kitchen: i.kitchen,
    area_sqm: i.areaSqm,
    monthly_rent_ore: i.monthlyRentOre,
    type: i.type,
    unit_holds_first_hand_lease: i.unitHoldsFirstHandLease ? (1 as const) : (0 as const),
    landlord_object_number: i.landlordObjectNumber ?? null,
    search_text: searchText(i.address, i.postcode, i.city, i.district, i.landlordObjectNumber),
  };
}

function toDto(r: Row, occupant?: Occupant) {
  return {
    id: r.id,
    unitId: r.unit_id,
    landlordId: r.landlord_id,
    landlordName: r.landlord_name,
    address: r.address,
    postcode: r.postcode,
    city: r.city,
    district: r.district,
    rooms: r.rooms,
    kitchen: r.kitchen,
    areaSqm: Number(r.area_sqm),
    monthlyRentOre: r.monthly_rent_ore,
    type: r.type,
    unitHoldsFirstHandLease: r.unit_holds_first_hand_lease === 1,
    landlordObjectNumber: r.landlord_object_number,
    currentResident: occupant ? { id: occupant.resident_id, name: `${occupant.first_name} ${occupant.last_name}` } : null,
    version: Number(r.version),
  };
}
