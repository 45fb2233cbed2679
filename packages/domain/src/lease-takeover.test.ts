import { describe, expect, it } from 'vitest';
import { InvalidFieldsError } from './localized-field-error.ts';
import {
  DEFAULT_TAKEOVER_SETTINGS,
  dateMonthsAfter,
  monthsInPlacement,
  takeoverCliRow,
  takeoverEligibility,
  takeoverList,
  validateTakeoverSettings,
} from './lease-takeover.ts';
import type { TakeoverInput } from './lease-takeover.ts';

// A history that meets every criterion on 2026-10-15: moved in 2026-01-15, rent on time or late but never
// unpaid, only a staff note as incident, debts under an active plan.
const good: TakeoverInput = {
  placement: { id: 'p1', residentId: 'r1', startDate: '2026-01-15', endDate: null, leaseForm: 'second_hand' },
  monthStatuses: [
    { month: '2026-01', status: 'on_time' },
    { month: '2026-02', status: 'unpaid' }, // outside the six months May–October
    { month: '2026-03', status: 'late' },
    { month: '2026-04', status: 'on_time' },
    { month: '2026-05', status: 'late' },
    { month: '2026-06', status: 'on_time' },
    { month: '2026-07', status: 'on_time' },
    { month: '2026-08', status: 'on_time' },
    { month: '2026-09', status: 'on_time' },
    { month: '2026-10', status: 'open' }, // still open on the 15th: not unpaid
  ],
  incidents: [
    { date: '2026-04-14', severity: 'serious' }, // the day before the six-month window
    { date: '2026-09-01', severity: 'note' },
  ],
  debts: { hasDebts: true, activePlan: true, completedPlan: false, debtCounsellingContact: false },
};
const asOf = '2026-10-15';

describe('monthsInPlacement', () => {
  it('counts whole months like a lease: nine on the 15th, eight the day before', () => {
    expect(monthsInPlacement('2026-01-15', '2026-10-15')).toBe(9);
    expect(monthsInPlacement('2026-01-15', '2026-10-14')).toBe(8);
    expect(monthsInPlacement('2026-01-15', '2026-01-15')).toBe(0);
    expect(monthsInPlacement('2026-01-15', '2026-01-01')).toBe(0);
  });

  it('clamps a start on a day the later month lacks, and crosses the year end', () => {
    expect(monthsInPlacement('2026-01-31', '2026-02-27')).toBe(0);
    expect(monthsInPlacement('2026-01-31', '2026-02-28')).toBe(1);
    expect(monthsInPlacement('2026-01-31', '2026-03-30')).toBe(1);
    expect(monthsInPlacement('2026-01-31', '2026-03-31')).toBe(2);
    expect(monthsInPlacement('2025-05-20', '2026-02-20')).toBe(9);
    expect(dateMonthsAfter('2024-01-31', 1)).toBe('2024-02-29');
    expect(dateMonthsAfter('2026-10-15', -6)).toBe('2026-04-15');
  });
});

describe('takeoverEligibility', () => {
  it('is eligible at exactly nine months with every criterion met', () => {
    expect(takeoverEligibility(good, asOf)).toEqual({
      residentId: 'r1',
      placementId: 'p1',
      months: 9,
      monthsCompleteOn: '2026-10-15',
      rentOk: true,
      noComplaints: true,
      debtsHandled: true,
      active: true,
      eligible: true,
      missing: [],
      close: false,
    });
  });

  it('is close, missing only the months, the day before', () => {
    const quiet = { ...good, incidents: [] };
    const e = takeoverEligibility(quiet, '2026-10-14');
    expect([e.months, e.eligible, e.close, e.missing]).toEqual([8, false, true, ['months']]);
    // With the serious incident of 14 April, which is inside the six months on 14 October, two are missing.
    const both = takeoverEligibility(good, '2026-10-14');
    expect([both.close, both.missing]).toEqual([false, ['months', 'complaints']]);
  });

  it('fails rent on one unpaid month in the window, and only then', () => {
    const unpaidMay = {
      ...good,
      monthStatuses: good.monthStatuses.map((m) => (m.month === '2026-05' ? { ...m, status: 'unpaid' as const } : m)),
    };
    const e = takeoverEligibility(unpaidMay, asOf);
    expect([e.rentOk, e.noComplaints, e.debtsHandled, e.eligible, e.missing]).toEqual([false, true, true, false, ['rent']]);
    // The unpaid February is outside the window even on the last day of October; in April it was inside.
    expect(takeoverEligibility(good, '2026-10-31').rentOk).toBe(true);
    expect(takeoverEligibility(good, '2026-07-31').rentOk).toBe(false);
  });

  it('fails complaints on a complaint in the window, not on a note', () => {
    const complaint = { ...good, incidents: [...good.incidents, { date: '2026-04-15', severity: 'complaint' as const }] };
    const e = takeoverEligibility(complaint, asOf);
    expect([e.noComplaints, e.rentOk, e.debtsHandled, e.missing]).toEqual([false, true, true, ['complaints']]);
    // With the unit's setting 'serious', a complaint does not count.
    expect(takeoverEligibility(complaint, asOf, { ...DEFAULT_TAKEOVER_SETTINGS, complaintMinSeverity: 'serious' }).eligible).toBe(true);
    // An incident dated after asOf is not yet known.
    const later = { ...good, incidents: [{ date: '2026-10-16', severity: 'serious' as const }] };
    expect(takeoverEligibility(later, asOf).noComplaints).toBe(true);
  });

  it('fails debts only when there are debts and nothing is being done', () => {
    const none = { hasDebts: true, activePlan: false, completedPlan: false, debtCounsellingContact: false };
    const e = takeoverEligibility({ ...good, debts: none }, asOf);
    expect([e.debtsHandled, e.rentOk, e.noComplaints, e.missing]).toEqual([false, true, true, ['debts']]);
    for (const handled of [
      { ...none, hasDebts: false },
      { ...none, completedPlan: true },
      { ...none, debtCounsellingContact: true },
    ]) {
      expect(takeoverEligibility({ ...good, debts: handled }, asOf).debtsHandled).toBe(true);
    }
  });

  it('uses the unit’s minimum months and never makes an ended placement eligible', () => {
    expect(takeoverEligibility(good, '2026-07-15', { ...DEFAULT_TAKEOVER_SETTINGS, minMonths: 6 }).missing).toEqual(['rent', 'complaints']);
    const ended = takeoverEligibility({ ...good, placement: { ...good.placement, endDate: '2026-10-14' } }, asOf);
    expect([ended.months, ended.active, ended.eligible, ended.close]).toEqual([9, false, false, false]);
  });

  it('refuses a first-hand lease and invalid settings', () => {
    expect(() => takeoverEligibility({ ...good, placement: { ...good.placement, leaseForm: 'first_hand' } }, asOf)).toThrow(RangeError);
    expect(() => takeoverEligibility(good, asOf, { ...DEFAULT_TAKEOVER_SETTINGS, minMonths: 0 })).toThrow(InvalidFieldsError);
  });
});

describe('lists', () => {
  it('lists the eligible and the close with the missing criterion named, and leaves the rest out', () => {
    const far = {
      ...good,
      placement: { ...good.placement, id: 'p3', residentId: 'r3', startDate: '2026-06-01' },
      monthStatuses: [{ month: '2026-07', status: 'unpaid' as const }],
    };
    const close = { ...good, placement: { ...good.placement, id: 'p2', residentId: 'r0' }, debts: { ...good.debts, activePlan: false } };
    const firstHand = { ...good, placement: { ...good.placement, id: 'p4', leaseForm: 'first_hand' as const } };
    const list = takeoverList([far, close, good, firstHand], asOf);
    expect(list.map((e) => [e.placementId, e.eligible, e.missing])).toEqual([
      ['p1', true, []],
      ['p2', false, ['debts']],
    ]);
    expect(JSON.stringify(takeoverCliRow(list[0]!))).toBe(
      '{"residentId":"r1","placementId":"p1","months":9,"rentOk":true,"noComplaints":true,"debtsHandled":true,"eligible":true}',
    );
  });

  it('validates settings', () => {
    expect(validateTakeoverSettings(DEFAULT_TAKEOVER_SETTINGS)).toEqual([]);
    expect(
      validateTakeoverSettings({ minMonths: 9.5, rentWindowMonths: 0, complaintWindowMonths: 61, complaintMinSeverity: 'note' }).map(
        (e) => e.field,
      ),
    ).toEqual(['minMonths', 'rentWindowMonths', 'complaintWindowMonths', 'complaintMinSeverity']);
  });
});
