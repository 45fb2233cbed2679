// OCR references for payments to a bankgiro number (RULES.md rule 13).
//
// Checked against Bankgirot: the "OCR-referenskontroll" page on bankgirot.se (tjänster › inbetalningar ›
// Bankgiro Inbetalningar), which describes the checks the internet banks make: with "checksiffrekontroll"
// the last digit is a check digit "enligt 10-modul" (the Luhn algorithm); with a soft control level the banks
// warn about a wrong reference but accept it, with a hard level they refuse it. The page's own checking script
// (as copied into zerodep/ocrgenerator test/bghelpers.js, "Snippet from bankgirot.se … app.js") accepts digits
// only, 2–25 of them; weights the digits 2, 1, 2, … starting with the digit just left of the check digit; and
// for "längdsiffra" checks that the second-last digit equals the total length (check and length digits
// included) mod 10. Bankgiro Inbetalningar's user manual, section 5.2 ("Calculate check digit using modulus
// 10", "Calculate length digit"), is the formal source; we found its table of contents, not its examples.
//
// Kvarbo issues references with both digits (serial + length digit + check digit), so they pass whichever
// control level the payee's agreement with its bank has. checkOcrReference reports the soft result (check
// digit) as ok, and whether the hard length check also holds, since payments may carry references we did
// not issue.

import { luhnCheckDigit } from './luhn.ts';

export const OCR_MIN_LENGTH = 2;
export const OCR_MAX_LENGTH = 25;

export type OcrCheck = { ok: true; hard: boolean } | { ok: false; code: 'format' | 'length' | 'checksum' };

/** What a payer typed or a bank file held, with whitespace (spaces, no-break spaces, tabs) removed.
 *  Anything else, e.g. a hyphen, is left for checkOcrReference to reject. */
export function normaliseOcr(input: string): string {
  return input.replace(/\s+/g, '');
}

/** Kvarbo's reference for a serial: its digits, a length digit and a Luhn check digit, e.g. 123 → "12351". */
export function ocrReferenceFor(serial: number | string): string {
  const digits = typeof serial === 'number' ? serialFromNumber(serial) : serial;
  if (!/^\d+$/.test(digits)) throw new RangeError(`An OCR serial must be digits only, got "${digits}"`);
  const length = digits.length + 2;
  if (length > OCR_MAX_LENGTH) {
    throw new RangeError(`An OCR serial may have at most ${OCR_MAX_LENGTH - 2} digits, got ${digits.length}`);
  }
  const payload = `${digits}${length % 10}`;
  return `${payload}${luhnCheckDigit(payload)}`;
}

/** Bankgirot's checks: digits only, 2–25 long, a valid check digit ("soft"); `hard` when the length digit
 *  matches too. */
export function checkOcrReference(ref: string): OcrCheck {
  const s = normaliseOcr(ref);
  if (!/^\d*$/.test(s)) return { ok: false, code: 'format' };
  if (s.length < OCR_MIN_LENGTH || s.length > OCR_MAX_LENGTH) return { ok: false, code: 'length' };
  if (luhnCheckDigit(s.slice(0, -1)) !== Number(s.slice(-1))) return { ok: false, code: 'checksum' };
  return { ok: true, hard: Number(s.slice(-2, -1)) === s.length % 10 };
}

function serialFromNumber(serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 0) {
    throw new RangeError(`An OCR serial must be a whole number from 0, got ${serial}`);
  }
  return String(serial);
}
