import { hasValidLuhn } from '@kvarbo/domain';
import type { Actor, Role } from '../auth/actor.ts';
import { hashPassword } from '../auth/password.ts';
import { newId } from '../auth/tokens.ts';
import { conflict, forbidden, invalidField, notFound } from '../errors.ts';
import * as unitsRepo from '../repositories/units.repository.ts';
import * as users from '../repositories/users.repository.ts';
import { checkNewPassword } from './auth.service.ts';
import type { ServiceContext } from './context.ts';
import { expectVersion, mustHaveUpdated } from './row-version.ts';

export type NewUser = {
  username: string;
  displayName: string;
  email?: string | null;
  password: string;
  isAdmin: boolean;
  memberships: { unitId: string; role: Role }[];
  /** A landlord account (issue 6): sees its company's own reports and nothing else; no units, never admin. */
  landlordId?: string | null;
};

export type UserDto = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  isAdmin: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  /** Row version: send it back with an edit (docs/concurrency.md). */
  version: number;
  memberships: { unitId: string; role: Role }[];
  kind: 'staff' | 'landlord';
  landlordId: string | null;
};

const USERNAME = /^[a-z0-9._-]{2,64}$/;

export function createUsersService(ctx: ServiceContext) {
  const q = () => ctx.db.kysely;

  function requireAdmin(actor: Actor) {
    if (!actor.isAdmin) throw forbidden();
  }

  async function checkUnits(organisationId: string, memberships: NewUser['memberships']) {
    for (const [i, m] of memberships.entries()) {
      const unit = await unitsRepo.findUnit(q(), m.unitId);
      if (!unit || unit.organisation_id !== organisationId) {
        throw invalidField(`memberships.${i}.unitId`, 'unknown_unit', { sv: 'Okänd enhet.', en: 'Unknown unit.' });
      }
    }
  }

  return {
    /** Used by the admin UI and by `kvarbo user add` (which has no actor: it runs with shell access). */
    async createUser(organisationId: string, input: NewUser): Promise<UserDto> {
      const username = input.username.trim().toLowerCase();
      if (!USERNAME.test(username)) {
        throw invalidField('username', 'format', {
          sv: 'Användarnamnet får bara innehålla a–z, 0–9, punkt, bindestreck och understreck (2–64 tecken).',
          en: 'The username may contain only a–z, 0–9, dot, hyphen and underscore (2–64 characters).',
        });
      }
      checkNewPassword(input.password, 'password');
      await checkUnits(organisationId, input.memberships);
      if (input.landlordId) {
        const landlord = await q().selectFrom('landlords').select('organisation_id').where('id', '=', input.landlordId).executeTakeFirst();
        if (!landlord || landlord.organisation_id !== organisationId) {
          throw invalidField('landlordId', 'not_found', { sv: 'Hyresvärden finns inte.', en: 'The landlord does not exist.' });
        }
        if (input.isAdmin || input.memberships.length > 0) {
          throw invalidField('landlordId', 'landlord_account', {
            sv: 'Ett hyresvärdskonto kan inte vara administratör eller medlem i en enhet.',
            en: 'A landlord account cannot be an administrator or a member of a unit.',
          });
        }
      }
      if (await users.findUserByUsername(q(), username)) {
        throw conflict('USERNAME_TAKEN', { sv: 'Användarnamnet är upptaget.', en: 'The username is taken.' });
      }
      const id = newId();
      const now = ctx.clock.now().toISOString();
      const hash = await hashPassword(input.password);
      await ctx.db.kysely.transaction().execute(async (trx) => {
        await users.insertUser(trx, {
          id,
          organisation_id: organisationId,
          username,
          display_name: input.displayName.trim(),
          email: input.email ?? null,
          password_hash: hash,
          kind: input.landlordId ? 'landlord' : 'staff',
          landlord_id: input.landlordId ?? null,
          is_admin: input.isAdmin ? 1 : 0,
          locale: 'sv',
          failed_login_count: 0,
          locked_until: null,
          disabled_at: null,
          password_changed_at: now,
          created_at: now,
        });
        await users.replaceMemberships(
          trx,
          id,
          input.memberships.map((m) => ({ unit_id: m.unitId, role: m.role })),
        );
      });
      return (await this.getUser(organisationId, id))!;
    },

    async getUser(organisationId: string, id: string): Promise<UserDto | null> {
      const u = await users.findUser(q(), id);
      if (!u || u.organisation_id !== organisationId) return null;
      const ms = await users.membershipsOf(q(), id);
      return toDto(
        u,
        ms.map((m) => ({ unitId: m.unit_id, role: m.role })),
      );
    },

    async listUsers(actor: Actor): Promise<UserDto[]> {
      requireAdmin(actor);
      const [rows, ms] = await Promise.all([users.listUsers(q(), actor.organisationId), users.allMemberships(q(), actor.organisationId)]);
      return rows.map((u) =>
        toDto(
          u,
          ms.filter((m) => m.user_id === u.id).map((m) => ({ unitId: m.unit_id, role: m.role })),
        ),
      );
    },

    async createByAdmin(actor: Actor, input: NewUser) {
      requireAdmin(actor);
      return this.createUser(actor.organisationId, input);
    },

    async updateByAdmin(
      actor: Actor,
      id: string,
      patch: {
        version: number;
        displayName?: string;
        isAdmin?: boolean;
        disabled?: boolean;
        memberships?: NewUser['memberships'];
        password?: string;
      },
    ): Promise<UserDto> {
      requireAdmin(actor);
      const existing = await users.findUser(q(), id);
      if (!existing || existing.organisation_id !== actor.organisationId) throw notFound();
      expectVersion(existing, patch.version);
      if (id === actor.userId && (patch.isAdmin === false || patch.disabled === true)) {
        throw invalidField('isAdmin', 'self', {
          sv: 'Du kan inte ta bort din egen administratörsbehörighet.',
          en: 'You cannot remove your own admin rights.',
        });
      }
      if (patch.memberships) await checkUnits(actor.organisationId, patch.memberships);
      if (patch.password !== undefined) checkNewPassword(patch.password, 'password');
      const hash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
      await ctx.db.kysely.transaction().execute(async (trx) => {
        const updated = await users.updateUserAtVersion(trx, id, patch.version, {
          ...(patch.displayName !== undefined ? { display_name: patch.displayName.trim() } : {}),
          ...(patch.isAdmin !== undefined ? { is_admin: patch.isAdmin ? 1 : 0 } : {}),
          ...(patch.disabled !== undefined ? { disabled_at: patch.disabled ? ctx.clock.now().toISOString() : null } : {}),
          ...(hash
            ? { password_hash: hash, password_changed_at: ctx.clock.now().toISOString(), failed_login_count: 0, locked_until: null }
            : {}),
        });
        mustHaveUpdated(updated);
        if (patch.memberships)
          await users.replaceMemberships(
            trx,
            id,
            patch.memberships.map((m) => ({ unit_id: m.unitId, role: m.role })),
          );
      });
      return (await this.getUser(actor.organisationId, id))!;
    },

    /** Colleagues in one of the caller's units, to choose a contact person from. */
    async unitStaff(actor: Actor, unitId: string) {
      if (!actor.memberships.some((m) => m.unitId === unitId)) throw notFound();
      return (await unitsRepo.unitStaff(q(), unitId)).map((s) => ({ id: s.id, displayName: s.display_name, role: s.role }));
    },

    async listUnits(actor: Actor) {
      requireAdmin(actor);
      return (await unitsRepo.listUnits(q(), actor.organisationId)).map((u) => ({
        id: u.id,
        name: u.name,
        bankgiro: u.bankgiro,
        version: Number(u.version),
      }));
    },

    async updateUnit(actor: Actor, id: string, patch: { version: number; name?: string; bankgiro?: string | null }) {
      requireAdmin(actor);
      const unit = await unitsRepo.findUnit(q(), id);
      if (!unit || unit.organisation_id !== actor.organisationId) throw notFound();
      expectVersion(unit, patch.version);
      let bankgiro = patch.bankgiro;
      if (bankgiro) {
        const digits = bankgiro.replace(/\D/g, '');
        // Bankgiro numbers are 7 or 8 digits ending in a Luhn check digit (Bankgirot).
        if (!/^\d{7,8}$/.test(digits) || !hasValidLuhn(digits)) {
          throw invalidField('bankgiro', 'invalid', {
            sv: 'Bankgironumret stämmer inte (7–8 siffror med kontrollsiffra, t.ex. 123-4567).',
            en: 'The bankgiro number is not valid (7–8 digits with a check digit, e.g. 123-4567).',
          });
        }
        bankgiro = `${digits.slice(0, -4)}-${digits.slice(-4)}`;
      }
      if (patch.name !== undefined && patch.name.trim() === '') {
        throw invalidField('name', 'required', { sv: 'Enheten behöver ett namn.', en: 'The unit needs a name.' });
      }
      const changes = {
        ...(patch.name ? { name: patch.name.trim() } : {}),
        ...(bankgiro !== undefined ? { bankgiro: bankgiro || null } : {}),
      };
      // Even an edit that changes nothing moves the version on (and is refused when stale).
      mustHaveUpdated(await unitsRepo.updateUnitAtVersion(q(), id, patch.version, changes));
      const updated = (await unitsRepo.findUnit(q(), id))!;
      return { id: updated.id, name: updated.name, bankgiro: updated.bankgiro, version: Number(updated.version) };
    },

    async createUnit(actor: Actor, name: string) {
      requireAdmin(actor);
      const id = newId();
      const existing = await unitsRepo.listUnits(q(), actor.organisationId);
      if (existing.some((u) => u.name.toLocaleLowerCase('sv') === name.trim().toLocaleLowerCase('sv'))) {
        throw invalidField('name', 'taken', { sv: 'Det finns redan en enhet med det namnet.', en: 'A unit with that name exists.' });
      }
      await unitsRepo.insertUnit(q(), {
        id,
        organisation_id: actor.organisationId,
        name: name.trim(),
        created_at: ctx.clock.now().toISOString(),
      });
      return { id, name: name.trim() };
    },
  };
}

function toDto(u: Awaited<ReturnType<typeof users.findUser>> & {}, memberships: UserDto['memberships']): UserDto {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    email: u.email,
    isAdmin: u.is_admin === 1,
    disabled: u.disabled_at !== null,
    lockedUntil: u.locked_until,
    version: Number(u.version),
    memberships,
    kind: u.kind,
    landlordId: u.landlord_id,
  };
}
