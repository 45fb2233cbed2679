import type {
  BudgetSummary,
  CaseStep,
  ClosingOutcome,
  ConsentParty,
  DeadlineCountdown,
  HouseholdBudget,
  OutreachKind,
  OutreachOutcome,
  PaymentProposal,
  ReferralService,
  ReferralStatus,
  ReportKind,
  ReportReason,
  SupportKind,
} from '@kvarbo/domain';
import { api, fileUrl, uploadFile } from './client.ts';
import type { Count } from './stats.ts';

// Eviction prevention (issue 6), staff side: the landlords' reports, the team's cases and the figures.
// Shapes as in docs/api.md "Eviction prevention"; codes and labels come from @kvarbo/domain.

export const REPORT_CHANNELS = ['phone', 'letter', 'email', 'kronofogden'] as const;
export type StaffReportChannel = (typeof REPORT_CHANNELS)[number];
export type ReportStatus = 'received' | 'in_progress' | 'closed';

export interface ReportSummary {
  id: string;
  receiptNumber: string;
  unitId: string;
  /** Also 'portal' or 'api' for reports the landlord sent. */
  channel: string;
  landlordId: string | null;
  landlordName: string | null;
  kind: ReportKind;
  reasons: ReportReason[];
  arrearsOre: number | null;
  arrearsMonths: number | null;
  servedOn: string | null;
  evictionDate: string | null;
  tenantName: string;
  tenantAddress: string;
  receivedOn: string;
  status: ReportStatus;
  caseId: string | null;
}

export interface ReportAttachment {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

export interface ReportDetail extends Omit<ReportSummary, 'landlordName'> {
  landlordName?: string | null;
  tenantPersonalNumber: string | null;
  description: string | null;
  householdChildren: number | null;
  attachments: ReportAttachment[];
  match: {
    byPersonalNumber: { residentId: string; name: string }[];
    suggestions: { residentId: string; name: string; strength: 'name_and_address' | 'partial' }[];
    /** The household's open cases (same personal number, or same name and address): link the report to one. */
    openCases: OpenCaseMatch[];
  };
}

export interface OpenCaseMatch {
  caseId: string;
  tenantName: string;
  tenantAddress: string;
  step: CaseStep;
  openedOn: string;
  by: 'personal_number' | 'name_and_address';
}

export interface StaffReportInput {
  unitId: string;
  channel: StaffReportChannel;
  receivedOn?: string | null;
  landlordId?: string | null;
  kind: ReportKind;
  reasons: ReportReason[];
  arrearsOre?: number | null;
  arrearsMonths?: number | null;
  servedOn?: string | null;
  evictionDate?: string | null;
  tenantName: string;
  tenantAddress: string;
  tenantPersonalNumber?: string | null;
  householdChildren?: number | null;
  description?: string | null;
}

export type CaseFlag = 'deadline_near_no_contact' | 'overdue' | 'no_contact' | 'children_in_household';

export interface CaseSummary {
  id: string;
  unitId: string;
  residentId: string | null;
  tenantName: string;
  tenantAddress: string;
  tenantPersonalNumber: string | null;
  landlordId: string | null;
  landlordName: string | null;
  household: { adults: number; children: number };
  step: CaseStep;
  openedOn: string;
  receivedOn: string;
  servedOn: string | null;
  reinstatementDeadline: string | null;
  evictionDate: string | null;
  countdowns: { reinstatementDeadline: DeadlineCountdown | null; evictionDate: DeadlineCountdown | null };
  firstContactOn: string | null;
  closedOn: string | null;
  outcome: ClosingOutcome | null;
  outcomeNote: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  version: number;
  flags: CaseFlag[];
}

interface Recorded {
  id: string;
  createdBy: string | null;
  createdAt: string;
}

export interface CaseDetail extends CaseSummary {
  nextSteps: CaseStep[];
  landlordContactAllowed: boolean;
  landlordContactNote: { sv: string; en: string } | null;
  reports: (Omit<ReportSummary, 'landlordName' | 'unitId' | 'caseId'> & { householdChildren: number | null; description: string | null })[];
  attempts: (Recorded & { kind: OutreachKind; outcome: OutreachOutcome; occurredOn: string; note: string | null })[];
  consents: (Recorded & { party: ConsentParty; scope: string; givenOn: string; withdrawnOn: string | null; active: boolean })[];
  support: (Recorded & { kind: SupportKind; groupSession: boolean; occurredOn: string; note: string | null })[];
  referrals: (Recorded & {
    service: ReferralService;
    status: ReferralStatus;
    statusOn: string;
    note: string | null;
    updatedAt: string;
    /** Row version: changing the status sends it back (409 STALE_VERSION when stale). */
    version: number;
  })[];
  budget: null | {
    budget: HouseholdBudget;
    summary: BudgetSummary;
    proposal: PaymentProposal;
    updatedAt: string;
    updatedBy: string | null;
    /** Row version: saving the budget sends it back (409 STALE_VERSION when stale). */
    version: number;
  };
}

export interface OpenCaseInput {
  unitId: string;
  reportId?: string | null;
  residentId?: string | null;
  tenantName?: string | null;
  tenantAddress?: string | null;
  householdAdults: number;
  householdChildren: number;
  servedOn?: string | null;
  evictionDate?: string | null;
}

export interface CasePatch {
  version: number;
  step?: CaseStep;
  householdAdults?: number;
  householdChildren?: number;
  servedOn?: string | null;
  evictionDate?: string | null;
  assigneeId?: string | null;
}

export type EvictionPeriodBy = 'year' | 'month';

export interface EvictionPeriod {
  period: string;
  reports: {
    total: Count;
    rentArrears: Count;
    byKind: Record<ReportKind, Count>;
    byReason: Record<ReportReason, Count>;
  };
  households: Count;
  childrenAffected: Count;
  firstContact: { cases: Count; reached: Count; medianDays: number | null };
  evictionsPrevented: Count;
  evictionsCarriedOut: Count;
  childrenInEvictions: Count;
  referralsByService: Record<ReferralService, { total: Count; byStatus: Record<ReferralStatus, Count> }>;
}

export interface EvictionFigures {
  by: EvictionPeriodBy;
  from: string;
  to: string;
  periods: EvictionPeriod[];
  definitions: { sv: Record<string, string>; en: Record<string, string> };
}

export interface FiguresQuery {
  unitId: string;
  by: EvictionPeriodBy;
  from?: string;
  to?: string;
}

const c = (caseId: string) => `/eviction-cases/${caseId}`;

/** A deadline passed, today or within seven days on an open case (GET /eviction-cases/alerts). */
export interface DeadlineAlert {
  caseId: string;
  tenantName: string;
  householdChildren: number;
  kind: 'reinstatementDeadline' | 'evictionDate';
  deadline: string;
  daysLeft: number;
  urgency: 'overdue' | 'today' | 'within_7_days';
  noContact: boolean;
  assigneeName: string | null;
}

export const evictionApi = {
  reports: (unitId: string, status: ReportStatus | null, signal?: AbortSignal) =>
    api.get<ReportSummary[]>('/eviction-reports', { unitId, status }, signal),
  report: (reportId: string, signal?: AbortSignal) => api.get<ReportDetail>(`/eviction-reports/${reportId}`, undefined, signal),
  registerReport: (input: StaffReportInput) => api.post<ReportSummary>('/eviction-reports', input),
  attachmentUrl: (attachmentId: string) => fileUrl(`/report-attachments/${attachmentId}`),
  /** The raw file as the body (PDF, PNG or JPEG, at most 5 MB; the server reads the first bytes). */
  attach: (reportId: string, file: File) =>
    uploadFile<ReportAttachment>(`/eviction-reports/${encodeURIComponent(reportId)}/attachments`, file, {
      query: { fileName: file.name },
    }).result,

  alerts: (unitId: string | undefined, signal?: AbortSignal) => api.get<DeadlineAlert[]>('/eviction-cases/alerts', { unitId }, signal),
  cases: (unitId: string, status: 'open' | 'closed' | 'all', signal?: AbortSignal) =>
    api.get<CaseSummary[]>('/eviction-cases', { unitId, status }, signal),
  get: (caseId: string, signal?: AbortSignal) => api.get<CaseDetail>(c(caseId), undefined, signal),
  open: (input: OpenCaseInput) => api.post<CaseDetail>('/eviction-cases', input),
  update: (caseId: string, patch: CasePatch) => api.patch<CaseDetail>(c(caseId), patch),
  linkReport: (caseId: string, reportId: string) => api.post<CaseDetail>(`${c(caseId)}/reports`, { reportId }),
  addAttempt: (caseId: string, input: { kind: OutreachKind; outcome: OutreachOutcome; occurredOn: string; note?: string | null }) =>
    api.post<CaseDetail>(`${c(caseId)}/attempts`, input),
  addConsent: (caseId: string, input: { party: ConsentParty; scope: string; givenOn: string }) =>
    api.post<CaseDetail>(`${c(caseId)}/consents`, input),
  withdrawConsent: (caseId: string, consentId: string, withdrawnOn: string) =>
    api.post<CaseDetail>(`${c(caseId)}/consents/${consentId}/withdraw`, { withdrawnOn }),
  addSupport: (caseId: string, input: { kind: SupportKind; groupSession: boolean; occurredOn: string; note?: string | null }) =>
    api.post<CaseDetail>(`${c(caseId)}/support`, input),
  addReferral: (caseId: string, input: { service: ReferralService; status: ReferralStatus; statusOn: string; note?: string | null }) =>
    api.post<CaseDetail>(`${c(caseId)}/referrals`, input),
  updateReferral: (caseId: string, referralId: string, input: { version: number; status: ReferralStatus; statusOn: string }) =>
    api.patch<CaseDetail>(`${c(caseId)}/referrals/${referralId}`, input),
  /** `version`: the budget's as loaded, or null when the case had no budget (409 STALE_VERSION when stale). */
  setBudget: (caseId: string, budget: HouseholdBudget, version: number | null) =>
    api.put<CaseDetail>(`${c(caseId)}/budget`, { version, budget }),
  close: (caseId: string, input: { version: number; outcome: ClosingOutcome; closedOn: string; note?: string | null }) =>
    api.post<CaseDetail>(`${c(caseId)}/close`, input),

  figures: (query: FiguresQuery, signal?: AbortSignal) => api.get<EvictionFigures>('/stats/eviction', { ...query }, signal),
  figuresXlsxUrl: (query: FiguresQuery) => fileUrl('/stats/eviction/export.xlsx', { ...query }),
};
