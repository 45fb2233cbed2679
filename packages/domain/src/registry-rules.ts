// The fixed value lists of the registry (docs/api.md) with their Swedish and English labels. The codes are
// what the API and database store; the labels are for people. Keep the order: forms list them this way.
import type { Locale, Localized } from './errors.ts';

/** True when value is one of the codes in list (narrows unknown input from forms and requests). */
export function isOneOf<const T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

export const APARTMENT_TYPES = ['training', 'trial', 'emergency', 'housing_first', 'support', 'fallback'] as const;
export type ApartmentType = (typeof APARTMENT_TYPES)[number];
export const APARTMENT_TYPE_LABELS: Record<ApartmentType, Localized> = {
  training: { sv: 'Träningslägenhet', en: 'Training apartment' },
  trial: { sv: 'Försökslägenhet', en: 'Trial apartment' },
  emergency: { sv: 'Jourlägenhet', en: 'Emergency apartment' },
  housing_first: { sv: 'Bostad först', en: 'Housing First' },
  support: { sv: 'Stödboende', en: 'Supported housing' },
  fallback: { sv: 'Sviktlägenhet', en: 'Fallback apartment' },
};

export const KITCHEN_KINDS = ['kok', 'kokvra', 'kokskap', 'none'] as const;
export type KitchenKind = (typeof KITCHEN_KINDS)[number];
export const KITCHEN_KIND_LABELS: Record<KitchenKind, Localized> = {
  kok: { sv: 'Kök', en: 'Kitchen' },
  kokvra: { sv: 'Kokvrå', en: 'Kitchenette' },
  kokskap: { sv: 'Kokskåp', en: 'Kitchen unit' },
  none: { sv: 'Inget kök', en: 'No kitchen' },
};

/** "2 rok" (rum och kök, the usual notation in Swedish listings), "1 rum och kokvrå", "1,5 rok". */
export function formatRooms(rooms: number, kitchen: KitchenKind, locale: Locale = 'sv'): string {
  const n = locale === 'sv' ? String(rooms).replace('.', ',') : String(rooms);
  if (locale === 'sv') {
    if (kitchen === 'kok') return `${n} rok`;
    if (kitchen === 'kokvra') return `${n} rum och kokvrå`;
    if (kitchen === 'kokskap') return `${n} rum och kokskåp`;
    return `${n} rum`;
  }
  const roomWord = `${n} ${rooms === 1 ? 'room' : 'rooms'}`;
  return kitchen === 'none' ? roomWord : `${roomWord} and ${KITCHEN_KIND_LABELS[kitchen].en.toLowerCase()}`;
}

export const COMMISSIONER_KINDS = ['district_social_services', 'kriminalvarden', 'other'] as const;
export type CommissionerKind = (typeof COMMISSIONER_KINDS)[number];
export const COMMISSIONER_KIND_LABELS: Record<CommissionerKind, Localized> = {
  district_social_services: { sv: 'Stadsdelsförvaltning/socialtjänst', en: 'District administration/social services' },
  kriminalvarden: { sv: 'Kriminalvården', en: 'Swedish Prison and Probation Service' },
  other: { sv: 'Annan', en: 'Other' },
};

// A second-hand lease through the unit is the normal case: the municipality holds the lease and sublets
// for housing people in need, which needs no landlord consent (Jordabalken 12 kap. 39 § second paragraph).
export const LEASE_FORMS = ['second_hand', 'first_hand'] as const;
export type LeaseForm = (typeof LEASE_FORMS)[number];
export const LEASE_FORM_LABELS: Record<LeaseForm, Localized> = {
  second_hand: { sv: 'Andrahandskontrakt via enheten', en: 'Sublease through the unit' },
  first_hand: { sv: 'Förstahandskontrakt', en: 'First-hand lease' },
};

export const PLACEMENT_END_REASONS = [
  'own_first_hand_lease',
  'took_over_lease',
  'moved_other_housing',
  'terminated_disturbance',
  'terminated_rent_arrears',
  'deceased',
  'other',
] as const;
export type PlacementEndReason = (typeof PLACEMENT_END_REASONS)[number];
export const PLACEMENT_END_REASON_LABELS: Record<PlacementEndReason, Localized> = {
  own_first_hand_lease: { sv: 'Eget förstahandskontrakt', en: 'Own first-hand lease' },
  took_over_lease: { sv: 'Övertagit kontraktet', en: 'Took over the lease' },
  moved_other_housing: { sv: 'Flyttat till annat boende', en: 'Moved to other housing' },
  terminated_disturbance: { sv: 'Uppsagd på grund av störningar', en: 'Terminated because of disturbances' },
  terminated_rent_arrears: { sv: 'Uppsagd på grund av hyresskuld', en: 'Terminated because of rent arrears' },
  deceased: { sv: 'Avliden', en: 'Deceased' },
  other: { sv: 'Annat', en: 'Other' },
};

export const ROLES = ['manager', 'caseworker', 'host', 'analyst'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, Localized> = {
  manager: { sv: 'Enhetschef', en: 'Unit manager' },
  caseworker: { sv: 'Kontaktperson', en: 'Caseworker' },
  host: { sv: 'Lägenhetsvärd', en: 'Apartment host' },
  analyst: { sv: 'Analytiker', en: 'Analyst' },
};

// A resident without a Swedish number gets idKind 'none' and a free-text reason (noIdReason).
export const ID_KINDS = ['personnummer', 'samordningsnummer', 'none'] as const;
export type IdKind = (typeof ID_KINDS)[number];
export const ID_KIND_LABELS: Record<IdKind, Localized> = {
  personnummer: { sv: 'Personnummer', en: 'Personal identity number' },
  samordningsnummer: { sv: 'Samordningsnummer', en: 'Coordination number' },
  none: { sv: 'Saknar nummer', en: 'No number' },
};

// The Swedish postcode system (run by PostNord for PTS) uses five digits written "123 45", a space between
// the third and fourth digit. The lowest series, 1, is the Stockholm region, so no postcode starts with 0.
const POSTCODE = /^([1-9]\d{2})\s?(\d{2})$/;

/** "12345" or "123 45" → "123 45"; null when it is not a Swedish postcode. */
export function validatePostcode(s: string): string | null {
  const m = POSTCODE.exec(s.trim());
  return m ? `${m[1]} ${m[2]}` : null;
}
