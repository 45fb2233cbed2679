import { describe, it, expect } from 'vitest';
import { checkPeriod, findOverlapping, periodsOverlap } from './placement-overlap.ts';
import type { Period } from './placement-overlap.ts';

const p = (startDate: string, endDate: string | null): Period => ({ startDate, endDate });

/** Overlap is symmetric, so every case is checked both ways round. */
function overlaps(a: Period, b: Period): boolean {
  const result = periodsOverlap(a, b);
  expect(periodsOverlap(b, a)).toBe(result);
  return result;
}

describe('periodsOverlap', () => {
  it('allows moving in the day after the previous last day', () => {
    expect(overlaps(p('2026-01-01', '2026-03-31'), p('2026-04-01', null))).toBe(false);
    expect(overlaps(p('2026-01-01', '2026-03-31'), p('2026-04-01', '2026-06-30'))).toBe(false);
  });

  it('treats moving in on the previous last day as an overlap', () => {
    expect(overlaps(p('2026-01-01', '2026-03-31'), p('2026-03-31', null))).toBe(true);
  });

  it('treats an open-ended period as overlapping everything after its start', () => {
    expect(overlaps(p('2026-01-01', null), p('2030-05-01', '2030-05-31'))).toBe(true);
    expect(overlaps(p('2026-01-01', null), p('2027-01-01', null))).toBe(true);
  });

  it('lets an open-ended period follow an ended one', () => {
    expect(overlaps(p('2025-01-01', '2025-12-31'), p('2026-01-01', null))).toBe(false);
  });

  it('does not let an earlier period reach into an open-ended one', () => {
    expect(overlaps(p('2025-06-01', '2026-01-01'), p('2026-01-01', null))).toBe(true);
    expect(overlaps(p('2025-06-01', '2025-12-31'), p('2026-01-01', null))).toBe(false);
  });

  it('detects containment', () => {
    expect(overlaps(p('2026-01-01', '2026-12-31'), p('2026-05-01', '2026-05-31'))).toBe(true);
  });

  it('detects identical periods, one-day ones too', () => {
    expect(overlaps(p('2026-01-01', '2026-06-30'), p('2026-01-01', '2026-06-30'))).toBe(true);
    expect(overlaps(p('2026-02-10', '2026-02-10'), p('2026-02-10', '2026-02-10'))).toBe(true);
    expect(overlaps(p('2026-02-10', null), p('2026-02-10', null))).toBe(true);
  });

  it('detects partial overlap and leaves separate periods alone', () => {
    expect(overlaps(p('2026-01-01', '2026-03-15'), p('2026-03-01', '2026-04-30'))).toBe(true);
    expect(overlaps(p('2026-01-01', '2026-01-31'), p('2026-03-01', '2026-03-31'))).toBe(false);
  });
});

describe('findOverlapping', () => {
  const existing = [
    { id: 'a', ...p('2025-01-01', '2025-06-30') },
    { id: 'b', ...p('2025-07-01', '2025-12-31') },
    { id: 'c', ...p('2026-03-01', null) },
  ];

  it('returns the conflicting period with its own fields', () => {
    expect(findOverlapping(p('2025-12-31', '2026-01-31'), existing)?.id).toBe('b');
    expect(findOverlapping(p('2027-01-01', null), existing)?.id).toBe('c');
  });

  it('returns undefined when the candidate fits in a gap', () => {
    expect(findOverlapping(p('2026-01-01', '2026-02-28'), existing)).toBeUndefined();
    expect(findOverlapping(p('2024-01-01', '2024-12-31'), [])).toBeUndefined();
  });
});

describe('checkPeriod', () => {
  it('accepts open-ended, one-day and normal periods', () => {
    expect(checkPeriod(p('2026-01-01', null))).toBeNull();
    expect(checkPeriod(p('2026-01-01', '2026-01-01'))).toBeNull();
    expect(checkPeriod(p('2026-01-01', '2026-12-31'))).toBeNull();
  });

  it('rejects an end before the start', () => {
    expect(checkPeriod(p('2026-01-02', '2026-01-01'))).toBe('end_before_start');
  });
});
