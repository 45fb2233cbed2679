import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween } from './calendar-date.ts';
import { easterSunday, isVardag, lastVardagBefore, nextVardag, previousVardag, swedishPublicHolidays } from './swedish-calendar.ts';

/** 1 = Monday … 7 = Sunday, via Date so the test does not reuse the module's own arithmetic. */
function weekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** An independent oracle: Oudin's (1940) Gregorian Easter algorithm, a different derivation from the
 *  Meeus/Jones/Butcher one the module uses. */
function oudinEaster(year: number): string {
  const g = year % 19;
  const c = Math.floor(year / 100);
  const h = (c - Math.floor(c / 4) - Math.floor((8 * c + 13) / 25) + 19 * g + 15) % 30;
  const i = h - Math.floor(h / 28) * (1 - Math.floor(29 / (h + 1)) * Math.floor((21 - g) / 11));
  const j = (year + Math.floor(year / 4) + i + 2 - c + Math.floor(c / 4)) % 7;
  const l = i - j;
  const month = 3 + Math.floor((l + 40) / 44);
  const day = l + 28 - 31 * Math.floor(month / 4);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const holiday = (year: number, name: string) => swedishPublicHolidays(year).find((h) => h.name === name)?.date;

describe('easterSunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'], // the latest possible date
    [2285, '2285-03-22'], // the earliest possible date
    [2019, '2019-04-21'], // not 24 March, although the astronomical full moon fell on 21 March
    [1943, '1943-04-25'],
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('is always a Sunday from 22 March to 25 April and agrees with Oudin’s algorithm', () => {
    for (let year = 1583; year <= 4099; year++) {
      const easter = easterSunday(year);
      expect(easter, String(year)).toBe(oudinEaster(year));
      expect(weekday(easter)).toBe(7);
      expect(easter.slice(5) >= '03-22' && easter.slice(5) <= '04-25', easter).toBe(true);
    }
  });

  it('rejects years outside the Gregorian calendar and non-integers', () => {
    expect(() => easterSunday(1582)).toThrow(RangeError);
    expect(() => easterSunday(2026.5)).toThrow(RangeError);
    expect(() => easterSunday(10000)).toThrow(RangeError);
  });
});

describe('swedishPublicHolidays', () => {
  it('lists the 13 named holidays of 2026 in date order', () => {
    expect(swedishPublicHolidays(2026)).toEqual([
      { date: '2026-01-01', name: 'nyårsdagen' },
      { date: '2026-01-06', name: 'trettondedag jul' },
      { date: '2026-04-03', name: 'långfredagen' },
      { date: '2026-04-05', name: 'påskdagen' },
      { date: '2026-04-06', name: 'annandag påsk' },
      { date: '2026-05-01', name: 'första maj' },
      { date: '2026-05-14', name: 'Kristi himmelsfärdsdag' },
      { date: '2026-05-24', name: 'pingstdagen' },
      { date: '2026-06-06', name: 'nationaldagen' },
      { date: '2026-06-20', name: 'midsommardagen' },
      { date: '2026-10-31', name: 'alla helgons dag' },
      { date: '2026-12-25', name: 'juldagen' },
      { date: '2026-12-26', name: 'annandag jul' },
    ]);
  });

  it('puts Kristi himmelsfärdsdag on a Thursday and pingstdagen on a Sunday, even with the earliest Easter', () => {
    expect(holiday(2285, 'Kristi himmelsfärdsdag')).toBe('2285-04-30');
    expect(holiday(2038, 'Kristi himmelsfärdsdag')).toBe('2038-06-03');
    expect(holiday(2038, 'pingstdagen')).toBe('2038-06-13');
    expect(holiday(2038, 'annandag påsk')).toBe('2038-04-26');
  });

  it('finds midsommardagen at both ends of 20–26 June', () => {
    expect(holiday(2026, 'midsommardagen')).toBe('2026-06-20');
    expect(holiday(2027, 'midsommardagen')).toBe('2027-06-26');
    expect(holiday(2025, 'midsommardagen')).toBe('2025-06-21');
    expect(holiday(2032, 'midsommardagen')).toBe('2032-06-26'); // leap year
  });

  it('finds alla helgons dag at both ends of 31 October–6 November', () => {
    expect(holiday(2026, 'alla helgons dag')).toBe('2026-10-31');
    expect(holiday(2027, 'alla helgons dag')).toBe('2027-11-06');
    expect(holiday(2025, 'alla helgons dag')).toBe('2025-11-01');
    expect(holiday(2037, 'alla helgons dag')).toBe('2037-10-31');
  });

  it('lists both names when two holidays share a day, as första maj and Kristi himmelsfärdsdag did in 2008', () => {
    const may1 = swedishPublicHolidays(2008).filter((h) => h.date === '2008-05-01');
    expect(may1.map((h) => h.name)).toEqual(['första maj', 'Kristi himmelsfärdsdag']);
    expect(holiday(2049, 'pingstdagen')).toBe('2049-06-06'); // and nationaldagen
  });

  it('always has 13 holidays in date order, each movable one on its weekday and in its window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const list = swedishPublicHolidays(year);
        expect(list).toHaveLength(13);
        expect(list.map((h) => h.date)).toEqual(list.map((h) => h.date).sort());
        expect(list.every((h) => h.date.startsWith(`${year}-`))).toBe(true);
        const easter = easterSunday(year);
        expect(daysBetween(easter, holiday(year, 'långfredagen')!)).toBe(-2);
        expect(weekday(holiday(year, 'Kristi himmelsfärdsdag')!)).toBe(4);
        expect(weekday(holiday(year, 'pingstdagen')!)).toBe(7);
        const midsommar = holiday(year, 'midsommardagen')!;
        expect(weekday(midsommar)).toBe(6);
        expect(midsommar >= `${year}-06-20` && midsommar <= `${year}-06-26`).toBe(true);
        const allaHelgon = holiday(year, 'alla helgons dag')!;
        expect(weekday(allaHelgon)).toBe(6);
        expect(allaHelgon >= `${year}-10-31` && allaHelgon <= `${year}-11-06`).toBe(true);
      }),
    );
  });
});

describe('isVardag', () => {
  it.each([
    ['2026-03-10', true, 'a normal Tuesday'],
    ['2026-12-30', true, 'the Wednesday before nyårsafton'],
    ['2026-06-18', true, 'the Thursday before midsommarafton'],
    ['2026-06-19', false, 'midsommarafton (Friday)'],
    ['2027-06-25', false, 'midsommarafton at the latest date'],
    ['2026-12-24', false, 'julafton (Thursday)'],
    ['2026-12-31', false, 'nyårsafton (Thursday)'],
    ['2027-01-06', false, 'trettondedag jul (Wednesday)'],
    ['2026-03-07', false, 'a Saturday'],
    ['2026-03-08', false, 'a Sunday'],
    ['2026-04-03', false, 'långfredagen'],
    ['2026-04-06', false, 'annandag påsk'],
    ['2026-05-01', false, 'första maj (Friday)'],
    ['2026-05-14', false, 'Kristi himmelsfärdsdag'],
    ['2026-05-15', true, 'the Friday after Kristi himmelsfärdsdag ("klämdag", still a vardag)'],
    ['2026-05-25', true, 'the Monday after pingstdagen (annandag pingst is no holiday since 2005)'],
    ['2027-06-07', true, 'the Monday after nationaldagen on a Sunday (no substitute day in Sweden)'],
    ['2025-06-06', false, 'nationaldagen (Friday)'],
    ['2025-12-26', false, 'annandag jul (Friday)'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(isVardag(date)).toBe(expected);
  });

  it('rejects anything but a calendar date', () => {
    expect(() => isVardag('2026-02-30')).toThrow(RangeError);
    expect(() => isVardag('2026-6-19')).toThrow(RangeError);
  });

  it('gives 249–254 vardagar a year', () => {
    for (let year = 1950; year <= 2150; year++) {
      let count = 0;
      for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) if (isVardag(d)) count++;
      expect(count, String(year)).toBeGreaterThanOrEqual(249);
      expect(count, String(year)).toBeLessThanOrEqual(254);
    }
  });
});

describe('nextVardag, previousVardag and lastVardagBefore', () => {
  it('returns a vardag itself', () => {
    expect(nextVardag('2026-03-10')).toBe('2026-03-10');
    expect(previousVardag('2026-03-10')).toBe('2026-03-10');
  });

  it('steps over Christmas and New Year', () => {
    expect(nextVardag('2026-12-24')).toBe('2026-12-28');
    expect(previousVardag('2026-12-27')).toBe('2026-12-23');
    expect(nextVardag('2026-12-31')).toBe('2027-01-04');
    expect(previousVardag('2027-01-01')).toBe('2026-12-30');
  });

  it('steps over Easter and midsommar', () => {
    expect(nextVardag('2026-04-03')).toBe('2026-04-07');
    expect(previousVardag('2026-04-06')).toBe('2026-04-02');
    expect(nextVardag('2026-06-19')).toBe('2026-06-22');
    expect(previousVardag('2026-06-21')).toBe('2026-06-18');
  });

  it('lastVardagBefore is strictly before, even when the date is a vardag', () => {
    expect(lastVardagBefore('2026-03-10')).toBe('2026-03-09');
    expect(lastVardagBefore('2026-03-09')).toBe('2026-03-06');
    expect(lastVardagBefore('2027-01-01')).toBe('2026-12-30');
    expect(lastVardagBefore('2026-07-01')).toBe('2026-06-30');
  });

  it('finds the nearest vardag with none skipped in between', () => {
    const date = fc.integer({ min: 0, max: 365 * 200 }).map((n) => addDays('1950-01-01', n));
    fc.assert(
      fc.property(date, (d) => {
        const next = nextVardag(d);
        const prev = previousVardag(d);
        const before = lastVardagBefore(d);
        expect(isVardag(next) && isVardag(prev) && isVardag(before)).toBe(true);
        expect(next >= d && prev <= d && before < d).toBe(true);
        // At most 5 days apart: the longest run of non-vardagar is e.g. julafton–Sunday plus a weekend.
        expect(daysBetween(d, next)).toBeLessThanOrEqual(5);
        for (let x = addDays(d, 1); x < next; x = addDays(x, 1)) expect(isVardag(x)).toBe(false);
        for (let x = addDays(before, 1); x < d; x = addDays(x, 1)) expect(isVardag(x)).toBe(false);
      }),
    );
  });
});
