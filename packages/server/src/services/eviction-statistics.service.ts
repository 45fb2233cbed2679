import {
  addMonths,
  CLOSING_OUTCOMES,
  evictionStatisticsByMonth,
  evictionStatisticsByYear,
  firstDayOf,
  isSmall,
  lastDayOf,
  monthsBetween,
  REFERRAL_SERVICE_LABELS,
  REFERRAL_SERVICES,
  REFERRAL_STATUS_LABELS,
  REFERRAL_STATUSES,
  REPORT_KIND_LABELS,
  REPORT_KINDS,
  REPORT_REASON_LABELS,
  REPORT_REASONS,
  suppress,
  todayInStockholm,
  type ClosingOutcome,
  type EvictionPeriodFigures,
  type EvictionStatisticsInput,
  type ReferralService,
  type ReferralStatus,
  type ReportKind,
  type ReportReason,
  type StatsCase,
  type StatsReferral,
  type StatsReport,
} from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { hasRoleIn } from '../auth/actor.ts';
import { invalidField, notFound } from '../errors.ts';
import * as repo from '../repositories/eviction-statistics.repository.ts';
import type { ServiceContext } from './context.ts';
import type { Column, Table } from './statistics-export.ts';

// Eviction-prevention figures per year or month for one unit (issue 6, RULES.md 18). The repository loads plain
// records (no names, addresses or personal numbers), the domain computes every figure, and this service decides
// who sees what: the unit's managers exact counts, its analysts counts of 1–4 as "<5", everyone else a 404.

export type PeriodKind = 'year' | 'month';
export type PeriodQuery = { by: PeriodKind; from?: string | undefined; to?: string | undefined };

const MAX_YEARS = 10;
const MAX_MONTHS = 120;
const YEAR = /^\d{4}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

type Localized = { sv: string; en: string };
type FigureKey =
  | 'reports'
  | 'households'
  | 'childrenAffected'
  | 'firstContact'
  | 'evictionsPrevented'
  | 'evictionsCarriedOut'
  | 'referralsByService'
  | 'smallCells';

/** How each figure is defined: shown on the report page and on the workbook's Definitioner sheet. */
export const EVICTION_DEFINITIONS: Record<FigureKey, Localized> = {
  reports: {
    sv: 'Anmälningar: varje anmälan som kommit in till enheten under perioden (efter mottagningsdag), per typ och per skäl. En anmälan kan ange flera skäl, så skälen kan summera till mer än totalen. "Varav hyresskuld": anmälningar med skälet hyresskuld (varje underrättelse om uppsägning för obetald hyra har det).',
    en: 'Reports: every report received by the unit in the period (by day of receipt), by kind and by reason. A report may give several reasons, so the reasons can add up to more than the total. "Of which rent arrears": reports giving rent arrears as a reason (every notice of termination for unpaid rent does).',
  },
  households: {
    sv: 'Hushåll: olika ärenden (hushåll) med minst en anmälan under perioden; ett hushåll som anmälts flera gånger räknas en gång. En anmälan som ännu inte kopplats till ett ärende räknas som ett eget hushåll.',
    en: 'Households: distinct cases (households) with at least one report received in the period; a household reported several times counts once. A report not yet linked to a case counts as a household of its own.',
  },
  childrenAffected: {
    sv: 'Berörda barn: barnen i dessa hushåll enligt ärendets hushållsuppgifter (för en anmälan utan ärende: anmälans uppgift).',
    en: "Children affected: the children of those households, from the case's household (for a report without a case: the report's figure).",
  },
  firstContact: {
    sv: 'Tid till första kontakt: för ärenden vars första anmälan kom in under perioden, hela dagar från den anmälan till det första uppsökande försöket som gav kontakt. Medianen räknas över de ärenden som nåtts; ett ärende som inte nåtts ännu ingår i antalet ärenden men inte i medianen (räknas inte som 0). Kontakt redan före anmälan räknas som 0 dagar. Vid jämnt antal är medianen medelvärdet av de två mittersta.',
    en: 'Time to first contact: for the cases whose first report was received in the period, whole days from that report to the first outreach attempt that made contact. The median is over the cases reached; a case not reached yet counts among the cases but not in the median (not as 0). Contact already before the report counts as 0 days. With an even number the median is the mean of the two middle values.',
  },
  evictionsPrevented: {
    sv: 'Förhindrade vräkningar: ärenden avslutade under perioden med utfallet att hushållet fick behålla sin bostad. En flytt, även till en bostad via socialtjänsten, räknas inte som en förhindrad vräkning.',
    en: 'Evictions prevented: cases closed in the period with the household keeping its tenancy. A move, even to housing via social services, is not a prevented eviction.',
  },
  evictionsCarriedOut: {
    sv: 'Verkställda vräkningar: ärenden avslutade under perioden med utfallet vräkt, och barnen i de hushållen.',
    en: 'Evictions carried out: cases closed in the period as evicted, and the children in those households.',
  },
  referralsByService: {
    sv: 'Länkning: länkningar till andra insatser, daterade efter den dag de först registrerades, per insats och efter sin nuvarande status.',
    en: 'Referrals: referrals to other services, dated by the day they were first recorded, by service and by their current status.',
  },
  smallCells: {
    sv: 'För analytiker visas antal 1–4 som "<5", och medianen utelämnas när 1–4 ärenden nåtts. 0 visas som 0.',
    en: 'For analysts, counts of 1–4 are shown as "<5", and the median is left out when 1–4 cases were reached. 0 is shown as 0.',
  },
};

const DEFINITIONS = {
  sv: Object.fromEntries(Object.entries(EVICTION_DEFINITIONS).map(([k, v]) => [k, v.sv])) as Record<FigureKey, string>,
  en: Object.fromEntries(Object.entries(EVICTION_DEFINITIONS).map(([k, v]) => [k, v.en])) as Record<FigureKey, string>,
};

export function createEvictionStatisticsService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;

  function access(actor: Actor | null, unitId: string): 'exact' | 'suppressed' {
    if (!actor) return 'exact'; // the command line, run by an operator with the database at hand
    if (hasRoleIn(actor, unitId, ['manager'])) return 'exact';
    if (hasRoleIn(actor, unitId, ['analyst'])) return 'suppressed';
    throw notFound();
  }

  /** Exact figures, after checking the period; only the unit's manager or analyst may ask (see access()). */
  async function compute(unitId: string, p: { by: PeriodKind; from: string; to: string }): Promise<EvictionPeriodFigures[]> {
    const window =
      p.by === 'year'
        ? { unitId, fromDate: `${p.from}-01-01`, toDate: `${p.to}-12-31` }
        : { unitId, fromDate: firstDayOf(p.from), toDate: lastDayOf(p.to) };
    const q = db();
    const [reports, cases, referrals] = await Promise.all([
      repo.reportsInWindow(q, window),
      repo.casesForWindow(q, window),
      repo.referralsForWindow(q, window),
    ]);
    const input = inputOf(reports, cases, referrals);
    return p.by === 'year' ? evictionStatisticsByYear(input, Number(p.from), Number(p.to)) : evictionStatisticsByMonth(input, p.from, p.to);
  }

  return {
    /** The figures per period, with their definitions. */
    async figures(actor: Actor | null, unitId: string, query: PeriodQuery) {
      const mode = access(actor, unitId);
      const p = resolvePeriod(query, ctx.clock.today());
      const periods = await compute(unitId, p);
      return {
        by: p.by,
        from: p.from,
        to: p.to,
        periods: mode === 'exact' ? periods : periods.map(suppressFigures),
        definitions: DEFINITIONS,
      };
    },

    /** The same figures as tables, for Excel (one sheet each) or CSV, each with its definitions. */
    async exportTables(actor: Actor | null, unitId: string, query: PeriodQuery): Promise<Table[]> {
      const { by, from, to, periods } = await this.figures(actor, unitId, query);
      return tablesOf(by, `${from}–${to}`, periods as DisplayFigures[], access(actor, unitId) === 'suppressed');
    },
  };
}

/** from/to in the form `by` names (defaults: the last five years, or the last twelve months, up to today). */
export function resolvePeriod(query: PeriodQuery, today: string): { by: PeriodKind; from: string; to: string } {
  const by = query.by;
  const pattern = by === 'year' ? YEAR : MONTH;
  const message: Localized =
    by === 'year'
      ? { sv: 'Ange ett år som ÅÅÅÅ.', en: 'Enter a year as YYYY.' }
      : { sv: 'Ange en månad som ÅÅÅÅ-MM.', en: 'Enter a month as YYYY-MM.' };
  for (const field of ['from', 'to'] as const) {
    const v = query[field];
    if (v !== undefined && !pattern.test(v)) throw invalidField(field, by === 'year' ? 'year' : 'month', message);
  }
  const thisPeriod = by === 'year' ? today.slice(0, 4) : today.slice(0, 7);
  const to = query.to ?? (query.from !== undefined && query.from > thisPeriod ? query.from : thisPeriod);
  const from = query.from ?? (by === 'year' ? String(Number(to) - 4).padStart(4, '0') : addMonths(to, -11));
  if (from > to) {
    throw invalidField('from', 'after_to', {
      sv: 'Från-perioden ligger efter till-perioden.',
      en: 'The from period is after the to period.',
    });
  }
  const length = by === 'year' ? Number(to) - Number(from) + 1 : monthsBetween(from, to).length;
  if (length > (by === 'year' ? MAX_YEARS : MAX_MONTHS)) {
    throw invalidField('from', 'too_long', { sv: 'Välj högst tio år.', en: 'Choose at most ten years.' });
  }
  return { by, from, to };
}

/** The records as the domain takes them. A report not yet linked to a case stands for a household of its own. */
function inputOf(reports: repo.ReportRecord[], cases: repo.CaseRecord[], referrals: repo.ReferralRecord[]): EvictionStatisticsInput {
  const statsCases: StatsCase[] = cases.map((c) => {
    const outcome = CLOSING_OUTCOMES.includes(c.outcome as ClosingOutcome) ? (c.outcome as ClosingOutcome) : null;
    const closed = outcome !== null && c.closedOn !== null;
    return {
      id: c.id,
      receivedOn: c.firstReportOn ?? c.openedOn,
      adults: c.adults,
      children: c.children,
      firstContactOn: c.firstContactOn,
      outcome: closed ? outcome : null,
      closedOn: closed ? c.closedOn : null,
    };
  });
  const statsReports: StatsReport[] = [];
  for (const r of reports) {
    if (!REPORT_KINDS.includes(r.kind as ReportKind)) continue;
    let caseId = r.caseId;
    if (caseId === null) {
      caseId = `report:${r.id}`;
      statsCases.push({
        id: caseId,
        receivedOn: r.receivedOn,
        adults: 0,
        children: r.householdChildren ?? 0,
        firstContactOn: null,
        outcome: null,
        closedOn: null,
      });
    }
    statsReports.push({ caseId, receivedOn: r.receivedOn, kind: r.kind as ReportKind, reasons: reasonsOf(r.reasons) });
  }
  const caseIds = new Set(statsCases.map((c) => c.id));
  const statsReferrals: StatsReferral[] = referrals
    .filter((f) => caseIds.has(f.caseId) && REFERRAL_STATUSES.includes(f.status as ReferralStatus))
    .map((f) => ({
      caseId: f.caseId,
      // created_at is a UTC instant; the day is the Stockholm one.
      on: todayInStockholm(new Date(f.createdAt)),
      service: REFERRAL_SERVICES.includes(f.service as ReferralService) ? (f.service as ReferralService) : 'other',
      status: f.status as ReferralStatus,
    }));
  return { reports: statsReports, cases: statsCases, referrals: statsReferrals };
}

function reasonsOf(json: string): ReportReason[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((r): r is ReportReason => REPORT_REASONS.includes(r as ReportReason)) : [];
  } catch {
    return [];
  }
}

type Counts<T> = { [K in keyof T]: T[K] extends number ? number | '<5' : Counts<T[K]> };
type DisplayFigures = Omit<Counts<EvictionPeriodFigures>, 'period' | 'firstContact'> & {
  period: string;
  firstContact: { cases: number | '<5'; reached: number | '<5'; medianDays: number | null };
};

function suppressAll<T extends Record<string, number>>(counts: T): Record<keyof T, number | '<5'> {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, suppress(v)])) as Record<keyof T, number | '<5'>;
}

/** Every count of 1–4 as "<5"; the median too would give a single household's days back, so it goes when 1–4 were reached. */
function suppressFigures(f: EvictionPeriodFigures): DisplayFigures {
  return {
    period: f.period,
    reports: {
      total: suppress(f.reports.total),
      rentArrears: suppress(f.reports.rentArrears),
      byKind: suppressAll(f.reports.byKind),
      byReason: suppressAll(f.reports.byReason),
    },
    households: suppress(f.households),
    childrenAffected: suppress(f.childrenAffected),
    firstContact: {
      cases: suppress(f.firstContact.cases),
      reached: suppress(f.firstContact.reached),
      medianDays: isSmall(f.firstContact.reached) ? null : f.firstContact.medianDays,
    },
    evictionsPrevented: suppress(f.evictionsPrevented),
    evictionsCarriedOut: suppress(f.evictionsCarriedOut),
    childrenInEvictions: suppress(f.childrenInEvictions),
    referralsByService: Object.fromEntries(
      Object.entries(f.referralsByService).map(([s, c]) => [s, { total: suppress(c.total), byStatus: suppressAll(c.byStatus) }]),
    ) as DisplayFigures['referralsByService'],
  };
}

function tablesOf(by: PeriodKind, span: string, periods: DisplayFigures[], suppressed: boolean): Table[] {
  const periodColumn: Column =
    by === 'year' ? { header: 'År', key: 'period', kind: 'number' } : { header: 'Månad', key: 'period', kind: 'month' };
  const periodValue = (p: string) => (by === 'year' ? Number(p) : p);
  const note = (...keys: FigureKey[]) =>
    [...keys.map((k) => EVICTION_DEFINITIONS[k].sv), `Period ${span}.`, ...(suppressed ? [EVICTION_DEFINITIONS.smallCells.sv] : [])].join(
      ' ',
    );
  return [
    {
      sheet: 'Anmälningar',
      note: note('reports'),
      columns: [
        periodColumn,
        { header: 'Inkomna totalt', key: 'total', kind: 'count' },
        { header: 'Varav hyresskuld', key: 'rentArrears', kind: 'count' },
        ...REPORT_KINDS.map((k): Column => ({ header: REPORT_KIND_LABELS[k].sv, key: `kind_${k}`, kind: 'count' })),
        ...REPORT_REASONS.map((r): Column => ({ header: `Skäl: ${REPORT_REASON_LABELS[r].sv}`, key: `reason_${r}`, kind: 'count' })),
      ],
      rows: periods.map((f) => ({
        period: periodValue(f.period),
        total: f.reports.total,
        rentArrears: f.reports.rentArrears,
        ...Object.fromEntries(REPORT_KINDS.map((k) => [`kind_${k}`, f.reports.byKind[k]])),
        ...Object.fromEntries(REPORT_REASONS.map((r) => [`reason_${r}`, f.reports.byReason[r]])),
      })),
    },
    {
      sheet: 'Hushåll och barn',
      note: note('households', 'childrenAffected'),
      columns: [
        periodColumn,
        { header: 'Hushåll', key: 'households', kind: 'count' },
        { header: 'Berörda barn', key: 'childrenAffected', kind: 'count' },
      ],
      rows: periods.map((f) => ({ period: periodValue(f.period), households: f.households, childrenAffected: f.childrenAffected })),
    },
    {
      sheet: 'Tid till första kontakt',
      note: note('firstContact'),
      columns: [
        periodColumn,
        { header: 'Ärenden', key: 'cases', kind: 'count' },
        { header: 'Nådda', key: 'reached', kind: 'count' },
        { header: 'Median (dagar)', key: 'medianDays', kind: 'number' },
      ],
      rows: periods.map((f) => ({ period: periodValue(f.period), ...f.firstContact })),
    },
    {
      sheet: 'Utfall',
      note: note('evictionsPrevented', 'evictionsCarriedOut'),
      columns: [
        periodColumn,
        { header: 'Förhindrade vräkningar', key: 'evictionsPrevented', kind: 'count' },
        { header: 'Verkställda vräkningar', key: 'evictionsCarriedOut', kind: 'count' },
        { header: 'Barn i verkställda vräkningar', key: 'childrenInEvictions', kind: 'count' },
      ],
      rows: periods.map((f) => ({
        period: periodValue(f.period),
        evictionsPrevented: f.evictionsPrevented,
        evictionsCarriedOut: f.evictionsCarriedOut,
        childrenInEvictions: f.childrenInEvictions,
      })),
    },
    {
      sheet: 'Länkning per insats',
      note: note('referralsByService'),
      columns: [
        periodColumn,
        { header: 'Insats', key: 'service', kind: 'text' },
        { header: 'Totalt', key: 'total', kind: 'count' },
        ...REFERRAL_STATUSES.map((s): Column => ({ header: REFERRAL_STATUS_LABELS[s].sv, key: `status_${s}`, kind: 'count' })),
      ],
      rows: periods.flatMap((f) =>
        REFERRAL_SERVICES.map((s) => ({
          period: periodValue(f.period),
          service: REFERRAL_SERVICE_LABELS[s].sv,
          total: f.referralsByService[s].total,
          ...Object.fromEntries(REFERRAL_STATUSES.map((st) => [`status_${st}`, f.referralsByService[s].byStatus[st]])),
        })),
      ),
    },
  ];
}
