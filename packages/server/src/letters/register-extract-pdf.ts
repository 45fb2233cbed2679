// The register extract (registerutdrag, GDPR art. 15) as a PDF: a cover saying whom it is about, when and by
// whom it was made and what a register extract is, then one section per part of the record with its count.
// Short records are tables; records with free text are compact label/value blocks whose texts wrap (and run
// onto the next page when long). An empty section says so. Pure: all data comes from the extract.

import { formatKronor, formatPersonalNumber } from '@kvarbo/domain';
import type { RegisterExtract } from '../services/register-extract.service.ts';
import {
  FONT,
  MARGIN,
  SIZE,
  CONTENT_WIDTH,
  ensureSpace,
  finishPages,
  heading,
  keyValues,
  newPage,
  paragraph,
  renderPdf,
  subheading,
  table,
  textLines,
  toWinAnsi,
  type Doc,
  type RenderOptions,
} from './letter-layout.ts';

type Sections = RegisterExtract['sections'];
type Row = [label: string, value: string | number | null | undefined];
type Money = { kronor: string } | null;

const MUTED = '#444444';
/** Values longer than this are printed as wrapped paragraphs under their label instead of in the value column. */
const LONG_VALUE = 240;

const LEASE_FORM: Record<string, string> = { second_hand: 'Andrahandskontrakt', first_hand: 'Förstahandskontrakt' };
const PAYMENT_SOURCE: Record<string, string> = {
  manual: 'Manuellt registrerad',
  bgmax: 'Bankgirot (BgMax)',
  camt054: 'Bankfil (camt.054)',
  camt053: 'Kontoutdrag (camt.053)',
  csv: 'Fil (CSV)',
  xlsx: 'Fil (Excel)',
};
const TASK_KIND: Record<string, string> = {
  reminder: 'Påminnelse',
  home_visit: 'Hembesök',
  manager_meeting: 'Möte med enhetschef',
  missed_instalment: 'Missad avbetalning',
};
const TASK_EVENT: Record<string, string> = {
  comment: 'Kommentar',
  reassigned: 'Ny ansvarig',
  done: 'Klar',
  reopened: 'Öppnad igen',
  paid_meanwhile: 'Betalt under tiden',
  visit: 'Hembesök',
  notice: 'Underrättelse',
};
const ENTITY: Record<string, string> = {
  resident: 'Personuppgifter',
  placement: 'Placering',
  placement_chain: 'Placeringskedja',
  note: 'Anteckning',
  rent_charge: 'Hyresavi',
  rent_history: 'Hyreshistorik',
  ledger: 'Hyreskonto',
  payment: 'Inbetalning',
  payment_import: 'Inläsning av betalningar',
  repayment_plan: 'Avbetalningsplan',
  task: 'Uppföljningsuppgift',
  eviction_report: 'Anmälan från hyresvärd',
  report_attachment: 'Bilaga till anmälan',
  eviction_case: 'Vräkningsförebyggande ärende',
  lease_takeover: 'Övertagande av kontrakt',
  research_export: 'Forskningsuttag',
  register_extract: 'Registerutdrag',
  apartment: 'Lägenhet',
  occupation: 'Sysselsättning',
  activity_attendance: 'Närvaro i aktivitet',
  legal_hold: 'Gallringsstopp',
  survey_answer: 'Enkätsvar',
  survey_invitation: 'Inbjudan till enkät',
};
const OCCUPATION_KIND: Record<string, string> = {
  work_practice: 'Arbetspraktik',
  low_threshold_work: 'Lågtröskelarbete',
  studies: 'Studier',
  day_activity: 'Daglig verksamhet',
};
const ACTION: Record<string, string> = { read: 'Läst', list: 'Listad', create: 'Registrerat', update: 'Ändrat', export: 'Utdrag/export' };

const label = (map: Record<string, string>, code: string | null | undefined) => (code ? (map[code] ?? code) : null);
const kr = (m: Money) => (m ? m.kronor : null);
const yesNo = (b: boolean) => (b ? 'Ja' : 'Nej');
const period = (from: string, to: string | null) => `${from} – ${to ?? 'tills vidare'}`;
const list = (xs: unknown[]) => (xs.length > 0 ? xs.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ') : null);
/** Table cells stay short; the JSON extract has the full text. */
const cell = (s: string | null | undefined, max = 120) => (s ? (s.length > max ? `${s.slice(0, max - 1)}\u2026` : s) : '');

export function renderRegisterExtractPdf(x: RegisterExtract, options: RenderOptions = {}): Promise<Buffer> {
  return renderPdf({ title: 'Registerutdrag', author: x.unit.name, date: x.generatedOn }, options, (doc) => {
    newPage(doc);
    doc.y = MARGIN.top;
    cover(doc, x);
    newPage(doc);
    doc.y = MARGIN.top;
    body(doc, x.sections);
    finishPages(doc, { runningHeader: `${x.unit.name} – Registerutdrag ${x.generatedOn}`, marking: 'Sekretess' });
  });
}

function cover(doc: Doc, x: RegisterExtract) {
  heading(doc, 'Registerutdrag');
  keyValues(doc, [
    { label: 'Avser', value: x.subject.name },
    { label: 'Personnummer', value: x.subject.personalNumber ? formatPersonalNumber(x.subject.personalNumber) : 'Saknas' },
    { label: 'Enhet', value: x.unit.name },
    { label: 'Upprättat', value: x.generatedAtLocal },
    { label: 'Upprättat av', value: x.generatedBy.name },
  ]);
  paragraph(
    doc,
    'Ett registerutdrag visar alla personuppgifter som finns registrerade om en person i Kvarbo, verksamhetssystemet för ' +
      'boende, hyresuppföljning och vräkningsförebyggande arbete. Den registrerade har rätt att få del av uppgifterna enligt ' +
      'artikel 15 i dataskyddsförordningen (GDPR). Utdraget visar också vem som har läst eller ändrat uppgifterna och när.',
  );
  paragraph(
    doc,
    'Utdraget innehåller uppgifter som omfattas av sekretess enligt offentlighets- och sekretesslagen. Förvara det säkert. ' +
      'Att utdraget upprättades har loggats.',
    { color: MUTED },
  );
  subheading(doc, 'Innehåll');
  table(
    doc,
    [
      { header: 'Del', width: 4 },
      { header: 'Antal', width: 1, align: 'right' },
    ],
    Object.values(x.sections).map((s) => [s.heading, String(s.count)]),
  );
}

function sectionHeading(doc: Doc, s: { heading: string; count: number }) {
  subheading(doc, `${s.heading} (${s.count})`);
  if (s.count === 0) paragraph(doc, 'Inga uppgifter.', { color: MUTED });
}

/** A bold title line and label/value rows; empty values are left out, long ones wrap as paragraphs. */
function record(doc: Doc, title: string, rows: Row[]) {
  ensureSpace(doc, 50);
  doc.font(FONT.bold).fontSize(SIZE.body);
  doc.text(toWinAnsi(title), MARGIN.left, doc.y, { width: CONTENT_WIDTH, lineGap: 2 });
  doc.moveDown(0.15);
  const present = rows
    .filter((r): r is [string, string | number] => r[1] !== null && r[1] !== undefined && String(r[1]).trim() !== '')
    .map(([l, v]) => ({ label: l, value: String(v) }));
  const short = present.filter((r) => r.value.length <= LONG_VALUE && !/[\r\n]/.test(r.value));
  if (short.length > 0) keyValues(doc, short);
  for (const r of present.filter((p) => !short.includes(p))) longText(doc, r.label, r.value);
  doc.moveDown(0.3);
}

/** A label and free text, paragraph by paragraph, wrapping and running over pages as needed. */
function longText(doc: Doc, title: string, text: string) {
  ensureSpace(doc, 30);
  paragraph(doc, title, { size: SIZE.small, color: MUTED, gapAfter: 0.1 });
  for (const line of textLines(text)) paragraph(doc, line, { gapAfter: 0.2 });
}

function body(doc: Doc, s: Sections) {
  const r = s.resident.items[0];
  sectionHeading(doc, s.resident);
  if (r) {
    record(doc, `${r.firstName} ${r.lastName}`, [
      [
        r.idKind === 'samordningsnummer' ? 'Samordningsnummer' : 'Personnummer',
        r.personalNumber ? formatPersonalNumber(r.personalNumber) : null,
      ],
      ['Skäl till att nummer saknas', r.noIdReason],
      ['Födelsedatum', r.birthDate],
      ['Telefon', r.phone],
      ['E-post', r.email],
      ['Hushåll', `${r.householdAdults} vuxna, ${r.householdChildren} barn`],
      ['Kontaktperson', r.contactPersonName],
      ['Uppdragsgivare', r.commissionerName],
      ['Handläggare hos uppdragsgivaren', r.commissionerContact],
      ['Enhet', r.unitName],
      ['Registrerad', r.registeredOn],
      ['Senast ändrad', r.updatedOn],
    ]);
  }

  sectionHeading(doc, s.placements);
  for (const p of s.placements.items) {
    record(doc, `${p.address}, ${p.postcode} ${p.city}`, [
      ['Period', period(p.startDate, p.endDate)],
      ['Upplåtelseform', label(LEASE_FORM, p.leaseForm)],
      ['Enhet', p.unitName],
      ['Hyresvärd', p.landlordName],
      ['Hyra (avvikande)', kr(p.monthlyRent)],
      ['Dygnsavgift', kr(p.dailyFee)],
      ['Hyra ingår i dygnsavgiften', yesNo(p.rentIncludedInDailyFee)],
      ['Betalar hyra till enheten', yesNo(p.residentPaysRent)],
      ['Hyresbidrag', kr(p.rentAllowance)],
      ['OCR-nummer', p.ocrReference],
      ['Uppsägning given', p.moveOutGivenOn],
      ['Utflyttad', p.movedOutOn],
      ['Skäl till avslut', p.endReason],
      ['Kommentar till avslut', p.endNote],
    ]);
  }

  sectionHeading(doc, s.rentCharges);
  if (s.rentCharges.count > 0) {
    table(
      doc,
      [
        { header: 'Lägenhet', width: 3 },
        { header: 'Månad', width: 1.3 },
        { header: 'Förfallodag', width: 1.6 },
        { header: 'Belopp', width: 1.7, align: 'right' },
      ],
      s.rentCharges.items.map((c) => [cell(c.address, 60), c.month, c.dueDate, c.amount.kronor]),
    );
  }

  sectionHeading(doc, s.payments);
  if (s.payments.count > 0) {
    table(
      doc,
      [
        { header: 'Datum', width: 1.4 },
        { header: 'Belopp', width: 1.6, align: 'right' },
        { header: 'Källa', width: 2 },
        { header: 'Referens', width: 2.4 },
      ],
      s.payments.items.map((p) => [p.date, p.amount.kronor, label(PAYMENT_SOURCE, p.source) ?? '', cell(p.reference ?? p.note, 80)]),
    );
  }

  sectionHeading(doc, s.rentAllowancePayouts);
  if (s.rentAllowancePayouts.count > 0) {
    table(
      doc,
      [
        { header: 'Datum', width: 1.4 },
        { header: 'Belopp', width: 1.6, align: 'right' },
        { header: 'Anteckning', width: 4 },
      ],
      s.rentAllowancePayouts.items.map((p) => [p.paidOn, p.amount.kronor, cell(p.note)]),
    );
  }

  sectionHeading(doc, s.repaymentPlans);
  for (const p of s.repaymentPlans.items) {
    record(doc, `Avbetalningsplan ${p.agreedOn}`, [
      ['Lägenhet', p.address],
      ['Skuld', kr(p.debt)],
      ['Från månad', p.startMonth],
      ['Delbelopp', kr(p.instalment)],
      ['Antal delbetalningar', p.instalments],
      ['Överenskommen av', p.agreedBy],
      ['Avbruten', p.cancelledOn],
      ['Anteckning', p.note],
    ]);
  }

  sectionHeading(doc, s.tasks);
  for (const t of s.tasks.items) {
    record(doc, `${t.runDate} ${label(TASK_KIND, t.kind)} (hyran för ${t.month})`, [
      ['Förfallodag', t.dueDate],
      ['Obetalt', kr(t.open)],
      ['Ansvarig', t.assignee],
      ['Status', t.status === 'done' ? 'Klar' : 'Öppen'],
      ['Betalt under tiden', t.paidMeanwhileOn],
      ['Utfall', t.outcome],
      ['Klar', t.doneOn ? `${t.doneOn}${t.doneBy ? `, ${t.doneBy}` : ''}` : null],
      ...t.events.map((e): Row => [`${e.date} ${label(TASK_EVENT, e.kind)}`, [e.userName, e.text].filter(Boolean).join(': ')]),
    ]);
  }

  sectionHeading(doc, s.homeVisits);
  for (const h of s.homeVisits.items) {
    record(doc, `Hembesök ${h.visitDate}`, [
      ['Genomfört', yesNo(h.happened)],
      ['Varför inte', h.notHappenedReason],
      ['Mående', h.wellbeing],
      ['Orsaker', list(h.reasons)],
      ['Annan orsak', h.reasonOther],
      ['Hinder', h.obstacles],
      ['Betalningsplan', h.paymentPlan],
      ['Förebyggande', h.prevention],
      ['Registrerat av', h.recordedBy],
    ]);
  }

  sectionHeading(doc, s.agencyNotices);
  for (const n of s.agencyNotices.items) {
    record(doc, `Underrättelse ${n.sentOn}`, [
      ['Skickad', n.sentHow],
      ['Anteckning', n.note],
      ['Registrerat av', n.recordedBy],
    ]);
  }

  sectionHeading(doc, s.notes);
  for (const n of s.notes.items) record(doc, `${n.date} ${n.author ?? ''}`.trim(), [['Anteckning', n.body]]);

  sectionHeading(doc, s.evictionReports);
  for (const e of s.evictionReports.items) {
    record(doc, `Anmälan ${e.receiptNumber}, mottagen ${e.receivedOn}`, [
      ['Hyresvärd', e.landlordName],
      ['Typ', e.kind],
      ['Skäl', list(e.reasons)],
      ['Hyresskuld', kr(e.arrears)],
      ['Antal månader', e.arrearsMonths],
      ['Delgiven', e.servedOn],
      ['Datum för avhysning', e.evictionDate],
      ['Hyresgäst', e.tenantName],
      ['Adress', e.tenantAddress],
      ['Personnummer', e.tenantPersonalNumber ? formatPersonalNumber(e.tenantPersonalNumber) : null],
      ['Barn i hushållet', e.householdChildren],
      ['Beskrivning', e.description],
      ['Status', e.status],
    ]);
  }

  sectionHeading(doc, s.evictionCases);
  for (const c of s.evictionCases.items) {
    record(doc, `Ärende öppnat ${c.openedOn} (${c.unitName})`, [
      ['Hyresgäst', c.tenantName],
      ['Adress', c.tenantAddress],
      ['Hyresvärd', c.landlordName],
      ['Hushåll', `${c.householdAdults} vuxna, ${c.householdChildren} barn`],
      ['Steg', c.step],
      ['Delgiven', c.servedOn],
      ['Sista dag för återvinning', c.reinstatementDeadline],
      ['Datum för avhysning', c.evictionDate],
      ['Första kontakt', c.firstContactOn],
      ['Avslutat', c.closedOn],
      ['Utfall', c.outcome],
      ['Kommentar', c.outcomeNote],
      ['Handläggare', c.assignee],
      ...c.attempts.map((a): Row => [`${a.occurredOn} Kontaktförsök`, [a.kind, a.outcome, a.note].filter(Boolean).join(', ')]),
      ...c.consents.map((a): Row => [
        `${a.givenOn} Samtycke`,
        `${a.party}, ${a.scope}${a.withdrawnOn ? `, återkallat ${a.withdrawnOn}` : ''}`,
      ]),
      ...c.support.map((a): Row => [
        `${a.occurredOn} Stödkontakt`,
        [a.kind, a.groupSession ? 'grupp' : null, a.note].filter(Boolean).join(', '),
      ]),
      ...c.referrals.map((a): Row => [`${a.statusOn} Remiss`, [a.service, a.status, a.note].filter(Boolean).join(', ')]),
      ['Hushållsbudget', c.budget ? `Senast ändrad ${c.budget.updatedOn}: ${budgetText(c.budget.budget)}` : null],
    ]);
  }

  sectionHeading(doc, s.visitAgreements);
  for (const a of s.visitAgreements.items)
    record(doc, `Överenskommelse ${period(a.fromDate, a.toDate)}`, [['Besök per vecka', a.visitsPerWeek]]);

  sectionHeading(doc, s.supportVisits);
  for (const v of s.supportVisits.items) {
    record(doc, `Stödbesök ${v.visitDate}`, [
      ['Plats', v.place],
      ['Planerat', yesNo(v.planned)],
      ['Utfall', v.outcome],
      ['Personal', v.staff.join(', ')],
      ['Mål', list(v.goals)],
      ['Anteckning', v.note],
    ]);
  }

  sectionHeading(doc, s.incidents);
  for (const i of s.incidents.items) {
    record(doc, `Händelse ${i.occurredOn}`, [
      ['Typ', i.kind],
      ['Källa', i.source],
      ['Allvarlighet', i.severity],
      ['Beskrivning', i.description],
      ['Åtgärd', i.actionTaken],
    ]);
  }

  sectionHeading(doc, s.landlordContacts);
  for (const c of s.landlordContacts.items)
    record(doc, `Kontakt ${c.occurredOn}`, [
      ['Kanal', c.channel],
      ['Sammanfattning', c.summary],
    ]);

  sectionHeading(doc, s.respiteStays);
  for (const r2 of s.respiteStays.items)
    record(doc, `Växelvistelse ${period(r2.fromDate, r2.toDate)}`, [
      ['Plats', r2.place],
      ['Anteckning', r2.note],
    ]);

  sectionHeading(doc, s.occupations);
  for (const o of s.occupations.items)
    record(doc, `${label(OCCUPATION_KIND, o.kind)} ${period(o.fromDate, o.toDate)}`, [
      ['Anordnare', o.provider],
      ['Timmar per vecka', String(o.hoursPerWeek)],
      ['Anteckning', o.note],
    ]);

  sectionHeading(doc, s.activityAttendance);
  if (s.activityAttendance.count > 0) {
    table(
      doc,
      [
        { header: 'Datum', width: 1.2 },
        { header: 'Aktivitet', width: 4 },
      ],
      s.activityAttendance.items.map((a) => [a.startTime ? `${a.date} ${a.startTime}` : a.date, cell(a.activity, 80)]),
    );
  }

  sectionHeading(doc, s.surveyInvitations);
  for (const i of s.surveyInvitations.items)
    record(doc, `${i.survey} ${i.sentOn}`, [
      ['Anonym enkät', yesNo(i.anonymous)],
      ['Länken gäller till', i.expiresOn],
      ['Använd', yesNo(i.used)],
    ]);

  sectionHeading(doc, s.surveyAnswers);
  for (const a of s.surveyAnswers.items)
    record(doc, `${a.survey} ${a.month}`, [
      ['Svarat', a.answeredOn],
      ['Kanal', a.channel === 'paper' ? 'Papper' : 'Länk'],
      ['Svar', typeof a.answers === 'object' && a.answers !== null ? JSON.stringify(a.answers) : String(a.answers)],
    ]);

  sectionHeading(doc, s.legalHolds);
  for (const h of s.legalHolds.items)
    record(doc, `Gallringsstopp ${period(h.placedOn, h.liftedOn)}`, [
      ['Skäl', h.reason],
      ['Lagt av', h.placedBy],
      ['Hävt av', h.liftedBy],
      ['Gäller vräkningsärende', h.evictionCaseId],
    ]);

  sectionHeading(doc, s.auditLog);
  if (s.auditLog.count > 0) {
    table(
      doc,
      [
        { header: 'Tid', width: 1.8 },
        { header: 'Användare', width: 2 },
        { header: 'Handling', width: 1.5 },
        { header: 'Uppgift', width: 2 },
      ],
      s.auditLog.items.map((a) => [a.dateTime, cell(a.userName, 60), label(ACTION, a.action) ?? '', cell(label(ENTITY, a.entity), 60)]),
    );
  }
}

/** The household budget as compact "name: value" pairs; amounts (keys ending in "Ore") in kronor. */
function budgetText(value: unknown): string {
  const parts: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (v === null || v === undefined || v === '') return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i + 1}]`));
    else if (typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    else if (typeof v === 'number' && Number.isSafeInteger(v) && /ore$/i.test(path))
      parts.push(`${path.replace(/Ore$/i, '')}: ${formatKronor(v, { decimals: 'always' })}`);
    else parts.push(`${path}: ${String(v)}`);
  };
  walk(value, '');
  return parts.join('; ');
}
