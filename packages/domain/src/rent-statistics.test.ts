import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_WATCH_RULE,
  TENURE_BUCKETS,
  combineStatuses,
  describeWatchRule,
  monthlyCounts,
  monthlyCountsOf,
  riskByCalendarMonth,
  riskByCalendarMonthOf,
  riskByTenure,
  riskByTenureOf,
  tenureBucket,
  tenureMonth,
  transitionRisk,
  transitionRiskOf,
  trend,
  watchList,
} from './rent-statistics.ts';
import type { RentStatusRow } from './rent-statistics.ts';
import type { MonthStatus } from './rent-status.ts';

const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];

function placement(residentId: string, placementId: string, moveInDate: string, statuses: MonthStatus[], months = MONTHS): RentStatusRow[] {
  return statuses.map((status, i) => ({ residentId, placementId, moveInDate, month: months[i]!, status }));
}

// Three residents × six months, January–June 2025; June is still open for all three.
//            Jan      Feb      Mar      Apr      May      Jun    move-in     tenure in Jan
//   A (pA)   on_time  on_time  late     unpaid   late     open   2025-01-10  1
//   B (pB)   on_time  late     on_time  on_time  on_time  open   2024-10-01  4
//   C (pC)   late     unpaid   on_time  on_time  unpaid   open   2023-01-15  25
const ROWS: RentStatusRow[] = [
  ...placement('A', 'pA', '2025-01-10', ['on_time', 'on_time', 'late', 'unpaid', 'late', 'open']),
  ...placement('B', 'pB', '2024-10-01', ['on_time', 'late', 'on_time', 'on_time', 'on_time', 'open']),
  ...placement('C', 'pC', '2023-01-15', ['late', 'unpaid', 'on_time', 'on_time', 'unpaid', 'open']),
];

describe('monthlyCounts', () => {
  const counts = monthlyCounts(ROWS, '2024-12', '2025-07');

  it('has every month of the range, also the empty ones', () => {
    expect(counts.map((c) => c.month)).toEqual(['2024-12', ...MONTHS, '2025-07']);
    for (const empty of [counts[0], counts[7]]) {
      expect(empty).toMatchObject({
        onTime: 0,
        late: 0,
        unpaid: 0,
        open: 0,
        total: 0,
        shareOnTime: null,
        shareLate: null,
        shareUnpaid: null,
      });
    }
  });

  it('counts by hand', () => {
    // Jan: A on, B on, C late → 2/1/0 of 3.  Feb: on, late, unpaid → 1/1/1.  Mar: late, on, on → 2/1/0.
    // Apr: unpaid, on, on → 2/0/1.  May: late, on, unpaid → 1/1/1.
    const pick = (i: number) => {
      const c = counts[i]!;
      return [c.onTime, c.late, c.unpaid, c.open, c.total];
    };
    expect(pick(1)).toEqual([2, 1, 0, 0, 3]);
    expect(pick(2)).toEqual([1, 1, 1, 0, 3]);
    expect(pick(3)).toEqual([2, 1, 0, 0, 3]);
    expect(pick(4)).toEqual([2, 0, 1, 0, 3]);
    expect(pick(5)).toEqual([1, 1, 1, 0, 3]);
    expect(counts[1]).toMatchObject({ shareOnTime: 2 / 3, shareLate: 1 / 3, shareUnpaid: 0 });
    expect(counts[4]).toMatchObject({ shareOnTime: 2 / 3, shareLate: 0, shareUnpaid: 1 / 3 });
  });

  it('counts open months but leaves them out of the shares', () => {
    // Jun: all three open → open 3, total 3, no final month, so no shares.
    expect(counts[6]).toMatchObject({
      onTime: 0,
      late: 0,
      unpaid: 0,
      open: 3,
      total: 3,
      shareOnTime: null,
      shareLate: null,
      shareUnpaid: null,
    });
    // One final and one open month: the share is over the final one only.
    const mixed = monthlyCounts(
      [
        { residentId: 'X', placementId: 'pX', month: '2025-06', status: 'late', moveInDate: '2025-01-01' },
        { residentId: 'Y', placementId: 'pY', month: '2025-06', status: 'open', moveInDate: '2025-01-01' },
      ],
      '2025-06',
      '2025-06',
    );
    expect(mixed[0]).toMatchObject({ late: 1, open: 1, total: 2, shareLate: 1, shareOnTime: 0, shareUnpaid: 0 });
  });

  it('counts a resident with two placements in a month once', () => {
    // R moved mid-March: the old placement late, the new one still open → R is open (could still be unpaid).
    // S: on time in the old, unpaid in the new → unpaid.
    const rows: RentStatusRow[] = [
      { residentId: 'R', placementId: 'r1', month: '2025-03', status: 'late', moveInDate: '2024-01-01' },
      { residentId: 'R', placementId: 'r2', month: '2025-03', status: 'open', moveInDate: '2025-03-16' },
      { residentId: 'S', placementId: 's1', month: '2025-03', status: 'on_time', moveInDate: '2024-01-01' },
      { residentId: 'S', placementId: 's2', month: '2025-03', status: 'unpaid', moveInDate: '2025-03-10' },
    ];
    expect(monthlyCounts(rows, '2025-03', '2025-03')[0]).toMatchObject({ onTime: 0, late: 0, unpaid: 1, open: 1, total: 2 });
  });

  it('combines statuses as one charge would have them', () => {
    expect(combineStatuses('on_time', 'on_time')).toBe('on_time');
    expect(combineStatuses('on_time', 'late')).toBe('late');
    expect(combineStatuses('late', 'open')).toBe('open');
    expect(combineStatuses('open', 'unpaid')).toBe('unpaid');
    expect(combineStatuses('unpaid', 'on_time')).toBe('unpaid');
  });

  it('is empty for a reversed range and rejects malformed months', () => {
    expect(monthlyCounts(ROWS, '2025-03', '2025-02')).toEqual([]);
    expect(() => monthlyCounts(ROWS, '2025-3', '2025-06')).toThrow(RangeError);
  });

  it('has counts that sum to the total, and shares that sum to 1, in every month', () => {
    const row = fc.record({
      residentId: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      placementId: fc.constantFrom('p1', 'p2', 'p3'),
      month: fc.constantFrom('2024-11', '2024-12', '2025-01', '2025-02', '2025-03'),
      status: fc.constantFrom<MonthStatus>('on_time', 'late', 'unpaid', 'open'),
      moveInDate: fc.constant('2020-01-01'),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const counts = monthlyCounts(rows, '2024-12', '2025-04');
        expect(counts).toHaveLength(5);
        for (const c of counts) {
          expect(c.onTime + c.late + c.unpaid + c.open).toBe(c.total);
          expect(c.total).toBe(new Set(rows.filter((r) => r.month === c.month).map((r) => r.residentId)).size);
          if (c.onTime + c.late + c.unpaid > 0) expect(c.shareOnTime! + c.shareLate! + c.shareUnpaid!).toBeCloseTo(1, 12);
          else expect(c.shareOnTime).toBeNull();
        }
      }),
    );
  });
});

describe('trend', () => {
  it('fits the late-or-unpaid share of the months with data, by hand', () => {
    // x = months since 2024-12; y = (late + unpaid) / final:
    //   Jan x=1 y=1/3, Feb x=2 y=2/3, Mar x=3 y=1/3, Apr x=4 y=1/3, May x=5 y=2/3 (Dec, Jun, Jul: no final months).
    // mean x = 3, mean y = 7/15; Sxx = 4+1+0+1+4 = 10;
    // Sxy = (-2)(-2/15) + (-1)(3/15) + 0 + (1)(-2/15) + (2)(3/15) = 5/15 = 1/3.
    // slope = 1/30, intercept = 7/15 − 3 · 1/30 = 11/30.
    const line = trend(monthlyCounts(ROWS, '2024-12', '2025-07'))!;
    expect(line.originMonth).toBe('2024-12');
    expect(line.months).toBe(5);
    expect(line.slope).toBeCloseTo(1 / 30, 12);
    expect(line.intercept).toBeCloseTo(11 / 30, 12);
  });

  it('is null with fewer than two months with data', () => {
    expect(trend([])).toBeNull();
    expect(trend(monthlyCounts(ROWS, '2025-05', '2025-07'))).toBeNull(); // only May is final
  });

  it('gives a flat line for a constant share', () => {
    const line = trend(
      monthlyCounts(
        ROWS.filter((r) => r.residentId === 'B'),
        '2025-03',
        '2025-05',
      ),
    )!;
    expect(line).toEqual({ originMonth: '2025-03', slope: 0, intercept: 0, months: 3 });
  });
});

describe('riskByTenure', () => {
  it('counts by hand, open months left out', () => {
    // A (move-in Jan 2025): months 1–3 on, on, late; 4–5 unpaid, late; Jun (6) open → left out.
    // B (move-in Oct 2024): Jan = month 4 on, 5 late, 6 on; 7 on, 8 on.
    // C (move-in Jan 2023): Jan 2025 = month 25 late, unpaid, on, on, unpaid.
    //   1–3: 1 of 3;  4–6: A 2 + B 1 = 3 of 5;  7–12: 0 of 2;  13–24: none;  25+: 3 of 5.
    expect(riskByTenure(ROWS)).toEqual([
      { bucket: '1-3', lateOrUnpaid: 1, total: 3, share: 1 / 3 },
      { bucket: '4-6', lateOrUnpaid: 3, total: 5, share: 3 / 5 },
      { bucket: '7-12', lateOrUnpaid: 0, total: 2, share: 0 },
      { bucket: '13-24', lateOrUnpaid: 0, total: 0, share: null },
      { bucket: '25+', lateOrUnpaid: 3, total: 5, share: 3 / 5 },
    ]);
  });

  it('puts the bucket edges where the issue does: 3|4, 6|7, 12|13, 24|25', () => {
    // Move-in on the last day of January: January is still month 1.
    const months = ['2024-01', '2024-03', '2024-04', '2024-06', '2024-07', '2024-12', '2025-01', '2025-12', '2026-01'];
    const rows = placement(
      'E',
      'pE',
      '2024-01-31',
      ['late', 'late', 'on_time', 'on_time', 'late', 'late', 'on_time', 'on_time', 'unpaid'],
      months,
    );
    expect(rows.map(tenureMonth)).toEqual([1, 3, 4, 6, 7, 12, 13, 24, 25]);
    expect([3, 4, 6, 7, 12, 13, 24, 25].map(tenureBucket)).toEqual(['1-3', '4-6', '4-6', '7-12', '7-12', '13-24', '13-24', '25+']);
    expect(riskByTenure(rows).map((r) => [r.bucket, r.lateOrUnpaid, r.total])).toEqual([
      ['1-3', 2, 2],
      ['4-6', 0, 2],
      ['7-12', 2, 2],
      ['13-24', 0, 2],
      ['25+', 1, 1],
    ]);
    expect(TENURE_BUCKETS.map((b) => b.bucket)).toEqual(['1-3', '4-6', '7-12', '13-24', '25+']);
  });

  it('rejects rent before the move-in month', () => {
    const row: RentStatusRow = { residentId: 'F', placementId: 'pF', month: '2024-12', status: 'late', moveInDate: '2025-01-01' };
    expect(() => riskByTenure([row])).toThrow(/pF/);
    expect(() => tenureBucket(0)).toThrow(RangeError);
  });
});

describe('riskByCalendarMonth', () => {
  it('counts by hand across years, open months left out', () => {
    // Jan 2025: C late of 3 → 1/3; plus Jan 2024 late for G → 2 of 4.  Feb: B late, C unpaid → 2/3.
    // Mar: A late → 1/3.  Apr: A unpaid → 1/3.  May: A late, C unpaid → 2/3.  Jun: all open → none.
    const rows: RentStatusRow[] = [
      ...ROWS,
      { residentId: 'G', placementId: 'pG', month: '2024-01', status: 'late', moveInDate: '2023-06-01' },
    ];
    const risk = riskByCalendarMonth(rows);
    expect(risk).toHaveLength(12);
    expect(risk.slice(0, 6)).toEqual([
      { calendarMonth: 1, lateOrUnpaid: 2, total: 4, share: 0.5 },
      { calendarMonth: 2, lateOrUnpaid: 2, total: 3, share: 2 / 3 },
      { calendarMonth: 3, lateOrUnpaid: 1, total: 3, share: 1 / 3 },
      { calendarMonth: 4, lateOrUnpaid: 1, total: 3, share: 1 / 3 },
      { calendarMonth: 5, lateOrUnpaid: 2, total: 3, share: 2 / 3 },
      { calendarMonth: 6, lateOrUnpaid: 0, total: 0, share: null },
    ]);
    expect(risk[11]).toEqual({ calendarMonth: 12, lateOrUnpaid: 0, total: 0, share: null });
  });
});

describe('transitionRisk', () => {
  it('counts by hand', () => {
    // A: on→on (after on time), on→late (after on time), late→unpaid (after late, unpaid), unpaid→late (–),
    //    late→open (not final).
    // B: on→late (on), late→on (late), on→on (on), on→on (on).
    // C: late→unpaid (late, unpaid), unpaid→on (–), on→on (on), on→unpaid (on, unpaid).
    // After late: 3, of which 2 unpaid.  After on time: A 2 + B 3 + C 2 = 7, of which 1 unpaid.
    expect(transitionRisk(ROWS)).toEqual({
      afterLate: { unpaid: 2, total: 3, share: 2 / 3 },
      afterOnTime: { unpaid: 1, total: 7, share: 1 / 7 },
    });
  });

  it('pairs only calendar-adjacent months of the same placement, in any input order', () => {
    const rows: RentStatusRow[] = [
      { residentId: 'H', placementId: 'h1', month: '2025-03', status: 'unpaid', moveInDate: '2024-01-01' },
      { residentId: 'H', placementId: 'h1', month: '2025-01', status: 'late', moveInDate: '2024-01-01' }, // Feb missing
      { residentId: 'H', placementId: 'h2', month: '2025-04', status: 'unpaid', moveInDate: '2025-04-01' }, // new placement
    ];
    expect(transitionRisk(rows)).toEqual({
      afterLate: { unpaid: 0, total: 0, share: null },
      afterOnTime: { unpaid: 0, total: 0, share: null },
    });
  });

  it('rejects two rows for one placement and month', () => {
    const row: RentStatusRow = { residentId: 'I', placementId: 'pI', month: '2025-01', status: 'late', moveInDate: '2024-01-01' };
    expect(() => transitionRisk([row, { ...row, status: 'on_time' }])).toThrow(/two rows/);
  });
});

describe('tally forms (what the database counts with GROUP BY)', () => {
  it('give the same figures as the row forms when each row is a tally of 1', () => {
    const ones = ROWS.map((r) => ({ month: r.month, status: r.status, n: 1 }));
    expect(monthlyCountsOf(ones, '2025-01', '2025-06')).toEqual(monthlyCounts(ROWS, '2025-01', '2025-06'));
    expect(riskByCalendarMonthOf(ones)).toEqual(riskByCalendarMonth(ROWS));
    expect(riskByTenureOf(ROWS.map((r) => ({ tenure: tenureMonth(r), status: r.status, n: 1 })))).toEqual(riskByTenure(ROWS));
  });

  it('weigh each tally by its count, by hand', () => {
    // 7 on time and 3 late in March; 2 unpaid in April; counts outside the period are ignored.
    const counts = monthlyCountsOf(
      [
        { month: '2025-03', status: 'on_time', n: 7 },
        { month: '2025-03', status: 'late', n: 3 },
        { month: '2025-04', status: 'unpaid', n: 2 },
        { month: '2025-09', status: 'unpaid', n: 5 },
      ],
      '2025-03',
      '2025-04',
    );
    expect(counts.map((c) => [c.month, c.onTime, c.late, c.unpaid, c.total, c.shareLate])).toEqual([
      ['2025-03', 7, 3, 0, 10, 0.3],
      ['2025-04', 0, 0, 2, 2, 0],
    ]);
    // Tenure 2 (bucket 1–3): 1 late of 4; tenure 30 (25+): 2 unpaid of 2; the open tally is left out.
    const tenure = riskByTenureOf([
      { tenure: 2, status: 'on_time', n: 3 },
      { tenure: 2, status: 'late', n: 1 },
      { tenure: 30, status: 'unpaid', n: 2 },
      { tenure: 30, status: 'open', n: 9 },
    ]);
    expect(tenure.find((b) => b.bucket === '1-3')).toEqual({ bucket: '1-3', lateOrUnpaid: 1, total: 4, share: 0.25 });
    expect(tenure.find((b) => b.bucket === '25+')).toEqual({ bucket: '25+', lateOrUnpaid: 2, total: 2, share: 1 });
    // After late: 1 unpaid of 4; after on time: 2 unpaid of 10; pairs starting unpaid are in neither.
    expect(
      transitionRiskOf([
        { previous: 'late', next: 'unpaid', n: 1 },
        { previous: 'late', next: 'on_time', n: 3 },
        { previous: 'on_time', next: 'unpaid', n: 2 },
        { previous: 'on_time', next: 'on_time', n: 8 },
        { previous: 'unpaid', next: 'unpaid', n: 6 },
      ]),
    ).toEqual({ afterLate: { unpaid: 1, total: 4, share: 0.25 }, afterOnTime: { unpaid: 2, total: 10, share: 0.2 } });
  });

  it('reject a count that is not a whole number of 0 or more', () => {
    expect(() => monthlyCountsOf([{ month: '2025-03', status: 'late', n: -1 }], '2025-03', '2025-03')).toThrow(RangeError);
    expect(() => riskByTenureOf([{ tenure: 1, status: 'late', n: 1.5 }])).toThrow(RangeError);
  });
});

describe('watchList', () => {
  it('finds, as of June, A by two of three and C by unpaid after on time', () => {
    // Last three final months (June open): A late, unpaid, late → 3 of 3.  B on, on, on.  C on, on, unpaid → 1 of 3,
    // but Apr on time → May unpaid.
    expect(watchList(ROWS, '2025-06')).toEqual([
      { residentId: 'A', placementId: 'pA', reasons: ['two_of_three'], lastMonths: ['late', 'unpaid', 'late'] },
      { residentId: 'C', placementId: 'pC', reasons: ['unpaid_after_on_time'], lastMonths: ['on_time', 'on_time', 'unpaid'] },
    ]);
  });

  it('looks only at months up to asOfMonth', () => {
    // As of March: A on, on, late (1); B on, late, on (1); C late, unpaid, on (2 → flagged; unpaid after late is not the rule).
    expect(watchList(ROWS, '2025-03')).toEqual([
      { residentId: 'C', placementId: 'pC', reasons: ['two_of_three'], lastMonths: ['late', 'unpaid', 'on_time'] },
    ]);
  });

  it('leaves out placements without rent in asOfMonth', () => {
    expect(watchList(ROWS, '2025-07')).toEqual([]);
  });

  it('gives both reasons, and a window shorter than three for a new placement', () => {
    const rows = placement('J', 'pJ', '2025-03-01', ['on_time', 'unpaid'], ['2025-03', '2025-04']);
    expect(watchList(rows, '2025-04')).toEqual([
      { residentId: 'J', placementId: 'pJ', reasons: ['unpaid_after_on_time'], lastMonths: ['on_time', 'unpaid'] },
    ]);
    const both = placement('K', 'pK', '2025-01-01', ['on_time', 'unpaid', 'late'], ['2025-01', '2025-02', '2025-03']);
    expect(watchList(both, '2025-03')[0]!.reasons).toEqual(['two_of_three', 'unpaid_after_on_time']);
  });

  it('follows a custom rule and rejects a malformed one', () => {
    expect(watchList(ROWS, '2025-06', { window: 3, minLateOrUnpaid: null, unpaidAfterOnTime: false })).toEqual([]);
    // Window 5, 3 or more: A Jan–May on, on, late, unpaid, late → 3; C late, unpaid, on, on, unpaid → 3; B 1.
    const wide = watchList(ROWS, '2025-06', { window: 5, minLateOrUnpaid: 3, unpaidAfterOnTime: false });
    expect(wide.map((e) => [e.residentId, e.lastMonths.length])).toEqual([
      ['A', 5],
      ['C', 5],
    ]);
    expect(() => watchList(ROWS, '2025-06', { window: 0, minLateOrUnpaid: null, unpaidAfterOnTime: true })).toThrow(RangeError);
    expect(() => watchList(ROWS, '2025-06', { window: 3, minLateOrUnpaid: 4, unpaidAfterOnTime: true })).toThrow(RangeError);
    expect(() => watchList(ROWS, '2025-6')).toThrow(RangeError);
  });
});

describe('describeWatchRule', () => {
  it('states the default rule in Swedish and English', () => {
    expect(describeWatchRule(DEFAULT_WATCH_RULE, 'sv')).toBe(
      'Två eller fler av de tre senaste avgjorda månaderna sena eller obetalda, eller en obetald månad direkt efter en månad betald i tid.' +
        ' Bara pågående placeringar. En månad är avgjord när sista kontrolldagen har passerat; öppna månader räknas inte.',
    );
    expect(describeWatchRule(DEFAULT_WATCH_RULE, 'en')).toBe(
      'Two or more of the last three final months late or unpaid, or an unpaid month right after a month paid on time.' +
        ' Current placements only. A month is final once its last checkpoint has passed; open months do not count.',
    );
  });

  it('words other rules', () => {
    expect(describeWatchRule({ window: 4, minLateOrUnpaid: 4, unpaidAfterOnTime: false }, 'en')).toMatch(
      /^All of the last four final months late or unpaid\./,
    );
    expect(describeWatchRule({ window: 1, minLateOrUnpaid: 1, unpaidAfterOnTime: false }, 'sv')).toMatch(
      /^Den senaste avgjorda månaden sen eller obetald\./,
    );
    expect(describeWatchRule({ window: 3, minLateOrUnpaid: null, unpaidAfterOnTime: true }, 'sv')).toMatch(
      /^En obetald månad direkt efter/,
    );
    expect(describeWatchRule({ window: 3, minLateOrUnpaid: null, unpaidAfterOnTime: false }, 'en')).toBe(
      'No rule chosen: the list is empty.',
    );
    expect(describeWatchRule({ window: 24, minLateOrUnpaid: 13, unpaidAfterOnTime: false }, 'en')).toMatch(/^13 or more of the last 24/);
  });
});
