// Moves around a placement (issue 7). Housing First needs "flera chanser" (source 002): a respite stay
// (avlastningsplats) away from the apartment in a crisis, a move to a fallback apartment (sviktlägenhet) to
// avoid an eviction and back again (source 004), a second chance in a new apartment, and, when a placement ends
// anyway, a reasonable time to move out ("Ibland några dagar och ibland ett par veckor", source 004).
//
// Kvarbo's decisions:
//   - Respite and fallback stays are periods away while the placement goes on: the resident keeps the apartment
//     and the lease. They lie inside the placement, and a person is in one place a night, so no two stays of a
//     placement share a day, whatever their kind. endDate is the last day away (inclusive, as for placements);
//     the resident is back the day after. An ended placement cannot have a stay still running.
//   - A fallback stay that ends with the placement instead of a return is recorded as such by ending both;
//     `returnedFromStay` below is true when the stay ended before the placement did.
//   - Move-out time is counted in days from the day the resident was told the placement ends to the day they
//     moved out (told on the 1st, moved on the 15th = 14 days). Reasonable by default = at most 14 days, the
//     "couple of weeks" of source 004; a unit setting. Not yet moved is 'pending' while the time runs and
//     'overdue' once asOf is past it.
//   - A second chance is a new placement linked to the previous one (previousPlacementId). The previous one
//     must belong to the same resident and have ended before the new one starts, and each placement has at most
//     one second chance, so a resident's placements form simple chains.

import { addDays, daysBetween, isCalendarDate } from './calendar-date.ts';
import type { Localized } from './errors.ts';
import type { LocalizedFieldError } from './localized-field-error.ts';
import { periodsOverlap } from './placement-overlap.ts';
import type { Period } from './placement-overlap.ts';
import { isOneOf } from './registry-rules.ts';

export const STAY_KINDS = ['respite', 'fallback'] as const;
export type StayKind = (typeof STAY_KINDS)[number];
export const STAY_KIND_LABELS: Record<StayKind, Localized> = {
  respite: { sv: 'Avlastningsplats', en: 'Respite stay' },
  fallback: { sv: 'Sviktlägenhet', en: 'Fallback apartment' },
};

export type AwayStay = Period & { kind: StayKind; /** Where: the respite place or the fallback apartment. */ place: string };

/** Every problem with a placement's stays, fields named `stays.<index>.<key>`; empty when they are valid. */
export function validateStays(stays: readonly AwayStay[], placement: Period): LocalizedFieldError[] {
  const errors: LocalizedFieldError[] = [];
  const valid: number[] = [];
  stays.forEach((s, i) => {
    const f = (key: string) => `stays.${i}.${key}`;
    const before = errors.length;
    if (!isOneOf(STAY_KINDS, s.kind)) errors.push({ field: f('kind'), code: 'invalid_choice', message: messages.kind });
    if (typeof s.place !== 'string' || s.place.trim() === '') errors.push({ field: f('place'), code: 'required', message: messages.place });
    if (!isCalendarDate(s.startDate)) errors.push({ field: f('startDate'), code: 'invalid_date', message: messages.date });
    if (s.endDate !== null && !isCalendarDate(s.endDate))
      errors.push({ field: f('endDate'), code: 'invalid_date', message: messages.date });
    if (errors.length > before) return;
    if (s.endDate !== null && s.endDate < s.startDate) {
      errors.push({ field: f('endDate'), code: 'end_before_start', message: messages.endBeforeStart });
    } else if (s.startDate < placement.startDate || (placement.endDate !== null && (s.endDate === null || s.endDate > placement.endDate))) {
      errors.push({ field: f('startDate'), code: 'outside_placement', message: messages.outside });
    } else {
      const clash = valid.find((j) => periodsOverlap(stays[j]!, s));
      if (clash !== undefined) errors.push({ field: f('startDate'), code: 'overlap', message: messages.overlap });
      else valid.push(i);
    }
  });
  return errors;
}

/** True when the stay ended before the placement did: the resident came back to the apartment. */
export function returnedFromStay(stay: Period, placement: Period): boolean {
  return stay.endDate !== null && (placement.endDate === null || stay.endDate < placement.endDate);
}

export type MoveOutSettings = { reasonableDays: number };
export const DEFAULT_MOVE_OUT_SETTINGS: MoveOutSettings = Object.freeze({ reasonableDays: 14 });

export type MoveOutStatus = 'within' | 'late' | 'pending' | 'overdue';
export const MOVE_OUT_STATUS_LABELS: Record<MoveOutStatus, Localized> = {
  within: { sv: 'Flyttat inom rimlig tid', en: 'Moved out within a reasonable time' },
  late: { sv: 'Flyttat efter rimlig tid', en: 'Moved out after a reasonable time' },
  pending: { sv: 'Ska flytta', en: 'Moving out' },
  overdue: { sv: 'Rimlig tid har gått ut', en: 'Reasonable time has passed' },
};

/** Days from the day the resident was told to the day they moved: ('2026-03-01', '2026-03-15') → 14. */
export function moveOutDays(givenOn: string, movedOn: string): number {
  for (const d of [givenOn, movedOn]) if (!isCalendarDate(d)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${d}"`);
  return daysBetween(givenOn, movedOn);
}

export function assessMoveOut(
  m: { givenOn: string; movedOn: string | null },
  asOf: string,
  settings: MoveOutSettings = DEFAULT_MOVE_OUT_SETTINGS,
): { days: number | null; reasonableBy: string; status: MoveOutStatus } {
  if (!Number.isInteger(settings.reasonableDays) || settings.reasonableDays < 0) {
    throw new RangeError(`reasonableDays must be a whole number ≥ 0, got ${settings.reasonableDays}`);
  }
  const reasonableBy = addDays(m.givenOn, settings.reasonableDays);
  if (m.movedOn !== null) {
    const days = moveOutDays(m.givenOn, m.movedOn);
    return { days, reasonableBy, status: days <= settings.reasonableDays ? 'within' : 'late' };
  }
  return { days: null, reasonableBy, status: asOf > reasonableBy ? 'overdue' : 'pending' };
}

export type ChainPlacement = Period & { id: string; residentId: string; previousPlacementId: string | null };

/** Problems with linking `candidate` to its previousPlacementId among `all` (which may include the candidate). */
export function validateSecondChance(candidate: ChainPlacement, all: readonly ChainPlacement[]): LocalizedFieldError[] {
  if (candidate.previousPlacementId === null) return [];
  const field = 'previousPlacementId';
  const previous = all.find((p) => p.id === candidate.previousPlacementId);
  if (!previous || previous.id === candidate.id) return [{ field, code: 'not_found', message: messages.notFound }];
  if (previous.residentId !== candidate.residentId) return [{ field, code: 'other_resident', message: messages.otherResident }];
  if (previous.endDate === null || previous.endDate >= candidate.startDate) {
    return [{ field, code: 'previous_not_ended', message: messages.notEnded }];
  }
  if (all.some((p) => p.id !== candidate.id && p.previousPlacementId === previous.id)) {
    return [{ field, code: 'already_linked', message: messages.alreadyLinked }];
  }
  return [];
}

/** The chain the placement belongs to, first placement first. Throws on a broken record (a loop). */
export function secondChanceChain(placements: readonly ChainPlacement[], placementId: string): ChainPlacement[] {
  const byId = new Map(placements.map((p) => [p.id, p]));
  let first = byId.get(placementId);
  if (!first) throw new RangeError(`No placement ${placementId}`);
  const seen = new Set<string>([first.id]);
  while (first.previousPlacementId !== null && byId.has(first.previousPlacementId)) {
    first = byId.get(first.previousPlacementId)!;
    if (seen.has(first.id)) throw new RangeError(`Placements ${[...seen].join(', ')} link to each other in a loop`);
    seen.add(first.id);
  }
  const chain = [first];
  for (;;) {
    const last = chain[chain.length - 1]!;
    const next = placements.find((p) => p.previousPlacementId === last.id);
    if (!next) return chain;
    if (chain.includes(next)) throw new RangeError(`Placement ${next.id} links back into its own chain`);
    chain.push(next);
  }
}

/** All of a resident's chains, each first placement first, the chains by their first start date. */
export function chainsForResident(placements: readonly ChainPlacement[], residentId: string): ChainPlacement[][] {
  const own = placements.filter((p) => p.residentId === residentId);
  const chains: ChainPlacement[][] = [];
  const done = new Set<string>();
  for (const p of [...own].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0))) {
    if (done.has(p.id)) continue;
    const chain = secondChanceChain(own, p.id);
    chain.forEach((c) => done.add(c.id));
    chains.push(chain);
  }
  return chains.sort((a, b) => (a[0]!.startDate < b[0]!.startDate ? -1 : a[0]!.startDate > b[0]!.startDate ? 1 : 0));
}

const messages = {
  kind: { sv: 'Välj avlastningsplats eller sviktlägenhet.', en: 'Choose respite stay or fallback apartment.' },
  place: { sv: 'Ange var vistelsen är.', en: 'Give where the stay is.' },
  date: { sv: 'Ange ett datum (ÅÅÅÅ-MM-DD).', en: 'Give a date (YYYY-MM-DD).' },
  endBeforeStart: { sv: 'Slutdatumet ligger före startdatumet.', en: 'The end date is before the start date.' },
  outside: { sv: 'Vistelsen måste ligga inom placeringen.', en: 'The stay must lie within the placement.' },
  overlap: { sv: 'Vistelsen överlappar en annan vistelse.', en: 'The stay overlaps another stay.' },
  notFound: { sv: 'Den tidigare placeringen finns inte.', en: 'The previous placement does not exist.' },
  otherResident: { sv: 'Den tidigare placeringen gäller en annan person.', en: 'The previous placement is another person’s.' },
  notEnded: {
    sv: 'Den tidigare placeringen måste ha avslutats innan den nya börjar.',
    en: 'The previous placement must have ended before the new one starts.',
  },
  alreadyLinked: {
    sv: 'Den tidigare placeringen har redan en ny chans kopplad till sig.',
    en: 'The previous placement already has a second chance linked to it.',
  },
};
