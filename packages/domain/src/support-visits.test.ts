import { describe, expect, it } from 'vitest';
import {
  complianceByResident,
  complianceByStaff,
  summarizeWeeks,
  validateVisit,
  validateVisitAgreement,
  weeklyCompliance,
  weeksWithoutVisit,
} from './support-visits.ts';
import type { Visit, VisitAgreement } from './support-visits.ts';

const visit = (date: string, outcome: Visit['outcome'] = 'held', place: Visit['place'] = 'apartment', staff = 's1'): Visit => ({
  date,
  place,
  outcome,
  staffIds: [staff],
  planned: true,
});

// Agreement from Tuesday 2026-12-01; the placement from 2026-11-20; evaluated on Wednesday 2027-01-13.
const agreement: VisitAgreement = { visitsPerWeek: 1, from: '2026-12-01', to: null };
const placement = { startDate: '2026-11-20', endDate: null };
const visits: Visit[] = [
  visit('2026-12-01'), // week 49: the agreement does not cover Monday 30 Nov, so the week is not measured
  visit('2026-12-08'), // week 50: met
  visit('2026-12-16', 'held', 'phone'), // week 51: a phone call is not the agreed visit → missed
  visit('2026-12-22', 'declined'), // week 52: declined
  visit('2027-01-02'), // week 53 (28 Dec–3 Jan, across the month and year end): met
  visit('2027-01-05', 'no_show'), // 2027 week 1: the resident was not there → declined, counted as no-show
];

describe('weeklyCompliance', () => {
  const weeks = weeklyCompliance(agreement, visits, placement, '2027-01-13');

  it('measures full ISO weeks only, across month and year ends, with the current week open', () => {
    expect(weeks.map((w) => [`${w.year}-W${w.week}`, w.monday, w.sunday, w.status])).toEqual([
      ['2026-W50', '2026-12-07', '2026-12-13', 'met'],
      ['2026-W51', '2026-12-14', '2026-12-20', 'missed'],
      ['2026-W52', '2026-12-21', '2026-12-27', 'declined'],
      ['2026-W53', '2026-12-28', '2027-01-03', 'met'],
      ['2027-W1', '2027-01-04', '2027-01-10', 'declined'],
      ['2027-W2', '2027-01-11', '2027-01-17', 'open'],
    ]);
    expect(weeks[4]).toMatchObject({ required: 1, held: 0, declined: 0, noShow: 1 });
  });

  it('marks the current week met as soon as the visit is held, and a week is finished only after its Sunday', () => {
    const w = weeklyCompliance(agreement, [...visits, visit('2027-01-12')], placement, '2027-01-13');
    expect(w.at(-1)!.status).toBe('met');
    const onSunday = weeklyCompliance(agreement, visits, placement, '2027-01-17');
    expect(onSunday.at(-1)!.status).toBe('open');
    expect(weeklyCompliance(agreement, visits, placement, '2027-01-18').find((x) => x.monday === '2027-01-11')!.status).toBe('missed');
  });

  it('leaves out the week the placement ends in when it ends before Sunday', () => {
    const ended = weeklyCompliance(agreement, visits, { startDate: '2026-11-20', endDate: '2026-12-23' }, '2027-01-13');
    expect(ended.map((w) => w.monday)).toEqual(['2026-12-07', '2026-12-14']);
    // Ending on a Sunday keeps that week.
    const onSunday = weeklyCompliance(agreement, visits, { startDate: '2026-11-20', endDate: '2026-12-27' }, '2027-01-13');
    expect(onSunday.map((w) => w.monday)).toEqual(['2026-12-07', '2026-12-14', '2026-12-21']);
  });

  it('tells partial from declined when two visits a week are agreed', () => {
    const two = { ...agreement, visitsPerWeek: 2 };
    const w = weeklyCompliance(
      two,
      [visit('2026-12-07'), visit('2026-12-09'), visit('2026-12-14'), visit('2026-12-16', 'declined'), visit('2026-12-22')],
      placement,
      '2026-12-31',
    );
    expect(w.map((x) => x.status)).toEqual(['met', 'declined', 'partial', 'open']);
  });

  it('counts visits elsewhere when the agreement says so, and nothing before the placement starts', () => {
    const anywhere = { ...agreement, places: ['apartment', 'phone'] as const };
    expect(weeklyCompliance(anywhere, visits, placement, '2027-01-13')[1]!.status).toBe('met');
    expect(weeklyCompliance(agreement, visits, placement, '2026-11-01')).toEqual([]);
  });
});

describe('lists and summaries', () => {
  it('lists only finished weeks without a visit, not declined or open ones', () => {
    expect(weeksWithoutVisit(agreement, visits, placement, '2027-01-13').map((w) => w.monday)).toEqual(['2026-12-14']);
  });

  it('summarizes with declined weeks outside the share', () => {
    const weeks = weeklyCompliance(agreement, visits, placement, '2027-01-13');
    // Finished: met 2, missed 1, declined 2 → share met 2 / 3.
    expect(summarizeWeeks(weeks)).toEqual({ weeks: 5, met: 2, declined: 2, partial: 0, missed: 1, shareMet: 2 / 3 });
    expect(summarizeWeeks([])).toEqual({ weeks: 0, met: 0, declined: 0, partial: 0, missed: 0, shareMet: null });
  });

  it('summarizes per resident and per staff member by the contact person on each Sunday', () => {
    const weeks = weeklyCompliance(agreement, visits, placement, '2027-01-13');
    const other = weeklyCompliance(agreement, [], placement, '2026-12-21'); // weeks 50 and 51, both missed
    const residents = [
      {
        residentId: 'r1',
        weeks,
        // Hand-over on Wednesday 16 Dec: week 51 (Sunday 20 Dec) is anna's.
        contactPersons: [
          { staffId: 'bo', from: '2026-11-20', to: '2026-12-15' },
          { staffId: 'anna', from: '2026-12-16', to: null },
        ],
      },
      { residentId: 'r2', weeks: other },
    ];
    expect(complianceByResident(residents).map((r) => [r.residentId, r.shareMet])).toEqual([
      ['r1', 2 / 3],
      ['r2', 0],
    ]);
    expect(complianceByStaff(residents)).toEqual([
      { staffId: 'anna', weeks: 4, met: 1, declined: 2, partial: 0, missed: 1, shareMet: 0.5 },
      { staffId: 'bo', weeks: 1, met: 1, declined: 0, partial: 0, missed: 0, shareMet: 1 },
      { staffId: null, weeks: 2, met: 0, declined: 0, partial: 0, missed: 2, shareMet: 0 },
    ]);
  });
});

describe('validation', () => {
  it('accepts the Bostad först default and names every problem', () => {
    expect(validateVisitAgreement(agreement)).toEqual([]);
    const errors = validateVisitAgreement({ visitsPerWeek: 0, from: '2026-12-01', to: '2026-11-01', places: [] });
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['visitsPerWeek', 'out_of_range'],
      ['to', 'end_before_start'],
      ['places', 'invalid_choice'],
    ]);
    expect(errors[0]!.message.sv).toBe('Ange 1–7 besök i veckan.');
  });

  it('checks a visit record', () => {
    expect(validateVisit({ ...visit('2026-12-01'), goalsTouched: ['egen ekonomi'], note: 'Fika.' })).toEqual([]);
    const bad = {
      date: '2026-13-01',
      place: 'car',
      outcome: 'held',
      staffIds: [],
      planned: 'yes',
      note: 'x'.repeat(1001),
    } as unknown as Visit;
    expect(validateVisit(bad).map((e) => e.field)).toEqual(['date', 'place', 'staffIds', 'planned', 'note']);
  });
});
