// Culling (gallring) of a person's records (issue 8; docs/culling.md). RULES.md 9, checked against the law texts on
// Karnov Open / lagar.nj.se:
//   - SoL (2001:453) 12 kap. 1 § (as worded by SFS 2003:135): notes and other data in a social-services personal file
//     "skall gallras fem år efter det att sista anteckningen gjordes i akten"; data in a register (sammanställning)
//     five years after the circumstances they concern have ended; and "Gallringen skall vara avslutad senast
//     kalenderåret efter det att gallringsskyldigheten inträdde" — so a record due in 2031 must be culled by
//     2032-12-31. RULES.md says the rule was carried into SoL (2025:400); the new paragraph number could not be
//     verified here (docs/culling.md says so).
//   - SoL 12 kap. 2 § third paragraph with socialtjänstförordningen (2001:937) 7 kap. 2 § (SFS 2003:583): for the
//     needs of research, files are exempt from culling for persons born on the 5th, 15th and 25th of any month; in
//     the municipalities of Östergötland, Gotland and Västernorrland counties and in Göteborg, all files are.
//   - "Five years after" a day is the same day five years on, or the month's last day when there is none (29
//     February): lag (1930:173) om beräkning av lagstadgad tid 2 §, as dateMonthsAfter() computes it.
//
// Kvarbo's decisions, all configurable (CullingPolicy): the retention time is the same for every kind of a person's
// record, default five years; a record is never due while anything in it is still open (an ongoing placement, an
// open eviction-prevention case or landlord report, a repayment plan still running, an open task, an ongoing
// occupation), because then the last entry has not been made; a legal hold (a manager's, with a reason: an appeal, a
// complaint to JO or IVO, a request for the records) stops culling until it is lifted; a person exempt for research is
// listed, not culled. The audit log is never culled by Kvarbo: it is evidence under secrecy law, append-only in the
// database, and its hash chain (audit-chain.ts) would break.

import { isCalendarDate } from './calendar-date.ts';
import type { Localized } from './errors.ts';
import { dateMonthsAfter } from './lease-takeover.ts';

/** The kinds of record the rules cover. */
export const CULLING_KINDS = [
  'resident',
  'eviction_case',
  'eviction_report',
  'unmatched_payment',
  'activity_session',
  'audit_log',
] as const;
export type CullingKind = (typeof CULLING_KINDS)[number];

/** What keeps a record from being due: it is not closed yet. */
export const OPEN_REASONS = [
  'ongoing_placement',
  'open_eviction_case',
  'open_eviction_report',
  'active_repayment_plan',
  'open_task',
  'ongoing_occupation',
] as const;
export type OpenReason = (typeof OPEN_REASONS)[number];

export const OPEN_REASON_LABELS: Record<OpenReason, Localized> = {
  ongoing_placement: { sv: 'pågående placering', en: 'ongoing placement' },
  open_eviction_case: { sv: 'öppet vräkningsförebyggande ärende', en: 'open eviction-prevention case' },
  open_eviction_report: { sv: 'obehandlad anmälan från hyresvärd', en: 'landlord report not yet handled' },
  active_repayment_plan: { sv: 'avbetalningsplan som löper', en: 'repayment plan still running' },
  open_task: { sv: 'öppen uppföljningsuppgift', en: 'open follow-up task' },
  ongoing_occupation: { sv: 'pågående sysselsättning', en: 'ongoing occupation' },
};

export const DEFAULT_RETENTION_YEARS = 5;
/** SoF 7 kap. 2 §: persons born on these days of a month are kept for research. */
export const DEFAULT_RESEARCH_BIRTH_DAYS: readonly number[] = Object.freeze([5, 15, 25]);

export type CullingPolicy = {
  /** Years after the last entry (SoL 12:1: five). */
  years: number;
  /** Birth days (1–31) whose persons are kept for research; 'all' where every file is kept; [] for none. */
  researchBirthDays: readonly number[] | 'all';
};

export const DEFAULT_CULLING_POLICY: CullingPolicy = Object.freeze({
  years: DEFAULT_RETENTION_YEARS,
  researchBirthDays: DEFAULT_RESEARCH_BIRTH_DAYS,
});

export type RetentionRule = {
  kind: CullingKind;
  /** Years after the last entry; null: Kvarbo never culls this kind. */
  years: number | null;
  /** A legal hold and the research exemption apply (the record is one person's file). */
  perPerson: boolean;
  closedWhen: Localized;
  lastEntry: Localized;
  source: string;
};

/** The retention rules, one per kind of record, as data (shown on the Gallring page and printed by `kvarbo cull`). */
export function retentionRules(policy: CullingPolicy = DEFAULT_CULLING_POLICY): RetentionRule[] {
  const years = policy.years;
  return [
    {
      kind: 'resident',
      years,
      perPerson: true,
      closedWhen: {
        sv: 'Inga pågående placeringar, öppna vräkningsärenden eller anmälningar, löpande avbetalningsplaner, öppna uppgifter eller pågående sysselsättningar.',
        en: 'No ongoing placement, open eviction case or report, running repayment plan, open task or ongoing occupation.',
      },
      lastEntry: {
        sv: 'Senaste datum i akten: registrering och ändringar, placeringar, hyror och betalningar, anteckningar, uppgifter, besök, händelser, sysselsättning, enkätsvar och personens vräkningsärenden.',
        en: 'Latest date in the file: registration and edits, placements, rent and payments, notes, tasks, visits, incidents, occupation, survey answers and the person’s eviction cases.',
      },
      source: 'SoL (2001:453) 12 kap. 1 §; SoF (2001:937) 7 kap. 2 §',
    },
    {
      kind: 'eviction_case',
      years,
      perPerson: true,
      closedWhen: { sv: 'Ärendet är avslutat.', en: 'The case is closed.' },
      lastEntry: {
        sv: 'Senaste datum i ärendet: öppnat, avslutat, ändrat, kontakter, insatser, hänvisningar och anmälningar.',
        en: 'Latest date in the case: opened, closed, edited, contacts, support, referrals and reports.',
      },
      source: 'SoL (2001:453) 12 kap. 1 §',
    },
    {
      kind: 'eviction_report',
      years,
      perPerson: false,
      closedWhen: { sv: 'Anmälan är avslutad utan ärende.', en: 'The report is closed without a case.' },
      lastEntry: { sv: 'Mottagen eller senast ändrad.', en: 'Received or last changed.' },
      source: 'SoL (2001:453) 12 kap. 1 § andra stycket',
    },
    {
      kind: 'unmatched_payment',
      years,
      perPerson: false,
      closedWhen: { sv: 'Betalningen är inte kopplad till någon placering.', en: 'The payment is not matched to a placement.' },
      lastEntry: { sv: 'Bokföringsdagen.', en: 'The booking date.' },
      source: 'SoL (2001:453) 12 kap. 1 § andra stycket',
    },
    {
      // A session's note is the activity's, not in anyone's file, yet may mention a resident who came: it goes by
      // age, like a register. Every session a culled person attended is older than their last entry, so the note
      // is gone by the time they are culled; a hold on anyone present keeps it.
      kind: 'activity_session',
      years,
      perPerson: false,
      closedWhen: {
        sv: 'Tillfället har ägt rum. Bara anteckningen gallras; närvaron och antalet gäster finns kvar för statistiken.',
        en: 'The session has taken place. Only its note is culled; attendance and the number of guests stay for the statistics.',
      },
      lastEntry: { sv: 'Tillfällets datum eller när det registrerades.', en: 'The session date or when it was recorded.' },
      source: 'SoL (2001:453) 12 kap. 1 § andra stycket',
    },
    {
      kind: 'audit_log',
      years: null,
      perPerson: false,
      closedWhen: { sv: 'Gallras aldrig av Kvarbo.', en: 'Never culled by Kvarbo.' },
      lastEntry: {
        sv: 'Loggen är bevis enligt OSL och SoLPuL, kan inte ändras i databasen och är en hashkedja.',
        en: 'The log is evidence under OSL and SoLPuL, cannot be changed in the database and is a hash chain.',
      },
      source: 'Lag (2001:454) om behandling av personuppgifter inom socialtjänsten; arkivlagen (1990:782)',
    },
  ];
}

/** What the rules need to know about one person's record (or one case, report or payment). */
export type CullingFacts = {
  /** The latest date of any entry, 'YYYY-MM-DD'. */
  lastEntry: string;
  /** What is still open; empty when the record is closed. */
  open: readonly OpenReason[];
  legalHold: boolean;
  /** For the research exemption; null when not known (no personal identity number). */
  birthDate: string | null;
};

export const CULLING_STATUSES = ['due', 'not_due', 'open', 'held', 'research_exempt'] as const;
export type CullingStatus = (typeof CULLING_STATUSES)[number];

export type CullingDecision = {
  status: CullingStatus;
  lastEntry: string;
  /** The first day the record may be culled (lastEntry + years); null while anything is open. */
  dueOn: string | null;
  /** The end of the calendar year after dueOn: culling must be done by then (SoL 12:1 third paragraph). */
  cullBy: string | null;
  open: readonly OpenReason[];
  reason: Localized;
};

/** The day a record with this last entry becomes due: the same day `years` later (lag 1930:173 2 §). */
export function cullingDueOn(lastEntry: string, years: number): string {
  if (!isCalendarDate(lastEntry)) throw new RangeError(`lastEntry must be YYYY-MM-DD, got "${lastEntry}"`);
  if (!Number.isInteger(years) || years < 0) throw new RangeError(`years must be a whole number ≥ 0, got ${years}`);
  return dateMonthsAfter(lastEntry, years * 12);
}

/** SoL 12:1 third paragraph: done at the latest the calendar year after the one the obligation arose in. */
export function cullBy(dueOn: string): string {
  return `${Number(dueOn.slice(0, 4)) + 1}-12-31`;
}

export function isResearchExempt(birthDate: string | null, policy: CullingPolicy): boolean {
  if (policy.researchBirthDays === 'all') return true;
  if (!birthDate || !isCalendarDate(birthDate)) return false;
  return policy.researchBirthDays.includes(Number(birthDate.slice(8, 10)));
}

/**
 * Whether one record is due for culling on `date`, and why (or why not). A legal hold wins over everything (the
 * record is listed as held); then anything open keeps it; then the retention time; a person exempt for research is
 * kept once due. `perPerson` false (a landlord report without a case, an unmatched payment) ignores hold and exemption.
 */
export function cullingDecision(
  facts: CullingFacts,
  date: string,
  policy: CullingPolicy = DEFAULT_CULLING_POLICY,
  perPerson = true,
): CullingDecision {
  if (!isCalendarDate(date)) throw new RangeError(`date must be YYYY-MM-DD, got "${date}"`);
  const open = [...new Set(facts.open)];
  const dueOn = open.length === 0 ? cullingDueOn(facts.lastEntry, policy.years) : null;
  const base = { lastEntry: facts.lastEntry, dueOn, cullBy: dueOn ? cullBy(dueOn) : null, open };
  if (perPerson && facts.legalHold) {
    return { ...base, status: 'held', reason: { sv: 'Gallringsstopp gäller.', en: 'A legal hold is in place.' } };
  }
  if (open.length > 0) {
    return {
      ...base,
      status: 'open',
      reason: {
        sv: `Inte avslutad: ${open.map((o) => OPEN_REASON_LABELS[o].sv).join(', ')}.`,
        en: `Not closed: ${open.map((o) => OPEN_REASON_LABELS[o].en).join(', ')}.`,
      },
    };
  }
  if (date < dueOn!) {
    return {
      ...base,
      status: 'not_due',
      reason: { sv: `Gallras tidigast ${dueOn}.`, en: `Not to be culled before ${dueOn}.` },
    };
  }
  if (perPerson && isResearchExempt(facts.birthDate, policy)) {
    return {
      ...base,
      status: 'research_exempt',
      reason: {
        sv: 'Undantagen från gallring för forskning (SoF 7 kap. 2 §): lämnas till arkivmyndigheten.',
        en: 'Exempt from culling for research (SoF 7:2): hand over to the archive authority.',
      },
    };
  }
  return {
    ...base,
    status: 'due',
    reason: { sv: `Ska gallras, senast ${base.cullBy}.`, en: `To be culled, by ${base.cullBy} at the latest.` },
  };
}

/** The latest of some dates ('YYYY-MM-DD'), ignoring null; null when there is none. */
export function latestDate(dates: readonly (string | null | undefined)[]): string | null {
  let latest: string | null = null;
  for (const d of dates) if (d && (latest === null || d > latest)) latest = d;
  return latest;
}

/**
 * Reads the policy from configuration text: years (a whole number ≥ 1) and the research birth days as a
 * comma-separated list of days 1–31, "all" or "none". Throws with the variable's name on bad input.
 */
export function parseCullingPolicy(years: string | undefined, researchDays: string | undefined): CullingPolicy {
  const y = years === undefined || years.trim() === '' ? DEFAULT_RETENTION_YEARS : Number(years);
  if (!Number.isInteger(y) || y < 1 || y > 100)
    throw new RangeError(`KVARBO_CULL_YEARS must be a whole number of years 1–100, got "${years}"`);
  const text = (researchDays ?? '').trim().toLowerCase();
  if (text === '') return { years: y, researchBirthDays: DEFAULT_RESEARCH_BIRTH_DAYS };
  if (text === 'all') return { years: y, researchBirthDays: 'all' };
  if (text === 'none') return { years: y, researchBirthDays: [] };
  const days = text.split(',').map((d) => Number(d.trim()));
  if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 31)) {
    throw new RangeError(`KVARBO_CULL_RESEARCH_DAYS must be days 1–31 separated by commas, "all" or "none", got "${researchDays}"`);
  }
  return { years: y, researchBirthDays: [...new Set(days)].sort((a, b) => a - b) };
}
