import { describe, it, expect } from 'vitest';
import { allocate, classifyMonth, monthlyCharge, monthOf, monthsBetween, placementOcrReference, rentDueDate } from '@kvarbo/domain';
import type { MonthStatus } from '@kvarbo/domain';
import { generateDemo } from './generate-demo.ts';
import { assignProfiles, generatePayments, RISK_MONTHS } from './generate-payments.ts';
import type { DemoCharge, DemoPaymentSpec } from './generate-payments.ts';

/** The demo's charges as charges.service prices them (statutory due dates, no rent changes), through `lastMonth`. */
function demoCharges(seed: number, today: string, lastMonth = monthOf(today)): DemoCharge[] {
  const data = generateDemo(seed, today);
  const rentOf = new Map(data.apartments.map((a) => [a.key, a.monthlyRentOre]));
  return data.placements.flatMap((p, i) =>
    monthsBetween(monthOf(p.startDate), p.endDate && monthOf(p.endDate) < lastMonth ? monthOf(p.endDate) : lastMonth).flatMap((month) => {
      const charge = monthlyCharge(month, p.monthlyRentOre ?? rentOf.get(p.apartmentKey)!, { startDate: p.startDate, endDate: p.endDate });
      if (!charge || charge.amountOre === 0) return [];
      return [
        {
          placementId: p.key,
          residentKey: p.residentKey,
          month,
          dueDate: rentDueDate(month),
          amountOre: charge.amountOre,
          ocrReference: placementOcrReference(i + 1),
          startDate: p.startDate,
        },
      ];
    }),
  );
}

type MonthRow = { placementId: string; residentKey: string; month: string; status: MonthStatus };

/** Each charged month's status as the ledger shows it: matched payments only, allocated oldest first. */
function statuses(charges: DemoCharge[], payments: DemoPaymentSpec[], today: string): MonthRow[] {
  const matched = payments.filter((p) => !p.unmatched);
  const placements = [...new Set(charges.map((c) => c.placementId))];
  return placements.flatMap((placementId) => {
    const mine = charges.filter((c) => c.placementId === placementId);
    const result = allocate(
      mine.map((c) => ({ id: `${c.placementId}:${c.month}`, month: c.month, dueDate: c.dueDate, amountOre: c.amountOre })),
      matched
        .filter((p) => p.placementId === placementId)
        .map((p, i) => ({ id: String(i).padStart(5, '0'), bookingDate: p.bookingDate, amountOre: p.amountOre })),
    );
    return result.charges.map((c) => ({
      placementId,
      residentKey: mine[0]!.residentKey,
      month: c.month,
      status: classifyMonth(c, today),
    }));
  });
}

function mix(rows: MonthRow[]) {
  const decided = rows.filter((r) => r.status !== 'open');
  const share = (s: MonthStatus) => decided.filter((r) => r.status === s).length / decided.length;
  return { n: decided.length, onTime: share('on_time'), late: share('late'), unpaid: share('unpaid') };
}

/** Rows in each resident's first RISK_MONTHS months vs the rest. */
function byPhase(rows: MonthRow[]) {
  const seen = new Map<string, number>();
  const risk: MonthRow[] = [];
  const later: MonthRow[] = [];
  for (const r of [...rows].sort((a, b) => (a.residentKey + a.month < b.residentKey + b.month ? -1 : 1))) {
    const n = seen.get(r.residentKey) ?? 0;
    seen.set(r.residentKey, n + 1);
    (n < RISK_MONTHS ? risk : later).push(r);
  }
  return { risk: mix(risk), later: mix(later) };
}

const SEEDS = [1, 2, 3, 4, 5];
/** Before the 15th: some of the current month's payments are still to come. */
const TODAY = '2026-03-06';
const LATER_TODAY = '2025-11-20';

describe('generatePayments', () => {
  it('is deterministic: same seed and charges → the same payments, whatever order the charges come in', () => {
    const charges = demoCharges(1, TODAY);
    const a = generatePayments(1, TODAY, charges);
    expect(generatePayments(1, TODAY, charges)).toEqual(a);
    expect(generatePayments(1, TODAY, [...charges].reverse())).toEqual(a);
    expect(generatePayments(2, TODAY, charges)).not.toEqual(a);
    expect(a.length).toBeGreaterThan(charges.length * 0.8);
  });

  it('pays in positive whole kronor, never after today, with the OCR on matched Bankgiro payments', () => {
    for (const [seed, today] of [
      [1, TODAY],
      [2, LATER_TODAY],
      [3, '2025-12-31'],
    ] as const) {
      const charges = demoCharges(seed, today);
      const ocrOf = new Map(charges.map((c) => [c.placementId, c.ocrReference]));
      const payments = generatePayments(seed, today, charges);
      for (const p of payments) {
        expect(Number.isSafeInteger(p.amountOre) && p.amountOre > 0, `${p.placementId} ${p.bookingDate} ${p.amountOre}`).toBe(true);
        expect(p.amountOre % 100).toBe(0);
        expect(p.bookingDate <= today, `${p.placementId} pays on ${p.bookingDate}`).toBe(true);
        expect(p.bookingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(ocrOf.has(p.placementId)).toBe(true);
        if (p.source === 'manual') expect(p.reference).toBeNull();
        if (p.source === 'bgmax') expect(p.method).toBe('bankgiro');
        if (p.source === 'bgmax' && !p.unmatched) expect(p.reference).toBe(ocrOf.get(p.placementId));
      }
      const sorted = [...payments].sort((x, y) => (x.bookingDate < y.bookingDate ? -1 : x.bookingDate > y.bookingDate ? 1 : 0));
      expect(payments.map((p) => p.bookingDate)).toEqual(sorted.map((p) => p.bookingDate));
    }
  });

  it('leaves a couple of recent Bankgiro payments without the OCR for the "Att koppla" queue', () => {
    const payments = generatePayments(1, TODAY, demoCharges(1, TODAY));
    const unmatched = payments.filter((p) => p.unmatched);
    expect(unmatched).toHaveLength(2);
    for (const p of unmatched) {
      expect(p).toMatchObject({ source: 'bgmax', method: 'bankgiro', reference: null });
      expect(p.freeText).toMatch(/^hyra [a-zåäö]+$/);
      expect(p.bookingDate >= '2026-01-25').toBe(true);
    }
    expect(new Set(unmatched.map((p) => p.placementId)).size).toBe(2);
  });

  it('gives a realistic status mix: mostly on time, some late, a few unpaid', () => {
    const all: MonthRow[] = [];
    for (const seed of SEEDS) {
      const charges = demoCharges(seed, TODAY);
      const rows = statuses(charges, generatePayments(seed, TODAY, charges), TODAY);
      const m = mix(rows);
      // One seed's ~750 months may stray a little from the mix; the seeds together must not.
      expect(m.onTime, `seed ${seed}`).toBeGreaterThan(0.66);
      expect(m.onTime, `seed ${seed}`).toBeLessThan(0.88);
      expect(m.late, `seed ${seed}`).toBeGreaterThan(0.06);
      expect(m.unpaid, `seed ${seed}`).toBeGreaterThan(0.03);
      expect(m.unpaid, `seed ${seed}`).toBeLessThan(0.14);
      all.push(...rows.map((r) => ({ ...r, residentKey: `${seed}:${r.residentKey}` })));
    }
    const m = mix(all);
    expect(m.n).toBeGreaterThan(3000);
    expect(m.onTime).toBeGreaterThanOrEqual(0.7);
    expect(m.onTime).toBeLessThanOrEqual(0.85);
    expect(m.late).toBeGreaterThanOrEqual(0.08);
    expect(m.late).toBeLessThanOrEqual(0.2);
    expect(m.unpaid).toBeGreaterThanOrEqual(0.04);
    expect(m.unpaid).toBeLessThanOrEqual(0.12);

    // The risk phase: residents' first months go wrong clearly more often than later ones.
    const { risk, later } = byPhase(all);
    expect(risk.n).toBeGreaterThan(200);
    expect(risk.late + risk.unpaid).toBeGreaterThan(later.late + later.unpaid + 0.1);
    expect(risk.unpaid).toBeGreaterThan(later.unpaid);
  });

  it('before the 15th, some of the current month is still open; after it, nothing is', () => {
    const charges = demoCharges(1, TODAY);
    const open = statuses(charges, generatePayments(1, TODAY, charges), TODAY).filter((r) => r.status === 'open');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((r) => r.month === '2026-03')).toBe(true);

    const later = demoCharges(1, LATER_TODAY);
    expect(statuses(later, generatePayments(1, LATER_TODAY, later), LATER_TODAY).filter((r) => r.status === 'open')).toHaveLength(0);
  });

  it('shows the stories the profiles tell: arrears settled by a lump sum or by instalments, and credit from prepaying', () => {
    const notes = new Set<string>();
    let inArrears = 0;
    let withCredit = 0;
    for (const seed of SEEDS) {
      const charges = demoCharges(seed, TODAY);
      const payments = generatePayments(seed, TODAY, charges);
      for (const p of payments) if (p.note) notes.add(p.note);
      for (const placementId of new Set(charges.map((c) => c.placementId))) {
        const charged = charges.filter((c) => c.placementId === placementId).reduce((s, c) => s + c.amountOre, 0);
        const paid = payments.filter((p) => p.placementId === placementId && !p.unmatched).reduce((s, p) => s + p.amountOre, 0);
        // More than the current month open: arrears.
        if (charged - paid > 1.5 * Math.max(...charges.filter((c) => c.placementId === placementId).map((c) => c.amountOre))) inArrears++;
        if (paid > charged) withCredit++;
      }
    }
    expect([...notes].some((n) => /avbetalning/i.test(n))).toBe(true);
    expect([...notes].some((n) => /bistånd/i.test(n))).toBe(true);
    expect(inArrears).toBeGreaterThan(0);
    expect(withCredit).toBeGreaterThan(0);
  });
});

describe('assignProfiles', () => {
  it('deals the mix per resident, the same for the same seed', () => {
    const keys = Array.from({ length: 60 }, (_, i) => `res-${String(i + 1).padStart(2, '0')}`);
    const profiles = assignProfiles(7, keys);
    expect(assignProfiles(7, [...keys].reverse())).toEqual(profiles);
    const count = (p: string) => [...profiles.values()].filter((x) => x === p).length;
    expect(count('prepayer')).toBe(2);
    expect(count('often_late')).toBe(9);
    expect(count('bad_phase')).toBe(7);
    expect(count('one_miss')).toBe(5);
    expect(count('steady')).toBe(37);
  });
});
