import { describe, expect, it } from 'vitest';
import { addDays } from './calendar-date.ts';
import { InvalidFieldsError } from './localized-field-error.ts';
import {
  DEADLINE_URGENCIES,
  DEADLINE_URGENCY_LABELS,
  daysLeft,
  deadlineCountdown,
  deadlineUrgency,
  reinstatementDeadline,
  validateDeadlineDate,
} from './reinstatement-deadline.ts';
import { isVardag } from './swedish-calendar.ts';

describe('reinstatementDeadline', () => {
  // Weekdays checked with `date -d`; holidays from lag 1989:253 and lag 1930:173 2 §.
  it('is served + 21 days when that is a vardag (three weeks: same weekday, lag 1930:173 1 §)', () => {
    expect(reinstatementDeadline('2026-03-02')).toBe('2026-03-23'); // Monday → Monday
    expect(reinstatementDeadline('2026-09-15')).toBe('2026-10-06'); // Tuesday → Tuesday
  });

  it('moves a deadline on a Saturday to the Monday', () => {
    // Served Saturday 7 February 2026; + 21 = Saturday 28 February → Monday 2 March.
    expect(reinstatementDeadline('2026-02-07')).toBe('2026-03-02');
  });

  it('moves a deadline on midsommarafton past midsommardagen and the Sunday', () => {
    // Served Friday 29 May 2026; + 21 = Friday 19 June, midsommarafton → Monday 22 June.
    expect(reinstatementDeadline('2026-05-29')).toBe('2026-06-22');
  });

  it('moves a deadline on julafton past juldagen, annandag jul and the weekend', () => {
    // Served Thursday 3 December 2026; + 21 = Thursday 24 December → Monday 28 December.
    expect(reinstatementDeadline('2026-12-03')).toBe('2026-12-28');
  });

  it('moves a deadline on nyårsafton across the year end, past nyårsdagen and the weekend', () => {
    // Served Thursday 10 December 2026; + 21 = Thursday 31 December → Monday 4 January 2027.
    expect(reinstatementDeadline('2026-12-10')).toBe('2027-01-04');
  });

  it('crosses the year end onto trettondedag jul and moves past it', () => {
    // Served Wednesday 16 December 2026; + 21 = Wednesday 6 January 2027 → Thursday 7 January.
    expect(reinstatementDeadline('2026-12-16')).toBe('2027-01-07');
    // Served Monday 14 December 2026; + 21 = Monday 4 January 2027, a vardag.
    expect(reinstatementDeadline('2026-12-14')).toBe('2027-01-04');
  });

  it('moves a deadline on långfredagen past Easter', () => {
    // Easter Sunday 2027 is 28 March. Served Friday 5 March; + 21 = långfredagen 26 March → Tuesday 30 March.
    expect(reinstatementDeadline('2027-03-05')).toBe('2027-03-30');
  });

  it('is always a vardag, 21–26 days after service', () => {
    for (let served = '2026-01-01'; served <= '2028-12-31'; served = addDays(served, 1)) {
      const deadline = reinstatementDeadline(served);
      expect(isVardag(deadline), deadline).toBe(true);
      expect(deadline >= addDays(served, 21) && deadline <= addDays(served, 26), `${served} → ${deadline}`).toBe(true);
    }
  });

  it('refuses an invalid served date with a field error in both languages', () => {
    for (const bad of ['2026-02-30', '2026-2-3', '', '20260203']) {
      expect(() => reinstatementDeadline(bad)).toThrow(InvalidFieldsError);
    }
    try {
      reinstatementDeadline('2026-13-01');
      expect.unreachable();
    } catch (e) {
      expect((e as InvalidFieldsError).fields).toEqual([
        { field: 'served', code: 'invalid_date', message: { sv: 'Ange datumet som ÅÅÅÅ-MM-DD.', en: 'Give the date as YYYY-MM-DD.' } },
      ]);
    }
    expect(validateDeadlineDate('1500-01-01', 'served')[0]?.code).toBe('out_of_range');
    expect(validateDeadlineDate('9999-01-01', 'served')[0]?.code).toBe('out_of_range');
    expect(validateDeadlineDate(20260203, 'served')[0]?.code).toBe('invalid_date');
    expect(validateDeadlineDate('2026-02-03', 'served')).toEqual([]);
  });
});

describe('daysLeft and deadlineUrgency', () => {
  const deadline = '2026-03-23';

  it('counts whole days; 0 on the deadline day, negative after', () => {
    expect(daysLeft(deadline, '2026-03-02')).toBe(21);
    expect(daysLeft(deadline, '2026-03-22')).toBe(1);
    expect(daysLeft(deadline, '2026-03-23')).toBe(0);
    expect(daysLeft(deadline, '2026-03-24')).toBe(-1);
    expect(daysLeft('2027-01-04', '2026-12-28')).toBe(7);
  });

  it('classes the countdown', () => {
    expect(deadlineUrgency(deadline, '2026-03-24')).toBe('overdue');
    expect(deadlineUrgency(deadline, '2026-03-23')).toBe('today');
    expect(deadlineUrgency(deadline, '2026-03-22')).toBe('within_7_days');
    expect(deadlineUrgency(deadline, '2026-03-16')).toBe('within_7_days');
    expect(deadlineUrgency(deadline, '2026-03-15')).toBe('later');
    expect(deadlineCountdown(deadline, '2026-03-20')).toEqual({ deadline, daysLeft: 3, urgency: 'within_7_days' });
  });

  it('names the field of an invalid date', () => {
    try {
      daysLeft('2026-03-32', 'today?');
      expect.unreachable();
    } catch (e) {
      expect((e as InvalidFieldsError).fields.map((f) => f.field)).toEqual(['deadline', 'today']);
    }
  });

  it('has a label in both languages for every urgency', () => {
    for (const u of DEADLINE_URGENCIES) expect(DEADLINE_URGENCY_LABELS[u].sv && DEADLINE_URGENCY_LABELS[u].en).toBeTruthy();
  });
});
