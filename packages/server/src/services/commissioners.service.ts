import type { Actor } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import type { Selectable } from 'kysely';
import type { CommissionerTable } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import * as repo from '../repositories/commissioners.repository.ts';
import { searchText } from '../repositories/query.ts';
import type { ServiceContext } from './context.ts';
import { expectVersion, mustHaveUpdated } from './row-version.ts';
import { requireRegistryAccess } from './guards.ts';

export type CommissionerInput = {
  name: string;
  kind: CommissionerTable['kind'];
  contactName?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
};

export function createCommissionersService(ctx: ServiceContext) {
  const q = () => ctx.db.kysely;

  async function get(actor: Actor, id: string) {
    requireRegistryAccess(actor);
    const row = await repo.findCommissioner(q(), actor.organisationId, id);
    if (!row) throw notFound();
    return toDto(row);
  }

  return {
    get,
    async list(actor: Actor, f: { q?: string; sort: 'name' | '-name' | 'kind' | '-kind'; page: number; pageSize: number }) {
      requireRegistryAccess(actor);
      const { items, total } = await repo.listCommissioners(q(), { ...f, organisationId: actor.organisationId });
      return { items: items.map(toDto), total, page: f.page, pageSize: f.pageSize };
    },
    async create(actor: Actor, input: CommissionerInput) {
      requireRegistryAccess(actor);
      const id = newId();
      const now = ctx.clock.now().toISOString();
      await repo.insertCommissioner(q(), {
        id,
        organisation_id: actor.organisationId,
        ...columns(input),
        created_at: now,
        updated_at: now,
      });
      return get(actor, id);
    },
    async update(actor: Actor, id: string, input: Partial<CommissionerInput> & { version: number }) {
      const current = await get(actor, id);
      expectVersion(current, input.version);
      const patch = { ...columns({ ...current, ...input }), updated_at: ctx.clock.now().toISOString() };
      mustHaveUpdated(await repo.updateCommissioner(q(), id, patch, input.version));
      return get(actor, id);
    },
  };
}

function columns(input: CommissionerInput) {
  return {
    name: input.name.trim(),
    kind: input.kind,
    contact_name: input.contactName ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    address: input.address ?? null,
    search_text: searchText(input.name, input.contactName),
  };
}

function toDto(r: Selectable<CommissionerTable>) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    contactName: r.contact_name,
    phone: r.phone,
    email: r.email,
    address: r.address,
    version: Number(r.version),
  };
}
