import { addDays } from '@kvarbo/domain';
import type { Q } from './query.ts';

// The plain records behind the eviction-prevention figures (issue 6), one query per table. Nothing here selects a
// name, an address or a personal number: only dates, kinds, reasons, household sizes, outcomes and services.

/** A unit and the calendar dates the figures cover, both included. */
export type EvictionWindow = { unitId: string; fromDate: string; toDate: string };

export type ReportRecord = {
  id: string;
  caseId: string | null;
  receivedOn: string;
  kind: string;
  /** The stored JSON array of reason codes. */
  reasons: string;
  householdChildren: number | null;
};

export type CaseRecord = {
  id: string;
  openedOn: string;
  /** The day the case's first report was received, whatever its period; null for a case without reports. */
  firstReportOn: string | null;
  adults: number;
  children: number;
  firstContactOn: string | null;
  outcome: string | null;
  closedOn: string | null;
};

export type ReferralRecord = { caseId: string; service: string; status: string; createdAt: string };

/** The unit's reports received in the window. */
export async function reportsInWindow(q: Q, w: EvictionWindow): Promise<ReportRecord[]> {
  const rows = await reportsOf(q, w)
    .select(['r.id', 'r.case_id', 'r.received_on', 'r.kind', 'r.reasons', 'r.household_children'])
    .orderBy('r.received_on')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    receivedOn: r.received_on,
    kind: r.kind,
    reasons: r.reasons,
    householdChildren: r.household_children === null ? null : Number(r.household_children),
  }));
}

/**
 * The cases that can have a figure in the window: the unit's cases open at some time in it, and every case a
 * report or a referral in the window names (whatever its dates), so each one's household is among the cases.
 */
export async function casesForWindow(q: Q, w: EvictionWindow): Promise<CaseRecord[]> {
  const rows = await q
    .selectFrom('eviction_cases as c')
    .select([
      'c.id',
      'c.opened_on',
      'c.household_adults',
      'c.household_children',
      'c.first_contact_on',
      'c.outcome',
      'c.closed_on',
      (eb) =>
        eb
          .selectFrom('eviction_reports as fr')
          .select((e) => e.fn.min<string>('fr.received_on').as('first'))
          .whereRef('fr.case_id', '=', 'c.id')
          .as('first_report_on'),
    ])
    .where('c.id', 'in', relevantCaseIds(q, w))
    .orderBy('c.id')
    .execute();
  return rows.map((c) => ({
    id: c.id,
    openedOn: c.opened_on,
    firstReportOn: c.first_report_on ?? null,
    adults: Number(c.household_adults),
    children: Number(c.household_children),
    firstContactOn: c.first_contact_on,
    outcome: c.outcome,
    closedOn: c.closed_on,
  }));
}

/**
 * The referrals of those cases recorded around the window. created_at is a UTC timestamp, so a day either side is
 * taken and the caller dates each by its Stockholm day.
 */
export async function referralsForWindow(q: Q, w: EvictionWindow): Promise<ReferralRecord[]> {
  const rows = await referralsAround(q, w)
    .select(['f.case_id', 'f.service', 'f.status', 'f.created_at'])
    .where('f.case_id', 'in', relevantCaseIds(q, w))
    .orderBy('f.created_at')
    .execute();
  return rows.map((f) => ({ caseId: f.case_id, service: f.service, status: f.status, createdAt: f.created_at }));
}

function reportsOf(q: Q, w: EvictionWindow) {
  return q
    .selectFrom('eviction_reports as r')
    .where('r.unit_id', '=', w.unitId)
    .where('r.received_on', '>=', w.fromDate)
    .where('r.received_on', '<=', w.toDate);
}

function referralsAround(q: Q, w: EvictionWindow) {
  return q
    .selectFrom('referrals as f')
    .where('f.created_at', '>=', addDays(w.fromDate, -1))
    .where('f.created_at', '<', addDays(w.toDate, 2));
}

function relevantCaseIds(q: Q, w: EvictionWindow) {
  return q
    .selectFrom('eviction_cases as rc')
    .select('rc.id')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('rc.unit_id', '=', w.unitId),
          eb('rc.opened_on', '<=', w.toDate),
          eb.or([eb('rc.closed_on', 'is', null), eb('rc.closed_on', '>=', w.fromDate)]),
        ]),
        eb('rc.id', 'in', reportsOf(q, w).select('r.case_id').where('r.case_id', 'is not', null).$narrowType<{ case_id: string }>()),
        eb.and([eb('rc.unit_id', '=', w.unitId), eb('rc.id', 'in', referralsAround(q, w).select('f.case_id'))]),
      ]),
    );
}
