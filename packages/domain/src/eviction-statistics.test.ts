import { describe, expect, it } from 'vitest';
import { evictionStatisticsByMonth, evictionStatisticsByYear, median } from './eviction-statistics.ts';
import type { EvictionStatisticsInput, StatsCase } from './eviction-statistics.ts';

// Five households. Days to first contact: A 3, B 10, C not reached, D 21, E 0.
const cases: StatsCase[] = [
  {
    id: 'A',
    receivedOn: '2026-01-10',
    adults: 2,
    children: 2,
    firstContactOn: '2026-01-13',
    outcome: 'tenancy_kept',
    closedOn: '2026-03-20',
  },
  { id: 'B', receivedOn: '2026-01-25', adults: 1, children: 0, firstContactOn: '2026-02-04', outcome: 'evicted', closedOn: '2026-02-20' },
  { id: 'C', receivedOn: '2026-02-03', adults: 1, children: 3, firstContactOn: null, outcome: null, closedOn: null },
  {
    id: 'D',
    receivedOn: '2025-12-15',
    adults: 1,
    children: 1,
    firstContactOn: '2026-01-05',
    outcome: 'tenancy_kept',
    closedOn: '2026-01-30',
  },
  {
    id: 'E',
    receivedOn: '2026-03-01',
    adults: 2,
    children: 1,
    firstContactOn: '2026-03-01',
    outcome: 'moved_via_social_services',
    closedOn: '2026-03-31',
  },
];

const input: EvictionStatisticsInput = {
  cases,
  reports: [
    { caseId: 'A', receivedOn: '2026-01-10', kind: 'early_warning', reasons: ['rent_arrears'] },
    { caseId: 'A', receivedOn: '2026-02-15', kind: 'termination_notice', reasons: ['rent_arrears'] },
    { caseId: 'B', receivedOn: '2026-01-25', kind: 'early_warning', reasons: ['disturbance', 'neglect'] },
    { caseId: 'B', receivedOn: '2026-02-01', kind: 'eviction_notice', reasons: ['disturbance'] },
    { caseId: 'C', receivedOn: '2026-02-03', kind: 'early_warning', reasons: ['rent_arrears', 'disturbance'] },
    { caseId: 'D', receivedOn: '2025-12-15', kind: 'termination_notice', reasons: ['rent_arrears'] },
    { caseId: 'E', receivedOn: '2026-03-01', kind: 'early_warning', reasons: ['other'] },
  ],
  referrals: [
    { caseId: 'A', on: '2026-01-20', service: 'budget_debt_counselling', status: 'started' },
    { caseId: 'A', on: '2026-02-02', service: 'psychiatry', status: 'declined' },
    { caseId: 'C', on: '2026-02-10', service: 'parenting_support', status: 'suggested' },
    { caseId: 'E', on: '2026-03-05', service: 'budget_debt_counselling', status: 'made' },
    { caseId: 'D', on: '2025-12-20', service: 'addiction_care', status: 'accepted' },
  ],
};

describe('evictionStatisticsByYear', () => {
  const [y2025, y2026, y2027] = evictionStatisticsByYear(input, 2025, 2027);

  it('counts reports by kind and reason, of which rent arrears', () => {
    expect(y2026!.reports).toEqual({
      total: 6,
      rentArrears: 3, // A twice, C
      byKind: { early_warning: 4, termination_notice: 1, eviction_notice: 1 },
      byReason: { rent_arrears: 3, disturbance: 3, neglect: 1, other: 1 },
    });
    expect(y2025!.reports).toMatchObject({ total: 1, rentArrears: 1, byKind: { termination_notice: 1 } });
  });

  it('counts each household once a year, with its children', () => {
    expect([y2026!.households, y2026!.childrenAffected]).toEqual([4, 6]); // A, B, C, E: 2 + 0 + 3 + 1
    expect([y2025!.households, y2025!.childrenAffected]).toEqual([1, 1]);
  });

  it('takes the median days to first contact over the cases opened that year and reached', () => {
    expect(y2026!.firstContact).toEqual({ cases: 4, reached: 3, medianDays: 3 }); // 0, 3, 10; C not reached
    expect(y2025!.firstContact).toEqual({ cases: 1, reached: 1, medianDays: 21 }); // D, contact in the next year
  });

  it('counts prevented and carried out evictions by the closing date', () => {
    expect([y2026!.evictionsPrevented, y2026!.evictionsCarriedOut, y2026!.childrenInEvictions]).toEqual([2, 1, 0]); // A, D; B
    expect([y2025!.evictionsPrevented, y2025!.evictionsCarriedOut]).toEqual([0, 0]);
  });

  it('counts referrals by service and status', () => {
    expect(y2026!.referralsByService.budget_debt_counselling).toEqual({
      total: 2,
      byStatus: { suggested: 0, made: 1, accepted: 0, started: 1, declined: 0 },
    });
    expect(y2026!.referralsByService.psychiatry.byStatus.declined).toBe(1);
    expect(y2026!.referralsByService.parenting_support.total).toBe(1);
    expect(y2026!.referralsByService.addiction_care.total).toBe(0);
    expect(y2025!.referralsByService.addiction_care.byStatus.accepted).toBe(1);
  });

  it('gives an empty row for a year without records', () => {
    expect(y2027).toMatchObject({
      period: '2027',
      reports: { total: 0 },
      households: 0,
      firstContact: { cases: 0, reached: 0, medianDays: null },
    });
  });
});

describe('evictionStatisticsByMonth', () => {
  const rows = evictionStatisticsByMonth(input, '2026-01', '2026-03');
  const brief = rows.map((r) => ({
    period: r.period,
    reports: r.reports.total,
    rentArrears: r.reports.rentArrears,
    households: r.households,
    children: r.childrenAffected,
    contact: r.firstContact,
    prevented: r.evictionsPrevented,
    evicted: r.evictionsCarriedOut,
    referrals: Object.values(r.referralsByService).reduce((s, c) => s + c.total, 0),
  }));

  it('gives the hand-checked figures per month', () => {
    expect(brief).toEqual([
      // January: A and B reported; D (reported in December) closed with the tenancy kept.
      {
        period: '2026-01',
        reports: 2,
        rentArrears: 1,
        households: 2,
        children: 2,
        contact: { cases: 2, reached: 2, medianDays: 6.5 },
        prevented: 1,
        evicted: 0,
        referrals: 1,
      },
      // February: A's notice, B's eviction notice and C; B evicted.
      {
        period: '2026-02',
        reports: 3,
        rentArrears: 2,
        households: 3,
        children: 5,
        contact: { cases: 1, reached: 0, medianDays: null },
        prevented: 0,
        evicted: 1,
        referrals: 2,
      },
      // March: E reported and reached the same day; A closed with the tenancy kept; E's move is not "prevented".
      {
        period: '2026-03',
        reports: 1,
        rentArrears: 0,
        households: 1,
        children: 1,
        contact: { cases: 1, reached: 1, medianDays: 0 },
        prevented: 1,
        evicted: 0,
        referrals: 1,
      },
    ]);
    expect(rows[1]!.reports.byKind).toEqual({ early_warning: 1, termination_notice: 1, eviction_notice: 1 });
  });

  it('refuses bad input', () => {
    expect(() => evictionStatisticsByMonth(input, '2026-13', '2026-03')).toThrow(RangeError);
    expect(() => evictionStatisticsByYear(input, 2026.5, 2027)).toThrow(RangeError);
    const orphan = {
      ...input,
      reports: [{ caseId: 'X', receivedOn: '2026-01-01', kind: 'early_warning' as const, reasons: ['other' as const] }],
    };
    expect(() => evictionStatisticsByYear(orphan, 2026, 2026)).toThrow(/case "X"/);
    const halfClosed = { ...input, cases: [{ ...cases[2]!, outcome: 'evicted' as const }] };
    expect(() => evictionStatisticsByYear({ ...halfClosed, reports: [], referrals: [] }, 2026, 2026)).toThrow(RangeError);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([10, 0, 3])).toBe(3);
    expect(median([10, 3])).toBe(6.5);
    expect(median([4, 1, 2, 8])).toBe(3);
  });
});
