// Eviction-prevention cases (vräkningsförebyggande arbete, issue 6): the value lists with their Swedish and
// English labels, the case's steps, and the rules for reports, households, consent, closing and the case list.
// The codes are what the API and database store; keep the order of each list, forms show them this way
// (as in registry-rules.ts).
//
// One case per household. A case starts from a report: a landlord's early warning (rent arrears, disturbances,
// neglect of the apartment, other), the notice to social services after a termination for unpaid rent
// (JB 12 kap. 44 §, RULES.md 5: it carries the day the tenant was served, which starts the reinstatement
// deadline) or Kronofogden's notice of an eviction date (RULES.md 8). Later reports about the same household
// are added to its open case.
//
// Steps: new → outreach → in contact → support → closed (Kvarbo's decisions on the transitions, see STEP_MOVES):
//   - a case may skip outreach (the tenant called in) and go straight to in contact;
//   - contact can be lost: in contact and support may go back to outreach;
//   - any open case may be closed (the arrears were paid, the report was withdrawn, the household moved);
//   - closed is final. A household reported again gets a new case, so the first case's outcome and dates stay
//     what they were — the yearly figures count cases by their dates and must not change afterwards.

import { compareDates, daysBetween, isCalendarDate } from './calendar-date.ts';
import type { Localized } from './errors.ts';
import type { LocalizedFieldError } from './localized-field-error.ts';
import { isOneOf } from './registry-rules.ts';

// ---------------------------------------------------------------------------------------------------------
// Value lists

export const REPORT_KINDS = ['early_warning', 'termination_notice', 'eviction_notice'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABELS: Record<ReportKind, Localized> = {
  early_warning: { sv: 'Tidig signal från hyresvärd', en: 'Early warning from the landlord' },
  termination_notice: {
    sv: 'Underrättelse om uppsägning för obetald hyra',
    en: 'Notice of termination for unpaid rent',
  },
  eviction_notice: { sv: 'Underrättelse om avhysning från Kronofogden', en: 'Notice of eviction from Kronofogden' },
};

export const REPORT_REASONS = ['rent_arrears', 'disturbance', 'neglect', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_REASON_LABELS: Record<ReportReason, Localized> = {
  rent_arrears: { sv: 'Hyresskuld', en: 'Rent arrears' },
  disturbance: { sv: 'Störningar', en: 'Disturbances' },
  neglect: { sv: 'Vanvård av lägenheten', en: 'Neglect of the apartment' },
  other: { sv: 'Annat', en: 'Other' },
};

export const CASE_STEPS = ['new', 'outreach', 'in_contact', 'support', 'closed'] as const;
export type CaseStep = (typeof CASE_STEPS)[number];
export const CASE_STEP_LABELS: Record<CaseStep, Localized> = {
  new: { sv: 'Ny', en: 'New' },
  outreach: { sv: 'Uppsökande', en: 'Outreach' },
  in_contact: { sv: 'I kontakt', en: 'In contact' },
  support: { sv: 'Stöd', en: 'Support' },
  closed: { sv: 'Avslutad', en: 'Closed' },
};

export const OUTREACH_KINDS = ['letter', 'phone_call', 'unannounced_home_visit'] as const;
export type OutreachKind = (typeof OUTREACH_KINDS)[number];
export const OUTREACH_KIND_LABELS: Record<OutreachKind, Localized> = {
  letter: { sv: 'Brev', en: 'Letter' },
  phone_call: { sv: 'Telefonsamtal', en: 'Phone call' },
  unannounced_home_visit: { sv: 'Oanmält hembesök', en: 'Unannounced home visit' },
};

// A letter is logged 'no_answer' until the household replies; the reply is logged as an attempt of its own.
export const OUTREACH_OUTCOMES = ['contact_made', 'no_answer', 'message_left', 'declined', 'wrong_contact_details'] as const;
export type OutreachOutcome = (typeof OUTREACH_OUTCOMES)[number];
export const OUTREACH_OUTCOME_LABELS: Record<OutreachOutcome, Localized> = {
  contact_made: { sv: 'Kontakt etablerad', en: 'Contact made' },
  no_answer: { sv: 'Inget svar / ingen hemma', en: 'No answer / nobody home' },
  message_left: { sv: 'Meddelande lämnat', en: 'Message left' },
  declined: { sv: 'Avböjde kontakt', en: 'Declined contact' },
  wrong_contact_details: { sv: 'Fel kontaktuppgifter', en: 'Wrong contact details' },
};

export const CONSENT_PARTIES = [
  'landlord',
  'kronofogden',
  'budget_debt_counselling',
  'financial_assistance',
  'health_care',
  'other',
] as const;
export type ConsentParty = (typeof CONSENT_PARTIES)[number];
export const CONSENT_PARTY_LABELS: Record<ConsentParty, Localized> = {
  landlord: { sv: 'Hyresvärden', en: 'The landlord' },
  kronofogden: { sv: 'Kronofogden', en: 'Kronofogden (Enforcement Authority)' },
  budget_debt_counselling: { sv: 'Budget- och skuldrådgivningen', en: 'Budget and debt counselling' },
  financial_assistance: { sv: 'Ekonomiskt bistånd', en: 'Financial assistance' },
  health_care: { sv: 'Hälso- och sjukvården', en: 'Health care' },
  other: { sv: 'Annan', en: 'Other' },
};

export const SUPPORT_KINDS = ['mi_conversation', 'budget_debt_counselling', 'financial_assistance_application', 'referral'] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];
export const SUPPORT_KIND_LABELS: Record<SupportKind, Localized> = {
  mi_conversation: { sv: 'MI-samtal', en: 'MI conversation' },
  budget_debt_counselling: { sv: 'Budget- och skuldrådgivning', en: 'Budget and debt counselling' },
  financial_assistance_application: { sv: 'Ansökan om ekonomiskt bistånd', en: 'Application for financial assistance' },
  referral: { sv: 'Länkning till annan insats', en: 'Referral to another service' },
};

export const REFERRAL_SERVICES = [
  'psychiatry',
  'addiction_care',
  'disability_services',
  'parenting_support',
  'elderly_care',
  'budget_debt_counselling',
  'other',
] as const;
export type ReferralService = (typeof REFERRAL_SERVICES)[number];
export const REFERRAL_SERVICE_LABELS: Record<ReferralService, Localized> = {
  psychiatry: { sv: 'Psykiatri/socialpsykiatri', en: 'Psychiatric support' },
  addiction_care: { sv: 'Beroendevård', en: 'Addiction care' },
  disability_services: { sv: 'Funktionsnedsättning/LSS', en: 'Disability services' },
  parenting_support: { sv: 'Öppenvård, föräldrastöd', en: 'Open care, parenting support' },
  elderly_care: { sv: 'Äldreomsorg', en: 'Elderly care' },
  budget_debt_counselling: { sv: 'Budget- och skuldrådgivning', en: 'Budget and debt counselling' },
  other: { sv: 'Annan', en: 'Other' },
};

export const REFERRAL_STATUSES = ['suggested', 'made', 'accepted', 'started', 'declined'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, Localized> = {
  suggested: { sv: 'Föreslagen', en: 'Suggested' },
  made: { sv: 'Gjord', en: 'Made' },
  accepted: { sv: 'Accepterad', en: 'Accepted' },
  started: { sv: 'Påbörjad', en: 'Started' },
  declined: { sv: 'Avböjd', en: 'Declined' },
};

// "Evictions prevented" in the reports are the cases closed 'tenancy_kept' only: "able to keep the housing they
// had" (RULES.md 18). A move, even a good one, is not a prevented eviction.
export const CLOSING_OUTCOMES = ['tenancy_kept', 'moved_own_choice', 'moved_via_social_services', 'evicted', 'unknown'] as const;
export type ClosingOutcome = (typeof CLOSING_OUTCOMES)[number];
export const CLOSING_OUTCOME_LABELS: Record<ClosingOutcome, Localized> = {
  tenancy_kept: { sv: 'Fick behålla bostaden (vräkning förhindrad)', en: 'Kept the tenancy (eviction prevented)' },
  moved_own_choice: { sv: 'Flyttade självmant', en: 'Moved by own choice' },
  moved_via_social_services: { sv: 'Flyttade till bostad via socialtjänsten', en: 'Moved to housing via social services' },
  evicted: { sv: 'Vräkt', en: 'Evicted' },
  unknown: { sv: 'Okänt', en: 'Unknown' },
};

// ---------------------------------------------------------------------------------------------------------
// Steps

const STEP_MOVES: Record<CaseStep, readonly CaseStep[]> = {
  new: ['outreach', 'in_contact', 'closed'],
  outreach: ['in_contact', 'closed'],
  in_contact: ['support', 'outreach', 'closed'],
  support: ['outreach', 'closed'],
  closed: [],
};

/** The steps a case may move to from `from`, in CASE_STEPS order (see the header). */
export function nextSteps(from: CaseStep): CaseStep[] {
  if (!isOneOf(CASE_STEPS, from)) throw new RangeError(`Not a case step: "${String(from)}"`);
  return CASE_STEPS.filter((s) => STEP_MOVES[from].includes(s));
}

/** Whether a case may move from `from` to `to`; staying on the same step is not a move. */
export function canMoveTo(from: CaseStep, to: CaseStep): boolean {
  return isOneOf(CASE_STEPS, to) && nextSteps(from).includes(to);
}

// ---------------------------------------------------------------------------------------------------------
// Reports and households

export type Household = { adults: number; children: number };

export type EvictionReport = {
  kind: ReportKind;
  /** At least one; a notice of termination for unpaid rent always includes 'rent_arrears'. */
  reasons: ReportReason[];
  receivedOn: string;
  /** With 'rent_arrears': the amount in öre and how many months' rent it is. */
  rentArrearsOre?: number | null;
  arrearsMonths?: number | null;
  /** termination_notice: the day the tenant was served notice of the right to reinstatement. */
  servedOn?: string | null;
  /** eviction_notice: the day Kronofogden has set for the eviction. */
  evictionDate?: string | null;
};

/** Every problem with the household, empty when valid: adults a whole number ≥ 1, children ≥ 0 (always recorded). */
export function validateHousehold(h: Household, prefix = ''): LocalizedFieldError[] {
  const errors: LocalizedFieldError[] = [];
  if (!(Number.isSafeInteger(h.adults) && h.adults >= 1))
    errors.push({ field: `${prefix}adults`, code: 'out_of_range', message: messages.adults });
  if (!(Number.isSafeInteger(h.children) && h.children >= 0)) {
    errors.push({ field: `${prefix}children`, code: 'out_of_range', message: messages.children });
  }
  return errors;
}

/** Every problem with a report, empty when valid. Field names are the EvictionReport keys. */
export function validateReport(r: EvictionReport): LocalizedFieldError[] {
  const errors: LocalizedFieldError[] = [];
  if (!isOneOf(REPORT_KINDS, r.kind)) errors.push({ field: 'kind', code: 'invalid_choice', message: messages.choice });
  const reasons = Array.isArray(r.reasons) ? r.reasons : [];
  if (reasons.length === 0) {
    errors.push({ field: 'reasons', code: 'required', message: messages.reasons });
  } else if (!reasons.every((x) => isOneOf(REPORT_REASONS, x)) || new Set(reasons).size !== reasons.length) {
    errors.push({ field: 'reasons', code: 'invalid_choice', message: messages.choice });
  } else if (r.kind === 'termination_notice' && !reasons.includes('rent_arrears')) {
    errors.push({ field: 'reasons', code: 'rent_arrears_required', message: messages.noticeIsRent });
  }
  if (!isCalendarDate(r.receivedOn)) errors.push({ field: 'receivedOn', code: 'invalid_date', message: messages.date });

  if (reasons.includes('rent_arrears')) {
    if (!isPositiveInteger(r.rentArrearsOre)) errors.push({ field: 'rentArrearsOre', code: 'not_positive', message: messages.arrears });
    if (!isPositiveInteger(r.arrearsMonths)) errors.push({ field: 'arrearsMonths', code: 'not_positive', message: messages.months });
  }
  if (r.kind === 'termination_notice' && !isCalendarDate(r.servedOn)) {
    errors.push({ field: 'servedOn', code: 'invalid_date', message: messages.served });
  }
  if (r.kind === 'eviction_notice' && !isCalendarDate(r.evictionDate)) {
    errors.push({ field: 'evictionDate', code: 'invalid_date', message: messages.evictionDate });
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------------------
// Outreach, consent, closing

export type OutreachAttempt = { on: string; kind: OutreachKind; outcome: OutreachOutcome };

/** The day of the first attempt that made contact, or null: the "first contact" of the reports. */
export function firstContactOn(attempts: readonly OutreachAttempt[]): string | null {
  let first: string | null = null;
  for (const a of attempts) {
    if (!isCalendarDate(a.on)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${a.on}"`);
    if (a.outcome === 'contact_made' && (first === null || a.on < first)) first = a.on;
  }
  return first;
}

/** Samtycke: whom the team may talk to about the household, for what, from when; withdrawnOn ends it. */
export type Consent = { party: ConsentParty; scope: string; givenOn: string; withdrawnOn?: string | null };

export function validateConsent(c: Consent): LocalizedFieldError[] {
  const errors: LocalizedFieldError[] = [];
  if (!isOneOf(CONSENT_PARTIES, c.party)) errors.push({ field: 'party', code: 'invalid_choice', message: messages.choice });
  if (typeof c.scope !== 'string' || c.scope.trim() === '') errors.push({ field: 'scope', code: 'required', message: messages.scope });
  const given = isCalendarDate(c.givenOn);
  if (!given) errors.push({ field: 'givenOn', code: 'invalid_date', message: messages.date });
  const withdrawn = c.withdrawnOn ?? null;
  if (withdrawn !== null) {
    if (!isCalendarDate(withdrawn)) errors.push({ field: 'withdrawnOn', code: 'invalid_date', message: messages.date });
    else if (given && withdrawn < c.givenOn) errors.push({ field: 'withdrawnOn', code: 'before_given', message: messages.withdrawnBefore });
  }
  return errors;
}

/** Whether a consent covering `party` is in force on `on` (given on or before it, not withdrawn by then; a
 *  consent withdrawn on a day no longer covers that day). */
export function hasConsent(consents: readonly Consent[], party: ConsentParty, on: string): boolean {
  return consents.some((c) => {
    const withdrawn = c.withdrawnOn ?? null;
    return c.party === party && c.givenOn <= on && (withdrawn === null || withdrawn > on);
  });
}

export type CaseClosing = { outcome: ClosingOutcome; closedOn: string };

/** Every problem with the closing, empty when valid; closedOn may not be before the case's first report. */
export function validateClosing(c: CaseClosing, openedOn: string): LocalizedFieldError[] {
  const errors: LocalizedFieldError[] = [];
  if (!isOneOf(CLOSING_OUTCOMES, c.outcome)) errors.push({ field: 'outcome', code: 'invalid_choice', message: messages.choice });
  if (!isCalendarDate(c.closedOn)) errors.push({ field: 'closedOn', code: 'invalid_date', message: messages.date });
  else if (isCalendarDate(openedOn) && c.closedOn < openedOn)
    errors.push({ field: 'closedOn', code: 'before_opened', message: messages.closedBefore });
  return errors;
}

// ---------------------------------------------------------------------------------------------------------
// The case list
//
// Order (issue 6: "a case whose deadline is near and with no contact yet is at the top of the list"):
//   group 0  open, no contact, and a deadline within NEAR_DEADLINE_DAYS (today included): nearest deadline first;
//   group 1  every other open case with a deadline today or later: by deadline;
//   group 2  open cases without a coming deadline: newest report first;
//   group 3  closed cases: most recently closed first.
// Within a group, ties go to the newest report, then the id, so the order never depends on the input's.
// A case's deadline is the earliest of its reinstatement deadline and eviction date that is today or later; a
// deadline already passed can no longer be met and does not rank the case (the next step, an eviction date,
// will). "No contact" is the step: 'new' or 'outreach' — also a case whose contact was lost and went back to
// outreach, since it needs the same hurry.
// NEAR_DEADLINE_DAYS is 21, the reinstatement period: a notice just served is "near" from the day it arrives,
// while an eviction date months away does not push ahead a contacted case whose deadline is tomorrow.

export const NEAR_DEADLINE_DAYS = 21;

export type CaseForList = {
  id: string;
  step: CaseStep;
  /** The first report's receivedOn. */
  receivedOn: string;
  reinstatementDeadline?: string | null;
  evictionDate?: string | null;
  closedOn?: string | null;
};

export type CaseListPriority = {
  group: 0 | 1 | 2 | 3;
  /** The deadline that ranks the case, or null. */
  deadline: string | null;
  /** Days from today to that deadline, or null. */
  daysLeft: number | null;
};

export function caseListPriority(c: CaseForList, today: string): CaseListPriority {
  assertDate(today, 'today');
  assertDate(c.receivedOn, 'receivedOn');
  if (c.step === 'closed') return { group: 3, deadline: null, daysLeft: null };
  let deadline: string | null = null;
  for (const d of [c.reinstatementDeadline ?? null, c.evictionDate ?? null]) {
    if (d === null) continue;
    assertDate(d, 'deadline');
    if (d >= today && (deadline === null || d < deadline)) deadline = d;
  }
  if (deadline === null) return { group: 2, deadline: null, daysLeft: null };
  const left = daysBetween(today, deadline);
  const noContact = c.step === 'new' || c.step === 'outreach';
  return { group: noContact && left <= NEAR_DEADLINE_DAYS ? 0 : 1, deadline, daysLeft: left };
}

/** The cases in list order (see above); a new array, the input is not changed. */
export function sortCaseList<T extends CaseForList>(cases: readonly T[], today: string): T[] {
  const keyed = cases.map((c) => ({ c, p: caseListPriority(c, today) }));
  keyed.sort((a, b) => {
    if (a.p.group !== b.p.group) return a.p.group - b.p.group;
    if (a.p.group === 3) {
      const closed = compareDates(b.c.closedOn ?? b.c.receivedOn, a.c.closedOn ?? a.c.receivedOn);
      if (closed !== 0) return closed;
    }
    if (a.p.deadline !== null && b.p.deadline !== null) {
      const byDeadline = compareDates(a.p.deadline, b.p.deadline);
      if (byDeadline !== 0) return byDeadline;
    }
    const newest = compareDates(b.c.receivedOn, a.c.receivedOn);
    if (newest !== 0) return newest;
    return a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0;
  });
  return keyed.map((k) => k.c);
}

function isPositiveInteger(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) > 0;
}

function assertDate(date: unknown, name: string): void {
  if (!isCalendarDate(date)) throw new RangeError(`${name} is not a calendar date (YYYY-MM-DD): "${String(date)}"`);
}

const messages = {
  choice: { sv: 'Välj ett av alternativen.', en: 'Choose one of the options.' },
  adults: { sv: 'Hushållet måste ha minst en vuxen (heltal).', en: 'The household must have at least one adult (a whole number).' },
  children: { sv: 'Ange antal barn som ett heltal, 0 om inga.', en: 'Give the number of children as a whole number, 0 if none.' },
  reasons: { sv: 'Ange minst en anledning.', en: 'Give at least one reason.' },
  noticeIsRent: {
    sv: 'En underrättelse om uppsägning för obetald hyra har alltid anledningen hyresskuld.',
    en: 'A notice of termination for unpaid rent always has the reason rent arrears.',
  },
  date: { sv: 'Ange datumet som ÅÅÅÅ-MM-DD.', en: 'Give the date as YYYY-MM-DD.' },
  arrears: { sv: 'Hyresskulden måste vara ett belopp över 0 kr.', en: 'The rent arrears must be an amount above 0 kr.' },
  months: {
    sv: 'Ange antal månader skulden avser (heltal, minst 1).',
    en: 'Give how many months the arrears cover (a whole number, at least 1).',
  },
  served: {
    sv: 'Ange dagen då hyresgästen delgavs underrättelsen (ÅÅÅÅ-MM-DD).',
    en: 'Give the day the tenant was served the notice (YYYY-MM-DD).',
  },
  evictionDate: { sv: 'Ange datum för avhysningen (ÅÅÅÅ-MM-DD).', en: 'Give the date of the eviction (YYYY-MM-DD).' },
  scope: { sv: 'Beskriv vad samtycket gäller.', en: 'Describe what the consent covers.' },
  withdrawnBefore: { sv: 'Samtycket kan inte återkallas före det gavs.', en: 'Consent cannot be withdrawn before it was given.' },
  closedBefore: { sv: 'Ärendet kan inte avslutas före den första anmälan.', en: 'The case cannot close before its first report.' },
};
