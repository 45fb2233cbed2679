import type { Localized, PlacementEndReason, TenureBucket, WatchReason } from '@kvarbo/domain';
import { api, ApiError, postForFile } from './client.ts';
import type { MonthStatus } from './types.ts';

// Statistics (issue 5): figures computed from the records. For analysts every count 1–4 arrives as "<5" and a
// share that would reveal one as null, so every count here may be the text "<5".

export type Count = number | '<5';

export interface RentSummaryMonth {
  month: string;
  onTime: Count;
  late: Count;
  unpaid: Count;
  open: Count;
  total: Count;
  shareOnTime: number | null;
  shareLate: number | null;
  shareUnpaid: number | null;
}

export interface TrendLine {
  originMonth: string;
  slope: number;
  intercept: number;
  months: number;
}

export interface RentSummary {
  months: RentSummaryMonth[];
  trend: TrendLine | null;
  definitions: Localized;
}

export interface BarResident {
  residentId: string;
  name: string;
  /** The person was culled (docs/culling.md): the name is empty; show <PersonName>. */
  culled?: boolean;
  placementId: string;
  status: MonthStatus;
}

export interface RiskFigure {
  lateOrUnpaid: Count;
  total: Count;
  share: number | null;
}

export interface TransitionFigure {
  unpaid: Count;
  total: Count;
  share: number | null;
}

export interface RiskReport {
  byTenure: (RiskFigure & { bucket: TenureBucket })[];
  byCalendarMonth: (RiskFigure & { calendarMonth: number })[];
  transitions: { afterLate: TransitionFigure; afterOnTime: TransitionFigure };
}

export interface WatchItem {
  residentId: string;
  name: string;
  culled?: boolean;
  placementId: string;
  reasons: (WatchReason | string)[];
  lastMonths: MonthStatus[];
}

export interface WatchList {
  rule: Localized;
  items: WatchItem[];
}

export interface RetentionRow {
  months: number;
  housed: Count;
  total: Count;
  share: number | null;
  deceasedBefore: number;
  tooRecent: number;
}

export interface CurveStep {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
}

export interface TimeInHousingYear {
  year: number;
  completed: Count;
  ongoing: Count;
  medianDays: number | null;
  q1Days: number | null;
  q3Days: number | null;
  medianChangeDays: number | null;
}

export interface TransitionsYear {
  year: number;
  counts: Partial<Record<PlacementEndReason, Count>>;
  total: Count;
}

export interface RetentionGroup {
  group: string;
  retention: RetentionRow[];
  curve: CurveStep[];
  timeInHousing: TimeInHousingYear[];
  transitions: TransitionsYear[];
}

export interface RetentionReport {
  asOf: string;
  definitions: Record<string, Localized>;
  groups: RetentionGroup[];
}

/** Optional dashboard filters (staff only); each is sent only when chosen. */
export interface RentSummaryFilters {
  apartmentType?: string;
  commissionerId?: string;
  contactPersonId?: string;
}

export interface RentGridResident {
  residentId: string;
  name: string;
  culled?: boolean;
  /** Month (YYYY-MM) → status; a month missing here had no rent for the resident. */
  statuses: Partial<Record<string, MonthStatus>>;
}

export interface RentGrid {
  months: string[];
  residents: RentGridResident[];
}

/** A figure the server does not offer (yet, or not to this role): shown as "not available", not as an error. */
export const NOT_AVAILABLE = Symbol('not available');
export type Maybe<T> = T | typeof NOT_AVAILABLE;

async function optional<T>(load: Promise<T>): Promise<Maybe<T>> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403 || error.status === 405)) return NOT_AVAILABLE;
    throw error;
  }
}

export const statsApi = {
  rentSummary: (query: { unitId: string; from: string; to: string } & RentSummaryFilters, signal?: AbortSignal) => {
    const sent: Record<string, string> = { unitId: query.unitId, from: query.from, to: query.to };
    for (const key of ['apartmentType', 'commissionerId', 'contactPersonId'] as const) {
      const value = query[key];
      if (value) sent[key] = value;
    }
    return api.get<RentSummary>('/stats/rent-summary', sent, signal);
  },
  rentGrid: (query: { unitId: string; from: string; to: string }, signal?: AbortSignal) =>
    optional(api.get<RentGrid>('/stats/rent-grid', query, signal)),
  barResidents: (query: { unitId: string; month: string; status: MonthStatus }, signal?: AbortSignal) =>
    optional(api.get<BarResident[]>('/stats/rent-summary/residents', query, signal)),
  risk: (query: { unitId: string; from: string; to: string }, signal?: AbortSignal) =>
    optional(api.get<RiskReport>('/stats/risk', query, signal)),
  watchList: (unitId: string, signal?: AbortSignal) => optional(api.get<WatchList>('/stats/watch-list', { unitId }, signal)),
  retention: (unitId: string, signal?: AbortSignal) => api.get<RetentionReport>('/stats/retention', { unitId }, signal),
  /** The de-identified research workbook (.xlsx), managers only; every person in it is audit-logged. */
  researchExport: (input: ResearchExportInput) => postForFile('/stats/research-export', input),
};

export interface ResearchExportInput {
  unitId: string;
  /** 1–100 characters; the same name gives the same pseudonyms again. */
  project: string;
  from: string;
  to: string;
}
