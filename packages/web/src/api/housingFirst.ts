import type { IncidentSeverity, TakeoverCriterion } from '@kvarbo/domain';
import { api } from './client.ts';

// Housing First and support housing follow-up (issue 7): taking over the lease, the unit's thresholds.
// Shapes as in docs/api.md "Housing First follow-up"; codes and labels come from @kvarbo/domain.

export interface TakeoverSettings {
  minMonths: number;
  rentWindowMonths: number;
  complaintWindowMonths: number;
  complaintMinSeverity: IncidentSeverity;
}

export interface TakeoverItem {
  residentId: string;
  placementId: string;
  /** The placement's version, which recording the takeover sends back. */
  version: number;
  name: string;
  address: string;
  months: number;
  monthsCompleteOn: string;
  rentOk: boolean;
  noComplaints: boolean;
  debtsHandled: boolean;
  eligible: boolean;
  close: boolean;
  missing: TakeoverCriterion[];
  arrearsOre: number;
  unitId: string;
  contactPersonId: string | null;
}

export interface TakeoverList {
  asOf: string;
  settings: TakeoverSettings;
  items: TakeoverItem[];
}

export const takeoverApi = {
  list: (unitId: string, signal?: AbortSignal, date?: string) => api.get<TakeoverList>('/lease-takeover', { unitId, date }, signal),
  /** With the unit's version, which guards its settings. */
  settings: (unitId: string, signal?: AbortSignal) =>
    api.get<TakeoverSettings & { version: number }>(`/units/${unitId}/takeover-settings`, undefined, signal),
  saveSettings: (unitId: string, settings: TakeoverSettings & { version: number }) =>
    api.put<TakeoverSettings & { version: number }>(`/units/${unitId}/takeover-settings`, settings),
  record: (placementId: string, input: { version: number; takenOverOn: string; note?: string | null }) =>
    api.post<unknown>(`/placements/${placementId}/takeover`, input),
};

// ---- Support visits, incidents, landlord contacts, respite stays, move-out, links (placement-scoped) ----------

export type VisitPlace = import('@kvarbo/domain').VisitPlace;
export type VisitOutcome = import('@kvarbo/domain').VisitOutcome;
export type WeekStatus = import('@kvarbo/domain').WeekStatus;

export interface VisitAgreement {
  visitsPerWeek: number;
  fromDate: string;
  toDate: string | null;
  places: VisitPlace[];
  /** 'set': recorded for the placement; 'housing_first_default': none recorded, Bostad först's 1 a week. */
  source: 'set' | 'housing_first_default';
  createdAt: string | null;
  createdBy: string | null;
}

export interface AgreementInput {
  visitsPerWeek: number;
  fromDate: string;
  toDate: string | null;
}

export interface SupportVisit {
  id: string;
  placementId: string;
  date: string;
  place: VisitPlace;
  planned: boolean;
  outcome: VisitOutcome;
  staffIds: string[];
  staff: { id: string; name: string }[];
  note: string | null;
  goals: string[];
  createdAt: string;
}

export interface VisitInput {
  date: string;
  place: VisitPlace;
  planned: boolean;
  outcome: VisitOutcome;
  staffIds: string[];
  note: string | null;
  goals: string[];
}

export interface WeekRow {
  isoWeek: string;
  year: number;
  week: number;
  monday: string;
  sunday: string;
  required: number;
  held: number;
  declined: number;
  noShow: number;
  status: WeekStatus;
}

export interface ComplianceSummary {
  weeks: number;
  met: number;
  declined: number;
  partial: number;
  missed: number;
  shareMet: number | null;
  noShowVisits?: number;
}

export type Localized = { sv: string; en: string };

export interface PlacementCompliance {
  placementId: string;
  asOf: string;
  agreement: VisitAgreement | null;
  summary: ComplianceSummary;
  /** Newest first. */
  weeks: WeekRow[];
  definitions: Localized;
}

export type IncidentKind = import('@kvarbo/domain').IncidentKind;
export type IncidentSource = import('@kvarbo/domain').IncidentSource;

export interface Incident {
  id: string;
  placementId: string;
  occurredOn: string;
  kind: IncidentKind;
  source: IncidentSource;
  severity: IncidentSeverity;
  description: string | null;
  actionTaken: string | null;
  createdAt: string;
}

export interface IncidentInput {
  occurredOn: string;
  kind: IncidentKind;
  source: IncidentSource;
  severity: IncidentSeverity;
  description: string | null;
  actionTaken: string | null;
}

export const LANDLORD_CONTACT_CHANNELS = ['phone', 'email', 'letter', 'meeting'] as const;
export type LandlordContactChannel = (typeof LANDLORD_CONTACT_CHANNELS)[number];

export interface LandlordContact {
  id: string;
  placementId: string;
  occurredOn: string;
  channel: LandlordContactChannel;
  summary: string;
  createdAt: string;
}

export interface RespiteStay {
  id: string;
  placementId: string;
  fromDate: string;
  toDate: string | null;
  place: string;
  note: string | null;
  createdAt: string;
}

export interface MoveOut {
  placementId: string;
  /** The placement's version: an edit sends it back. */
  version: number;
  moveOutGivenOn: string | null;
  movedOutOn: string | null;
  days: number | null;
  reasonableBy: string | null;
  status: import('@kvarbo/domain').MoveOutStatus | null;
}

export const LINK_KINDS = ['fallback', 'return_from_fallback', 'second_chance'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export interface ChainItem {
  placementId: string;
  apartmentId: string;
  address: string;
  apartmentType: string;
  startDate: string;
  endDate: string | null;
  endReason: string | null;
  previousPlacementId: string | null;
  linkKind: LinkKind | null;
  moveOutGivenOn: string | null;
  movedOutOn: string | null;
}

// ---- Unit lists and figures ---------------------------------------------------------------------------------

export interface MissingVisitsItem {
  placementId: string;
  residentId: string;
  name: string;
  address: string;
  contactPersonId: string | null;
  contactPersonName: string | null;
  visitsPerWeek: number;
  agreementSource: 'set' | 'housing_first_default';
  missedWeeks: number;
  partialWeeks: number;
  weeks: WeekRow[];
}

export interface MissingVisits {
  unitId: string;
  asOf: string;
  from: string;
  to: string;
  items: MissingVisitsItem[];
}

export interface ComplianceStats {
  unitId: string;
  from: string;
  to: string;
  asOf: string;
  definitions: Localized;
  total: ComplianceSummary;
  residents: (ComplianceSummary & { residentId: string; name: string; culled?: boolean; noShowVisits: number })[];
  staff: (ComplianceSummary & { staffId: string | null; name: string | null })[];
}

export interface IncidentRateRow {
  incidents: number | '<5';
  tenancyMonths: number;
  per100: number | null;
}

export interface IncidentStats {
  unitId: string;
  from: string;
  to: string;
  mode: 'exact' | 'suppressed';
  definitions: Localized;
  total: IncidentRateRow;
  months: (IncidentRateRow & { month: string })[];
  residents?: (IncidentRateRow & { residentId: string; name: string; culled?: boolean })[];
}

export const housingFirstApi = {
  /** `version` is the placement's, which setting the agreement sends back. */
  agreement: (placementId: string, signal?: AbortSignal) =>
    api.get<{ placementId: string; version: number; agreement: VisitAgreement | null }>(
      `/placements/${placementId}/visit-agreement`,
      undefined,
      signal,
    ),
  setAgreement: (placementId: string, version: number, input: AgreementInput) =>
    api.put<{ placementId: string; version: number; agreement: VisitAgreement | null }>(`/placements/${placementId}/visit-agreement`, {
      ...input,
      version,
    }),
  visits: (placementId: string, signal?: AbortSignal) => api.get<SupportVisit[]>(`/placements/${placementId}/visits`, undefined, signal),
  recordVisit: (placementId: string, input: VisitInput) => api.post<SupportVisit>(`/placements/${placementId}/visits`, input),
  compliance: (placementId: string, signal?: AbortSignal) =>
    api.get<PlacementCompliance>(`/placements/${placementId}/visit-compliance`, undefined, signal),
  incidents: (placementId: string, signal?: AbortSignal) => api.get<Incident[]>(`/placements/${placementId}/incidents`, undefined, signal),
  recordIncident: (placementId: string, input: IncidentInput) => api.post<Incident>(`/placements/${placementId}/incidents`, input),
  landlordContacts: (placementId: string, signal?: AbortSignal) =>
    api.get<LandlordContact[]>(`/placements/${placementId}/landlord-contacts`, undefined, signal),
  recordLandlordContact: (placementId: string, input: { occurredOn: string; channel: LandlordContactChannel; summary: string }) =>
    api.post<LandlordContact>(`/placements/${placementId}/landlord-contacts`, input),
  respiteStays: (placementId: string, signal?: AbortSignal) =>
    api.get<RespiteStay[]>(`/placements/${placementId}/respite-stays`, undefined, signal),
  recordRespiteStay: (placementId: string, input: { fromDate: string; toDate: string | null; place: string; note: string | null }) =>
    api.post<RespiteStay>(`/placements/${placementId}/respite-stays`, input),
  moveOut: (placementId: string, signal?: AbortSignal) => api.get<MoveOut>(`/placements/${placementId}/move-out`, undefined, signal),
  setMoveOut: (placementId: string, input: { version: number; moveOutGivenOn: string | null; movedOutOn: string | null }) =>
    api.patch<MoveOut>(`/placements/${placementId}/move-out`, input),
  link: (placementId: string, input: { version: number; previousPlacementId: string; kind: LinkKind }) =>
    api.post<{ placementId: string; version: number; previousPlacementId: string; kind: LinkKind; chain: ChainItem[] }>(
      `/placements/${placementId}/link`,
      input,
    ),
  chain: (residentId: string, signal?: AbortSignal) =>
    api.get<{ residentId: string; chains: ChainItem[][] }>(`/residents/${residentId}/placement-chain`, undefined, signal),
  missingVisits: (unitId: string, contactPersonId: string | undefined, signal?: AbortSignal) =>
    api.get<MissingVisits>('/visits/missing', { unitId, contactPersonId }, signal),
  complianceStats: (unitId: string, from: string, to: string, signal?: AbortSignal) =>
    api.get<ComplianceStats>('/stats/visit-compliance', { unitId, from, to }, signal),
  incidentStats: (unitId: string, from: string, to: string, signal?: AbortSignal) =>
    api.get<IncidentStats>('/stats/incidents', { unitId, from, to }, signal),
};
