import { describe, expect, it } from 'vitest';
import {
  attendanceByMonth,
  attendanceTotal,
  daysWithin,
  occupationCurrent,
  occupationMonth,
  suppressAttendance,
  suppressOccupationMonth,
  validateOccupation,
  type Occupation,
} from './occupation.ts';

const occ = (o: Partial<Occupation>): Occupation => ({
  residentId: 'r1',
  kind: 'studies',
  from: '2026-03-01',
  to: null,
  hoursPerWeek: 10,
  ...o,
});

describe('validateOccupation', () => {
  it('accepts a valid occupation and 0 or 60 hours', () => {
    expect(validateOccupation(occ({ hoursPerWeek: 0 }), [])).toEqual([]);
    expect(validateOccupation(occ({ hoursPerWeek: 60, to: '2026-03-01' }), [])).toEqual([]);
  });

  it('refuses hours outside 0–60 or not whole, and an end before the start', () => {
    expect(validateOccupation(occ({ hoursPerWeek: 61 }), []).map((e) => e.field)).toEqual(['hoursPerWeek']);
    expect(validateOccupation(occ({ hoursPerWeek: -1 }), []).map((e) => e.code)).toEqual(['out_of_range']);
    expect(validateOccupation(occ({ hoursPerWeek: 2.5 }), []).map((e) => e.field)).toEqual(['hoursPerWeek']);
    expect(validateOccupation(occ({ to: '2026-02-28' }), [])).toEqual([expect.objectContaining({ field: 'to', code: 'before_from' })]);
    expect(validateOccupation(occ({ from: '2026-02-30' }), []).map((e) => e.field)).toEqual(['from']);
  });

  it('refuses an overlapping occupation of the same kind, allows other kinds, other residents and itself', () => {
    const existing = occ({ id: 'a', from: '2026-01-01', to: '2026-03-01' });
    expect(validateOccupation(occ({ from: '2026-03-01' }), [existing])).toEqual([
      expect.objectContaining({ field: 'from', code: 'overlap' }),
    ]);
    // The day after the first ends is free (periods are inclusive).
    expect(validateOccupation(occ({ from: '2026-03-02' }), [existing])).toEqual([]);
    expect(validateOccupation(occ({ from: '2026-02-01', kind: 'day_activity' }), [existing])).toEqual([]);
    expect(validateOccupation(occ({ from: '2026-02-01', residentId: 'r2' }), [existing])).toEqual([]);
    expect(validateOccupation({ ...existing, hoursPerWeek: 20 }, [existing])).toEqual([]);
    // An open-ended one overlaps anything after its start.
    const open = occ({ id: 'b', kind: 'work_practice', from: '2026-05-01' });
    expect(validateOccupation(occ({ kind: 'work_practice', from: '2020-01-01', to: '2026-05-01' }), [open])).toHaveLength(1);
    expect(validateOccupation(occ({ kind: 'work_practice', from: '2020-01-01', to: '2026-04-30' }), [open])).toEqual([]);
  });
});

describe('daysWithin and occupationCurrent', () => {
  it('counts inclusive days inside the window', () => {
    expect(daysWithin('2026-02-15', null, '2026-02-01', '2026-02-28')).toBe(14);
    expect(daysWithin('2026-01-01', '2026-02-01', '2026-02-01', '2026-02-28')).toBe(1);
    expect(daysWithin('2026-03-01', null, '2026-02-01', '2026-02-28')).toBe(0);
    expect(daysWithin('2026-01-01', '2026-01-31', '2026-02-01', '2026-02-28')).toBe(0);
  });
  it('knows a current occupation', () => {
    expect(occupationCurrent({ from: '2026-01-01', to: '2026-01-31' }, '2026-01-31')).toBe(true);
    expect(occupationCurrent({ from: '2026-01-01', to: '2026-01-31' }, '2026-02-01')).toBe(false);
    expect(occupationCurrent({ from: '2026-02-02', to: null }, '2026-02-01')).toBe(false);
  });
});

describe('occupationMonth', () => {
  // February 2026 has 28 days.
  const placements = [
    { residentId: 'anna', startDate: '2025-06-01', endDate: null },
    { residentId: 'bo', startDate: '2026-02-15', endDate: null }, // placed half of February
    { residentId: 'cia', startDate: '2025-01-01', endDate: '2026-01-31' }, // gone before February
    { residentId: 'dan', startDate: '2026-02-28', endDate: '2026-03-10' }, // only the last day
  ];
  const occupations: Occupation[] = [
    // Anna: two occupations in February, counted once in "with occupation".
    occ({ residentId: 'anna', kind: 'studies', from: '2026-01-10', to: '2026-02-14', hoursPerWeek: 14 }), // 14 days → 28 h
    occ({ residentId: 'anna', kind: 'work_practice', from: '2026-02-15', to: null, hoursPerWeek: 21 }), // 14 days → 42 h
    // Bo: placed from the 15th, occupation all month → counts; hours are the occupation's days: 28 × 7/7 = 28 h.
    occ({ residentId: 'bo', kind: 'day_activity', from: '2026-01-01', to: null, hoursPerWeek: 7 }),
    // Cia is not placed in February: her occupation does not count.
    occ({ residentId: 'cia', kind: 'studies', from: '2026-01-01', to: null, hoursPerWeek: 20 }),
    // Dan: occupation ends the day before the month → not counted.
    occ({ residentId: 'dan', kind: 'low_threshold_work', from: '2026-01-01', to: '2026-01-31', hoursPerWeek: 10 }),
  ];

  it('counts placed residents, residents with any occupation once, per kind, and planned hours', () => {
    expect(occupationMonth('2026-02', placements, occupations)).toEqual({
      month: '2026-02',
      residents: 3,
      withOccupation: 2,
      byKind: { work_practice: 1, low_threshold_work: 0, studies: 1, day_activity: 1 },
      plannedHours: 98,
    });
  });

  it('respects the month boundaries', () => {
    // January: Anna (placed), Cia (placed until 31 Jan), Dan not yet. Anna's studies 10–31 Jan = 22 days × 2 h = 44;
    // Cia's studies 31 days × 20/7 = 88.571…; Bo not placed in January.
    expect(occupationMonth('2026-01', placements, occupations)).toEqual({
      month: '2026-01',
      residents: 2,
      withOccupation: 2,
      byKind: { work_practice: 0, low_threshold_work: 0, studies: 2, day_activity: 0 },
      plannedHours: 132.6,
    });
    // March: Dan placed, his occupation is over.
    expect(occupationMonth('2026-03', placements, occupations)).toMatchObject({ residents: 3, withOccupation: 2 });
  });

  it('suppresses small cells for analysts and hides hours of 1–4 persons', () => {
    const m = occupationMonth('2026-02', placements, occupations);
    expect(suppressOccupationMonth(m)).toEqual({
      month: '2026-02',
      residents: '<5',
      withOccupation: '<5',
      byKind: { work_practice: '<5', low_threshold_work: 0, studies: '<5', day_activity: '<5' },
      plannedHours: null,
    });
    const big = { ...m, residents: 12, withOccupation: 6, byKind: { ...m.byKind, studies: 5 } };
    expect(suppressOccupationMonth(big)).toMatchObject({ residents: 12, withOccupation: 6, plannedHours: 98 });
    expect(suppressOccupationMonth({ ...m, withOccupation: 0, plannedHours: 0 }).plannedHours).toBe(0);
  });
});

describe('attendance', () => {
  const sessions = [
    { activityId: 'kallaren', date: '2026-01-31', residentIds: ['a'], guests: 3 },
    { activityId: 'kallaren', date: '2026-02-01', residentIds: ['a', 'b'], guests: 2 },
    { activityId: 'kallaren', date: '2026-02-08', residentIds: ['a', 'c', 'a'], guests: 0 },
    { activityId: 'datakurs', date: '2026-02-10', residentIds: ['a'], guests: 0 },
  ];

  it('counts sessions, attendances and distinct residents per activity and month', () => {
    expect(attendanceByMonth(sessions)).toEqual([
      { month: '2026-01', activityId: 'kallaren', sessions: 1, attendances: 4, namedAttendances: 1, guests: 3, distinctResidents: 1 },
      { month: '2026-02', activityId: 'datakurs', sessions: 1, attendances: 1, namedAttendances: 1, guests: 0, distinctResidents: 1 },
      { month: '2026-02', activityId: 'kallaren', sessions: 2, attendances: 6, namedAttendances: 4, guests: 2, distinctResidents: 3 },
    ]);
  });

  it('totals a month over all activities with each resident once', () => {
    expect(attendanceTotal('2026-02', sessions)).toEqual({
      month: '2026-02',
      sessions: 3,
      attendances: 7,
      namedAttendances: 5,
      guests: 2,
      distinctResidents: 3,
    });
    expect(attendanceTotal('2026-04', sessions)).toMatchObject({ sessions: 0, distinctResidents: 0 });
    expect(suppressAttendance(attendanceTotal('2026-02', sessions))).toMatchObject({
      sessions: 3,
      attendances: 7,
      namedAttendances: 5,
      guests: '<5',
      distinctResidents: '<5',
    });
  });
});
