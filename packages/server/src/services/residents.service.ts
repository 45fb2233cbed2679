import { parsePersonalNumber, PERSONAL_NUMBER_MESSAGES } from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { caseUnitIds } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import type { ResidentTable } from '../db/schema.ts';
import { conflict, invalidField, notFound } from '../errors.ts';
import { residentVisible } from '../repositories/access.repository.ts';
import { findCommissioner } from '../repositories/commissioners.repository.ts';
import * as notesRepo from '../repositories/notes.repository.ts';
import { currentPlacementsOf, placementsOfResident } from '../repositories/placements.repository.ts';
import { searchText, type Q } from '../repositories/query.ts';
import * as repo from '../repositories/residents.repository.ts';
import { unitStaff } from '../repositories/units.repository.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { expectVersion, mustHaveUpdated } from './row-version.ts';
import { unitForNewRecord, unitsToList } from './guards.ts';
import { placementDto } from './placements.service.ts';

export type ResidentInput = {
  unitId?: string;
  firstName: string;
  lastName: string;
  idKind: ResidentTable['id_kind'];
  personalNumber?: string | null;
  noIdReason?: string | null;
  contactPersonId?: string | null;
  commissionerId?: string | null;
  commissionerContact?: string | null;
  householdAdults: number;
  householdChildren: number;
  phone?: string | null;
  email?: string | null;
};

type Row = NonNullable<Awaited<ReturnType<typeof repo.findResident>>>;

const ADULT_AGE = 18;

export function createResidentsService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;

  /** Answers 404 for a person outside the caller's units: their existence is itself secret. */
  async function loadVisible(q: Q, actor: Actor, id: string): Promise<Row> {
    const row = await repo.findVisibleResident(q, caseUnitIds(actor), id);
    if (!row) throw notFound();
    return row;
  }

  /** Culled records (docs/culling.md) are read-only: nothing may bring personal data back. */
  async function loadWritable(q: Q, actor: Actor, id: string): Promise<Row> {
    const row = await loadVisible(q, actor, id);
    if (row.culled_at) {
      throw conflict('CULLED', {
        sv: 'Uppgifterna är gallrade och kan inte ändras.',
        en: 'The records have been culled and cannot be changed.',
      });
    }
    return row;
  }

  async function currentPlacement(q: Q, residentId: string) {
    const today = ctx.clock.today();
    const all = await placementsOfResident(q, residentId);
    const current = all.find((p) => p.start_date <= today && (p.end_date === null || p.end_date >= today));
    return current ? placementDto(current) : null;
  }

  /** Turns the form into columns, checking identity, age, contact person and agency. */
  async function columns(q: Q, actor: Actor, unitId: string, input: ResidentInput, selfId?: string) {
    const today = ctx.clock.today();
    let idKind = input.idKind;
    let personalNumber: string | null = null;
    let birthDate: string | null = null;
    if (idKind === 'none') {
      if (!input.noIdReason?.trim()) {
        throw invalidField('noIdReason', 'required', {
          sv: 'Ange varför personen saknar personnummer eller samordningsnummer.',
          en: 'State why the person has no personal identity or coordination number.',
        });
      }
    } else {
      const parsed = parsePersonalNumber(input.personalNumber ?? '', today);
      if (!parsed.ok) throw invalidField('personalNumber', parsed.code, PERSONAL_NUMBER_MESSAGES[parsed.code]);
      idKind = parsed.kind;
      personalNumber = parsed.normalized;
      birthDate = parsed.birthDate;
      if (yearsBetween(birthDate, today) < ADULT_AGE) {
        throw invalidField('personalNumber', 'under_18', {
          sv: 'Personen är under 18 år. Boendet är för vuxna; barn registreras i hushållet.',
          en: 'The person is under 18. Housing is for adults; children are recorded in the household.',
        });
      }
      const existing = await repo.findResidentByPersonalNumber(q, actor.organisationId, personalNumber);
      if (existing && existing.id !== selfId) {
        const visible = await residentVisible(q, caseUnitIds(actor), existing.id);
        throw conflict(
          'DUPLICATE_PERSONAL_NUMBER',
          {
            sv: 'Det finns redan en person med det numret i organisationen.',
            en: 'A person with that number is already registered in the organisation.',
          },
          visible ? { existingId: existing.id } : {},
        );
      }
    }
    if (input.contactPersonId) {
      const staff = await unitStaff(q, unitId);
      if (!staff.some((s) => s.id === input.contactPersonId && s.role !== 'analyst')) {
        throw invalidField('contactPersonId', 'not_in_unit', {
          sv: 'Kontaktpersonen måste arbeta i enheten.',
          en: 'The contact person must work in the unit.',
        });
      }
    }
    if (input.commissionerId && !(await findCommissioner(q, actor.organisationId, input.commissionerId))) {
      throw invalidField('commissionerId', 'unknown', {
        sv: 'Välj en uppdragsgivare i registret.',
        en: 'Choose a commissioning agency from the registry.',
      });
    }
    return {
      first_name: input.firstName.trim(),
      last_name: input.lastName.trim(),
      id_kind: idKind,
      personal_number: personalNumber,
      no_id_reason: idKind === 'none' ? input.noIdReason!.trim() : null,
      birth_date: birthDate,
      contact_person_id: input.contactPersonId ?? null,
      commissioner_id: input.commissionerId ?? null,
      commissioner_contact: input.commissionerContact ?? null,
      household_adults: input.householdAdults,
      household_children: input.householdChildren,
      phone: input.phone ?? null,
      email: input.email ?? null,
      search_text: searchText(input.firstName, input.lastName, personalNumber?.replace('-', '')),
    };
  }

  // Reads that only log run without a transaction: the audit insert is one statement and comes before the answer
  // (no answer without its audit row), and on PostgreSQL a read-committed transaction gives its statements no
  // common snapshot anyway; BEGIN and COMMIT would be two more round trips on every page view.
  return {
    async get(actor: Actor, id: string) {
      const q = db();
      const row = await loadVisible(q, actor, id);
      await recordAudit(q, actor, ctx.clock.now(), [
        { residentId: id, unitId: row.unit_id, entity: 'resident', entityId: id, action: 'read' },
      ]);
      return toDto(row, await currentPlacement(q, id));
    },

    async list(
      actor: Actor,
      f: {
        unitId?: string;
        q?: string;
        status: 'current' | 'former' | 'all';
        sort: repo.ResidentSort;
        descending: boolean;
        page: number;
        pageSize: number;
      },
    ) {
      const q = db();
      const { items, total } = await repo.listResidents(q, { ...f, unitIds: unitsToList(actor, f.unitId), today: ctx.clock.today() });
      await recordAudit(
        q,
        actor,
        ctx.clock.now(),
        items.map((r) => ({ residentId: r.id, unitId: r.unit_id, entity: 'resident', entityId: r.id, action: 'list' as const })),
      );
      const current = await currentPlacementsOf(
        q,
        items.map((r) => r.id),
        ctx.clock.today(),
      );
      const currentOf = (id: string) => current.find((p) => p.resident_id === id);
      return {
        items: items.map((r) => toDto(r, currentOf(r.id) ? placementDto(currentOf(r.id)!) : null)),
        total,
        page: f.page,
        pageSize: f.pageSize,
      };
    },

    async create(actor: Actor, input: ResidentInput) {
      const unitId = unitForNewRecord(actor, input.unitId);
      const id = newId();
      return db()
        .transaction()
        .execute(async (trx) => {
          const now = ctx.clock.now();
          await repo.insertResident(trx, {
            id,
            unit_id: unitId,
            ...(await columns(trx, actor, unitId, input)),
            created_at: now.toISOString(),
            updated_at: now.toISOString(),
          });
          await recordAudit(trx, actor, now, [{ residentId: id, unitId, entity: 'resident', entityId: id, action: 'create' }]);
          return toDto((await repo.findResident(trx, id))!, null);
        });
    },

    async update(actor: Actor, id: string, input: Partial<ResidentInput> & { version: number }) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const current = await loadWritable(trx, actor, id);
          expectVersion(current, input.version);
          const merged: ResidentInput = {
            ...toInput(current),
            ...definedOnly(input),
          };
          // The number is only re-validated when it is changed or the kind changes.
          const now = ctx.clock.now();
          const updated = await repo.updateResident(
            trx,
            id,
            { ...(await columns(trx, actor, current.unit_id, merged, id)), updated_at: now.toISOString() },
            input.version,
          );
          mustHaveUpdated(updated);
          await recordAudit(trx, actor, now, [
            { residentId: id, unitId: current.unit_id, entity: 'resident', entityId: id, action: 'update' },
          ]);
          return toDto((await repo.findResident(trx, id))!, await currentPlacement(trx, id));
        });
    },

    async placements(actor: Actor, id: string) {
      const q = db();
      const row = await loadVisible(q, actor, id);
      await recordAudit(q, actor, ctx.clock.now(), [
        { residentId: id, unitId: row.unit_id, entity: 'placement', entityId: null, action: 'read' },
      ]);
      return (await placementsOfResident(q, id)).map(placementDto);
    },

    async notes(actor: Actor, id: string) {
      const q = db();
      const row = await loadVisible(q, actor, id);
      await recordAudit(q, actor, ctx.clock.now(), [
        { residentId: id, unitId: row.unit_id, entity: 'note', entityId: null, action: 'read' },
      ]);
      return (await notesRepo.notesOf(q, id)).map((n) => ({
        id: n.id,
        authorName: n.author_name,
        createdAt: n.created_at,
        body: n.body,
      }));
    },

    async addNote(actor: Actor, id: string, body: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const row = await loadWritable(trx, actor, id);
          const noteId = newId();
          const now = ctx.clock.now();
          await notesRepo.insertNote(trx, {
            id: noteId,
            resident_id: id,
            author_id: actor.userId,
            body: body.trim(),
            created_at: now.toISOString(),
          });
          await recordAudit(trx, actor, now, [{ residentId: id, unitId: row.unit_id, entity: 'note', entityId: noteId, action: 'create' }]);
          return { id: noteId, authorName: actor.userName, createdAt: now.toISOString(), body: body.trim() };
        });
    },
  };
}

function yearsBetween(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The stored resident as form input, so a PATCH is validated exactly like a create. */
function toInput(r: Row): ResidentInput {
  const {
    unitId: _unit,
    id: _id,
    birthDate: _b,
    contactPersonName: _c,
    commissionerName: _n,
    currentPlacement: _p,
    culledAt: _culled,
    ...input
  } = toDto(r, null);
  return input;
}

function toDto(r: Row, currentPlacement: ReturnType<typeof placementDto> | null) {
  return {
    id: r.id,
    unitId: r.unit_id,
    firstName: r.first_name,
    lastName: r.last_name,
    idKind: r.id_kind,
    personalNumber: r.personal_number,
    noIdReason: r.no_id_reason,
    birthDate: r.birth_date,
    contactPersonId: r.contact_person_id,
    contactPersonName: r.contact_person_name,
    commissionerId: r.commissioner_id,
    commissionerName: r.commissioner_name,
    commissionerContact: r.commissioner_contact,
    householdAdults: r.household_adults,
    householdChildren: r.household_children,
    phone: r.phone,
    email: r.email,
    currentPlacement,
    version: Number(r.version),
    /** Set when the records were culled (gallrade): the page says so instead of showing them. */
    culledAt: r.culled_at,
  };
}
