// Housing retention (kvarboende, RULES.md rule 16) and time in social-services housing (boendetid) for the
// evaluation reports. Every figure is computed "as of" a given day, so a report is reproducible: nothing
// here reads the clock, and anything after asOf (a planned end date) is treated as not yet known.
//
// Definitions (also exported as RETENTION_DEFINITIONS so each report can print them on the page and in the
// export, as the issue requires):
//
// - Unit: one episode = one stay in social-services housing, from its first day (moveIn) to its last day (end).
//   A person moved between two of the unit's apartments should reach us as one episode; that chaining is the
//   caller's job, because the report reads "moved in", not "got a key".
// - Still housed (kvarboende) on a day = in the placement on that day, or left it earlier for an own
//   first-hand lease or by taking over the lease. Those two exits are the goal of the work, so they count as
//   housed from then on (the outcome measure in rule 16 says "in the placement or in their own lease").
// - Loss of housing = an exit for any other reason: moved to other housing, terminated for disturbance or
//   rent arrears, other. We cannot follow someone who moved elsewhere, and the evaluations count it as not
//   retained.
// - Deceased: censored at death, not counted as a loss. Dying is not a failure of the housing, and counting
//   it as one would punish the units that house the oldest and sickest. In the fixed-horizon shares a person
//   who died before the horizon is left out of the denominator (and counted in deceasedBefore); a person who
//   died after it counts as housed at it.
// - Censored at asOf = still in the placement on asOf, or left for an own lease / took over the lease (still
//   housed, but we only know that up to asOf).
// - Time is counted in days housed, both the move-in day and the last day included: moving in on 1 January
//   and out on 10 January is 10 days. Days, not months, because months differ in length and the curve should
//   not jump on month ends; reports divide by 30.4375 if they want months on the axis.
// - Ties: when a loss and a censoring fall on the same day, the loss is counted first and the censored are
//   still at risk on that day (the usual Kaplan–Meier convention: someone censored on day t was observed to
//   survive day t).

import { daysInMonth, isCalendarDate } from './calendar-date.ts';
import type { Localized } from './errors.ts';
import { isOneOf, PLACEMENT_END_REASONS } from './registry-rules.ts';
import type { PlacementEndReason } from './registry-rules.ts';

export interface RetentionEpisode {
  personId: string;
  /** First day in social-services housing. */
  moveIn: string;
  /** Last day; null while still housed. */
  end: string | null;
  /** Null exactly when end is null. */
  endReason: PlacementEndReason | null;
  /** E.g. the apartment type, for byGroup. */
  group: string;
}

/** The exits that are the goal of the work: the person stays housed afterwards, in their own lease. */
export const SUCCESSFUL_END_REASONS: readonly PlacementEndReason[] = ['own_first_hand_lease', 'took_over_lease'];

export const RETENTION_DEFINITIONS = {
  stillHoused: {
    sv:
      'Kvarboende = bor kvar i placeringen, eller har flyttat till eget förstahandskontrakt eller tagit över kontraktet ' +
      '(räknas som boende även därefter). Avflyttning av annat skäl (annat boende, uppsägning för störningar eller ' +
      'hyresskuld, annat) räknas som att boendet upphört.',
    en:
      'Still housed = living in the placement, or moved on to an own first-hand lease or took over the lease (counted ' +
      'as housed from then on). Leaving for any other reason (other housing, terminated for disturbance or rent ' +
      'arrears, other) counts as loss of housing.',
  },
  deceased: {
    sv: 'Avlidna censureras vid dödsfallet och räknas inte som att boendet upphört; i andelarna ingår den som avlidit före tidpunkten inte i nämnaren.',
    en: 'Deceased persons are censored at death and not counted as a loss of housing; in the shares, a person who died before the horizon is left out of the denominator.',
  },
  retentionAt: {
    sv:
      'Andel kvarboende efter 6, 12 och 24 månader: bland dem som flyttade in minst så många månader före mätdagen, ' +
      'andelen som var kvarboende på dagen så många månader efter inflyttningen (enkel andel, som i utvärderingen av ' +
      'Bostad först i Stockholm: 21 av 29).',
    en:
      'Share still housed after 6, 12 and 24 months: among those who moved in at least that many months before the ' +
      'report date, the share still housed on the day that many months after move-in (a plain proportion, as in the ' +
      'Stockholm Housing First evaluation: 21 of 29).',
  },
  kaplanMeier: {
    sv:
      'Kvarboendekurva (Kaplan–Meier): tid i dagar från inflyttning (inflyttningsdagen och sista dagen räknas båda) ' +
      'till att boendet upphör. Den som bor kvar, har eget kontrakt eller tagit över kontraktet censureras på mätdagen; ' +
      'avlidna vid dödsfallet. Vid lika tid räknas upphörda boenden före censurerade.',
    en:
      'Retention curve (Kaplan–Meier): time in days from move-in (move-in day and last day both counted) to loss of ' +
      'housing. Those still in the placement, with an own lease or who took over the lease are censored on the report ' +
      'date; deceased persons at death. On equal times, losses are counted before censorings.',
  },
  timeInHousing: {
    sv:
      'Boendetid per inflyttningsår: dagar från inflyttning till avflyttning (båda dagarna räknas) för avslutade ' +
      'placeringar, oavsett skäl; pågående redovisas som antal. Kvartiler med linjär interpolation (som Excel ' +
      'KVARTIL.INK). Senaste åren underskattas eftersom bara korta placeringar hunnit avslutas.',
    en:
      'Time in housing per move-in year: days from move-in to move-out (both days counted) for completed placements, ' +
      'whatever the reason; ongoing ones are reported as a count. Quartiles by linear interpolation (as Excel ' +
      'QUARTILE.INC). Recent years are underestimated, since only short placements have had time to end.',
  },
  transitions: {
    sv: 'Avslut per kalenderår för placeringens sista dag, per avslutsskäl.',
    en: 'Endings per calendar year of the placement’s last day, by end reason.',
  },
} as const satisfies Record<string, Localized>;

// ---------------------------------------------------------------------------------------------------------
// Shared helpers

function validate(episodes: readonly RetentionEpisode[]): void {
  for (const e of episodes) {
    const who = `episode of ${e.personId} moving in ${e.moveIn}`;
    if (!isCalendarDate(e.moveIn)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${e.moveIn}"`);
    if (e.end === null) {
      if (e.endReason !== null) throw new RangeError(`${who}: an end reason without an end date`);
      continue;
    }
    if (!isCalendarDate(e.end)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${e.end}"`);
    if (byDay(e.end, e.moveIn) < 0) throw new RangeError(`${who}: ends ${e.end}, before moving in`);
    if (!isOneOf(PLACEMENT_END_REASONS, e.endReason)) throw new RangeError(`${who}: an end date needs an end reason`);
  }
}

/**
 * compareDates() for dates already checked as YYYY-MM-DD (validate(), assertDate()): such strings sort as the
 * days do, and a report over tens of thousands of stays calls this hundreds of thousands of times.
 */
function byDay(a: string, b: string): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

function assertDate(date: string): void {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${date}"`);
}

/** Days housed from moveIn to last, both included. */
function daysHoused(moveIn: string, last: string): number {
  return dayNumber(last) - dayNumber(moveIn) + 1;
}

/** Days since 1970-01-01 of a date already checked as YYYY-MM-DD (years before 100 do not occur in stays). */
function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/** The end as it was known on asOf: an end after asOf is a plan, not yet a fact. */
function endAsOf(e: RetentionEpisode, asOf: string): { end: string; reason: PlacementEndReason } | null {
  if (e.end === null || e.endReason === null || byDay(e.end, asOf) > 0) return null;
  return { end: e.end, reason: e.endReason };
}

/** '2024-01-31' + 1 month → '2024-02-29': the same day of the month, clamped to the month's last day. */
function addMonthsToDate(date: string, months: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Fixed horizons: the plain proportion the Housing First evaluations report.

export interface RetentionAtHorizon {
  months: number;
  /** Still housed on the horizon day. */
  housed: number;
  /** Moved in at least `months` months before asOf, and not deceased before the horizon. */
  total: number;
  /** housed / total; null when total is 0. */
  share: number | null;
  /** Moved in early enough but died before the horizon: left out of total (censored at death). */
  deceasedBefore: number;
  /** Moved in too recently for the horizon to have passed on asOf. */
  tooRecent: number;
}

export function retentionAt(episodes: readonly RetentionEpisode[], months: readonly number[], asOf: string): RetentionAtHorizon[] {
  validate(episodes);
  assertDate(asOf);
  return months.map((m) => {
    if (!Number.isInteger(m) || m < 0) throw new RangeError(`retentionAt needs whole, non-negative months, got ${m}`);
    let housed = 0;
    let total = 0;
    let deceasedBefore = 0;
    let tooRecent = 0;
    for (const e of episodes) {
      if (byDay(e.moveIn, asOf) > 0) continue; // not yet moved in: not part of any cohort
      const horizon = addMonthsToDate(e.moveIn, m);
      if (byDay(horizon, asOf) > 0) {
        tooRecent++;
        continue;
      }
      const ended = endAsOf(e, asOf);
      // In the placement on the horizon day (an end on the horizon day itself still counts as housed that day).
      if (ended === null || byDay(ended.end, horizon) >= 0) {
        housed++;
        total++;
      } else if (SUCCESSFUL_END_REASONS.includes(ended.reason)) {
        housed++;
        total++;
      } else if (ended.reason === 'deceased') {
        deceasedBefore++;
      } else {
        total++;
      }
    }
    return { months: m, housed, total, share: total === 0 ? null : housed / total, deceasedBefore, tooRecent };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Kaplan–Meier retention curve.

export interface KaplanMeierStep {
  /** Days housed (move-in day = day 1). */
  time: number;
  /** Still under observation and housed at the start of this day (includes those censored on it). */
  atRisk: number;
  /** Losses of housing after this many days. */
  events: number;
  /** Censored after this many days (still housed on asOf, own lease, deceased). */
  censored: number;
  /** Estimated share still housed after this many days: the product of (1 − events/atRisk) so far. */
  survival: number;
}

export function kaplanMeier(episodes: readonly RetentionEpisode[], asOf: string): KaplanMeierStep[] {
  validate(episodes);
  assertDate(asOf);
  const byTime = new Map<number, { events: number; censored: number }>();
  let n = 0;
  for (const e of episodes) {
    if (byDay(e.moveIn, asOf) > 0) continue;
    n++;
    const ended = endAsOf(e, asOf);
    let time: number;
    let isEvent = false;
    if (ended === null || SUCCESSFUL_END_REASONS.includes(ended.reason)) {
      time = daysHoused(e.moveIn, asOf); // housed on asOf, in the placement or in their own lease
    } else {
      time = daysHoused(e.moveIn, ended.end);
      isEvent = ended.reason !== 'deceased';
    }
    const cell = byTime.get(time) ?? { events: 0, censored: 0 };
    if (isEvent) cell.events++;
    else cell.censored++;
    byTime.set(time, cell);
  }
  const steps: KaplanMeierStep[] = [];
  let atRisk = n;
  let survival = 1;
  for (const time of [...byTime.keys()].sort((a, b) => a - b)) {
    const { events, censored } = byTime.get(time)!;
    // Events first: everyone censored on this day is still in atRisk for the events of the day.
    survival *= 1 - events / atRisk;
    steps.push({ time, atRisk, events, censored, survival });
    atRisk -= events + censored;
  }
  return steps;
}

/**
 * The curve's value after t days: 1 before the first step. Beyond the last observed time the estimate is
 * undefined (nobody left at risk) and null is returned, unless it has already reached 0.
 */
export function survivalAt(curve: readonly KaplanMeierStep[], t: number): number | null {
  let value = 1;
  for (const step of curve) {
    if (step.time > t) return value;
    value = step.survival;
  }
  const last = curve.at(-1);
  if (last !== undefined && t > last.time && value > 0) return null;
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Time in social-services housing (boendetid) per move-in year.

export interface TimeInHousingYear {
  year: number;
  /** Ended on or before asOf, whatever the reason. */
  completed: number;
  /** Still in the placement on asOf. Not in the quartiles. */
  ongoing: number;
  medianDays: number | null;
  q1Days: number | null;
  q3Days: number | null;
  /** medianDays minus the year before's medianDays; null when either is missing. */
  medianChangeDays: number | null;
}

/**
 * Quantile by linear interpolation between order statistics (Hyndman & Fan type 7, the default in R and
 * Excel's QUARTILE.INC): position p·(n − 1) in the sorted values, counted from 0. Null for no values.
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (p < 0 || p > 1) throw new RangeError(`quantile needs p in [0, 1], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * One row per move-in year from the first to the last (years with no move-ins included, so gaps show).
 * The distribution is of completed stays: boendetid is the length of a stay, and an ongoing one has none yet.
 */
export function timeInHousing(episodes: readonly RetentionEpisode[], asOf: string): TimeInHousingYear[] {
  validate(episodes);
  assertDate(asOf);
  const started = episodes.filter((e) => byDay(e.moveIn, asOf) <= 0);
  if (started.length === 0) return [];
  const years = started.map((e) => Number(e.moveIn.slice(0, 4)));
  const rows: TimeInHousingYear[] = [];
  for (let year = Math.min(...years); year <= Math.max(...years); year++) {
    const durations: number[] = [];
    let ongoing = 0;
    for (const e of started) {
      if (Number(e.moveIn.slice(0, 4)) !== year) continue;
      const ended = endAsOf(e, asOf);
      if (ended === null) ongoing++;
      else durations.push(daysHoused(e.moveIn, ended.end));
    }
    const medianDays = quantile(durations, 0.5);
    const previous = rows.at(-1)?.medianDays ?? null;
    rows.push({
      year,
      completed: durations.length,
      ongoing,
      medianDays,
      q1Days: quantile(durations, 0.25),
      q3Days: quantile(durations, 0.75),
      medianChangeDays: medianDays === null || previous === null ? null : medianDays - previous,
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Transitions: how placements ended, per calendar year of the last day.

export interface TransitionsYear {
  year: number;
  counts: Record<PlacementEndReason, number>;
  total: number;
}

/** One row per year from the first to the last end year (years without endings included, all zeros). */
export function transitionsByYear(episodes: readonly RetentionEpisode[]): TransitionsYear[] {
  validate(episodes);
  const ended = episodes.filter((e): e is RetentionEpisode & { end: string; endReason: PlacementEndReason } => e.end !== null);
  if (ended.length === 0) return [];
  const years = ended.map((e) => Number(e.end.slice(0, 4)));
  const rows: TransitionsYear[] = [];
  for (let year = Math.min(...years); year <= Math.max(...years); year++) {
    const counts = Object.fromEntries(PLACEMENT_END_REASONS.map((r) => [r, 0])) as Record<PlacementEndReason, number>;
    let total = 0;
    for (const e of ended) {
      if (Number(e.end.slice(0, 4)) !== year) continue;
      counts[e.endReason]++;
      total++;
    }
    rows.push({ year, counts, total });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Runs fn once per group (apartment type), so Bostad först and training apartments compare side by side:
 * byGroup(episodes, (g) => retentionAt(g, [6, 12, 24], asOf)). Groups sorted by name, for a stable order.
 */
export function byGroup<T>(
  episodes: readonly RetentionEpisode[],
  fn: (episodes: readonly RetentionEpisode[]) => T,
): { group: string; result: T }[] {
  const groups = new Map<string, RetentionEpisode[]>();
  for (const e of episodes) {
    const list = groups.get(e.group) ?? [];
    list.push(e);
    groups.set(e.group, list);
  }
  return [...groups.keys()].sort().map((group) => ({ group, result: fn(groups.get(group)!) }));
}
