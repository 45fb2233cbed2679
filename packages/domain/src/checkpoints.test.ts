import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween } from './calendar-date.ts';
import { addMonths, monthOf } from './calendar-month.ts';
import {
  MAX_CHECKPOINT_SHIFT_DAYS,
  checkpointKinds,
  checkpointsBetween,
  checkpointsDueOn,
  checkpointsForMonth,
  finalDeadline,
  isUnpaidAt,
  monthStatusAt,
  onTimeDeadline,
} from './checkpoints.ts';
import type { Checkpoint } from './checkpoints.ts';
import { InvalidFieldsError } from './localized-field-error.ts';
import { rentDueDate } from './rent-due-date.ts';
import { classifyMonth } from './rent-status.ts';
import { isVardag, nextVardag } from './swedish-calendar.ts';
import { DEFAULT_RENT_SETTINGS, settingsForMonth } from './unit-rent-settings.ts';
import type { RentSettings } from './unit-rent-settings.ts';

const defaults = () => DEFAULT_RENT_SETTINGS;
const noMove: RentSettings = { ...DEFAULT_RENT_SETTINGS, moveToNextVardag: false };
const calendarDay: RentSettings = { ...DEFAULT_RENT_SETTINGS, onTimeRule: 'last_calendar_day' };
const brief = (c: Checkpoint) => `${c.kind} ${c.nominalDate}→${c.runDate}`;

describe('checkpointKinds', () => {
  it('maps the routine: the first is the reminder, the last the manager meeting, any between home visits', () => {
    expect(checkpointKinds(3)).toEqual(['reminder', 'home_visit', 'manager_meeting']);
    expect(checkpointKinds(2)).toEqual(['reminder', 'manager_meeting']);
    expect(checkpointKinds(1)).toEqual(['manager_meeting']);
    expect(checkpointKinds(5)).toEqual(['reminder', 'home_visit', 'home_visit', 'home_visit', 'manager_meeting']);
  });

  it('needs at least one day', () => {
    expect(() => checkpointKinds(0)).toThrow(RangeError);
  });
});

describe('checkpointsForMonth', () => {
  it('runs on the days themselves when they are vardagar (December 2026: Tue 1, Sat 5, Tue 15)', () => {
    expect(checkpointsForMonth('2026-12', DEFAULT_RENT_SETTINGS).map(brief)).toEqual([
      'reminder 2026-12-01→2026-12-01',
      'home_visit 2026-12-05→2026-12-07',
      'manager_meeting 2026-12-15→2026-12-15',
    ]);
  });

  it('moves weekend days and holidays to the next vardag', () => {
    // 2026-11-01 is a Sunday (alla helgons dag is Saturday 31 October); 2026-11-15 a Sunday.
    expect(checkpointsForMonth('2026-11', DEFAULT_RENT_SETTINGS).map(brief)).toEqual([
      'reminder 2026-11-01→2026-11-02',
      'home_visit 2026-11-05→2026-11-05',
      'manager_meeting 2026-11-15→2026-11-16',
    ]);
    // 2026-04-05 is påskdagen: annandag påsk follows, so the home visit is on Tuesday the 7th.
    expect(checkpointsForMonth('2026-04', DEFAULT_RENT_SETTINGS)[1]?.runDate).toBe('2026-04-07');
    // 2027-01-01 is nyårsdagen (a Friday): the reminder runs on Monday the 4th.
    expect(checkpointsForMonth('2027-01', DEFAULT_RENT_SETTINGS)[0]?.runDate).toBe('2027-01-04');
  });

  it('keeps the nominal day when the unit does not move checkpoints', () => {
    expect(checkpointsForMonth('2026-11', noMove).map((c) => c.runDate)).toEqual(['2026-11-01', '2026-11-05', '2026-11-15']);
  });

  it('can move a late day into the next month', () => {
    const lateDays: RentSettings = { ...DEFAULT_RENT_SETTINGS, checkpointDays: [1, 14, 28], lastDay: 28 };
    // 2026-02-28 is a Saturday.
    expect(checkpointsForMonth('2026-02', lateDays)[2]).toEqual({
      month: '2026-02',
      kind: 'manager_meeting',
      nominalDate: '2026-02-28',
      runDate: '2026-03-02',
    });
    // Påskdagen 2059 is 30 March: långfredagen is the 28th and annandag påsk the 31st.
    expect(checkpointsForMonth('2059-03', lateDays)[2]?.runDate).toBe('2059-04-01');
  });

  it('refuses invalid settings with the validation errors', () => {
    const bad: RentSettings = { ...DEFAULT_RENT_SETTINGS, checkpointDays: [15, 5] };
    expect(() => checkpointsForMonth('2026-11', bad)).toThrow(InvalidFieldsError);
    try {
      checkpointsForMonth('2026-11', bad);
    } catch (e) {
      expect((e as InvalidFieldsError).fields.map((f) => f.code)).toEqual(['not_ascending', 'not_last_checkpoint']);
    }
    expect(() => checkpointsForMonth('2026-13', DEFAULT_RENT_SETTINGS)).toThrow(RangeError);
  });

  it('never moves a checkpoint more than five days, so it runs in its own month or the next (1950–2150)', () => {
    let longest = 0;
    for (let d = '1950-01-01'; d < '2151-01-01'; d = addDays(d, 1)) longest = Math.max(longest, daysBetween(d, nextVardag(d)));
    expect(longest).toBe(MAX_CHECKPOINT_SHIFT_DAYS);
    // The five days: Saturday 22 – Wednesday 26 December 2029 (julafton on a Monday).
    expect(nextVardag('2029-12-22')).toBe('2029-12-27');
  });
});

const settingsArb: fc.Arbitrary<RentSettings> = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 1, max: 28 }), { minLength: 1, maxLength: 5 }),
    onTimeRule: fc.constantFrom('last_vardag' as const, 'last_calendar_day' as const),
    moveToNextVardag: fc.boolean(),
  })
  .map(({ days, onTimeRule, moveToNextVardag }) => {
    const checkpointDays = [...days].sort((a, b) => a - b);
    return { checkpointDays, onTimeRule, moveToNextVardag, lastDay: checkpointDays[checkpointDays.length - 1]! };
  });

const dateArb = fc.integer({ min: 0, max: 365 * 30 }).map((n) => addDays('2020-01-01', n));

describe('checkpointsDueOn', () => {
  it('finds the checkpoints running on a day, also those of the month before', () => {
    const lateFebruary = (month: string): RentSettings =>
      month === '2026-02' ? { ...DEFAULT_RENT_SETTINGS, checkpointDays: [1, 14, 28], lastDay: 28 } : DEFAULT_RENT_SETTINGS;
    // 1 March 2026 is a Sunday too, so February's last checkpoint and March's reminder both run on Monday the 2nd.
    expect(checkpointsDueOn('2026-03-02', lateFebruary).map((c) => `${c.month} ${c.kind}`)).toEqual([
      '2026-02 manager_meeting',
      '2026-03 reminder',
    ]);
    expect(checkpointsDueOn('2026-11-01', defaults)).toEqual([]);
    expect(checkpointsDueOn('2026-11-02', defaults)).toEqual([
      { month: '2026-11', kind: 'reminder', nominalDate: '2026-11-01', runDate: '2026-11-02' },
    ]);
    expect(checkpointsDueOn('2026-11-01', () => noMove).map((c) => c.kind)).toEqual(['reminder']);
    expect(checkpointsDueOn('2026-11-03', defaults)).toEqual([]);
  });

  it('follows a change of settings from its month on', () => {
    const history = [{ fromMonth: '2027-03', settings: { ...DEFAULT_RENT_SETTINGS, checkpointDays: [2, 10], lastDay: 10 } }];
    const settingsFor = (month: string) => settingsForMonth(history, month);
    expect(checkpointsDueOn('2027-02-05', settingsFor).map((c) => c.kind)).toEqual(['home_visit']);
    expect(checkpointsDueOn('2027-03-05', settingsFor)).toEqual([]);
    expect(checkpointsDueOn('2027-03-02', settingsFor).map((c) => c.kind)).toEqual(['reminder']);
    expect(checkpointsDueOn('2027-03-10', settingsFor).map((c) => c.kind)).toEqual(['manager_meeting']);
  });

  it('returns every checkpoint exactly once, on its run date, which is a vardag when moved', () => {
    fc.assert(
      fc.property(settingsArb, fc.integer({ min: 0, max: 12 * 30 }), (settings, n) => {
        const month = addMonths('2020-01', n);
        for (const c of checkpointsForMonth(month, settings)) {
          expect(c.runDate >= c.nominalDate).toBe(true);
          expect(daysBetween(c.nominalDate, c.runDate)).toBeLessThanOrEqual(MAX_CHECKPOINT_SHIFT_DAYS);
          expect([month, addMonths(month, 1)]).toContain(monthOf(c.runDate));
          if (settings.moveToNextVardag) expect(isVardag(c.runDate)).toBe(true);
          else expect(c.runDate).toBe(c.nominalDate);
          const due = checkpointsDueOn(c.runDate, () => settings);
          expect(due.filter((d) => d.month === month && d.nominalDate === c.nominalDate)).toEqual([c]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkpointsBetween', () => {
  it('catches up the checkpoints a stopped server missed', () => {
    expect(checkpointsBetween('2026-10-30', '2026-11-17', defaults).map(brief)).toEqual([
      'reminder 2026-11-01→2026-11-02',
      'home_visit 2026-11-05→2026-11-05',
      'manager_meeting 2026-11-15→2026-11-16',
    ]);
    expect(checkpointsBetween('2026-11-02', '2026-11-02', defaults)).toEqual([]);
    expect(checkpointsBetween('2026-11-10', '2026-11-02', defaults)).toEqual([]);
  });

  it('is checkpointsDueOn for each day in the span, in order', () => {
    fc.assert(
      fc.property(settingsArb, dateArb, fc.integer({ min: 0, max: 70 }), (settings, from, span) => {
        const to = addDays(from, span);
        const daily: Checkpoint[] = [];
        for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) daily.push(...checkpointsDueOn(d, () => settings));
        expect(checkpointsBetween(from, to, () => settings)).toEqual(daily);
      }),
      { numRuns: 200 },
    );
  });
});

describe('onTimeDeadline and finalDeadline', () => {
  it('is the rent due date under last_vardag, with an agreed day if any', () => {
    expect(onTimeDeadline('2027-01', DEFAULT_RENT_SETTINGS)).toBe('2026-12-30');
    expect(onTimeDeadline('2027-01', DEFAULT_RENT_SETTINGS, 25)).toBe('2026-12-23');
    expect(onTimeDeadline('2027-01', DEFAULT_RENT_SETTINGS, null)).toBe('2026-12-30');
  });

  it('is the last calendar day of the month before under last_calendar_day, even with an earlier agreed day', () => {
    expect(onTimeDeadline('2027-01', calendarDay)).toBe('2026-12-31');
    expect(onTimeDeadline('2027-01', calendarDay, 25)).toBe('2026-12-31');
    expect(onTimeDeadline('2026-11', calendarDay)).toBe('2026-10-31');
    expect(onTimeDeadline('2024-03', calendarDay)).toBe('2024-02-29');
  });

  it('is never before the statutory due date', () => {
    fc.assert(
      fc.property(settingsArb, fc.integer({ min: 0, max: 12 * 100 }), (settings, n) => {
        const month = addMonths('1990-01', n);
        expect(onTimeDeadline(month, settings) >= rentDueDate(month)).toBe(true);
      }),
    );
  });

  it('makes the month final on the run date of the last checkpoint', () => {
    expect(finalDeadline('2026-12', DEFAULT_RENT_SETTINGS)).toBe('2026-12-15');
    // 2026-08-15 is a Saturday.
    expect(finalDeadline('2026-08', DEFAULT_RENT_SETTINGS)).toBe('2026-08-17');
    expect(finalDeadline('2026-08', noMove)).toBe('2026-08-15');
  });
});

describe('monthStatusAt', () => {
  // Rent for December 2026 is due on Monday 2026-11-30; 15 December is a Tuesday.
  const december = { month: '2026-12', dueDate: '2026-11-30', amountOre: 650_000 };
  const at = (paidInFullOn: string | null, asOf: string, settings: RentSettings = DEFAULT_RENT_SETTINGS) =>
    monthStatusAt(december, paidInFullOn, asOf, settings);

  it('classifies on time, late, unpaid and open as the routine does', () => {
    expect(at('2026-11-30', '2027-01-10')).toBe('on_time');
    expect(at('2026-12-01', '2027-01-10')).toBe('late');
    expect(at('2026-12-15', '2027-01-10')).toBe('late');
    expect(at('2026-12-16', '2027-01-10')).toBe('unpaid');
    expect(at(null, '2026-12-15')).toBe('open');
    expect(at(null, '2026-12-16')).toBe('unpaid');
  });

  it('does not know on asOf about a payment completed later', () => {
    expect(at('2026-12-10', '2026-12-05')).toBe('open');
    expect(at('2026-12-20', '2026-12-16')).toBe('unpaid');
    expect(at('2026-12-10', '2026-12-10')).toBe('late');
  });

  it('follows the unit’s last day', () => {
    const tenth: RentSettings = { ...DEFAULT_RENT_SETTINGS, checkpointDays: [1, 10], lastDay: 10 };
    expect(at('2026-12-11', '2027-01-10', tenth)).toBe('unpaid');
    expect(at('2026-12-10', '2027-01-10', tenth)).toBe('late');
  });

  it('gives a 15th on a weekend until the checkpoint’s run date, unless the unit does not move checkpoints', () => {
    // Rent for August 2026 is due Friday 2026-07-31; 15 August is a Saturday, the 17th a Monday.
    const august = { month: '2026-08', dueDate: '2026-07-31' };
    expect(monthStatusAt(august, '2026-08-17', '2026-09-01', DEFAULT_RENT_SETTINGS)).toBe('late');
    expect(monthStatusAt(august, '2026-08-18', '2026-09-01', DEFAULT_RENT_SETTINGS)).toBe('unpaid');
    expect(monthStatusAt(august, null, '2026-08-17', DEFAULT_RENT_SETTINGS)).toBe('open');
    expect(monthStatusAt(august, '2026-08-17', '2026-09-01', noMove)).toBe('unpaid');
    expect(monthStatusAt(august, null, '2026-08-16', noMove)).toBe('unpaid');
  });

  it('counts up to the last calendar day of the month before as on time under last_calendar_day', () => {
    // November 2026 is due Friday 2026-10-30; the 31st (alla helgons dag) is a Saturday.
    const november = { month: '2026-11', dueDate: '2026-10-30' };
    expect(monthStatusAt(november, '2026-10-31', '2026-12-01', DEFAULT_RENT_SETTINGS)).toBe('late');
    expect(monthStatusAt(november, '2026-10-31', '2026-12-01', calendarDay)).toBe('on_time');
    expect(monthStatusAt(november, '2026-11-01', '2026-12-01', calendarDay)).toBe('late');
  });

  it('gives a first month starting after the last day its due date as both deadlines', () => {
    const moveIn = { month: '2026-12', dueDate: '2026-12-20' };
    expect(monthStatusAt(moveIn, '2026-12-18', '2027-01-10', calendarDay)).toBe('on_time');
    expect(monthStatusAt(moveIn, null, '2026-12-20', DEFAULT_RENT_SETTINGS)).toBe('open');
    expect(monthStatusAt(moveIn, null, '2026-12-21', DEFAULT_RENT_SETTINGS)).toBe('unpaid');
  });

  it('agrees with classifyMonth under the default settings when the 15th is a vardag', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 * 30 }), fc.nat(60), fc.option(fc.nat(60)), (n, asOfDay, paidDay) => {
        const month = addMonths('2020-01', n);
        fc.pre(isVardag(`${month}-15`));
        const dueDate = rentDueDate(month);
        const asOf = addDays(dueDate, asOfDay - 10);
        const paid = paidDay === null ? null : addDays(dueDate, paidDay - 10);
        const known = paid !== null && paid <= asOf ? paid : null;
        expect(monthStatusAt({ month, dueDate }, paid, asOf, DEFAULT_RENT_SETTINGS)).toBe(
          classifyMonth({ month, dueDate, paidInFullOn: known }, asOf),
        );
      }),
    );
  });

  it('rejects a month without a rent charge and malformed dates', () => {
    expect(() => monthStatusAt({ ...december, amountOre: 0 }, null, '2026-12-01', DEFAULT_RENT_SETTINGS)).toThrow(RangeError);
    expect(() => monthStatusAt(december, '2026-12-32', '2026-12-01', DEFAULT_RENT_SETTINGS)).toThrow(RangeError);
    expect(() => monthStatusAt(december, null, '1/12/2026', DEFAULT_RENT_SETTINGS)).toThrow(RangeError);
  });
});

describe('isUnpaidAt', () => {
  const december = { dueDate: '2026-11-30' };

  it('is true once the due date has passed and the charge is not fully paid', () => {
    expect(isUnpaidAt(december, null, '2026-12-01')).toBe(true);
    expect(isUnpaidAt(december, '2026-12-02', '2026-12-01')).toBe(true);
  });

  it('is false on or before the due date, and once fully paid', () => {
    expect(isUnpaidAt(december, null, '2026-11-30')).toBe(false);
    expect(isUnpaidAt(december, '2026-12-01', '2026-12-01')).toBe(false);
    expect(isUnpaidAt(december, '2026-11-20', '2026-12-05')).toBe(false);
  });
});
