// A placement is a resident living in an apartment from startDate to endDate. endDate is the LAST day of
// the placement (inclusive), and null means still ongoing. Rent, the daily fee (dygnsavgift) and the unit's
// responsibility for the resident are all counted per day, so a day can belong to only one placement per
// resident and per apartment: moving in the day after the previous tenant's last day is fine, moving in on
// that last day is a double booking. An inclusive end date is also what staff write on a move-out form.
// Dates are 'YYYY-MM-DD', which compare correctly as strings.

export type Period = { startDate: string; endDate: string | null };

export function checkPeriod(p: Period): null | 'end_before_start' {
  return p.endDate !== null && p.endDate < p.startDate ? 'end_before_start' : null;
}

/** True when at least one day belongs to both periods. */
export function periodsOverlap(a: Period, b: Period): boolean {
  return startsOnOrBeforeEnd(a.startDate, b) && startsOnOrBeforeEnd(b.startDate, a);
}

/** The first existing period sharing a day with the candidate. Leave the candidate itself out of `existing`
 *  when editing a placement. */
export function findOverlapping<T extends Period>(candidate: Period, existing: T[]): T | undefined {
  return existing.find((p) => periodsOverlap(candidate, p));
}

function startsOnOrBeforeEnd(startDate: string, period: Period): boolean {
  return period.endDate === null || startDate <= period.endDate;
}
