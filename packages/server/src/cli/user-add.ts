import fs from 'node:fs';
import type { Role } from '../auth/actor.ts';
import { generatePassword } from '../auth/tokens.ts';
import type { Db } from '../db/database.ts';
import * as unitsRepo from '../repositories/units.repository.ts';
import type { Services } from '../services/index.ts';
import { stringFlag, UsageError } from './args.ts';

const ROLES: Role[] = ['manager', 'caseworker', 'host', 'analyst'];

export async function addUser(db: Db, services: Services, organisationId: string, flags: Map<string, string | true>): Promise<number> {
  const username = stringFlag(flags, 'username');
  const name = stringFlag(flags, 'name');
  if (!username || !name) throw new UsageError('user add needs --username and --name');
  let password = stringFlag(flags, 'password');
  if (flags.has('password-stdin')) password = fs.readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  const generated = !password;
  password ??= generatePassword();

  const memberships: { unitId: string; role: Role }[] = [];
  const unitName = stringFlag(flags, 'unit');
  const role = stringFlag(flags, 'role');
  if (unitName || role) {
    if (!unitName || !role) throw new UsageError('--unit and --role go together');
    if (!ROLES.includes(role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    const units = await unitsRepo.listUnits(db.kysely, organisationId);
    const unit = units.find((u) => u.id === unitName || u.name.toLocaleLowerCase('sv') === unitName.toLocaleLowerCase('sv'));
    if (!unit) throw new UsageError(`no unit named "${unitName}" (units: ${units.map((u) => u.name).join(', ') || 'none'})`);
    memberships.push({ unitId: unit.id, role: role as Role });
  }
  const user = await services.users.createUser(organisationId, {
    username,
    displayName: name,
    password,
    isAdmin: flags.has('admin'),
    memberships,
  });
  console.log(`Created user "${user.username}"${user.isAdmin ? ' (admin)' : ''}.`);
  if (generated) console.log(`Password: ${password}`);
  return 0;
}
