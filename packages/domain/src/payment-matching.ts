// Which placement's ledger an incoming payment (from BgMax or camt.054, RULES.md 14–15) belongs to.
//
// The OCR reference is the only automatic match: Kvarbo issues one per placement, with a check digit and a
// length digit (RULES.md 13), so a reference that equals it digit for digit was meant for that ledger. It is
// found in the reference field or, when the payer typed it as a message, inside the free text.
//
// Without an OCR the payer's name and the amount can only SUGGEST placements for a person to confirm. Two
// residents can share a name (and a rent), a relative or a trustee (god man) may pay in their own name, and
// a payment booked to the wrong ledger makes one resident look paid and the other in arrears — the kind of
// error that can end in a wrongful termination notice. So the name rule never decides on its own.

export type IncomingPayment = { reference: string | null; amountOre: number; payerName: string | null; freeText: string | null };

export type MatchCandidate = {
  placementId: string;
  /** The OCR reference Kvarbo issued for the placement; null when none has been issued. */
  ocrReference: string | null;
  residentName: string;
  monthlyRentOre: number;
  openOre: number;
};

/** 'ocr_ambiguous': the free text holds the OCR of more than one placement. 'name_and_amount': the payer's
 *  name resembles the resident's and the amount is the monthly rent or what is open. */
export type SuggestionReason = 'ocr_ambiguous' | 'name_and_amount';

export type PaymentMatch =
  { kind: 'ocr'; placementId: string } | { kind: 'suggestion'; placementIds: string[]; reason: SuggestionReason } | { kind: 'none' };

// In free text a short number is usually a year, a day or an amount, not a reference: "hyra mars 2026".
// References Kvarbo issues are longer than this, so only references of this length are looked for there.
const MIN_FREE_TEXT_OCR_DIGITS = 6;

/** Candidates are listed in suggestions in the order given. */
export function matchPayment(payment: IncomingPayment, candidates: readonly MatchCandidate[]): PaymentMatch {
  const byOcr = matchByOcr(payment, candidates);
  if (byOcr.length === 1) return { kind: 'ocr', placementId: byOcr[0]! };
  if (byOcr.length > 1) return { kind: 'suggestion', placementIds: byOcr, reason: 'ocr_ambiguous' };

  const byName = candidates
    .filter((c) => payment.amountOre > 0 && (payment.amountOre === c.monthlyRentOre || payment.amountOre === c.openOre))
    .filter((c) => payment.payerName !== null && namesResemble(payment.payerName, c.residentName))
    .map((c) => c.placementId);
  return byName.length > 0 ? { kind: 'suggestion', placementIds: unique(byName), reason: 'name_and_amount' } : { kind: 'none' };
}

/** The reference as digits only, when it is one: spaces and hyphens (as people group long numbers) are
 *  dropped; anything else makes it free text, so "hyra 3/2026" never becomes the number 32026. */
export function paymentReferenceDigits(reference: string): string | null {
  const digits = reference.replace(/[\s-]/g, '');
  return /^\d+$/.test(digits) ? digits : null;
}

function matchByOcr(payment: IncomingPayment, candidates: readonly MatchCandidate[]): string[] {
  const reference = payment.reference === null ? null : paymentReferenceDigits(payment.reference);
  const issued = candidates.flatMap((c) => {
    const ocr = c.ocrReference === null ? null : paymentReferenceDigits(c.ocrReference);
    return ocr === null ? [] : [{ placementId: c.placementId, ocr }];
  });
  // The reference field wins over the free text: a message may mention another number.
  const exact = issued.filter((c) => c.ocr === reference);
  if (exact.length > 0) return unique(exact.map((c) => c.placementId));
  // A reference field that is not a number is free text too (BgMax reference codes other than 2).
  const texts = [payment.freeText, reference === null ? payment.reference : null].filter((t): t is string => t !== null);
  const inText = issued.filter((c) => c.ocr.length >= MIN_FREE_TEXT_OCR_DIGITS && texts.some((t) => containsNumber(t, c.ocr)));
  return unique(inText.map((c) => c.placementId));
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

/** True when `digits` stands in `text` as a number of its own: not part of a longer run of digits. */
function containsNumber(text: string, digits: string): boolean {
  return new RegExp(`(?<!\\d)${digits}(?!\\d)`).test(text);
}

/**
 * Names compared as sets of words, ignoring case, accents and order: "ÖSTLUND MÄRTA" ~ "Märta Östlund", and
 * "OSTLUND MARTA" too, since bank files often drop å, ä and ö. One name may carry extra words (a middle
 * name, a second surname) as long as the shorter one has at least two words, so a surname alone never
 * matches.
 */
export function namesResemble(a: string, b: string): boolean {
  const [x, y] = [nameTokens(a), nameTokens(b)];
  const [shorter, longer] = x.size <= y.size ? [x, y] : [y, x];
  if (shorter.size === 0 || (shorter.size === 1 && longer.size > 1)) return false;
  return [...shorter].every((t) => longer.has(t));
}

// Letters that Unicode does not decompose into a base letter and an accent.
const UNDECOMPOSED: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ł: 'l', ı: 'i', þ: 'th' };

function nameTokens(name: string): Set<string> {
  const plain = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øæœßđłıþ]/g, (ch) => UNDECOMPOSED[ch] ?? ch);
  return new Set(plain.split(/[^\p{L}]+/u).filter((t) => t !== ''));
}
