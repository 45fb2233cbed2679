import type { Client } from './test-app.ts';

// Builders for registry records through the real API: tests say what matters and take defaults for the rest.
// Personal numbers are Skatteverket's published test numbers (see src/demo/test-personal-numbers.ts).

let counter = 0;
const next = () => ++counter;

export async function aLandlord(c: Client, overrides: Record<string, unknown> = {}) {
  const res = await c.post('/api/landlords', { name: `Hyresvärd ${next()} AB`, phone: '08-123 456 00', ...overrides });
  if (res.status !== 201) throw new Error(`landlord: ${res.status} ${res.text}`);
  return res.body;
}

export async function aCommissioner(c: Client, overrides: Record<string, unknown> = {}) {
  const res = await c.post('/api/commissioners', { name: `Socialtjänsten Test ${next()}`, kind: 'district_social_services', ...overrides });
  if (res.status !== 201) throw new Error(`commissioner: ${res.status} ${res.text}`);
  return res.body;
}

export async function anApartment(c: Client, landlordId: string, overrides: Record<string, unknown> = {}) {
  const res = await c.post('/api/apartments', {
    landlordId,
    address: `Testgatan ${next()}`,
    postcode: '123 45',
    city: 'Stockholm',
    district: 'Farsta',
    rooms: 2,
    kitchen: 'kok',
    areaSqm: 48.5,
    monthlyRentOre: 650_000,
    type: 'training',
    unitHoldsFirstHandLease: true,
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`apartment: ${res.status} ${res.text}`);
  return res.body;
}

export async function aResident(c: Client, personalNumber: string | null, overrides: Record<string, unknown> = {}) {
  const res = await c.post('/api/residents', {
    firstName: 'Testa',
    lastName: `Testsson ${next()}`,
    ...(personalNumber ? { idKind: 'personnummer', personalNumber } : { idKind: 'none', noIdReason: 'Ej utrett' }),
    householdAdults: 1,
    householdChildren: 0,
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`resident: ${res.status} ${res.text}`);
  return res.body;
}

export async function aPlacement(c: Client, residentId: string, apartmentId: string, overrides: Record<string, unknown> = {}) {
  const res = await c.post('/api/placements', {
    residentId,
    apartmentId,
    startDate: '2026-01-01',
    leaseForm: 'second_hand',
    rentIncludedInDailyFee: false,
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`placement: ${res.status} ${res.text}`);
  return res.body;
}
