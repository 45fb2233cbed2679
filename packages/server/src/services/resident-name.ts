// How lists name a resident. A culled person (gallrad, docs/culling.md) stays in the statistics and old lists by id,
// but has no name left: lists give an empty name and a `culled` flag, and the web shows "Gallrad person" (one shared
// component, web/src/components/PersonName.tsx) instead of a blank cell.

export type ResidentNameColumns = { first_name: string; last_name: string; culled_at: string | null };

/** The resident's full name; '' for a culled person. */
export function residentName(r: ResidentNameColumns): string {
  return r.culled_at ? '' : `${r.first_name} ${r.last_name}`.trim();
}

export function isCulled(r: { culled_at: string | null }): boolean {
  return r.culled_at !== null;
}

/** `{ name, culled }` for lists that name residents as `{ id, name }`. */
export function namedResident(r: ResidentNameColumns): { name: string; culled: boolean } {
  return { name: residentName(r), culled: isCulled(r) };
}
