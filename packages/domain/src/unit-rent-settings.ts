// A unit's settings for the rent follow-up routine (source 000, RULES.md 3): on which days of the month the
// checkpoints run, which deadline counts as "on time", and whether a checkpoint on a non-vardag moves to the
// next vardag. A unit changes them from a chosen month on; earlier months keep the settings they had, so last
// year's statistics do not change when the routine does.
//
// The settings of the RENT month apply, also to the on-time rule, although that deadline lies in the month
// before: a change "from April" applies to April's rent, due at the end of March.
//
// Checkpoint days are limited to 1–28 so that every month has every configured day (a "30th" would not exist
// in February). At most five: the routine has three steps and more than five checks a month would be noise.
// `lastDay` is the day after which an unpaid month is final. It must equal the last checkpoint day: the last
// checkpoint is where the routine escalates (manager meeting, repayment plan, notice to the commissioner), and
// a month that became final on another day would give the status and that step different deadlines.

import { isCalendarMonth } from './calendar-month.ts';
import type { LocalizedFieldError } from './localized-field-error.ts';

export type OnTimeRule = 'last_vardag' | 'last_calendar_day';

export type RentSettings = {
  /** Days of the month, ascending, 1–28, 1–5 of them. Default [1, 5, 15]. */
  readonly checkpointDays: readonly number[];
  /** 'last_vardag': on time = paid by the rent's due date (rentDueDate: the last vardag before the month, or an
   *  earlier agreed day). 'last_calendar_day': paid by the last calendar day of the month before. */
  readonly onTimeRule: OnTimeRule;
  /** A checkpoint whose day is not a vardag runs on the next vardag (true) or on the day itself (false). */
  readonly moveToNextVardag: boolean;
  /** The day after which an unpaid month is final; always the last checkpoint day. Default 15. */
  readonly lastDay: number;
};

export type RentSettingsChange = { fromMonth: string; settings: RentSettings };

export const MAX_CHECKPOINT_DAY = 28;
export const MAX_CHECKPOINTS = 5;

export const DEFAULT_RENT_SETTINGS: RentSettings = Object.freeze({
  checkpointDays: Object.freeze([1, 5, 15]),
  onTimeRule: 'last_vardag',
  moveToNextVardag: true,
  lastDay: 15,
});

/** The settings in force for `month` ('YYYY-MM'): the change with the latest fromMonth ≤ month (of two with the
 *  same fromMonth, the later in the list), otherwise DEFAULT_RENT_SETTINGS. */
export function settingsForMonth(history: readonly RentSettingsChange[], month: string): RentSettings {
  if (!isCalendarMonth(month)) throw new RangeError(`Not a calendar month (YYYY-MM): "${month}"`);
  let best: RentSettingsChange | undefined;
  for (const change of history) {
    if (change.fromMonth <= month && (!best || change.fromMonth >= best.fromMonth)) best = change;
  }
  return best ? best.settings : DEFAULT_RENT_SETTINGS;
}

/** Every problem with the settings, empty when they are valid. Field names are the RentSettings keys. */
export function validateRentSettings(s: RentSettings): LocalizedFieldError[] {
  const errors: LocalizedFieldError[] = [];
  const days: readonly unknown[] = Array.isArray(s.checkpointDays) ? s.checkpointDays : [];
  if (days.length < 1 || days.length > MAX_CHECKPOINTS) {
    errors.push(error('checkpointDays', 'count', messages.count));
  }
  if (!days.every(isDay)) {
    errors.push(error('checkpointDays', 'out_of_range', messages.dayRange));
  } else if (new Set(days).size !== days.length) {
    errors.push(error('checkpointDays', 'duplicate', messages.duplicate));
  } else if (days.some((d, i) => i > 0 && (d as number) < (days[i - 1] as number))) {
    errors.push(error('checkpointDays', 'not_ascending', messages.ascending));
  }
  if (s.onTimeRule !== 'last_vardag' && s.onTimeRule !== 'last_calendar_day') {
    errors.push(error('onTimeRule', 'invalid_choice', messages.rule));
  }
  if (typeof s.moveToNextVardag !== 'boolean') {
    errors.push(error('moveToNextVardag', 'invalid_type', messages.move));
  }
  if (!isDay(s.lastDay)) {
    errors.push(error('lastDay', 'out_of_range', messages.dayRange));
  } else if (days.length > 0 && s.lastDay !== days[days.length - 1]) {
    errors.push(error('lastDay', 'not_last_checkpoint', messages.lastDay));
  }
  return errors;
}

function isDay(d: unknown): boolean {
  return Number.isInteger(d) && (d as number) >= 1 && (d as number) <= MAX_CHECKPOINT_DAY;
}

function error(field: string, code: string, message: LocalizedFieldError['message']): LocalizedFieldError {
  return { field, code, message };
}

const messages = {
  count: { sv: 'Ange 1–5 kontrolldagar.', en: 'Give 1–5 checkpoint days.' },
  dayRange: { sv: 'En dag måste vara 1–28 (alla månader har de dagarna).', en: 'A day must be 1–28 (every month has those days).' },
  duplicate: { sv: 'Samma kontrolldag finns två gånger.', en: 'The same checkpoint day appears twice.' },
  ascending: { sv: 'Ange kontrolldagarna i stigande ordning.', en: 'Give the checkpoint days in ascending order.' },
  rule: { sv: 'Välj när en betalning räknas som i tid.', en: 'Choose when a payment counts as on time.' },
  move: {
    sv: 'Ange om en kontroll på en helgdag flyttas till nästa vardag.',
    en: 'Say whether a checkpoint on a holiday moves to the next vardag.',
  },
  lastDay: {
    sv: 'Sista dagen måste vara den sista kontrolldagen.',
    en: 'The last day must be the last checkpoint day.',
  },
};
