import { describe, expect, it } from 'vitest';
import {
  assessMoveOut,
  chainsForResident,
  moveOutDays,
  returnedFromStay,
  secondChanceChain,
  validateSecondChance,
  validateStays,
} from './housing-moves.ts';
import type { AwayStay, ChainPlacement } from './housing-moves.ts';

const placement = { startDate: '2026-01-15', endDate: null };
const stay = (kind: AwayStay['kind'], startDate: string, endDate: string | null): AwayStay => ({
  kind,
  startDate,
  endDate,
  place: 'Stadsmissionen',
});

describe('validateStays', () => {
  it('accepts back-to-back stays inside the placement', () => {
    expect(validateStays([stay('respite', '2026-03-01', '2026-03-07'), stay('fallback', '2026-03-08', null)], placement)).toEqual([]);
  });

  it('names each problem by index', () => {
    const errors = validateStays(
      [
        stay('respite', '2026-03-01', '2026-03-07'),
        stay('fallback', '2026-03-07', '2026-04-01'), // shares 7 March
        stay('respite', '2026-01-10', '2026-01-20'), // before the placement
        stay('respite', '2026-05-10', '2026-05-01'),
        { kind: 'hotel', startDate: '2026-06-01', endDate: null, place: ' ' } as unknown as AwayStay,
      ],
      placement,
    );
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['stays.1.startDate', 'overlap'],
      ['stays.2.startDate', 'outside_placement'],
      ['stays.3.endDate', 'end_before_start'],
      ['stays.4.kind', 'invalid_choice'],
      ['stays.4.place', 'required'],
    ]);
  });

  it('refuses a running stay in an ended placement, and tells a return from an end', () => {
    const ended = { startDate: '2026-01-15', endDate: '2026-06-30' };
    expect(validateStays([stay('fallback', '2026-06-01', null)], ended).map((e) => e.code)).toEqual(['outside_placement']);
    expect(returnedFromStay(stay('fallback', '2026-06-01', '2026-06-20'), ended)).toBe(true);
    expect(returnedFromStay(stay('fallback', '2026-06-01', '2026-06-30'), ended)).toBe(false);
    expect(returnedFromStay(stay('respite', '2026-06-01', null), placement)).toBe(false);
  });
});

describe('move-out time', () => {
  it('counts days from being told to moving', () => {
    expect(moveOutDays('2026-03-01', '2026-03-15')).toBe(14);
    expect(moveOutDays('2026-12-28', '2027-01-04')).toBe(7);
  });

  it('judges against the reasonable time, 14 days by default', () => {
    expect(assessMoveOut({ givenOn: '2026-03-01', movedOn: '2026-03-15' }, '2026-04-01')).toEqual({
      days: 14,
      reasonableBy: '2026-03-15',
      status: 'within',
    });
    expect(assessMoveOut({ givenOn: '2026-03-01', movedOn: '2026-03-16' }, '2026-04-01').status).toBe('late');
    expect(assessMoveOut({ givenOn: '2026-03-01', movedOn: null }, '2026-03-15').status).toBe('pending');
    expect(assessMoveOut({ givenOn: '2026-03-01', movedOn: null }, '2026-03-16').status).toBe('overdue');
    expect(assessMoveOut({ givenOn: '2026-03-01', movedOn: '2026-03-20' }, '2026-04-01', { reasonableDays: 30 }).status).toBe('within');
  });
});

describe('second chances', () => {
  const p = (
    id: string,
    startDate: string,
    endDate: string | null,
    previousPlacementId: string | null,
    residentId = 'r1',
  ): ChainPlacement => ({
    id,
    residentId,
    startDate,
    endDate,
    previousPlacementId,
  });
  const all = [
    p('c', '2026-09-01', null, 'b'),
    p('a', '2025-01-10', '2025-11-30', null),
    p('b', '2026-01-05', '2026-08-15', 'a'),
    p('x', '2024-01-01', '2024-06-30', null),
    p('y', '2026-01-01', null, null, 'r2'),
  ];

  it('follows the chain both ways from any placement in it', () => {
    expect(secondChanceChain(all, 'b').map((q) => q.id)).toEqual(['a', 'b', 'c']);
    expect(chainsForResident(all, 'r1').map((ch) => ch.map((q) => q.id))).toEqual([['x'], ['a', 'b', 'c']]);
  });

  it('validates the link', () => {
    expect(validateSecondChance(all[0]!, all)).toEqual([]);
    const code = (c: ChainPlacement) => validateSecondChance(c, all).map((e) => e.code);
    expect(code(p('d', '2026-10-01', null, 'zz'))).toEqual(['not_found']);
    expect(code(p('d', '2026-10-01', null, 'y'))).toEqual(['other_resident']);
    expect(code(p('d', '2026-08-15', null, 'b'))).toEqual(['previous_not_ended']);
    expect(code(p('d', '2026-10-01', null, 'a'))).toEqual(['already_linked']);
  });

  it('refuses a loop', () => {
    expect(() => secondChanceChain([p('a', '2026-01-01', null, 'b'), p('b', '2026-02-01', null, 'a')], 'a')).toThrow(RangeError);
  });
});
