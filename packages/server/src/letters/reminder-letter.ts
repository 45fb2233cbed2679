// The rent reminder sent on the 1st to residents who have not paid (the unit's routine, source 000:
// "Har du betalt hyran? eller: Hur är läget?"). It reminds, but it also asks how things are and invites the
// resident to call: unpaid rent is often the first sign that something else has happened.
//
// One function for one letter and for the whole month's batch: every letter is exactly one A4 page.

import { checkOcrReference, formatKronor } from '@kvarbo/domain';
import {
  BODY_TOP,
  MARGIN,
  assertDate,
  assertMonth,
  assertOre,
  drawAddressBlock,
  drawDateBlock,
  drawLetterhead,
  heading,
  infoBox,
  newPage,
  paragraph,
  postalLines,
  renderPdf,
  swedishDate,
  swedishMonth,
  type LetterUnit,
  type RenderOptions,
} from './letter-layout.ts';

export type { LetterUnit, RenderOptions } from './letter-layout.ts';

export interface ReminderLetterData {
  unit: LetterUnit;
  resident: { name: string; address: string; postcode: string; city: string };
  /** The rent month, YYYY-MM. */
  month: string;
  /** When the rent was due, YYYY-MM-DD. */
  dueDate: string;
  /** What is still unpaid for the month, in öre (above 0). */
  openOre: number;
  /** The placement's OCR reference (checked with Bankgirot's check digit before printing). */
  ocrReference: string;
  /** Whom the resident can call. */
  contact: { name: string; phone: string | null };
  /** The letter date, YYYY-MM-DD. */
  date: string;
}

function validate(letter: ReminderLetterData, index: number): void {
  const at = `letter ${index + 1}`;
  assertMonth(letter.month, `${at}: month`);
  assertDate(letter.dueDate, `${at}: dueDate`);
  assertDate(letter.date, `${at}: date`);
  assertOre(letter.openOre, `${at}: openOre`, { positive: true });
  const ocr = checkOcrReference(letter.ocrReference);
  // Only digits may be printed: a payer who types anything else is refused by the bank.
  if (!ocr.ok || !/^\d+$/.test(letter.ocrReference)) {
    throw new RangeError(`${at}: "${letter.ocrReference}" is not a valid OCR reference`);
  }
}

/** All letters in one PDF, one page each, in the order given. */
export async function renderReminderLetters(letters: ReminderLetterData[], options: RenderOptions = {}): Promise<Buffer> {
  if (letters.length === 0) throw new RangeError('renderReminderLetters needs at least one letter');
  letters.forEach(validate);
  const months = [...new Set(letters.map((l) => l.month))];
  const units = [...new Set(letters.map((l) => l.unit.name))];
  const latest = letters.map((l) => l.date).reduce((a, b) => (b > a ? b : a));
  const title =
    (letters.length === 1 ? 'Påminnelse om hyra' : 'Påminnelser om hyra') +
    (months.length === 1 && months[0] ? ` ${swedishMonth(months[0])}` : '');
  return renderPdf({ title, author: units.join(', '), date: latest }, options, (doc) => {
    for (const letter of letters) {
      newPage(doc);
      drawReminder(doc, letter);
    }
  });
}

function drawReminder(doc: PDFKit.PDFDocument, l: ReminderLetterData): void {
  const month = swedishMonth(l.month);
  const amount = formatKronor(l.openOre);
  const contactName = l.contact.name.trim();

  drawLetterhead(doc, l.unit);
  drawDateBlock(doc, [{ label: 'Datum', value: l.date }]);
  drawAddressBlock(doc, [l.resident.name, ...postalLines(l.resident)]);

  doc.x = MARGIN.left;
  doc.y = BODY_TOP;
  heading(doc, `Påminnelse om hyra för ${month}`);
  paragraph(doc, `Hej ${l.resident.name}!`);
  paragraph(doc, [
    `Vi har inte fått in hela hyran för ${month} ännu. Den skulle ha varit betald senast den `,
    { text: swedishDate(l.dueDate), bold: true },
    '.',
  ]);
  paragraph(doc, [
    { text: 'Hur är läget? ', bold: true },
    'Ibland händer saker som gör det svårt att betala i tid. Hör av dig till oss, så hittar vi en lösning tillsammans.',
  ]);

  doc.moveDown(0.3);
  infoBox(
    doc,
    l.unit.bankgiro
      ? `Betala till bankgiro ${l.unit.bankgiro} med OCR-nummer ${l.ocrReference}`
      : `Betala med OCR-nummer ${l.ocrReference}`,
    [
      { label: 'Att betala', value: amount, bold: true },
      ...(l.unit.bankgiro ? [{ label: 'Bankgiro', value: l.unit.bankgiro, bold: true }] : []),
      { label: 'OCR-nummer', value: l.ocrReference, bold: true },
      ...(l.unit.bankgiro ? [] : [{ label: 'Vart betalar jag?', value: `Fråga ${contactName}, så får du veta vart du ska betala.` }]),
      {
        label: 'Tänk på',
        value: 'Skriv OCR-numret exakt som det står här, så hamnar pengarna rätt.',
      },
    ],
  );

  paragraph(doc, [
    { text: 'Har du betalat under de senaste dagarna? ', bold: true },
    'Då har pengarna kanske inte hunnit komma fram till oss. I så fall kan du bortse från den här påminnelsen.',
  ]);
  paragraph(
    doc,
    l.contact.phone
      ? [`Ring gärna ${contactName} på `, { text: l.contact.phone, bold: true }, ' om du har frågor eller vill prata.']
      : [`Hör gärna av dig till ${contactName} om du har frågor eller vill prata.`],
  );
  paragraph(
    doc,
    'Du kan också få hjälp med att göra en budget och med kontakten med socialtjänsten, till exempel om du behöver söka ekonomiskt bistånd. Säg bara till.',
  );

  doc.moveDown(0.5);
  paragraph(doc, 'Vänliga hälsningar', { gapAfter: 0.2 });
  paragraph(doc, contactName, { gapAfter: 0 });
  paragraph(doc, l.unit.name, { gapAfter: 0 });
}
