import { describe, expect, it } from 'vitest';
import { addMonths, ocrReferenceFor } from '@kvarbo/domain';
import { TEST_PERSONAL_NUMBERS } from '../demo/test-personal-numbers.ts';
import { renderRepaymentPlanAgreement, type RepaymentInstalment, type RepaymentPlanAgreementData } from './repayment-plan-agreement.ts';
import { pageCount, pdfInfoString, pdfPageTexts, pdfText, pdfTextLines } from './pdf-test-helpers.ts';

const NBSP = '\u00a0';
const raw = { compress: false } as const;
const PERSONAL_NUMBER = TEST_PERSONAL_NUMBERS[1]!; // Skatteverket's test numbers only (RULES.md §12)

function schedule(count: number, amountOre = 100_000): RepaymentInstalment[] {
  return Array.from({ length: count }, (_, i) => {
    const month = addMonths('2027-01', i);
    return { number: i + 1, month, dueDate: `${month}-25`, amountOre };
  });
}

function plan(overrides: Partial<RepaymentPlanAgreementData> = {}): RepaymentPlanAgreementData {
  return {
    unit: { name: 'Träningslägenheterna Söder', letterhead: 'Götgatan 12, 118 46 Stockholm', bankgiro: '123-4567' },
    resident: { name: 'Åsa Ödström', personalNumber: PERSONAL_NUMBER },
    debtOre: 800_000,
    schedule: schedule(8),
    agreedOn: '2026-12-15',
    agreedBy: 'Maria Lindqvist',
    city: 'Stockholm',
    ocrReference: ocrReferenceFor(1001),
    ...overrides,
  };
}

describe('renderRepaymentPlanAgreement', () => {
  it('sets out parties, debt, schedule, the rules and two signature lines on one page', async () => {
    const pdf = await renderRepaymentPlanAgreement(plan(), raw);
    const text = pdfText(pdf);
    const lines = pdfTextLines(pdf);

    expect(pageCount(pdf)).toBe(1);
    expect(lines).toContain('Avbetalningsplan för hyresskuld');
    expect(lines).toContain(`Åsa Ödström, ${PERSONAL_NUMBER.slice(0, 8)}-${PERSONAL_NUMBER.slice(8)}`);
    expect(lines).toContain('Träningslägenheterna Söder');
    expect(text).toContain(`har en hyresskuld på 8${NBSP}000${NBSP}kr`);
    expect(text).toContain('med start januari 2027');
    // The schedule: number, month, amount, due date per row, and the sum.
    expect(text).toContain('Nr Månad Belopp Betalas senast');
    expect(text).toContain(`1 januari 2027 1${NBSP}000${NBSP}kr 25${NBSP}januari 2027 2 februari 2027`);
    expect(text).toContain(`8 augusti 2027 1${NBSP}000${NBSP}kr 25${NBSP}augusti 2027 Summa 8${NBSP}000${NBSP}kr`);
    expect(lines).toContain('Summa');
    expect(text).toContain('Avbetalningarna betalas utöver den vanliga hyran.');
    expect(text).toContain(`Betala avbetalningarna till bankgiro 123-4567 med OCR-nummer ${ocrReferenceFor(1001)}`);
    // A missed instalment: the contact person gets in touch and the plan can be renegotiated.
    expect(text).toContain('hör kontaktpersonen av sig till dig');
    expect(text).toContain('planen kan göras om tillsammans');
    // Place, date and signatures with name clarification.
    expect(text).toContain(`Stockholm den 15${NBSP}december 2026`);
    expect(lines).toContain('Boende');
    expect(lines).toContain('För Träningslägenheterna Söder');
    expect(lines.filter((l) => l === 'Underskrift')).toHaveLength(2);
    expect(lines.filter((l) => l === 'Namnförtydligande')).toHaveLength(2);
    expect(lines).toContain('Maria Lindqvist');
  });

  it('keeps place, date and both signatures together when the schedule runs onto a second page', async () => {
    const pdf = await renderRepaymentPlanAgreement(plan({ debtOre: 4_000_000, schedule: schedule(40) }), raw);
    const pages = pdfPageTexts(pdf);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages).toHaveLength(pageCount(pdf));
    const lastPage = pages[pages.length - 1]!;
    expect(lastPage).toContain(`Stockholm den 15${NBSP}december 2026`);
    expect(lastPage.match(/Namnförtydligande/g)).toHaveLength(2);
    // The table header is repeated on the new page.
    expect(pages.slice(1).every((p) => p.includes('Nr Månad Belopp Betalas senast'))).toBe(true);
    pages.forEach((p, i) => expect(p).toContain(`Sida ${i + 1} av ${pages.length}`));
  });

  it('works without personal number and OCR reference', async () => {
    const pdf = await renderRepaymentPlanAgreement(
      plan({ resident: { name: 'Åsa Ödström', personalNumber: null }, ocrReference: null }),
      raw,
    );
    const text = pdfText(pdf);
    expect(pdfTextLines(pdf)).toContain('Åsa Ödström');
    expect(text).not.toContain('OCR-nummer');
  });

  it('is byte-identical for the same input and keeps personal data out of the metadata', async () => {
    const [a, b] = await Promise.all([renderRepaymentPlanAgreement(plan()), renderRepaymentPlanAgreement(plan())]);
    expect(a.equals(b)).toBe(true);
    const pdf = await renderRepaymentPlanAgreement(plan(), raw);
    expect(pdfInfoString(pdf, 'Title')).toBe('Avbetalningsplan för hyresskuld');
    expect(pdfInfoString(pdf, 'Author')).toBe('Träningslägenheterna Söder');
    expect(pdfInfoString(pdf, 'CreationDate')).toBe('D:20261215000000Z');
  });

  it('refuses a schedule that does not add up to the debt or is out of order', async () => {
    await expect(renderRepaymentPlanAgreement(plan({ debtOre: 750_000 }))).rejects.toThrow(/add up/);
    await expect(renderRepaymentPlanAgreement(plan({ schedule: [] }))).rejects.toThrow(RangeError);
    const skipped = schedule(2).map((s, i) => ({ ...s, number: i === 1 ? 3 : 1 }));
    await expect(renderRepaymentPlanAgreement(plan({ debtOre: 200_000, schedule: skipped }))).rejects.toThrow(/numbered/);
    const reversed = schedule(2).map((s, i) => ({ ...s, dueDate: i === 0 ? '2027-02-25' : '2027-01-25' }));
    await expect(renderRepaymentPlanAgreement(plan({ debtOre: 200_000, schedule: reversed }))).rejects.toThrow(/before/);
    await expect(renderRepaymentPlanAgreement(plan({ ocrReference: '123' }))).rejects.toThrow(/OCR/);
  });
});
