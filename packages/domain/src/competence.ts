import { addDays, daysInMonth } from './calendar-date.ts';

// Staff competence mapping (kompetenskartläggning, issue 9 part 1): course rounds with a capacity and a waiting
// list, completion by attendance, certificate validity and coverage per unit. Pure rules; docs/competence.md.

export const ENROLMENT_STATUSES = ['enrolled', 'waiting', 'cancelled', 'completed'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

export const ORGANISATION_KINDS = ['municipality', 'county_council', 'ngo', 'private_provider'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** A certificate expiring within this many days is listed as "expiring". */
export const EXPIRING_WITHIN_DAYS = 90;

export type EnrolmentSlot = {
  id: string;
  participantId: string;
  status: EnrolmentStatus;
  /** Order of enrolment within the round (1, 2, 3 …, never reused): the waiting list is served in this order. */
  position: number;
};

/** Seats taken: enrolled and completed participants (cancelled and waiting take none). */
export function seatsTaken(enrolments: readonly EnrolmentSlot[]): number {
  return enrolments.filter((e) => e.status === 'enrolled' || e.status === 'completed').length;
}

export type EnrolmentDecision = { ok: true; status: 'enrolled' | 'waiting'; position: number } | { ok: false; reason: 'already_enrolled' };

/**
 * A new enrolment: refused when the participant already has a live (not cancelled) enrolment in the round;
 * otherwise a seat if one is free, else the waiting list. The position is the next after every earlier one.
 */
export function decideEnrolment(enrolments: readonly EnrolmentSlot[], participantId: string, capacity: number): EnrolmentDecision {
  if (enrolments.some((e) => e.participantId === participantId && e.status !== 'cancelled')) {
    return { ok: false, reason: 'already_enrolled' };
  }
  const position = enrolments.reduce((max, e) => Math.max(max, e.position), 0) + 1;
  return { ok: true, status: seatsTaken(enrolments) < capacity ? 'enrolled' : 'waiting', position };
}

/** The waiting list in the order it is served. */
export function waitingList<T extends EnrolmentSlot>(enrolments: readonly T[]): T[] {
  return enrolments.filter((e) => e.status === 'waiting').sort((a, b) => a.position - b.position);
}

/**
 * Who moves up from the waiting list when seats free (after a cancellation or a larger capacity): the first
 * waiting, as many as there are free seats. `enrolments` is the round after the change.
 */
export function promotions(enrolments: readonly EnrolmentSlot[], capacity: number): string[] {
  const free = Math.max(0, capacity - seatsTaken(enrolments));
  return waitingList(enrolments)
    .slice(0, free)
    .map((e) => e.id);
}

/**
 * Whether attendance completes the course: attended sessions at least `requiredPercent` % of the round's
 * sessions (compared in whole numbers, so 4 of 5 meets 80 %). A round without sessions is never completed by
 * attendance (staff mark it instead).
 */
export function meetsAttendance(attended: number, sessions: number, requiredPercent: number): boolean {
  if (sessions <= 0) return false;
  return attended * 100 >= requiredPercent * sessions;
}

/** `date` plus whole months, the day clamped to the month's end (2026-01-31 + 1 month = 2026-02-28). */
export function addMonthsToDate(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The day a certificate stops being valid: completion + the course's validity; null = valid for ever. */
export function certificateExpiry(completedOn: string, validityMonths: number | null): string | null {
  return validityMonths === null ? null : addMonthsToDate(completedOn, validityMonths);
}

export type CertificateStatus = 'valid' | 'expiring' | 'expired';

/**
 * Valid on `today` while today is before the expiry date; "expiring" when the expiry date falls within the
 * next 90 days (today < expiresOn ≤ today + 90); "expired" from the expiry date on.
 */
export function certificateStatus(expiresOn: string | null, today: string): CertificateStatus {
  if (expiresOn === null) return 'valid';
  if (expiresOn <= today) return 'expired';
  return expiresOn <= addDays(today, EXPIRING_WITHIN_DAYS) ? 'expiring' : 'valid';
}

/** A course is required for a unit's staff member when their role is among its roles and the unit among its
 *  units (no units listed = every unit). A course with no roles is required of nobody. */
export function isRequired(course: { requiredRoles: readonly string[]; requiredUnitIds: readonly string[] }, unitId: string, role: string) {
  return course.requiredRoles.includes(role) && (course.requiredUnitIds.length === 0 || course.requiredUnitIds.includes(unitId));
}

/** Share rounded half up to three decimals (0.667); null when there is nobody to count. */
export function shareOf(completed: number, staff: number): number | null {
  if (staff <= 0) return null;
  return Math.round((completed / staff) * 1000) / 1000;
}

export type CoverageCourse = {
  id: string;
  name: string;
  validityMonths: number | null;
  requiredRoles: string[];
  requiredUnitIds: string[];
};
export type CoverageMember = { unitId: string; userId: string; name: string; role: string };
/** A person's completions: course and the day completed (every completion; the latest counts). */
export type CoverageCompletion = { userId: string; courseId: string; completedOn: string };

export type PersonCourseState = {
  courseId: string;
  status: 'missing' | CertificateStatus;
  completedOn: string | null;
  expiresOn: string | null;
};

/** The latest completion of each (person, course). */
export function latestCompletions(completions: readonly CoverageCompletion[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const c of completions) {
    const key = `${c.userId}|${c.courseId}`;
    const prev = latest.get(key);
    if (!prev || c.completedOn > prev) latest.set(key, c.completedOn);
  }
  return latest;
}

/** One person's state in one course on `today` (their latest completion counts). */
export function personCourseState(course: CoverageCourse, completedOn: string | undefined, today: string): PersonCourseState {
  if (!completedOn) return { courseId: course.id, status: 'missing', completedOn: null, expiresOn: null };
  const expiresOn = certificateExpiry(completedOn, course.validityMonths);
  return { courseId: course.id, status: certificateStatus(expiresOn, today), completedOn, expiresOn };
}

export type CoverageRow = {
  unitId: string;
  courseId: string;
  course: string;
  /** Distinct staff members of the unit for whom the course is required. */
  staff: number;
  /** Of them, those with a valid certificate today (expiring ones still count; expired ones do not). */
  completed: number;
  share: number | null;
  /** Valid but expiring within 90 days. */
  expiring: number;
  missing: { userId: string; name: string; status: 'missing' | 'expired' }[];
};

/**
 * Coverage per unit and required course on `today`. A person with two roles in a unit counts once; a course
 * required of nobody in a unit gives no row. Rows in the order of `units`, then course name.
 */
export function coverage(
  units: readonly string[],
  courses: readonly CoverageCourse[],
  members: readonly CoverageMember[],
  completions: readonly CoverageCompletion[],
  today: string,
): CoverageRow[] {
  const latest = latestCompletions(completions);
  const rows: CoverageRow[] = [];
  const sorted = [...courses].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  for (const unitId of units) {
    const unitMembers = members.filter((m) => m.unitId === unitId);
    for (const course of sorted) {
      const people = new Map<string, string>();
      for (const m of unitMembers) if (isRequired(course, unitId, m.role)) people.set(m.userId, m.name);
      if (people.size === 0) continue;
      let completed = 0;
      let expiring = 0;
      const missing: CoverageRow['missing'] = [];
      for (const [userId, name] of people) {
        const state = personCourseState(course, latest.get(`${userId}|${course.id}`), today);
        if (state.status === 'valid' || state.status === 'expiring') completed++;
        if (state.status === 'expiring') expiring++;
        if (state.status === 'missing' || state.status === 'expired') missing.push({ userId, name, status: state.status });
      }
      missing.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
      rows.push({
        unitId,
        courseId: course.id,
        course: course.name,
        staff: people.size,
        completed,
        share: shareOf(completed, people.size),
        expiring,
        missing,
      });
    }
  }
  return rows;
}
