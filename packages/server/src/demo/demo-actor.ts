import type { Actor } from '../auth/actor.ts';

/** Who the demo's records are made by: the demo unit's manager, going through the services as staff would. */
export type DemoStaff = { organisationId: string; unitId: string; staffId: string; staffName: string };

export function demoManager(o: DemoStaff): Actor {
  return {
    userId: o.staffId,
    userName: o.staffName,
    organisationId: o.organisationId,
    isAdmin: false,
    kind: 'staff',
    landlordId: null,
    memberships: [{ unitId: o.unitId, role: 'manager' }],
    ip: null,
  };
}
