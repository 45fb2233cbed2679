// Incidents in and around the apartment (issue 7): disturbance complaints, threats, damage, visitors causing
// trouble ("svansen", the entourage that source 002 names with the resident's own lifestyle as the cause of
// problems in the housing), and the landlord's warnings (rättelseanmaning, JB 12:25 and 12:42–43, RULES.md 6).
// Disturbances are the common cause of lost housing in Housing First (7 of 29 terminated for disturbances in
// Stockholm, source 002), so they are recorded with who reported them and what was done, and followed over time
// as a rate.
//
// Severity is ordered: 'note' (something staff noted, no one complained) < 'complaint' (a complaint or warning
// from a neighbour, the landlord or the police) < 'serious' (threats, violence, serious damage, risk of
// termination). Lease takeover (lease-takeover.ts) looks for incidents of 'complaint' or above.
//
// Rate: incidents per 100 tenancy-months. A tenancy-month is one apartment occupied for a whole calendar month;
// each month contributes (days occupied in it) / (days in the month), so a placement from 15 February 2026
// (14 of 28 days) gives 0.5 for February, and two placements in the unit in March give up to 2. Per calendar
// month, not per 30 days, so the figures add up month by month and match the rent months. Placement periods
// are inclusive of their last day (placement-overlap.ts). Rates are plain decimals; rounding is the caller's,
// and an analyst's view must suppress small counts (small-cells.ts).

import { addDays, daysBetween, daysInMonth, isCalendarDate } from './calendar-date.ts';
import { addMonths, firstDayOf, lastDayOf, monthOf, monthsBetween } from './calendar-month.ts';
import type { Localized } from './errors.ts';
import type { LocalizedFieldError } from './localized-field-error.ts';
import type { Period } from './placement-overlap.ts';
import { isOneOf } from './registry-rules.ts';

export const INCIDENT_KINDS = ['disturbance_complaint', 'threat', 'damage', 'troublesome_visitors', 'landlord_warning', 'other'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export const INCIDENT_KIND_LABELS: Record<IncidentKind, Localized> = {
  disturbance_complaint: { sv: 'Störningsklagomål', en: 'Disturbance complaint' },
  threat: { sv: 'Hot', en: 'Threat' },
  damage: { sv: 'Skadegörelse', en: 'Damage' },
  troublesome_visitors: { sv: 'Besökare som stör ("svansen")', en: 'Visitors causing trouble' },
  landlord_warning: { sv: 'Varning/rättelseanmaning från hyresvärden', en: 'Warning from the landlord' },
  other: { sv: 'Annat', en: 'Other' },
};

export const INCIDENT_SOURCES = ['neighbour', 'landlord', 'staff', 'police', 'other'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];
export const INCIDENT_SOURCE_LABELS: Record<IncidentSource, Localized> = {
  neighbour: { sv: 'Granne', en: 'Neighbour' },
  landlord: { sv: 'Hyresvärd', en: 'Landlord' },
  staff: { sv: 'Personal', en: 'Staff' },
  police: { sv: 'Polis', en: 'Police' },
  other: { sv: 'Annan', en: 'Other' },
};

/** Mildest first; compare with severityRank. */
export const INCIDENT_SEVERITIES = ['note', 'complaint', 'serious'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];
export const INCIDENT_SEVERITY_LABELS: Record<IncidentSeverity, Localized> = {
  note: { sv: 'Notering', en: 'Note' },
  complaint: { sv: 'Klagomål', en: 'Complaint' },
  serious: { sv: 'Allvarlig', en: 'Serious' },
};

export type Incident = {
  date: string;
  kind: IncidentKind;
  source: IncidentSource;
  severity: IncidentSeverity;
  /** What was done (talk with the resident, contact with the landlord, …). */
  actionTaken: string;
  residentId?: string;
  placementId?: string;
};

export const MAX_ACTION_TAKEN_LENGTH = 2000;

export function severityRank(s: IncidentSeverity): number {
  return INCIDENT_SEVERITIES.indexOf(s);
}

/** severityAtLeast('serious', 'complaint') === true. */
export function severityAtLeast(s: IncidentSeverity, min: IncidentSeverity): boolean {
  return severityRank(s) >= severityRank(min);
}

export function validateIncident(i: Incident): LocalizedFieldError[] {
  const errors: LocalizedFieldError[] = [];
  if (!isCalendarDate(i.date)) errors.push({ field: 'date', code: 'invalid_date', message: messages.date });
  if (!isOneOf(INCIDENT_KINDS, i.kind)) errors.push({ field: 'kind', code: 'invalid_choice', message: messages.kind });
  if (!isOneOf(INCIDENT_SOURCES, i.source)) errors.push({ field: 'source', code: 'invalid_choice', message: messages.source });
  if (!isOneOf(INCIDENT_SEVERITIES, i.severity)) errors.push({ field: 'severity', code: 'invalid_choice', message: messages.severity });
  if (typeof i.actionTaken !== 'string' || i.actionTaken.length > MAX_ACTION_TAKEN_LENGTH) {
    errors.push({ field: 'actionTaken', code: 'too_long', message: messages.action });
  }
  return errors;
}

/** Tenancy-months of the placements within [from, to] (both included), summed per calendar month (see above). */
export function tenancyMonths(placements: readonly Period[], from: string, to: string): number {
  assertDate(from);
  assertDate(to);
  let total = 0;
  for (const month of monthsBetween(monthOf(from), monthOf(to))) {
    const mFrom = max(firstDayOf(month), from);
    const mTo = min(lastDayOf(month), to);
    const days = placements.reduce((sum, p) => sum + overlapDays(p, mFrom, mTo), 0);
    total += days / daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
  }
  return total;
}

export type IncidentRate = {
  from: string;
  to: string;
  incidents: number;
  tenancyMonths: number;
  /** incidents × 100 / tenancyMonths; null when no one lived there in the period. */
  per100: number | null;
};

/** Incidents dated in [from, to] per 100 tenancy-months of the placements in the same period. Pass the
 *  incidents and placements of one resident, or of one unit, for that resident's or unit's rate. */
export function incidentRate(
  incidents: readonly Pick<Incident, 'date'>[],
  placements: readonly Period[],
  period: { from: string; to: string },
): IncidentRate {
  const count = incidents.filter((i) => i.date >= period.from && i.date <= period.to).length;
  const tm = tenancyMonths(placements, period.from, period.to);
  return { from: period.from, to: period.to, incidents: count, tenancyMonths: tm, per100: tm === 0 ? null : (count * 100) / tm };
}

/** One rate per calendar month from fromMonth to toMonth ('YYYY-MM'), both included. */
export function incidentRatesByMonth(
  incidents: readonly Pick<Incident, 'date'>[],
  placements: readonly Period[],
  fromMonth: string,
  toMonth: string,
): (IncidentRate & { month: string })[] {
  return monthsBetween(fromMonth, toMonth).map((month) => ({
    month,
    ...incidentRate(incidents, placements, { from: firstDayOf(month), to: lastDayOf(month) }),
  }));
}

/** One rate per calendar quarter ('2026-Q1') touching fromMonth–toMonth; whole quarters. */
export function incidentRatesByQuarter(
  incidents: readonly Pick<Incident, 'date'>[],
  placements: readonly Period[],
  fromMonth: string,
  toMonth: string,
): (IncidentRate & { quarter: string })[] {
  const quarters: (IncidentRate & { quarter: string })[] = [];
  for (const month of monthsBetween(fromMonth, toMonth)) {
    const m = Number(month.slice(5, 7));
    const first = `${month.slice(0, 4)}-${String(m - ((m - 1) % 3)).padStart(2, '0')}`;
    const quarter = `${month.slice(0, 4)}-Q${Math.floor((m - 1) / 3) + 1}`;
    if (quarters.at(-1)?.quarter === quarter) continue;
    const last = addMonths(first, 2);
    quarters.push({ quarter, ...incidentRate(incidents, placements, { from: firstDayOf(first), to: lastDayOf(last) }) });
  }
  return quarters;
}

function overlapDays(p: Period, from: string, to: string): number {
  const start = max(p.startDate, from);
  const end = p.endDate === null ? to : min(p.endDate, to);
  return end < start ? 0 : daysBetween(start, addDays(end, 1));
}

function max(a: string, b: string): string {
  return a > b ? a : b;
}

function min(a: string, b: string): string {
  return a < b ? a : b;
}

function assertDate(d: string): void {
  if (!isCalendarDate(d)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${d}"`);
}

const messages = {
  date: { sv: 'Ange ett datum (ÅÅÅÅ-MM-DD).', en: 'Give a date (YYYY-MM-DD).' },
  kind: { sv: 'Välj vad som hände.', en: 'Choose what happened.' },
  source: { sv: 'Välj vem som rapporterade.', en: 'Choose who reported it.' },
  severity: { sv: 'Välj allvarlighetsgrad.', en: 'Choose the severity.' },
  action: { sv: 'Beskriv vad som gjordes (högst 2000 tecken).', en: 'Describe what was done (at most 2000 characters).' },
};
