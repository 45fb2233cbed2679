import { describe, expect, it } from 'vitest';
import {
  addMonthsToDate,
  certificateExpiry,
  certificateStatus,
  coverage,
  decideEnrolment,
  isRequired,
  meetsAttendance,
  promotions,
  shareOf,
  waitingList,
  type CoverageCourse,
  type EnrolmentSlot,
} from './competence.ts';

describe('enrolment and waiting list', () => {
  it('fills the seats, then the waiting list, and refuses a double enrolment', () => {
    const round: EnrolmentSlot[] = [];
    for (const p of ['a', 'b', 'c', 'd']) {
      const d = decideEnrolment(round, p, 2);
      if (!d.ok) throw new Error('refused');
      round.push({ id: `e-${p}`, participantId: p, status: d.status, position: d.position });
    }
    expect(round.map((e) => [e.participantId, e.status, e.position])).toEqual([
      ['a', 'enrolled', 1],
      ['b', 'enrolled', 2],
      ['c', 'waiting', 3],
      ['d', 'waiting', 4],
    ]);
    expect(decideEnrolment(round, 'c', 2)).toEqual({ ok: false, reason: 'already_enrolled' });
    expect(waitingList(round).map((e) => e.participantId)).toEqual(['c', 'd']);
  });

  it('moves the first waiting up when a seat frees, and lets a cancelled person enrol again at the back', () => {
    const round: EnrolmentSlot[] = [
      { id: '1', participantId: 'a', status: 'enrolled', position: 1 },
      { id: '2', participantId: 'b', status: 'completed', position: 2 },
      { id: '4', participantId: 'd', status: 'waiting', position: 4 },
      { id: '3', participantId: 'c', status: 'waiting', position: 3 },
    ];
    expect(promotions(round, 2)).toEqual([]);
    round[0]!.status = 'cancelled';
    expect(promotions(round, 2)).toEqual(['3']);
    expect(promotions(round, 4)).toEqual(['3', '4']);
    expect(decideEnrolment(round, 'a', 2)).toEqual({ ok: true, status: 'enrolled', position: 5 });
  });
});

describe('completion and certificates', () => {
  it('completes by attendance share in whole numbers', () => {
    expect(meetsAttendance(4, 5, 80)).toBe(true);
    expect(meetsAttendance(3, 5, 80)).toBe(false);
    expect(meetsAttendance(2, 3, 67)).toBe(false); // 66.7 % < 67 %
    expect(meetsAttendance(2, 3, 66)).toBe(true);
    expect(meetsAttendance(0, 0, 0)).toBe(false);
  });

  it('expires after the validity, clamped to the month end; null is for ever', () => {
    expect(addMonthsToDate('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsToDate('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonthsToDate('2026-11-15', 26)).toBe('2029-01-15');
    expect(certificateExpiry('2025-03-01', 24)).toBe('2027-03-01');
    expect(certificateExpiry('2025-03-01', null)).toBeNull();
  });

  it('is expiring within 90 days and expired from the expiry date', () => {
    const today = '2026-11-23';
    expect(certificateStatus(null, today)).toBe('valid');
    expect(certificateStatus('2027-02-22', today)).toBe('valid'); // today + 91 days
    expect(certificateStatus('2027-02-21', today)).toBe('expiring'); // today + 90 days
    expect(certificateStatus('2027-02-22', '2026-11-22')).toBe('valid');
    expect(certificateStatus('2026-11-24', today)).toBe('expiring');
    expect(certificateStatus('2026-11-23', today)).toBe('expired');
  });
});

describe('coverage per unit and required course', () => {
  const mi: CoverageCourse = { id: 'mi', name: 'MI', validityMonths: null, requiredRoles: ['caseworker', 'manager'], requiredUnitIds: [] };
  const trauma: CoverageCourse = { id: 'tr', name: 'Trauma', validityMonths: 24, requiredRoles: ['caseworker'], requiredUnitIds: ['U1'] };
  const nobody: CoverageCourse = { id: 'x', name: 'Frivillig', validityMonths: null, requiredRoles: [], requiredUnitIds: [] };

  it('says which roles and units a course is required of', () => {
    expect(isRequired(trauma, 'U1', 'caseworker')).toBe(true);
    expect(isRequired(trauma, 'U2', 'caseworker')).toBe(false);
    expect(isRequired(trauma, 'U1', 'host')).toBe(false);
    expect(isRequired(nobody, 'U1', 'manager')).toBe(false);
  });

  it('counts staff once, valid (also expiring) certificates as completed, and rounds the share to 3 decimals', () => {
    const members = [
      { unitId: 'U1', userId: 'anna', name: 'Anna', role: 'caseworker' },
      { unitId: 'U1', userId: 'anna', name: 'Anna', role: 'manager' }, // two roles, counted once
      { unitId: 'U1', userId: 'bo', name: 'Bo', role: 'caseworker' },
      { unitId: 'U1', userId: 'cia', name: 'Cia', role: 'caseworker' },
      { unitId: 'U1', userId: 'dan', name: 'Dan', role: 'host' }, // no course required of hosts
      { unitId: 'U2', userId: 'eva', name: 'Eva', role: 'caseworker' },
    ];
    const completions = [
      { userId: 'anna', courseId: 'mi', completedOn: '2019-01-01' },
      { userId: 'bo', courseId: 'mi', completedOn: '2026-10-01' },
      { userId: 'anna', courseId: 'tr', completedOn: '2025-01-10' }, // expires 2027-01-10: expiring
      { userId: 'bo', courseId: 'tr', completedOn: '2024-11-01' }, // expired 2026-11-01 ...
      { userId: 'bo', courseId: 'tr', completedOn: '2023-01-01' }, // ... an older one does not help
      { userId: 'cia', courseId: 'tr', completedOn: '2026-06-01' },
      { userId: 'eva', courseId: 'tr', completedOn: '2026-06-01' }, // not required in U2
      { userId: 'dan', courseId: 'mi', completedOn: '2026-06-01' }, // not required of hosts
    ];
    const rows = coverage(['U1', 'U2'], [trauma, nobody, mi], members, completions, '2026-11-23');
    expect(rows.map((r) => ({ unit: r.unitId, course: r.course, staff: r.staff, completed: r.completed, share: r.share }))).toEqual([
      { unit: 'U1', course: 'MI', staff: 3, completed: 2, share: 0.667 },
      { unit: 'U1', course: 'Trauma', staff: 3, completed: 2, share: 0.667 },
      { unit: 'U2', course: 'MI', staff: 1, completed: 0, share: 0 },
    ]);
    expect(rows[0]!.missing).toEqual([{ userId: 'cia', name: 'Cia', status: 'missing' }]);
    expect(rows[1]!.missing).toEqual([{ userId: 'bo', name: 'Bo', status: 'expired' }]);
    expect(rows[1]!.expiring).toBe(1);
  });

  it('has no share without staff', () => {
    expect(shareOf(0, 0)).toBeNull();
    expect(shareOf(1, 3)).toBe(0.333);
    expect(shareOf(2, 2)).toBe(1);
  });
});
