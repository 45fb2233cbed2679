import { describe, it, expect } from 'vitest';
import {
  APARTMENT_TYPES,
  APARTMENT_TYPE_LABELS,
  COMMISSIONER_KINDS,
  COMMISSIONER_KIND_LABELS,
  ID_KINDS,
  ID_KIND_LABELS,
  KITCHEN_KINDS,
  KITCHEN_KIND_LABELS,
  LEASE_FORMS,
  LEASE_FORM_LABELS,
  PLACEMENT_END_REASONS,
  PLACEMENT_END_REASON_LABELS,
  ROLES,
  ROLE_LABELS,
  formatRooms,
  isOneOf,
  validatePostcode,
} from './registry-rules.ts';

describe('value lists', () => {
  const lists = [
    [APARTMENT_TYPES, APARTMENT_TYPE_LABELS],
    [KITCHEN_KINDS, KITCHEN_KIND_LABELS],
    [COMMISSIONER_KINDS, COMMISSIONER_KIND_LABELS],
    [LEASE_FORMS, LEASE_FORM_LABELS],
    [PLACEMENT_END_REASONS, PLACEMENT_END_REASON_LABELS],
    [ROLES, ROLE_LABELS],
    [ID_KINDS, ID_KIND_LABELS],
  ] as const;

  it('label every code in both languages, and nothing else', () => {
    for (const [codes, labels] of lists) {
      expect(Object.keys(labels).sort()).toEqual([...codes].sort());
      for (const label of Object.values(labels)) {
        expect(label.sv).not.toBe('');
        expect(label.en).not.toBe('');
      }
    }
  });

  it('match the codes of docs/api.md', () => {
    expect(APARTMENT_TYPES).toEqual(['training', 'trial', 'emergency', 'housing_first', 'support', 'fallback']);
    expect(PLACEMENT_END_REASONS).toContain('terminated_rent_arrears');
    expect(ROLES).toEqual(['manager', 'caseworker', 'host', 'analyst']);
    expect(APARTMENT_TYPE_LABELS.housing_first.sv).toBe('Bostad först');
    expect(ROLE_LABELS.host.sv).toBe('Lägenhetsvärd');
  });

  it('isOneOf recognises codes and rejects anything else', () => {
    expect(isOneOf(APARTMENT_TYPES, 'housing_first')).toBe(true);
    expect(isOneOf(APARTMENT_TYPES, 'Housing_First')).toBe(false);
    expect(isOneOf(ROLES, 'admin')).toBe(false);
    expect(isOneOf(ROLES, undefined)).toBe(false);
    expect(isOneOf(ROLES, 1)).toBe(false);
  });
});

describe('formatRooms', () => {
  it('uses the Swedish listing notation', () => {
    expect(formatRooms(2, 'kok')).toBe('2 rok');
    expect(formatRooms(1, 'kokvra')).toBe('1 rum och kokvrå');
    expect(formatRooms(1, 'kokskap')).toBe('1 rum och kokskåp');
    expect(formatRooms(3, 'none')).toBe('3 rum');
    expect(formatRooms(1.5, 'kok', 'sv')).toBe('1,5 rok');
  });

  it('has an English form', () => {
    expect(formatRooms(2, 'kok', 'en')).toBe('2 rooms and kitchen');
    expect(formatRooms(1, 'kokvra', 'en')).toBe('1 room and kitchenette');
    expect(formatRooms(1, 'none', 'en')).toBe('1 room');
  });
});

describe('validatePostcode', () => {
  it('normalises to "123 45"', () => {
    expect(validatePostcode('11351')).toBe('113 51');
    expect(validatePostcode('113 51')).toBe('113 51');
    expect(validatePostcode(' 981 31 ')).toBe('981 31');
  });

  it('rejects anything that is not a Swedish postcode', () => {
    for (const s of ['', '1135', '113511', '013 51', '11 351', '113-51', 'SE-113 51', 'abcde', '113  51']) {
      expect(validatePostcode(s), s).toBeNull();
    }
  });
});
