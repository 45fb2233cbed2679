import { describe, expect, it } from 'vitest';
import {
  incidentRate,
  incidentRatesByMonth,
  incidentRatesByQuarter,
  severityAtLeast,
  tenancyMonths,
  validateIncident,
} from './incidents.ts';
import type { Incident } from './incidents.ts';

const at = (date: string) => ({ date });

describe('tenancyMonths', () => {
  it('counts days occupied over days in each month', () => {
    // From 15 Feb 2026: 14 of 28 days in February, then all of March.
    expect(tenancyMonths([{ startDate: '2026-02-15', endDate: null }], '2026-02-01', '2026-03-31')).toBe(1.5);
    // Leap year: 15–29 Feb 2024 is 15 of 29 days.
    expect(tenancyMonths([{ startDate: '2024-02-15', endDate: null }], '2024-02-01', '2024-02-29')).toBeCloseTo(15 / 29, 12);
    // The last day is included: 1–10 January is 10 of 31 days.
    expect(tenancyMonths([{ startDate: '2025-12-20', endDate: '2026-01-10' }], '2026-01-01', '2026-01-31')).toBeCloseTo(10 / 31, 12);
  });

  it('adds placements of a unit, and clips to the period', () => {
    const unit = [
      { startDate: '2026-01-01', endDate: null },
      { startDate: '2026-03-16', endDate: '2026-04-15' },
    ];
    // Jan–Mar: 3 + 16/31 (16–31 March); April 1–15 of the second: 15/30, and the first all April.
    expect(tenancyMonths(unit, '2026-01-01', '2026-04-30')).toBeCloseTo(4 + 16 / 31 + 0.5, 12);
    expect(tenancyMonths(unit, '2026-02-10', '2026-02-23')).toBe(0.5);
    expect(tenancyMonths(unit, '2025-01-01', '2025-12-31')).toBe(0);
  });
});

describe('incidentRate', () => {
  const placements = [{ startDate: '2026-01-01', endDate: null }];
  const incidents = [at('2026-01-10'), at('2026-02-03'), at('2026-02-20'), at('2026-06-01')];

  it('gives incidents per 100 tenancy-months with the counts', () => {
    // 3 incidents in January–April, 4 tenancy-months: 75 per 100.
    expect(incidentRate(incidents, placements, { from: '2026-01-01', to: '2026-04-30' })).toEqual({
      from: '2026-01-01',
      to: '2026-04-30',
      incidents: 3,
      tenancyMonths: 4,
      per100: 75,
    });
    expect(incidentRate(incidents, [], { from: '2026-01-01', to: '2026-01-31' }).per100).toBeNull();
  });

  it('follows the rate per month and per quarter', () => {
    const half = [{ startDate: '2026-02-15', endDate: null }];
    expect(
      incidentRatesByMonth([at('2026-02-20')], half, '2026-01', '2026-03').map((r) => [r.month, r.incidents, r.tenancyMonths, r.per100]),
    ).toEqual([
      ['2026-01', 0, 0, null],
      ['2026-02', 1, 0.5, 200],
      ['2026-03', 0, 1, 0],
    ]);
    const q = incidentRatesByQuarter(incidents, placements, '2026-02', '2026-07');
    expect(q.map((r) => [r.quarter, r.from, r.to, r.incidents, r.tenancyMonths, r.per100])).toEqual([
      ['2026-Q1', '2026-01-01', '2026-03-31', 3, 3, 100],
      ['2026-Q2', '2026-04-01', '2026-06-30', 1, 3, 100 / 3],
      ['2026-Q3', '2026-07-01', '2026-09-30', 0, 3, 0],
    ]);
  });
});

describe('severity and validation', () => {
  it('orders severities', () => {
    expect(severityAtLeast('serious', 'complaint')).toBe(true);
    expect(severityAtLeast('complaint', 'complaint')).toBe(true);
    expect(severityAtLeast('note', 'complaint')).toBe(false);
  });

  it('validates an incident', () => {
    const ok: Incident = {
      date: '2026-03-01',
      kind: 'troublesome_visitors',
      source: 'neighbour',
      severity: 'complaint',
      actionTaken: 'Samtal.',
    };
    expect(validateIncident(ok)).toEqual([]);
    const bad = { date: 'x', kind: 'noise', source: 'cat', severity: 'mild', actionTaken: 'x'.repeat(2001) } as unknown as Incident;
    expect(validateIncident(bad).map((e) => e.field)).toEqual(['date', 'kind', 'source', 'severity', 'actionTaken']);
  });
});
