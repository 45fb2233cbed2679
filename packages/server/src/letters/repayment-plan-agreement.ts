// The repayment plan (avbetalningsplan) agreed at the manager meeting on the 15th (source 000: "Gör en
// avbetalningsplan"): who owes what, the schedule, and what happens if an instalment is missed. Printed in
// two copies and signed by the resident and the unit.

import { checkOcrReference, formatKronor, formatPersonalNumber } from '@kvarbo/domain';
import {
  MARGIN,
  MM,
  assertDate,
  assertMonth,
  assertOre,
  drawDateBlock,
  drawLetterhead,
  ensureSpace,
  finishPages,
  heading,
  keyValues,
  newPage,
  paragraph,
  renderPdf,
  signatureLines,
  subheading,
  swedishDate,
  swedishMonth,
  table,
  type LetterUnit,
  type RenderOptions,
} from './letter-layout.ts';

export type { LetterUnit, RenderOptions } from './letter-layout.ts';

export interface RepaymentInstalment {
  /** 1, 2, 3, … in order. */
  number: number;
  /** The month the instalment belongs to, YYYY-MM. */
  month: string;
  /** Pay by, YYYY-MM-DD. */
  dueDate: string;
  amountOre: number;
}

export interface RepaymentPlanAgreementData {
  unit: LetterUnit;
  resident: { name: string; personalNumber: string | null };
  /** The whole debt the plan pays off, in öre; the instalments must add up to it. */
  debtOre: number;
  schedule: RepaymentInstalment[];
  /** Date of the agreement, YYYY-MM-DD. */
  agreedOn: string;
  /** The staff member who signs for the unit. */
  agreedBy: string;
  /** Where the agreement is signed ("Stockholm den 15 december 2026"). */
  city: string;
  /** The OCR reference to pay with; when given, a payment box is printed. */
  ocrReference?: string | null;
}

function validate(d: RepaymentPlanAgreementData): void {
  assertDate(d.agreedOn, 'agreedOn');
  assertOre(d.debtOre, 'debtOre', { positive: true });
  if (d.schedule.length === 0) throw new RangeError('the schedule needs at least one instalment');
  let sum = 0;
  d.schedule.forEach((s, i) => {
    if (s.number !== i + 1) throw new RangeError(`instalment ${i + 1} is numbered ${s.number}`);
    assertMonth(s.month, `instalment ${s.number}: month`);
    assertDate(s.dueDate, `instalment ${s.number}: dueDate`);
    assertOre(s.amountOre, `instalment ${s.number}: amountOre`, { positive: true });
    const prev = d.schedule[i - 1];
    if (prev && s.dueDate < prev.dueDate) throw new RangeError(`instalment ${s.number} is due before ${prev.number}`);
    sum += s.amountOre;
  });
  // The signed paper must not promise one debt and schedule another.
  if (sum !== d.debtOre) {
    throw new RangeError(`the instalments add up to ${sum} öre but the debt is ${d.debtOre} öre`);
  }
  if (d.ocrReference) {
    const ocr = checkOcrReference(d.ocrReference);
    if (!ocr.ok || !/^\d+$/.test(d.ocrReference)) {
      throw new RangeError(`"${d.ocrReference}" is not a valid OCR reference`);
    }
  }
}

export async function renderRepaymentPlanAgreement(data: RepaymentPlanAgreementData, options: RenderOptions = {}): Promise<Buffer> {
  validate(data);
  const title = 'Avbetalningsplan för hyresskuld';
  return renderPdf({ title, author: data.unit.name, date: data.agreedOn }, options, (doc) => {
    newPage(doc);
    draw(doc, data);
    finishPages(doc, { runningHeader: `${data.unit.name} – ${title}, ${data.agreedOn}` });
  });
}

function draw(doc: PDFKit.PDFDocument, d: RepaymentPlanAgreementData): void {
  const first = d.schedule[0];
  const last = d.schedule[d.schedule.length - 1];
  const debt = formatKronor(d.debtOre);

  drawLetterhead(doc, d.unit);
  drawDateBlock(doc, [{ label: 'Datum', value: d.agreedOn }]);

  doc.x = MARGIN.left;
  doc.y = 42 * MM; // handed over in person: no address field
  heading(doc, 'Avbetalningsplan för hyresskuld');

  subheading(doc, 'Parter');
  keyValues(doc, [
    {
      label: 'Boende',
      value: d.resident.personalNumber ? `${d.resident.name}, ${formatPersonalNumber(d.resident.personalNumber)}` : d.resident.name,
    },
    { label: 'Enhet', value: d.unit.name },
  ]);

  subheading(doc, 'Skuld och avbetalningar');
  paragraph(doc, [
    `${d.resident.name} har en hyresskuld på `,
    { text: debt, bold: true },
    ` till ${d.unit.name}. Skulden betalas av med ${d.schedule.length} ${d.schedule.length === 1 ? 'avbetalning' : 'avbetalningar'} enligt planen nedan, med start `,
    { text: first ? swedishMonth(first.month) : '', bold: true },
    last && first && last !== first ? ` och sista avbetalning ${swedishMonth(last.month)}.` : '.',
  ]);
  table(
    doc,
    [
      { header: 'Nr', width: 0.7 },
      { header: 'Månad', width: 2.3 },
      { header: 'Belopp', width: 1.8, align: 'right' },
      { header: 'Betalas senast', width: 2.2, align: 'right' },
    ],
    d.schedule.map((s) => [String(s.number), swedishMonth(s.month), formatKronor(s.amountOre), swedishDate(s.dueDate)]),
    { footer: ['', 'Summa', debt, ''] },
  );

  paragraph(doc, [
    { text: 'Avbetalningarna betalas utöver den vanliga hyran. ', bold: true },
    'Hyran för varje månad ska fortfarande betalas i tid som vanligt.',
  ]);
  if (d.ocrReference) {
    paragraph(doc, [
      d.unit.bankgiro ? `Betala avbetalningarna till bankgiro ` : 'Betala avbetalningarna ',
      ...(d.unit.bankgiro ? [{ text: d.unit.bankgiro, bold: true }, ' '] : []),
      'med OCR-nummer ',
      { text: d.ocrReference, bold: true },
      '.',
    ]);
  }

  subheading(doc, 'Om en avbetalning inte kommer in');
  paragraph(
    doc,
    'Om en avbetalning inte har kommit in i tid hör kontaktpersonen av sig till dig. Ni pratar om vad som har hänt, och planen kan göras om tillsammans, till exempel med lägre belopp under längre tid. Hör gärna av dig själv redan innan, om du ser att det blir svårt att betala.',
  );

  // Place, date and signatures stay together on one page.
  doc.moveDown(0.5);
  ensureSpace(doc, 145);
  paragraph(doc, 'Planen är upprättad i två likalydande exemplar, och parterna har tagit var sitt.');
  paragraph(doc, `${d.city.trim()} den ${swedishDate(d.agreedOn)}`, { gapAfter: 1.2 });
  signatureLines(doc, [
    { caption: 'Boende', name: d.resident.name },
    { caption: `För ${d.unit.name}`, name: d.agreedBy },
  ]);
}
