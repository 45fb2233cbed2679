// Money is integer öre everywhere (1 krona = 100 öre) so sums are exact; only display and input convert.
// Display follows Språkrådet's Svenska skrivregler: digits grouped in threes with a space, decimal comma,
// a space before "kr", and a real minus sign (U+2212). Both spaces are no-break spaces (U+00A0) so an
// amount never wraps across lines. Intl.NumberFormat('sv-SE') gives the same, but spelling it out keeps
// server, tests and every browser identical whatever their ICU data.

const NBSP = '\u00a0';
const MINUS = '\u2212';

/** 1234550 → "12 345,50 kr"; öre are shown when non-zero ('auto') or always ('always'). */
export function formatKronor(ore: number, opts: { decimals?: 'auto' | 'always' } = {}): string {
  if (!Number.isSafeInteger(ore)) throw new RangeError(`formatKronor needs whole öre, got ${ore}`);
  const abs = Math.abs(ore);
  const kronor = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, NBSP);
  const rest = abs % 100;
  const decimals = opts.decimals === 'always' || rest !== 0 ? `,${String(rest).padStart(2, '0')}` : '';
  return `${ore < 0 ? MINUS : ''}${kronor}${decimals}${NBSP}kr`;
}

// What people type or paste: "12 345", "12345,50", "12 345 kr", "12345.5", "-1 200", "1 200:-", and
// formatKronor's own output. Spaces may only group thousands, so "1 2345" is a typo, not 12 345 kr.
const AMOUNT = /^([-\u2212]?)(\d{1,3}(?:\s\d{3})+|\d+)(?:[,.](\d*))?$/;
const UNIT = /\s*(?:kr\.?|:-)$/i;

/** Kronor as typed → öre, or null when it is not an amount or has more than two decimals. */
export function parseKronor(input: string): number | null {
  const m = AMOUNT.exec(input.trim().replace(UNIT, ''));
  if (!m) return null;
  const [, sign = '', whole = '', fraction = '00'] = m;
  if (fraction.length === 0 || fraction.length > 2) return null;
  const ore = Number(whole.replace(/\s/g, '')) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(ore)) return null;
  return sign && ore !== 0 ? -ore : ore;
}
