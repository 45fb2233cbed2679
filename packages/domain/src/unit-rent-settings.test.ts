import { describe, expect, it } from 'vitest';
import { DEFAULT_RENT_SETTINGS, settingsForMonth, validateRentSettings } from './unit-rent-settings.ts';
import type { RentSettings } from './unit-rent-settings.ts';

const weekly: RentSettings = { checkpointDays: [1, 8, 15, 22], onTimeRule: 'last_calendar_day', moveToNextVardag: false, lastDay: 22 };
const twice: RentSettings = { checkpointDays: [3, 10], onTimeRule: 'last_vardag', moveToNextVardag: true, lastDay: 10 };

describe('DEFAULT_RENT_SETTINGS', () => {
  it('is the routine of source 000: the 1st, 5th and 15th, on time by the due date', () => {
    expect(DEFAULT_RENT_SETTINGS).toEqual({ checkpointDays: [1, 5, 15], onTimeRule: 'last_vardag', moveToNextVardag: true, lastDay: 15 });
    expect(validateRentSettings(DEFAULT_RENT_SETTINGS)).toEqual([]);
  });

  it('cannot be changed by a caller by accident', () => {
    expect(Object.isFrozen(DEFAULT_RENT_SETTINGS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RENT_SETTINGS.checkpointDays)).toBe(true);
  });
});

describe('settingsForMonth', () => {
  const history = [
    { fromMonth: '2026-09', settings: twice },
    { fromMonth: '2026-04', settings: weekly },
  ];

  it('uses the defaults before the first change', () => {
    expect(settingsForMonth([], '2026-05')).toBe(DEFAULT_RENT_SETTINGS);
    expect(settingsForMonth(history, '2026-03')).toBe(DEFAULT_RENT_SETTINGS);
  });

  it('uses the latest change from a month on or before, whatever the order of the list', () => {
    expect(settingsForMonth(history, '2026-04')).toBe(weekly);
    expect(settingsForMonth(history, '2026-08')).toBe(weekly);
    expect(settingsForMonth(history, '2026-09')).toBe(twice);
    expect(settingsForMonth(history, '2030-01')).toBe(twice);
  });

  it('lets the later of two changes from the same month win', () => {
    expect(settingsForMonth([...history, { fromMonth: '2026-09', settings: weekly }], '2026-10')).toBe(weekly);
  });

  it('rejects a malformed month', () => {
    expect(() => settingsForMonth(history, '2026-9')).toThrow(RangeError);
  });
});

describe('validateRentSettings', () => {
  const codes = (s: RentSettings) => validateRentSettings(s).map((e) => `${e.field}:${e.code}`);

  it('accepts one to five ascending days 1–28 ending on lastDay', () => {
    expect(codes(weekly)).toEqual([]);
    expect(codes(twice)).toEqual([]);
    expect(codes({ ...twice, checkpointDays: [28], lastDay: 28 })).toEqual([]);
    expect(codes({ ...twice, checkpointDays: [1, 2, 3, 4, 5], lastDay: 5 })).toEqual([]);
  });

  it('rejects no days or more than five', () => {
    expect(codes({ ...twice, checkpointDays: [], lastDay: 15 })).toEqual(['checkpointDays:count']);
    expect(codes({ ...twice, checkpointDays: [1, 2, 3, 4, 5, 6], lastDay: 6 })).toEqual(['checkpointDays:count']);
  });

  it('rejects days outside 1–28, repeated or out of order', () => {
    expect(codes({ ...twice, checkpointDays: [0, 10] })).toEqual(['checkpointDays:out_of_range']);
    expect(codes({ ...twice, checkpointDays: [1, 29], lastDay: 29 })).toEqual(['checkpointDays:out_of_range', 'lastDay:out_of_range']);
    expect(codes({ ...twice, checkpointDays: [1.5, 10] })).toEqual(['checkpointDays:out_of_range']);
    expect(codes({ ...twice, checkpointDays: [10, 10] })).toEqual(['checkpointDays:duplicate']);
    expect(codes({ ...twice, checkpointDays: [15, 5, 10] })).toEqual(['checkpointDays:not_ascending']);
  });

  it('requires lastDay to be the last checkpoint day', () => {
    expect(codes({ ...twice, lastDay: 15 })).toEqual(['lastDay:not_last_checkpoint']);
    expect(codes({ ...twice, lastDay: 3 })).toEqual(['lastDay:not_last_checkpoint']);
  });

  it('rejects an unknown on-time rule or a missing move flag, with messages in both languages', () => {
    const bad = { ...twice, onTimeRule: 'first_day', moveToNextVardag: 'yes' } as unknown as RentSettings;
    const errors = validateRentSettings(bad);
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual(['onTimeRule:invalid_choice', 'moveToNextVardag:invalid_type']);
    for (const e of errors) {
      expect(e.message.sv).not.toBe('');
      expect(e.message.en).not.toBe('');
    }
  });
});
