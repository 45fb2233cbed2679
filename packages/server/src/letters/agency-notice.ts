// Notice to the commissioning agency (uppdragsgivare) after the manager meeting on the 15th, when a
// resident has not paid the month's rent (the unit's routine, source 000: "15:e Chefssamtal … Gör en
// avbetalningsplan. Meddela uppdragsgivaren.").
//
// The letter holds information about an individual's personal circumstances within social services, so it
// carries a secrecy marking. Checked sources: offentlighets- och sekretesslagen (2009:400) 26 kap. 1 §
// ("Sekretess gäller inom socialtjänsten för uppgift om en enskilds personliga förhållanden, om det inte står
// klart att uppgiften kan röjas utan att den enskilde eller någon närstående till denne lider men", as
// amended by SFS 2010:208, text on lagar.nj.se), and OSL 5 kap. 5 § on sekretessmarkering: the marking
// shall state the applicable provision, the date of the marking and the authority that made it (as
// summarised by MSB and Region Stockholm's archive guidance). The marking is a warning signal only: whether
// the letter can be released is still decided case by case when someone asks for it.

import { formatKronor, formatPersonalNumber } from '@kvarbo/domain';
import {
  BODY_TOP,
  FONT,
  MARGIN,
  MM,
  RIGHT_COLUMN_WIDTH,
  RIGHT_COLUMN_X,
  SIZE,
  assertDate,
  assertMonth,
  assertOre,
  bullet,
  drawAddressBlock,
  drawDateBlock,
  drawLetterhead,
  finishPages,
  heading,
  keyValues,
  newPage,
  paragraph,
  postalLines,
  renderPdf,
  subheading,
  swedishDate,
  swedishMonth,
  table,
  textLines,
  writeAt,
  type LetterUnit,
  type PostalAddress,
  type RenderOptions,
} from './letter-layout.ts';

export type { LetterUnit, PostalAddress, RenderOptions } from './letter-layout.ts';

/** The secrecy provision printed on the notice (OSL 2009:400, 26 kap. 1 §: social services). */
export const SECRECY_PROVISION = 'Sekretess enligt 26 kap. 1 § OSL';

export type RepaymentPlanStatus = 'none' | 'proposed' | 'agreed';

export interface AgencyNoticeData {
  unit: LetterUnit;
  /** The commissioning agency and whom the notice is for. */
  recipient: {
    name: string;
    contactPerson: string | null;
    /** Free text lines, e.g. "Box 123\n123 45 Stockholm". */
    address: string | null;
  };
  resident: {
    name: string;
    /** 12 digits (YYYYMMDDNNNC, with or without hyphen); null when the resident has none on file. */
    personalNumber: string | null;
  };
  placementAddress: PostalAddress;
  /** The month whose rent was not paid by the 15th, YYYY-MM. */
  month: string;
  /** Every month with rent still open, the notice month included; the total is their sum. */
  arrears: { month: string; openOre: number }[];
  /** What the unit has done so far. */
  actions: {
    reminderSentOn: string | null;
    homeVisit: { date: string; summary: string | null } | null;
    managerMeeting?: { date: string; summary: string | null } | null;
  };
  repaymentPlan: {
    status: RepaymentPlanStatus;
    /** Date proposed or agreed. */
    date?: string | null;
    instalments?: number | null;
    firstMonth?: string | null;
    note?: string | null;
  };
  /** The unit's contact person for the agency. */
  contact: { name: string; title: string | null; phone: string | null; email: string | null };
  /** The notice date, YYYY-MM-DD. */
  date: string;
}

function validate(d: AgencyNoticeData): void {
  assertMonth(d.month, 'month');
  assertDate(d.date, 'date');
  if (d.arrears.length === 0) throw new RangeError('arrears must list at least the notice month');
  const seen = new Set<string>();
  for (const a of d.arrears) {
    assertMonth(a.month, 'arrears month');
    assertOre(a.openOre, `open amount for ${a.month}`, { positive: true });
    if (seen.has(a.month)) throw new RangeError(`arrears lists ${a.month} twice`);
    seen.add(a.month);
  }
  if (!seen.has(d.month)) throw new RangeError(`arrears must include the notice month ${d.month}`);
  if (d.actions.reminderSentOn) assertDate(d.actions.reminderSentOn, 'reminderSentOn');
  if (d.actions.homeVisit) assertDate(d.actions.homeVisit.date, 'homeVisit.date');
  if (d.actions.managerMeeting) assertDate(d.actions.managerMeeting.date, 'managerMeeting.date');
  if (d.repaymentPlan.date) assertDate(d.repaymentPlan.date, 'repaymentPlan.date');
  if (d.repaymentPlan.firstMonth) assertMonth(d.repaymentPlan.firstMonth, 'repaymentPlan.firstMonth');
  const n = d.repaymentPlan.instalments;
  if (n !== null && n !== undefined && (!Number.isSafeInteger(n) || n < 1)) {
    throw new RangeError(`repaymentPlan.instalments must be a whole number above 0, got ${n}`);
  }
}

/** 'personnummer' or 'samordningsnummer' (day of month + 60) for the label. */
function idLabel(personalNumber: string | null): string {
  const digits = personalNumber?.replace(/\D/g, '') ?? '';
  const day = digits.length === 12 ? Number(digits.slice(6, 8)) : digits.length === 10 ? Number(digits.slice(4, 6)) : 0;
  return day > 60 ? 'Samordningsnummer' : 'Personnummer';
}

function withSummary(text: string, summary: string | null | undefined): string {
  const s = textLines(summary).join(' ');
  return s ? `${text} ${s}` : text;
}

export async function renderAgencyNotice(data: AgencyNoticeData, options: RenderOptions = {}): Promise<Buffer> {
  validate(data);
  const title = 'Underrättelse om obetald hyra';
  return renderPdf({ title, author: data.unit.name, date: data.date }, options, (doc) => {
    newPage(doc);
    draw(doc, data);
    finishPages(doc, { runningHeader: `${data.unit.name} – ${title}, ${data.date}`, marking: SECRECY_PROVISION });
  });
}

function draw(doc: PDFKit.PDFDocument, d: AgencyNoticeData): void {
  const month = swedishMonth(d.month);
  const sorted = [...d.arrears].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const totalOre = sorted.reduce((s, a) => s + a.openOre, 0);

  drawLetterhead(doc, d.unit);
  // Secrecy marking (OSL 5 kap. 5 §): provision, date of marking, authority.
  const boxY = 13 * MM;
  const boxH = 34;
  doc
    .lineWidth(1.2)
    .rect(RIGHT_COLUMN_X - 5, boxY, RIGHT_COLUMN_WIDTH + 5, boxH)
    .stroke('#000000');
  writeAt(doc, SECRECY_PROVISION, RIGHT_COLUMN_X + 1, boxY + 5, {
    font: FONT.bold,
    size: SIZE.subheading,
    width: RIGHT_COLUMN_WIDTH - 6,
  });
  writeAt(doc, `Markerad ${d.date} av ${d.unit.name}`, RIGHT_COLUMN_X + 1, boxY + 21, {
    size: SIZE.small,
    width: RIGHT_COLUMN_WIDTH - 6,
  });
  drawDateBlock(doc, [{ label: 'Datum', value: d.date }], boxY + boxH + 8);
  drawAddressBlock(doc, [
    d.recipient.name,
    ...(d.recipient.contactPerson ? [`Att: ${d.recipient.contactPerson}`] : []),
    ...textLines(d.recipient.address),
  ]);

  doc.x = MARGIN.left;
  doc.y = BODY_TOP;
  heading(doc, 'Underrättelse om obetald hyra');
  paragraph(doc, [
    `${d.resident.name} har inte betalat hyran för ${month} senast den `,
    { text: swedishDate(`${d.month}-15`), bold: true },
    '. Enligt vår rutin för hyresuppföljning underrättar vi uppdragsgivaren när hyran inte är betald den 15:e i månaden.',
  ]);

  subheading(doc, 'Den boende');
  keyValues(doc, [
    { label: 'Namn', value: d.resident.name },
    {
      label: idLabel(d.resident.personalNumber),
      value: d.resident.personalNumber ? formatPersonalNumber(d.resident.personalNumber) : 'Uppgift saknas',
    },
    { label: 'Placeringsadress', value: postalLines(d.placementAddress).join(', ') },
  ]);

  subheading(doc, 'Obetald hyra');
  table(
    doc,
    [
      { header: 'Månad', width: 3 },
      { header: 'Obetalt belopp', width: 2, align: 'right' },
    ],
    sorted.map((a) => [swedishMonth(a.month), formatKronor(a.openOre)]),
    { footer: ['Sammanlagd hyresskuld', formatKronor(totalOre)] },
  );
  paragraph(doc, [
    'Antal månader med obetald hyra: ',
    { text: String(sorted.length), bold: true },
    `. Sammanlagd hyresskuld: `,
    { text: formatKronor(totalOre), bold: true },
    '.',
  ]);

  subheading(doc, 'Det här har vi gjort');
  const done: string[] = [];
  if (d.actions.reminderSentOn) done.push(`Påminnelse skickad ${d.actions.reminderSentOn}.`);
  if (d.actions.homeVisit) {
    done.push(withSummary(`Hembesök ${d.actions.homeVisit.date}.`, d.actions.homeVisit.summary));
  }
  if (d.actions.managerMeeting) {
    done.push(withSummary(`Chefssamtal ${d.actions.managerMeeting.date}.`, d.actions.managerMeeting.summary));
  }
  if (done.length === 0) done.push('Inga åtgärder är registrerade ännu.');
  for (const line of done) bullet(doc, line);
  doc.moveDown(0.4);

  subheading(doc, 'Avbetalningsplan');
  paragraph(doc, planText(d.repaymentPlan));

  paragraph(doc, 'Hör gärna av er om ni har frågor eller om ni vill att vi planerar fortsatta insatser tillsammans.');
  doc.moveDown(0.3);
  paragraph(doc, 'Med vänlig hälsning', { gapAfter: 0.2 });
  paragraph(doc, d.contact.title ? `${d.contact.name}, ${d.contact.title}` : d.contact.name, { gapAfter: 0 });
  paragraph(doc, d.unit.name, { gapAfter: 0 });
  const reach = [...(d.contact.phone ? [`Telefon ${d.contact.phone}`] : []), ...(d.contact.email ? [`E-post ${d.contact.email}`] : [])];
  if (reach.length > 0) paragraph(doc, reach.join(', '), { gapAfter: 0 });
}

function planText(plan: AgencyNoticeData['repaymentPlan']): string {
  if (plan.status === 'none') {
    return withSummary('Ingen avbetalningsplan har gjorts ännu.', plan.note);
  }
  const when = plan.date ? ` ${plan.date}` : '';
  const first =
    plan.status === 'agreed'
      ? `En avbetalningsplan är överenskommen med den boende${when}.`
      : `Vi har föreslagit en avbetalningsplan för den boende${when}. Den är ännu inte överenskommen.`;
  const parts: string[] = [];
  if (plan.instalments) parts.push(`${plan.instalments} ${plan.instalments === 1 ? 'avbetalning' : 'avbetalningar'}`);
  if (plan.firstMonth) parts.push(`med start ${swedishMonth(plan.firstMonth)}`);
  const details = parts.length > 0 ? ` Planen omfattar ${parts.join(' ')}, utöver den löpande hyran.` : '';
  return withSummary(first + details, plan.note);
}
