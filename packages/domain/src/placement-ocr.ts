import { ocrReferenceFor } from './ocr-reference.ts';

// Kvarbo's own OCR references (RULES.md 13): one per placement, built from the placement's serial number.
// Starting at 100 001 keeps every reference at least six digits plus length and check digit (eight in all)
// and never with a leading zero, which some payers' banks drop.
export const OCR_SERIAL_BASE = 100_000;

export function placementOcrReference(serial: number): string {
  if (!Number.isInteger(serial) || serial < 1) throw new RangeError(`OCR serial must be a positive integer, got ${serial}`);
  return ocrReferenceFor(OCR_SERIAL_BASE + serial);
}
