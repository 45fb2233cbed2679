// Small-cell suppression for figures an analyst sees (issue 5: "a count under 5 is shown as '<5' everywhere an
// analyst looks"). A unit has few residents, so a count of 1–4 can point at a person ("the one who paid late in
// March"). The rule lives here, in one place, so the dashboard, the exports and the CLI suppress alike.
//
// Kvarbo's decisions:
//   - A zero is shown as 0. It says that nobody has the trait, which identifies no one; hiding it as '<5' would
//     also hide the good news a unit measures for ("nobody unpaid in June"). This is the usual practice of
//     official statistics, which suppress 1–4, not 0.
//   - A share is hidden (null) when the numerator, the denominator or the rest (denominator − numerator) is
//     1–4. With the denominator shown, or guessable from the neighbouring cells, a share gives its numerator
//     back exactly, and the rest is a count of people too: 10 of 12 on time says that 2 were not.
//   - Shares are fractions 0–1, not percentages; formatting is the caller's job.

export const SMALL_CELL_LIMIT = 5;

export type SuppressedCount = number | '<5';

/** 0 → 0, 1–4 → '<5', 5 and more → the count. */
export function suppress(count: number): SuppressedCount {
  assertCount(count, 'count');
  return isSmall(count) ? '<5' : count;
}

/**
 * numerator / denominator, or null when it could reveal a small count (see above) or the denominator is 0.
 * suppressShare(0, 20) === 0 and suppressShare(20, 20) === 1: a zero rest is not small.
 */
export function suppressShare(numerator: number, denominator: number): number | null {
  assertCount(numerator, 'numerator');
  assertCount(denominator, 'denominator');
  if (numerator > denominator) throw new RangeError(`numerator ${numerator} is larger than denominator ${denominator}`);
  if (denominator === 0) return null;
  if (isSmall(numerator) || isSmall(denominator) || isSmall(denominator - numerator)) return null;
  return numerator / denominator;
}

/** True for 1–4: a count that must not be shown. */
export function isSmall(count: number): boolean {
  return count > 0 && count < SMALL_CELL_LIMIT;
}

function assertCount(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${n}`);
}
