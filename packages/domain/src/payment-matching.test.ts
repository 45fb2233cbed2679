import { describe, it, expect } from 'vitest';
import { matchPayment, namesResemble, paymentReferenceDigits } from './payment-matching.ts';
import type { IncomingPayment, MatchCandidate } from './payment-matching.ts';

// OCR references in Kvarbo's form: payload, length digit, Luhn check digit (RULES.md 13).
const marta: MatchCandidate = {
  placementId: 'pl-1',
  ocrReference: '10023489',
  residentName: 'Märta Östlund',
  monthlyRentOre: 650_000,
  openOre: 0,
};
const asa: MatchCandidate = {
  placementId: 'pl-2',
  ocrReference: '10023588',
  residentName: 'Åsa Öberg',
  monthlyRentOre: 540_000,
  openOre: 120_000,
};
const anna1: MatchCandidate = {
  placementId: 'pl-3',
  ocrReference: '10023687',
  residentName: 'Anna Svensson',
  monthlyRentOre: 500_000,
  openOre: 0,
};
const anna2: MatchCandidate = {
  placementId: 'pl-4',
  ocrReference: null,
  residentName: 'Anna Maria Svensson',
  monthlyRentOre: 500_000,
  openOre: 500_000,
};
const candidates = [marta, asa, anna1, anna2];

function payment(p: Partial<IncomingPayment>): IncomingPayment {
  return { reference: null, amountOre: 650_000, payerName: null, freeText: null, ...p };
}

describe('matchPayment by OCR', () => {
  it('matches the reference exactly, with spaces or hyphens as people group digits', () => {
    expect(matchPayment(payment({ reference: '10023489' }), candidates)).toEqual({ kind: 'ocr', placementId: 'pl-1' });
    expect(matchPayment(payment({ reference: ' 1002 3489 ' }), candidates)).toEqual({ kind: 'ocr', placementId: 'pl-1' });
    expect(matchPayment(payment({ reference: '1002-3588' }), candidates)).toEqual({ kind: 'ocr', placementId: 'pl-2' });
  });

  it('matches whatever the amount or the payer name', () => {
    const p = payment({ reference: '10023588', amountOre: 1, payerName: 'Märta Östlund' });
    expect(matchPayment(p, candidates)).toEqual({ kind: 'ocr', placementId: 'pl-2' });
  });

  it('does not match a number that only starts or ends like an OCR, nor a leading zero more', () => {
    for (const reference of ['100234891', '910023489', '010023489', '1002348']) {
      expect(matchPayment(payment({ reference, amountOre: 1 }), candidates), reference).toEqual({ kind: 'none' });
    }
  });

  it('finds the OCR in the free text as a number of its own', () => {
    for (const freeText of ['Hyra mars 10023489', 'OCR:10023489.', '10023489', 'hyra/10023489/mars']) {
      expect(matchPayment(payment({ freeText, amountOre: 1 }), candidates), freeText).toEqual({ kind: 'ocr', placementId: 'pl-1' });
    }
  });

  it('does not find it inside a longer run of digits', () => {
    expect(matchPayment(payment({ freeText: 'ref 1002348912', amountOre: 1 }), candidates)).toEqual({ kind: 'none' });
  });

  it('reads a reference field holding text as free text', () => {
    expect(matchPayment(payment({ reference: 'HYRA 10023588', amountOre: 1 }), candidates)).toEqual({ kind: 'ocr', placementId: 'pl-2' });
  });

  it('never takes a mere digit run from text mixed with words as the reference ("hyra 3/2026")', () => {
    expect(paymentReferenceDigits('hyra 3/2026')).toBeNull();
    expect(paymentReferenceDigits('1002 3489')).toBe('10023489');
    expect(paymentReferenceDigits('')).toBeNull();
  });

  it('ignores short references in free text, where they are usually years or amounts', () => {
    const short: MatchCandidate = { ...asa, placementId: 'pl-short', ocrReference: '2026' };
    expect(matchPayment(payment({ freeText: 'Hyra mars 2026', amountOre: 1 }), [short])).toEqual({ kind: 'none' });
    expect(matchPayment(payment({ reference: '2026', amountOre: 1 }), [short])).toEqual({ kind: 'ocr', placementId: 'pl-short' });
  });

  it('prefers the reference field to a number in the free text', () => {
    const p = payment({ reference: '10023489', freeText: 'även för 10023588', amountOre: 1 });
    expect(matchPayment(p, candidates)).toEqual({ kind: 'ocr', placementId: 'pl-1' });
  });

  it('only suggests when the free text holds the OCRs of several placements', () => {
    const p = payment({ freeText: 'Hyra 10023489 och 10023588', amountOre: 1 });
    expect(matchPayment(p, candidates)).toEqual({ kind: 'suggestion', placementIds: ['pl-1', 'pl-2'], reason: 'ocr_ambiguous' });
  });

  it('only suggests when two placements carry the same OCR (a data error)', () => {
    const twin = { ...asa, placementId: 'pl-9', ocrReference: '10023489' };
    expect(matchPayment(payment({ reference: '10023489' }), [marta, twin])).toEqual({
      kind: 'suggestion',
      placementIds: ['pl-1', 'pl-9'],
      reason: 'ocr_ambiguous',
    });
  });
});

describe('matchPayment by name and amount', () => {
  it('suggests (never matches) on a bank-style name in any order and case, with the monthly rent', () => {
    const p = payment({ payerName: 'ÖSTLUND MÄRTA', amountOre: 650_000 });
    expect(matchPayment(p, candidates)).toEqual({ kind: 'suggestion', placementIds: ['pl-1'], reason: 'name_and_amount' });
  });

  it('suggests on the open amount as well', () => {
    const p = payment({ payerName: 'Öberg, Åsa', amountOre: 120_000 });
    expect(matchPayment(p, candidates)).toEqual({ kind: 'suggestion', placementIds: ['pl-2'], reason: 'name_and_amount' });
  });

  it('tolerates a bank file that dropped å, ä and ö', () => {
    expect(matchPayment(payment({ payerName: 'OBERG ASA', amountOre: 540_000 }), candidates)).toMatchObject({ placementIds: ['pl-2'] });
  });

  it('lists every candidate that fits, in the order given', () => {
    const p = payment({ payerName: 'SVENSSON ANNA', amountOre: 500_000 });
    expect(matchPayment(p, candidates)).toEqual({ kind: 'suggestion', placementIds: ['pl-3', 'pl-4'], reason: 'name_and_amount' });
  });

  it('suggests nothing when the amount is neither the rent nor the open amount', () => {
    expect(matchPayment(payment({ payerName: 'Märta Östlund', amountOre: 649_900 }), candidates)).toEqual({ kind: 'none' });
  });

  it('suggests nothing on an unlike name, a surname alone or no name', () => {
    expect(matchPayment(payment({ payerName: 'Marta Östberg' }), candidates)).toEqual({ kind: 'none' });
    expect(matchPayment(payment({ payerName: 'ÖSTLUND' }), candidates)).toEqual({ kind: 'none' });
    expect(matchPayment(payment({ payerName: null }), candidates)).toEqual({ kind: 'none' });
    expect(matchPayment(payment({ payerName: '' }), candidates)).toEqual({ kind: 'none' });
  });

  it('suggests nothing with no candidates', () => {
    expect(matchPayment(payment({ reference: '10023489', payerName: 'Märta Östlund' }), [])).toEqual({ kind: 'none' });
  });
});

describe('namesResemble', () => {
  it('ignores case, accents, punctuation and word order', () => {
    expect(namesResemble('ÖSTLUND MÄRTA', 'Märta Östlund')).toBe(true);
    expect(namesResemble('östlund,  märta', 'Märta Östlund')).toBe(true);
    expect(namesResemble('José Müller', 'MULLER JOSE')).toBe(true);
    expect(namesResemble('Søren Kierkegård', 'SOREN KIERKEGARD')).toBe(true);
  });

  it('tolerates a middle name on either side, and splits double names', () => {
    expect(namesResemble('Märta Elisabet Östlund', 'ÖSTLUND MÄRTA')).toBe(true);
    expect(namesResemble('Märta Östlund', 'Östlund Märta Elisabet')).toBe(true);
    expect(namesResemble('Anna-Karin Lind', 'LIND ANNA KARIN')).toBe(true);
  });

  it('needs every word of the shorter name, and at least two of them unless both are single words', () => {
    expect(namesResemble('Märta Östlund', 'Märta Östberg')).toBe(false);
    expect(namesResemble('Östlund', 'Märta Östlund')).toBe(false);
    expect(namesResemble('Madonna', 'MADONNA')).toBe(true);
    expect(namesResemble('', '')).toBe(false);
  });
});
