import type { Actor } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import { notFound } from '../errors.ts';
import * as repo from '../repositories/landlords.repository.ts';
import { searchText } from '../repositories/query.ts';
import type { Selectable } from 'kysely';
import type { LandlordContactTable, LandlordTable } from '../db/schema.ts';
import type { ServiceContext } from './context.ts';
import { expectVersion, mustHaveUpdated } from './row-version.ts';
import { requireRegistryAccess } from './guards.ts';

export type LandlordInput = {
  name: string;
  organisationNumber?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  notes?: string | null;
};
export type ContactInput = { name: string; title?: string | null; phone?: string | null; email?: string | null };

export function createLandlordsService(ctx: ServiceContext) {
  const q = () => ctx.db.kysely;

  async function get(actor: Actor, id: string) {
    requireRegistryAccess(actor);
    const row = await repo.findLandlord(q(), actor.organisationId, id);
    if (!row) throw notFound();
    return toDto(row, await repo.contactsOf(q(), id));
  }

  return {
    get,

    async list(actor: Actor, f: { q?: string; sort: 'name' | '-name'; page: number; pageSize: number }) {
      requireRegistryAccess(actor);
      const { items, total } = await repo.listLandlords(q(), { ...f, organisationId: actor.organisationId });
      return { items: items.map((r) => toDto(r, [])), total, page: f.page, pageSize: f.pageSize };
    },

    async create(actor: Actor, input: LandlordInput) {
      requireRegistryAccess(actor);
      const id = newId();
      const now = ctx.clock.now().toISOString();
      await repo.insertLandlord(q(), { id, organisation_id: actor.organisationId, ...columns(input), created_at: now, updated_at: now });
      return get(actor, id);
    },

    async update(actor: Actor, id: string, input: LandlordInput & { version: number }) {
      const current = await get(actor, id);
      expectVersion(current, input.version);
      const merged = { ...current, ...input };
      mustHaveUpdated(await repo.updateLandlord(q(), id, { ...columns(merged), updated_at: ctx.clock.now().toISOString() }, input.version));
      return get(actor, id);
    },

    async addContact(actor: Actor, landlordId: string, input: ContactInput) {
      await get(actor, landlordId);
      await repo.insertContact(q(), {
        id: newId(),
        landlord_id: landlordId,
        name: input.name.trim(),
        title: input.title ?? null,
        phone: input.phone ?? null,
        email: input.email ?? null,
        created_at: ctx.clock.now().toISOString(),
      });
      return get(actor, landlordId);
    },

    async removeContact(actor: Actor, landlordId: string, contactId: string) {
      await get(actor, landlordId);
      if (!(await repo.deleteContact(q(), landlordId, contactId))) throw notFound();
    },
  };
}

function columns(input: LandlordInput) {
  return {
    name: input.name.trim(),
    organisation_number: input.organisationNumber ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    address: input.address ?? null,
    notes: input.notes ?? null,
    search_text: searchText(input.name, input.organisationNumber, input.address),
  };
}

function toDto(r: Selectable<LandlordTable>, contacts: LandlordContactTable[]) {
  return {
    id: r.id,
    name: r.name,
    organisationNumber: r.organisation_number,
    phone: r.phone,
    email: r.email,
    address: r.address,
    notes: r.notes,
    contacts: contacts.map((c) => ({ id: c.id, name: c.name, title: c.title, phone: c.phone, email: c.email })),
    version: Number(r.version),
  };
}
