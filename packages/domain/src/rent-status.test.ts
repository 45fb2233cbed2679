import { describe, expect, it } from 'vitest';
import { classifyMonth } from './rent-status.ts';

// Rent for December 2026 is due on 2026-11-30 (a Monday).
const december = { month: '2026-12', dueDate: '2026-11-30' };

describe('classifyMonth', () => {
  it('is on time when paid in full on or before the due date', () => {
    expect(classifyMonth({ ...december, paidInFullOn: '2026-11-30' }, '2027-01-10')).toBe('on_time');
    expect(classifyMonth({ ...december, paidInFullOn: '2026-10-02' }, '2027-01-10')).toBe('on_time');
  });

  it('is late when paid after the due date but by the 15th', () => {
    expect(classifyMonth({ ...december, paidInFullOn: '2026-12-01' }, '2027-01-10')).toBe('late');
    expect(classifyMonth({ ...december, paidInFullOn: '2026-12-15' }, '2027-01-10')).toBe('late');
  });

  it('is unpaid when not paid by the end of the 15th, even if paid later', () => {
    expect(classifyMonth({ ...december, paidInFullOn: '2026-12-16' }, '2027-01-10')).toBe('unpaid');
    expect(classifyMonth({ ...december, paidInFullOn: null }, '2026-12-16')).toBe('unpaid');
  });

  it('stays open until the 15th has passed', () => {
    expect(classifyMonth({ ...december, paidInFullOn: null }, '2026-12-01')).toBe('open');
    expect(classifyMonth({ ...december, paidInFullOn: null }, '2026-12-15')).toBe('open');
  });

  it('gives a first month that starts after the 15th its due date as the deadline', () => {
    const moveIn = { month: '2026-12', dueDate: '2026-12-20' };
    expect(classifyMonth({ ...moveIn, paidInFullOn: '2026-12-18' }, '2027-01-10')).toBe('on_time');
    expect(classifyMonth({ ...moveIn, paidInFullOn: null }, '2026-12-20')).toBe('open');
    expect(classifyMonth({ ...moveIn, paidInFullOn: null }, '2026-12-21')).toBe('unpaid');
  });

  it('follows a unit’s own last day', () => {
    expect(classifyMonth({ ...december, paidInFullOn: '2026-12-12' }, '2027-01-10', 10)).toBe('unpaid');
  });
});
