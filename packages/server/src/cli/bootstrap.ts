import { sql } from 'kysely';
import { generatePassword, newId } from '../auth/tokens.ts';
import type { Db } from '../db/database.ts';
import { countUsers } from '../repositories/users.repository.ts';
import * as unitsRepo from '../repositories/units.repository.ts';
import type { Services } from '../services/index.ts';

/**
 * The first start of an empty database: an organisation, a unit and an admin who is also the unit's
 * manager (an admin alone sees no case data), with a generated password printed once.
 */
export async function ensureFirstAdmin(
  db: Db,
  services: Services,
  now: Date,
): Promise<{ username: string; password: string; unitId: string } | null> {
  if (db.dialect !== 'postgres') return firstAdmin(db, services, now);
  // Two servers starting at once on an empty PostgreSQL database (docs/concurrency.md): one creates the organisation
  // and the administrator while holding this lock; the other waits for it and then finds them.
  return db.kysely.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${BOOTSTRAP_LOCK})`.execute(conn);
    try {
      return await firstAdmin(db, services, now);
    } finally {
      await sql`SELECT pg_advisory_unlock(${BOOTSTRAP_LOCK})`.execute(conn);
    }
  });
}

/** PostgreSQL advisory lock key of the first start ("kvarbo" in ASCII). */
const BOOTSTRAP_LOCK = 0x6b7661726f;

async function firstAdmin(db: Db, services: Services, now: Date): Promise<{ username: string; password: string; unitId: string } | null> {
  if ((await countUsers(db.kysely)) > 0) return null;
  const org = await ensureOrganisation(db, now);
  const units = await unitsRepo.listUnits(db.kysely, org.id);
  let unitId = units[0]?.id;
  if (!unitId) {
    unitId = newId();
    await unitsRepo.insertUnit(db.kysely, { id: unitId, organisation_id: org.id, name: 'Vuxenenheten', created_at: now.toISOString() });
  }
  const password = generatePassword();
  await services.users.createUser(org.id, {
    username: 'admin',
    displayName: 'Administratör',
    password,
    isAdmin: true,
    memberships: [{ unitId, role: 'manager' }],
  });
  return { username: 'admin', password, unitId };
}

export async function ensureOrganisation(db: Db, now: Date, name = 'Kvarbo') {
  const existing = await unitsRepo.firstOrganisation(db.kysely);
  if (existing) return existing;
  const row = { id: newId(), name, created_at: now.toISOString() };
  await unitsRepo.insertOrganisation(db.kysely, row);
  return row;
}
