// Shapes of the HTTP API as documented in docs/api.md. Money is integer öre, dates 'YYYY-MM-DD',
// instants ISO 8601 UTC.

import type { ApartmentType, CommissionerKind, IdKind, KitchenKind, LeaseForm, PlacementEndReason, Role } from '@kvarbo/domain';

// The fixed value lists (types, kitchens, end reasons, roles …) and their labels come from @kvarbo/domain,
// the same lists the server validates against.
export type { ApartmentType, CommissionerKind, IdKind, KitchenKind, LeaseForm, Role };
export type EndReason = PlacementEndReason;
export type Locale = 'sv' | 'en';

export interface UnitMembership {
  id: string;
  name: string;
  role: Role;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  locale: Locale;
  units: UnitMembership[];
}

export interface SessionAnswer {
  user: Me;
  csrfToken: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ListQuery {
  q?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface Contact {
  id: string;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
}

export interface Landlord {
  id: string;
  name: string;
  organisationNumber: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  notes: string | null;
  contacts: Contact[];
}

export interface Commissioner {
  id: string;
  name: string;
  kind: CommissionerKind;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
}

export interface Apartment {
  id: string;
  unitId: string;
  landlordId: string;
  landlordName: string;
  address: string;
  postcode: string;
  city: string;
  district: string | null;
  rooms: number;
  kitchen: KitchenKind;
  areaSqm: number;
  monthlyRentOre: number;
  type: ApartmentType;
  unitHoldsFirstHandLease: boolean;
  landlordObjectNumber: string | null;
  currentResident: { id: string; name: string } | null;
}

export interface Placement {
  id: string;
  residentId: string;
  residentName: string;
  apartmentId: string;
  apartmentAddress: string;
  unitId: string;
  startDate: string;
  endDate: string | null;
  leaseForm: LeaseForm;
  rentIncludedInDailyFee: boolean;
  dailyFeeOre: number | null;
  rentAllowanceOre: number | null;
  monthlyRentOre: number | null;
  /** Not in docs/api.md but sent by the server: the rent that applies (own or the apartment's). */
  effectiveMonthlyRentOre?: number | null;
  endReason: EndReason | null;
  endNote: string | null;
}

export interface Resident {
  id: string;
  unitId: string;
  firstName: string;
  lastName: string;
  idKind: IdKind;
  personalNumber: string | null;
  noIdReason: string | null;
  birthDate: string | null;
  contactPersonId: string | null;
  contactPersonName: string | null;
  commissionerId: string | null;
  commissionerName: string | null;
  commissionerContact: string | null;
  householdAdults: number;
  householdChildren: number;
  phone: string | null;
  email: string | null;
  currentPlacement: Placement | null;
}

export interface Note {
  id: string;
  authorName: string;
  createdAt: string;
  body: string;
}

export interface StaffMember {
  id: string;
  displayName: string;
  role: Role;
}

export interface Unit {
  id: string;
  name: string;
}

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  email?: string | null;
  isAdmin: boolean;
  disabled: boolean;
  lockedUntil?: string | null;
  memberships: { unitId: string; role: Role }[];
}

export const AUDIT_ACTIONS = ['read', 'list', 'create', 'update', 'export'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: number | string;
  at: string;
  userId: string | null;
  userName: string;
  residentId: string | null;
  residentName: string | null;
  entity: string;
  entityId: string | null;
  action: AuditAction;
  ip: string | null;
}
