import { describe, expect, it } from 'vitest';
import { effectiveMonthlyRent, type RentSources } from './rent-timeline.ts';

const base: RentSources = { apartmentRentOre: 600_000, apartmentChanges: [], placementRentOre: null, placementChanges: [] };

describe('effectiveMonthlyRent', () => {
  it('uses the apartment rent when nothing else is set', () => {
    expect(effectiveMonthlyRent('2026-05', base)).toBe(600_000);
  });

  it('applies an apartment change from its month on, not before', () => {
    const s = { ...base, apartmentChanges: [{ fromMonth: '2027-01', monthlyRentOre: 630_000 }] };
    expect(effectiveMonthlyRent('2026-12', s)).toBe(600_000);
    expect(effectiveMonthlyRent('2027-01', s)).toBe(630_000);
    expect(effectiveMonthlyRent('2028-06', s)).toBe(630_000);
  });

  it('takes the latest of several changes, whatever their order', () => {
    const s = {
      ...base,
      apartmentChanges: [
        { fromMonth: '2028-01', monthlyRentOre: 660_000 },
        { fromMonth: '2027-01', monthlyRentOre: 630_000 },
      ],
    };
    expect(effectiveMonthlyRent('2027-07', s)).toBe(630_000);
    expect(effectiveMonthlyRent('2028-01', s)).toBe(660_000);
  });

  it('lets the placement’s own rent win over the apartment’s, and a null change hand it back', () => {
    const s: RentSources = {
      apartmentRentOre: 600_000,
      apartmentChanges: [{ fromMonth: '2027-01', monthlyRentOre: 630_000 }],
      placementRentOre: 450_000,
      placementChanges: [
        { fromMonth: '2026-09', monthlyRentOre: 500_000 },
        { fromMonth: '2027-03', monthlyRentOre: null },
      ],
    };
    expect(effectiveMonthlyRent('2026-08', s)).toBe(450_000);
    expect(effectiveMonthlyRent('2026-09', s)).toBe(500_000);
    expect(effectiveMonthlyRent('2027-02', s)).toBe(500_000);
    expect(effectiveMonthlyRent('2027-03', s)).toBe(630_000);
  });
});
