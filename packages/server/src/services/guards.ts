import { caseUnitIds, hasRoleIn, CASE_ROLES, type Actor } from '../auth/actor.ts';
import { forbidden, invalidField } from '../errors.ts';

/** Staff who work with persons in some unit (or an admin, for organisation-wide reference data). */
export function requireRegistryAccess(actor: Actor) {
  if (!actor.isAdmin && caseUnitIds(actor).length === 0) throw forbidden();
}

/** Resolves the unit a new record belongs to: the one asked for, or the caller's only case unit. */
export function unitForNewRecord(actor: Actor, unitId: string | undefined): string {
  const units = caseUnitIds(actor);
  const chosen = unitId ?? (units.length === 1 ? units[0] : undefined);
  if (!chosen) {
    throw invalidField('unitId', 'required', { sv: 'Välj enhet.', en: 'Choose a unit.' });
  }
  if (!hasRoleIn(actor, chosen, CASE_ROLES)) {
    throw invalidField('unitId', 'not_member', { sv: 'Du är inte med i den enheten.', en: 'You are not a member of that unit.' });
  }
  return chosen;
}

/** Units whose records a list may show: all case units, or the one asked for if the caller is in it. */
export function unitsToList(actor: Actor, unitId: string | undefined): string[] {
  const units = caseUnitIds(actor);
  if (!unitId) return units;
  return units.includes(unitId) ? [unitId] : [];
}
