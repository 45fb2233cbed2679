// Which monthly rent applies to a placement in a given month. Rent changes take effect from a chosen month
// (a landlord's yearly increase from 1 January, a renegotiated rent) and never rewrite earlier months.
//
// Order of precedence for month M:
//   1. the latest placement-level change with fromMonth ≤ M — a null rent there means "the apartment's rent again";
//   2. otherwise the placement's own rent as registered, when set;
//   3. otherwise the latest apartment-level change with fromMonth ≤ M;
//   4. otherwise the apartment's registered rent.

export type RentChange = { fromMonth: string; monthlyRentOre: number | null };

export type RentSources = {
  apartmentRentOre: number;
  apartmentChanges: readonly RentChange[];
  placementRentOre: number | null;
  placementChanges: readonly RentChange[];
};

export function effectiveMonthlyRent(month: string, s: RentSources): number {
  const placementChange = latestFrom(s.placementChanges, month);
  if (placementChange && placementChange.monthlyRentOre !== null) return placementChange.monthlyRentOre;
  if (!placementChange && s.placementRentOre !== null) return s.placementRentOre;
  const apartmentChange = latestFrom(s.apartmentChanges, month);
  return apartmentChange?.monthlyRentOre ?? s.apartmentRentOre;
}

function latestFrom(changes: readonly RentChange[], month: string): RentChange | undefined {
  let best: RentChange | undefined;
  for (const c of changes) {
    if (c.fromMonth <= month && (!best || c.fromMonth >= best.fromMonth)) best = c;
  }
  return best;
}
