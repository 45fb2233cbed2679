// Residents' occupation and activities (issue 9, part 2). Source 002 ("6. Sysselsättning är viktigt": a day's
// structure, a place to do support work from) and source 004 (Källaren, a meeting place run by residents with
// computer classes; G7, a peers' association meeting on Wednesdays with a yearly camp; work practice places;
// low-threshold work) say that what a resident does in the day matters for keeping the home.
//
// Two records:
//   - an occupation of one resident: a kind, a provider, a period (from, to inclusive; to open while it goes on)
//     and the planned hours per week;
//   - an activity of a unit (meeting place, course, peer association event, camp) with sessions, each with the
//     residents who came and a count of unnamed guests (a meeting place is open to all).
//
// Kvarbo's decisions:
//   - Hours per week are whole hours 0–60. 0 is allowed: a day activity one drops in on has no planned hours.
//   - Two occupations of the SAME kind may not overlap for a resident (two work practices at once is a typing
//     error: end the first, then add the next); different kinds may (studies and a day activity).
//   - Monthly summary per unit: the residents counted are those with a placement in one of the unit's apartments
//     on at least one day of the month. Of them, "with occupation" are those with an occupation covering at least
//     one day of the month (any kind, each resident once however many occupations); per kind likewise, so the
//     kinds may add up to more than "any". Planned hours = Σ hours per week × (days the occupation covers in the
//     month) / 7, over the counted residents' occupations, rounded to one decimal. The occupation's days are not
//     cut to the placement's: a work practice goes on while a resident moves.
//   - Attendance per month and activity: sessions held in the month, attendances (named residents + guests),
//     named attendances, guests, and distinct named residents.
//   - Analysts see counts of people with small cells suppressed (small-cells.ts): residents, with occupation, per
//     kind, attendances, guests and distinct residents; planned hours are left out (null) when the residents with
//     occupation are 1–4, since hours of one or two persons describe them. Sessions count events, not people.

import { compareDates, daysBetween, isCalendarDate } from './calendar-date.ts';
import { firstDayOf, lastDayOf, monthOf } from './calendar-month.ts';
import type { Localized } from './errors.ts';
import type { LocalizedFieldError } from './localized-field-error.ts';
import { suppress, type SuppressedCount } from './small-cells.ts';

export const OCCUPATION_KINDS = ['work_practice', 'low_threshold_work', 'studies', 'day_activity'] as const;
export type OccupationKind = (typeof OCCUPATION_KINDS)[number];
export const OCCUPATION_KIND_LABELS: Record<OccupationKind, Localized> = {
  work_practice: { sv: 'Arbetsträning/praktik', en: 'Work practice/internship' },
  low_threshold_work: { sv: 'Lågtröskelsysselsättning', en: 'Low-threshold work' },
  studies: { sv: 'Studier', en: 'Studies' },
  day_activity: { sv: 'Daglig verksamhet', en: 'Day activity' },
};

export const ACTIVITY_KINDS = ['meeting_place', 'course', 'peer_association_event', 'camp', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const ACTIVITY_KIND_LABELS: Record<ActivityKind, Localized> = {
  meeting_place: { sv: 'Mötesplats', en: 'Meeting place' },
  course: { sv: 'Kurs', en: 'Course' },
  peer_association_event: { sv: 'Kamratföreningens aktivitet', en: 'Peer association event' },
  camp: { sv: 'Läger', en: 'Camp' },
  other: { sv: 'Annat', en: 'Other' },
};

/** Who runs the activity: staff, the residents themselves (Källaren), the peers' association (G7), someone else. */
export const ACTIVITY_ORGANISERS = ['staff', 'residents', 'peer_association', 'other'] as const;
export type ActivityOrganiser = (typeof ACTIVITY_ORGANISERS)[number];
export const ACTIVITY_ORGANISER_LABELS: Record<ActivityOrganiser, Localized> = {
  staff: { sv: 'Personal', en: 'Staff' },
  residents: { sv: 'Drivs av de boende', en: 'Run by residents' },
  peer_association: { sv: 'Kamratförening', en: 'Peer association' },
  other: { sv: 'Annan', en: 'Other' },
};

export const MAX_HOURS_PER_WEEK = 60;
/** Unnamed guests at one session. */
export const MAX_GUESTS = 500;

export type Occupation = {
  id?: string;
  residentId: string;
  kind: OccupationKind;
  from: string;
  /** Inclusive; null while it goes on. */
  to: string | null;
  hoursPerWeek: number;
};

const msg = {
  date: { sv: 'Ange ett datum som ÅÅÅÅ-MM-DD.', en: 'Enter a date as YYYY-MM-DD.' },
  toBeforeFrom: { sv: 'Slutdatumet ligger före startdatumet.', en: 'The end date is before the start date.' },
  hours: {
    sv: `Ange timmar per vecka som ett heltal 0–${MAX_HOURS_PER_WEEK}.`,
    en: `Enter hours per week as a whole number 0–${MAX_HOURS_PER_WEEK}.`,
  },
  overlap: {
    sv: 'Den boende har redan en sysselsättning av samma slag under perioden. Avsluta den först.',
    en: 'The resident already has an occupation of the same kind in this period. End it first.',
  },
  kind: { sv: 'Okänt slag av sysselsättning.', en: 'Unknown kind of occupation.' },
} satisfies Record<string, Localized>;

function periodsOverlap(a: { from: string; to: string | null }, b: { from: string; to: string | null }): boolean {
  const aEndsBeforeB = a.to !== null && compareDates(a.to, b.from) < 0;
  const bEndsBeforeA = b.to !== null && compareDates(b.to, a.from) < 0;
  return !aEndsBeforeB && !bEndsBeforeA;
}

/**
 * The occupation's own rules and the overlap rule against the resident's other occupations (`others` may include
 * the occupation itself by id, which is skipped). Fields: kind, from, to, hoursPerWeek.
 */
export function validateOccupation(o: Occupation, others: readonly Occupation[]): LocalizedFieldError[] {
  const errors: LocalizedFieldError[] = [];
  if (!(OCCUPATION_KINDS as readonly string[]).includes(o.kind)) errors.push({ field: 'kind', code: 'invalid', message: msg.kind });
  if (!isCalendarDate(o.from)) errors.push({ field: 'from', code: 'invalid_date', message: msg.date });
  if (o.to !== null && !isCalendarDate(o.to)) errors.push({ field: 'to', code: 'invalid_date', message: msg.date });
  if (!Number.isInteger(o.hoursPerWeek) || o.hoursPerWeek < 0 || o.hoursPerWeek > MAX_HOURS_PER_WEEK) {
    errors.push({ field: 'hoursPerWeek', code: 'out_of_range', message: msg.hours });
  }
  if (errors.length) return errors;
  if (o.to !== null && compareDates(o.to, o.from) < 0) return [{ field: 'to', code: 'before_from', message: msg.toBeforeFrom }];
  const clash = others.some(
    (x) => (o.id === undefined || x.id !== o.id) && x.residentId === o.residentId && x.kind === o.kind && periodsOverlap(x, o),
  );
  if (clash) errors.push({ field: 'from', code: 'overlap', message: msg.overlap });
  return errors;
}

/** Days of [from, to] (to null = open) inside [first, last], inclusive; 0 when they do not meet. */
export function daysWithin(from: string, to: string | null, first: string, last: string): number {
  const start = compareDates(from, first) > 0 ? from : first;
  const end = to === null || compareDates(to, last) > 0 ? last : to;
  if (compareDates(end, start) < 0) return 0;
  return daysBetween(start, end) + 1;
}

export type PlacementSpan = { residentId: string; startDate: string; endDate: string | null };

export type OccupationMonth = {
  month: string;
  /** Residents with a placement in the unit on some day of the month. */
  residents: number;
  /** Of them, with any occupation on some day of the month (each resident once). */
  withOccupation: number;
  byKind: Record<OccupationKind, number>;
  /** Σ hours per week × covered days / 7, one decimal. */
  plannedHours: number;
};

/** The unit's occupation figures for one month ('YYYY-MM'); see the decisions at the top. */
export function occupationMonth(month: string, placements: readonly PlacementSpan[], occupations: readonly Occupation[]): OccupationMonth {
  const first = firstDayOf(month);
  const last = lastDayOf(month);
  const placed = new Set(placements.filter((p) => daysWithin(p.startDate, p.endDate, first, last) > 0).map((p) => p.residentId));
  const any = new Set<string>();
  const byKindSets = Object.fromEntries(OCCUPATION_KINDS.map((k) => [k, new Set<string>()])) as Record<OccupationKind, Set<string>>;
  let hours = 0;
  for (const o of occupations) {
    if (!placed.has(o.residentId)) continue;
    const days = daysWithin(o.from, o.to, first, last);
    if (days === 0) continue;
    any.add(o.residentId);
    byKindSets[o.kind].add(o.residentId);
    hours += (o.hoursPerWeek * days) / 7;
  }
  return {
    month,
    residents: placed.size,
    withOccupation: any.size,
    byKind: Object.fromEntries(OCCUPATION_KINDS.map((k) => [k, byKindSets[k].size])) as Record<OccupationKind, number>,
    plannedHours: Math.round(hours * 10) / 10,
  };
}

export type SuppressedOccupationMonth = {
  month: string;
  residents: SuppressedCount;
  withOccupation: SuppressedCount;
  byKind: Record<OccupationKind, SuppressedCount>;
  plannedHours: number | null;
};

export function suppressOccupationMonth(m: OccupationMonth): SuppressedOccupationMonth {
  return {
    month: m.month,
    residents: suppress(m.residents),
    withOccupation: suppress(m.withOccupation),
    byKind: Object.fromEntries(OCCUPATION_KINDS.map((k) => [k, suppress(m.byKind[k])])) as Record<OccupationKind, SuppressedCount>,
    plannedHours: m.withOccupation > 0 && m.withOccupation < 5 ? null : m.plannedHours,
  };
}

export type SessionAttendance = { activityId: string; date: string; residentIds: readonly string[]; guests: number };

export type AttendanceMonth = {
  month: string;
  activityId: string;
  sessions: number;
  /** Named residents + guests. */
  attendances: number;
  namedAttendances: number;
  guests: number;
  distinctResidents: number;
};

/** Attendance per activity and month, months ascending, then by activity id; only activity-months with sessions. */
export function attendanceByMonth(sessions: readonly SessionAttendance[]): AttendanceMonth[] {
  const groups = new Map<
    string,
    { month: string; activityId: string; sessions: number; named: number; guests: number; residents: Set<string> }
  >();
  for (const s of sessions) {
    const month = monthOf(s.date);
    const key = `${month}|${s.activityId}`;
    let g = groups.get(key);
    if (!g) {
      g = { month, activityId: s.activityId, sessions: 0, named: 0, guests: 0, residents: new Set() };
      groups.set(key, g);
    }
    const unique = new Set(s.residentIds);
    g.sessions += 1;
    g.named += unique.size;
    g.guests += s.guests;
    for (const r of unique) g.residents.add(r);
  }
  return [...groups.values()]
    .sort((a, b) => (a.month === b.month ? (a.activityId < b.activityId ? -1 : 1) : a.month < b.month ? -1 : 1))
    .map((g) => ({
      month: g.month,
      activityId: g.activityId,
      sessions: g.sessions,
      attendances: g.named + g.guests,
      namedAttendances: g.named,
      guests: g.guests,
      distinctResidents: g.residents.size,
    }));
}

/** All activities of the month together: distinct residents counted once over all activities. */
export function attendanceTotal(month: string, sessions: readonly SessionAttendance[]): Omit<AttendanceMonth, 'activityId'> {
  const inMonth = sessions.filter((s) => monthOf(s.date) === month);
  const rows = attendanceByMonth(inMonth.map((s) => ({ ...s, activityId: '*' })));
  const r = rows[0];
  return r
    ? {
        month,
        sessions: r.sessions,
        attendances: r.attendances,
        namedAttendances: r.namedAttendances,
        guests: r.guests,
        distinctResidents: r.distinctResidents,
      }
    : { month, sessions: 0, attendances: 0, namedAttendances: 0, guests: 0, distinctResidents: 0 };
}

export type SuppressedAttendanceMonth<T extends { month: string }> = Omit<
  T,
  'attendances' | 'namedAttendances' | 'guests' | 'distinctResidents'
> & {
  attendances: SuppressedCount;
  namedAttendances: SuppressedCount;
  guests: SuppressedCount;
  distinctResidents: SuppressedCount;
};

export function suppressAttendance<
  T extends { month: string; attendances: number; namedAttendances: number; guests: number; distinctResidents: number },
>(r: T): SuppressedAttendanceMonth<T> {
  return {
    ...r,
    attendances: suppress(r.attendances),
    namedAttendances: suppress(r.namedAttendances),
    guests: suppress(r.guests),
    distinctResidents: suppress(r.distinctResidents),
  };
}

/** Is the occupation going on at `date`? */
export function occupationCurrent(o: { from: string; to: string | null }, date: string): boolean {
  return compareDates(o.from, date) <= 0 && (o.to === null || compareDates(o.to, date) >= 0);
}
