import { describe, it, expect } from 'vitest';
import { addMonths, fromDay, generateDemo, toDay } from './generate-demo.ts';
import type { DemoData, DemoPlacement } from './generate-demo.ts';
import { createRng } from './prng.ts';
import { TEST_COORDINATION_NUMBERS, TEST_PERSONAL_NUMBERS } from './test-personal-numbers.ts';

/** Luhn digit over YYMMDDNNN: weights 2,1,2,… from the left, digit sums, (10 − s mod 10) mod 10. */
function luhnDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const p = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(p / 10) + (p % 10);
  }
  return (10 - (sum % 10)) % 10;
}

function luhnValid(number12: string): boolean {
  return /^\d{12}$/.test(number12) && luhnDigit(number12.slice(2, 11)) === Number(number12[11]);
}

function isRealDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Birth date as YYYY-MM-DD (day − 60 for a samordningsnummer). */
function birthDate(number12: string): string {
  const day = Number(number12.slice(6, 8));
  return `${number12.slice(0, 4)}-${number12.slice(4, 6)}-${String(day > 60 ? day - 60 : day).padStart(2, '0')}`;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

function byStart(a: DemoPlacement, b: DemoPlacement): number {
  return a.startDate.localeCompare(b.startDate);
}

/** endDate is inclusive; the next placement must start at least one day later. */
function expectNoOverlap(list: DemoPlacement[]): void {
  const sorted = [...list].sort(byStart);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as DemoPlacement;
    const next = sorted[i] as DemoPlacement;
    expect(prev.endDate, `${prev.key} is ongoing but ${next.key} starts later`).not.toBeNull();
    expect(next.startDate > (prev.endDate as string), `${prev.key} overlaps ${next.key}`).toBe(true);
  }
}

const PN = new Set(TEST_PERSONAL_NUMBERS);
const SN = new Set(TEST_COORDINATION_NUMBERS);

describe('Skatteverket test numbers', () => {
  it('has at least 120 unique personnummer for adults born 1945–2006', () => {
    expect(TEST_PERSONAL_NUMBERS.length).toBeGreaterThanOrEqual(120);
    expect(PN.size).toBe(TEST_PERSONAL_NUMBERS.length);
    for (const n of TEST_PERSONAL_NUMBERS) {
      expect(n).toMatch(/^\d{12}$/);
      const y = Number(n.slice(0, 4));
      expect(y, n).toBeGreaterThanOrEqual(1945);
      expect(y, n).toBeLessThanOrEqual(2006);
      expect(isRealDate(y, Number(n.slice(4, 6)), Number(n.slice(6, 8))), n).toBe(true);
    }
  });

  it('every personnummer and samordningsnummer passes the Luhn check', () => {
    const invalid = [...TEST_PERSONAL_NUMBERS, ...TEST_COORDINATION_NUMBERS].filter((n) => !luhnValid(n));
    expect(invalid).toEqual([]);
  });

  it('the Luhn check agrees with the examples in RULES.md', () => {
    expect(luhnDigit('811218987')).toBe(6);
    expect(luhnDigit('701063239')).toBe(1);
    expect(luhnValid('198112189876')).toBe(true);
    expect(luhnValid('198112189877')).toBe(false);
  });

  it('samordningsnummer have day + 60 and a real birth date', () => {
    expect(TEST_COORDINATION_NUMBERS.length).toBeGreaterThan(0);
    expect(SN.size).toBe(TEST_COORDINATION_NUMBERS.length);
    for (const n of TEST_COORDINATION_NUMBERS) {
      const day = Number(n.slice(6, 8));
      expect(day, n).toBeGreaterThan(60);
      expect(isRealDate(Number(n.slice(0, 4)), Number(n.slice(4, 6)), day - 60), n).toBe(true);
      expect(PN.has(n)).toBe(false);
    }
  });
});

describe('prng', () => {
  it('is deterministic and stays in range', () => {
    const a = createRng(7);
    const b = createRng(7);
    const xs = Array.from({ length: 200 }, () => a.next());
    expect(Array.from({ length: 200 }, () => b.next())).toEqual(xs);
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    const c = createRng(8);
    expect(Array.from({ length: 200 }, () => c.next())).not.toEqual(xs);
    const r = createRng(1);
    for (let i = 0; i < 500; i++) {
      const n = r.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
    }
  });
});

describe('date helpers', () => {
  it('round-trips and rejects non-dates', () => {
    expect(fromDay(toDay('2024-02-29'))).toBe('2024-02-29');
    expect(() => toDay('2023-02-29')).toThrow();
    expect(() => toDay('2023-1-01')).toThrow();
    expect(fromDay(addMonths(toDay('2024-01-31'), 1))).toBe('2024-02-29');
    expect(fromDay(addMonths(toDay('2026-03-15'), -36))).toBe('2023-03-15');
  });

  it('generateDemo rejects a malformed today', () => {
    expect(() => generateDemo(1, '15/03/2026')).toThrow();
  });
});

const CASES: readonly [number, string][] = [
  [1, '2026-03-15'],
  [2, '2026-03-15'],
  [42, '2025-11-30'],
  [2024, '2024-02-29'],
  [99_999, '2026-01-01'],
  [-5, '2027-07-01'],
  [123_456_789, '2026-06-30'],
];

describe.each(CASES)('generateDemo(%i, %s)', (seed, today) => {
  const data: DemoData = generateDemo(seed, today);
  const staffByKey = new Map(data.staff.map((s) => [s.key, s]));
  const apartmentsByKey = new Map(data.apartments.map((a) => [a.key, a]));
  const residentsByKey = new Map(data.residents.map((r) => [r.key, r]));
  const windowStart = fromDay(addMonths(toDay(today), -36));

  it('has unique keys everywhere', () => {
    const keys = [
      data.unit.key,
      ...data.staff.map((s) => s.key),
      ...data.landlords.map((l) => l.key),
      ...data.commissioners.map((c) => c.key),
      ...data.apartments.map((a) => a.key),
      ...data.residents.map((r) => r.key),
      ...data.placements.map((p) => p.key),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(data.staff.map((s) => s.username)).size).toBe(data.staff.length);
  });

  it('has the expected staff, landlords and commissioning agencies', () => {
    const roles = data.staff.map((s) => s.role);
    expect(roles.filter((r) => r === 'manager')).toHaveLength(1);
    expect(roles.filter((r) => r === 'host')).toHaveLength(1);
    expect(roles.filter((r) => r === 'analyst')).toHaveLength(1);
    const cw = roles.filter((r) => r === 'caseworker').length;
    expect(cw >= 4 && cw <= 5).toBe(true);
    for (const s of data.staff) expect(s.username).toMatch(/^[a-z0-9.]+$/);

    expect(data.landlords).toHaveLength(3);
    const banned = /svenska bostäder|stockholmshem|familjebostäder/i;
    for (const l of data.landlords) {
      expect(l.name).not.toMatch(banned);
      expect(l.contacts.length).toBeGreaterThan(0);
    }

    expect(data.commissioners.length >= 3 && data.commissioners.length <= 4).toBe(true);
    const kinds = data.commissioners.map((c) => c.kind);
    expect(kinds.filter((k) => k === 'district_social_services')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'kriminalvarden')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'other').length).toBeLessThanOrEqual(1);
  });

  it('uses only fictional phone numbers and .example e-mail addresses', () => {
    const phones = [
      ...data.landlords.flatMap((l) => [l.phone, ...l.contacts.map((c) => c.phone)]),
      ...data.commissioners.map((c) => c.phone),
      ...data.residents.map((r) => r.phone).filter((p): p is string => p !== null),
    ];
    for (const p of phones) expect(p).toMatch(/^(070-174 06 (0[5-9]|[1-9]\d)|08-465 004 \d{2})$/);
    expect(new Set(phones).size).toBe(phones.length);
    const emails = [
      ...data.landlords.flatMap((l) => [l.email, ...l.contacts.map((c) => c.email)]),
      ...data.commissioners.map((c) => c.email),
    ];
    for (const e of emails) expect(e).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+\.example$/);
  });

  it('has about 50 apartments with a realistic mix', () => {
    expect(data.apartments.length >= 45 && data.apartments.length <= 55).toBe(true);
    const byType = groupBy(data.apartments, (a) => a.type);
    const hf = byType.get('housing_first')?.length ?? 0;
    expect(hf >= 8 && hf <= 12).toBe(true);
    const trainingTrial = (byType.get('training')?.length ?? 0) + (byType.get('trial')?.length ?? 0);
    expect(trainingTrial).toBeGreaterThan(data.apartments.length / 2);
    for (const t of ['emergency', 'support', 'fallback'] as const) expect(byType.get(t)?.length ?? 0).toBeGreaterThan(0);

    const landlordKeys = new Set(data.landlords.map((l) => l.key));
    expect(new Set(data.apartments.map((a) => a.address)).size).toBe(data.apartments.length);
    for (const a of data.apartments) {
      expect(landlordKeys.has(a.landlordKey)).toBe(true);
      expect(a.monthlyRentOre % 100).toBe(0);
      expect(a.monthlyRentOre >= 450_000 && a.monthlyRentOre <= 950_000, `${a.key} rent`).toBe(true);
      expect([1, 2, 3]).toContain(a.rooms);
      expect(a.areaSqm >= 25 && a.areaSqm <= 75).toBe(true);
      expect(a.postcode).toMatch(/^\d{3} \d{2}$/);
      expect(a.landlordObjectNumber.length).toBeGreaterThan(0);
    }
  });

  it('has about 60 residents with unique numbers from the test list', () => {
    expect(data.residents.length >= 55 && data.residents.length <= 65).toBe(true);
    const numbers = data.residents.map((r) => r.personalNumber).filter((n): n is string => n !== null);
    expect(new Set(numbers).size).toBe(numbers.length);
    const noId = data.residents.filter((r) => r.idKind === 'none');
    expect(noId.length >= 1 && noId.length <= 2).toBe(true);
    for (const r of data.residents) {
      if (r.idKind === 'none') {
        expect(r.personalNumber).toBeNull();
        expect(r.noIdReason).toBeTruthy();
        continue;
      }
      expect(r.noIdReason).toBeNull();
      const n = r.personalNumber as string;
      expect(luhnValid(n), n).toBe(true);
      expect(r.idKind === 'personnummer' ? PN.has(n) : SN.has(n), n).toBe(true);
    }
    const names = data.residents.map((r) => `${r.firstName} ${r.lastName}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('links residents to caseworkers and commissioning agencies; mostly single adults', () => {
    const commissionerKeys = new Set(data.commissioners.map((c) => c.key));
    for (const r of data.residents) {
      expect(staffByKey.get(r.contactPersonKey)?.role).toBe('caseworker');
      expect(commissionerKeys.has(r.commissionerKey)).toBe(true);
      expect(r.commissionerContact.length).toBeGreaterThan(0);
      expect(r.householdAdults >= 1 && r.householdAdults <= 2).toBe(true);
      expect(r.householdChildren >= 0 && r.householdChildren <= 3).toBe(true);
    }
    const single = data.residents.filter((r) => r.householdAdults === 1 && r.householdChildren === 0).length;
    expect(single / data.residents.length).toBeGreaterThan(0.7);
    expect(data.residents.some((r) => r.householdChildren > 0)).toBe(true);
  });

  it('references existing residents and apartments; every resident has one or two placements', () => {
    for (const p of data.placements) {
      expect(residentsByKey.has(p.residentKey)).toBe(true);
      expect(apartmentsByKey.has(p.apartmentKey)).toBe(true);
    }
    const perResident = groupBy(data.placements, (p) => p.residentKey);
    for (const r of data.residents) {
      const n = perResident.get(r.key)?.length ?? 0;
      expect(n >= 1 && n <= 2, `${r.key} has ${n} placements`).toBe(true);
    }
    const twice = [...perResident.values()].filter((l) => l.length === 2);
    expect(twice.length).toBeGreaterThanOrEqual(1);
    for (const l of twice) expect((l[0] as DemoPlacement).apartmentKey).not.toBe((l[1] as DemoPlacement).apartmentKey);
  });

  it('has no overlapping placements per resident or per apartment', () => {
    for (const list of groupBy(data.placements, (p) => p.residentKey).values()) expectNoOverlap(list);
    for (const list of groupBy(data.placements, (p) => p.apartmentKey).values()) expectNoOverlap(list);
  });

  it('keeps dates within the last three years, start ≤ end ≤ today, end reason iff end date', () => {
    for (const p of data.placements) {
      expect(() => toDay(p.startDate)).not.toThrow();
      expect(p.startDate >= windowStart, `${p.key} starts ${p.startDate}`).toBe(true);
      expect(p.startDate <= today).toBe(true);
      if (p.endDate !== null) {
        expect(() => toDay(p.endDate as string)).not.toThrow();
        expect(p.startDate <= p.endDate).toBe(true);
        expect(p.endDate <= today).toBe(true);
        expect(p.endReason).not.toBeNull();
      } else {
        expect(p.endReason).toBeNull();
        expect(p.endNote).toBeNull();
      }
    }
  });

  it('has 40–45 apartments occupied today', () => {
    const occupied = new Set(
      data.placements.filter((p) => p.startDate <= today && (p.endDate === null || p.endDate >= today)).map((p) => p.apartmentKey),
    );
    expect(occupied.size >= 40 && occupied.size <= 45, `${occupied.size} occupied`).toBe(true);
  });

  it('residents are adults when they move in', () => {
    for (const p of data.placements) {
      const r = residentsByKey.get(p.residentKey);
      if (!r?.personalNumber) continue;
      const eighteenth = fromDay(addMonths(toDay(birthDate(r.personalNumber)), 12 * 18));
      expect(eighteenth <= p.startDate, `${r.key} born ${birthDate(r.personalNumber)} moves in ${p.startDate}`).toBe(true);
    }
  });

  it('has a realistic mix of end reasons', () => {
    const ended = data.placements.filter((p) => p.endReason !== null);
    expect(ended.length).toBeGreaterThanOrEqual(10);
    const count = (r: string) => ended.filter((p) => p.endReason === r).length;
    expect(count('own_first_hand_lease') + count('took_over_lease') + count('moved_other_housing')).toBeGreaterThanOrEqual(
      ended.length / 2,
    );
    expect(count('terminated_disturbance') + count('terminated_rent_arrears')).toBeGreaterThanOrEqual(1);
  });

  it('Housing First: second-hand leases, and a few take-overs after at least nine months', () => {
    const hf = data.placements.filter((p) => apartmentsByKey.get(p.apartmentKey)?.type === 'housing_first');
    for (const p of hf) expect(p.leaseForm).toBe('second_hand');
    const takeovers = hf.filter((p) => p.endReason === 'took_over_lease');
    expect(takeovers.length).toBeGreaterThanOrEqual(2);
    for (const p of data.placements.filter((q) => q.endReason === 'took_over_lease')) {
      const nineMonths = fromDay(addMonths(toDay(p.startDate), 9));
      expect((p.endDate as string) >= nineMonths, `${p.key}: ${p.startDate} → ${p.endDate}`).toBe(true);
    }
  });

  it('money fields are consistent', () => {
    expect(data.placements.some((p) => p.rentIncludedInDailyFee)).toBe(true);
    for (const p of data.placements) {
      if (p.rentIncludedInDailyFee) {
        expect(p.rentAllowanceOre).not.toBeNull();
        expect(p.dailyFeeOre).not.toBeNull();
      } else {
        expect(p.rentAllowanceOre).toBeNull();
      }
      for (const v of [p.dailyFeeOre, p.rentAllowanceOre, p.monthlyRentOre]) {
        if (v !== null) expect(Number.isInteger(v) && v > 0).toBe(true);
      }
      const apt = apartmentsByKey.get(p.apartmentKey);
      expect(p.leaseForm).toBe(apt?.unitHoldsFirstHandLease ? 'second_hand' : 'first_hand');
    }
  });
});

describe('determinism', () => {
  it('same seed → deep-equal data', () => {
    expect(generateDemo(17, '2026-03-15')).toEqual(generateDemo(17, '2026-03-15'));
    expect(JSON.stringify(generateDemo(3, '2025-05-05'))).toBe(JSON.stringify(generateDemo(3, '2025-05-05')));
  });

  it('different seed → different data', () => {
    const a = generateDemo(17, '2026-03-15');
    const b = generateDemo(18, '2026-03-15');
    expect(a).not.toEqual(b);
    expect(a.residents.map((r) => r.personalNumber)).not.toEqual(b.residents.map((r) => r.personalNumber));
    expect(a.placements.map((p) => p.startDate)).not.toEqual(b.placements.map((p) => p.startDate));
  });

  it('returns plain JSON data', () => {
    const d = generateDemo(5, '2026-03-15');
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});
