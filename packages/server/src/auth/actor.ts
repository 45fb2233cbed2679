import type { UnitMembershipTable } from '../db/schema.ts';

export type Role = UnitMembershipTable['role'];

/** Who is asking: resolved once per request from the session, passed to every service call. */
export type Actor = {
  userId: string;
  userName: string;
  organisationId: string;
  isAdmin: boolean;
  /** 'landlord': an external landlord account, which sees its own company's reports and nothing else. */
  kind: 'staff' | 'landlord';
  landlordId: string | null;
  memberships: { unitId: string; role: Role }[];
  ip: string | null;
};

/** Roles that work with persons; analysts see only aggregated figures. */
export const CASE_ROLES: readonly Role[] = ['manager', 'caseworker', 'host'];

export function caseUnitIds(actor: Actor): string[] {
  return actor.memberships.filter((m) => CASE_ROLES.includes(m.role)).map((m) => m.unitId);
}

export function unitIdsWithRole(actor: Actor, roles: readonly Role[]): string[] {
  return actor.memberships.filter((m) => roles.includes(m.role)).map((m) => m.unitId);
}

export function hasRoleIn(actor: Actor, unitId: string, roles: readonly Role[]): boolean {
  return actor.memberships.some((m) => m.unitId === unitId && roles.includes(m.role));
}
