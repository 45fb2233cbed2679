/**
 * Deterministic demo rent payments: given the rent charges the demo placements were billed, the payments the
 * residents made, following behaviour profiles like those the units see in real ledgers.
 *
 * Pure: no I/O, no clock, no Math.random. Same (seed, today, charges) → deep-equal payments, whatever order
 * the charges come in.
 *
 * Profiles (one per resident, dealt from a shuffled deck so every seed gets about the same mix):
 * - steady (most): pay the same few days before the due date every month, usually by Bankgiro with the OCR
 *   (autogiro-like); now and then a few days late.
 * - prepayer (two): usually pay two months at once, a week or so before the first is due.
 * - often_late: about half their months paid 1st–15th of the month, when their income has come in; some after
 *   the 15th.
 * - bad_phase: an ordinary history with one bad phase of 2–4 months: a late month, then months with only a
 *   part or nothing paid; then either a catch-up lump sum (often social services paying the arrears as
 *   ekonomiskt bistånd) or a repayment-like series of rent + an extra amount each month.
 * - one_miss: an on-time history with one month not paid by the 15th, caught up later that month or paid
 *   together with the next month's rent.
 * Across profiles: a resident's first three months (the risk phase) are more often late or unpaid; the
 * move-in month is paid when the contract is signed, 3–14 days before moving in (so a move-in after the
 * middle of the month counts as late or unpaid, as the 15th rule has it); nothing is paid after `today`, so
 * before the 15th some of the current month is still open; and a couple of recent Bankgiro payments came
 * without the OCR, so they wait in the "Att koppla" queue.
 */
import { addDays, isCalendarDate, lastDayOf, nextVardag, previousVardag } from '@kvarbo/domain';
import { createRng } from './prng.ts';
import type { Rng } from './prng.ts';

// ---------------------------------------------------------------------------------------------------------
// Input and output

export type DemoCharge = {
  /** A stable key for the placement (the demo's 'pl-001'); payments name it back. */
  placementId: string;
  /** A stable key for the resident: behaviour follows the person across placements. */
  residentKey: string;
  /** 'YYYY-MM' */
  month: string;
  /** 'YYYY-MM-DD' */
  dueDate: string;
  /** Net öre; a month's several charges (a credit note and a reissue) may be given separately. */
  amountOre: number;
  /** The placement's OCR reference; without it, Bankgiro payments are recorded as manual transfers. */
  ocrReference?: string | null;
  /** The placement's first day; the move-in month is then paid when the contract is signed. */
  startDate?: string | null;
};

export type PaymentMethod = 'bankgiro' | 'swish' | 'cash' | 'transfer' | 'other';

export type DemoPaymentSpec = {
  placementId: string;
  /** 'YYYY-MM-DD', never after today. */
  bookingDate: string;
  /** Positive whole öre (whole kronor, in fact). */
  amountOre: number;
  method: PaymentMethod;
  source: 'manual' | 'bgmax';
  /** The placement's OCR for a matched Bankgiro payment; null otherwise. */
  reference: string | null;
  /** The payer's message, for a payment made without the OCR. */
  freeText: string | null;
  /** Staff's note on a manual payment. */
  note: string | null;
  /** Paid without the OCR: it lands in the "Att koppla" queue. placementId still says whose it is. */
  unmatched: boolean;
};

export type PaymentProfile = 'steady' | 'prepayer' | 'often_late' | 'bad_phase' | 'one_miss';

// ---------------------------------------------------------------------------------------------------------
// Profiles

/** Shares of the deck; prepayers are a fixed couple. The rest are steady. */
const DECK_SHARES: readonly (readonly [PaymentProfile, number])[] = [
  ['often_late', 0.15],
  ['bad_phase', 0.12],
  ['one_miss', 0.08],
];
const PREPAYERS = 2;

/** How a month goes, when nothing special is happening: [on time, late, after the 15th]. */
type Odds = readonly [number, number, number];
const ODDS: Record<PaymentProfile, { usual: Odds; risk: Odds }> = {
  steady: { usual: [0.97, 0.025, 0.005], risk: [0.7, 0.2, 0.1] },
  prepayer: { usual: [0.97, 0.03, 0], risk: [0.8, 0.17, 0.03] },
  often_late: { usual: [0.47, 0.42, 0.11], risk: [0.3, 0.45, 0.25] },
  bad_phase: { usual: [0.82, 0.15, 0.03], risk: [0.55, 0.3, 0.15] },
  one_miss: { usual: [0.97, 0.03, 0], risk: [0.7, 0.2, 0.1] },
};

/** How many of a resident's first months are the risk phase. */
export const RISK_MONTHS = 3;

/** The profile of each resident key. Deterministic in (seed, the set of keys). */
export function assignProfiles(seed: number, residentKeys: readonly string[]): Map<string, PaymentProfile> {
  const keys = [...new Set(residentKeys)].sort(compareStrings);
  const n = keys.length;
  const deck: PaymentProfile[] = [];
  for (let i = 0; i < Math.min(PREPAYERS, Math.floor(n / 10)); i++) deck.push('prepayer');
  for (const [profile, share] of DECK_SHARES) {
    for (let i = 0; i < Math.round(n * share) && deck.length < n; i++) deck.push(profile);
  }
  while (deck.length < n) deck.push('steady');
  const shuffled = createRng(hashSeed(seed, 'profiles')).shuffle(deck);
  return new Map(keys.map((k, i) => [k, shuffled[i] as PaymentProfile]));
}

// ---------------------------------------------------------------------------------------------------------
// The generator

type Slot = {
  placementId: string;
  month: string;
  dueDate: string;
  amountOre: number;
  ocr: string | null;
  /** The move-in month of a placement with a known start date: its start date. */
  moveIn: string | null;
  /** One of the resident's first RISK_MONTHS months. */
  risk: boolean;
};

type Planned = Omit<DemoPaymentSpec, 'unmatched'> & { residentKey: string; forMonth: string; fullMonth: boolean };

type Channel = { ocr: boolean; manual: PaymentMethod };

export function generatePayments(seed: number, today: string, charges: readonly DemoCharge[]): DemoPaymentSpec[] {
  if (!isCalendarDate(today)) throw new RangeError(`today must be YYYY-MM-DD, got "${today}"`);
  const byResident = residentSlots(charges);
  const profiles = assignProfiles(seed, [...byResident.keys()]);

  const lastMonth = charges.reduce((m, c) => (c.month > m ? c.month : m), '');
  const planned: Planned[] = [];
  for (const [residentKey, slots] of byResident) {
    const profile = profiles.get(residentKey) as PaymentProfile;
    const rng = createRng(hashSeed(seed, `resident:${residentKey}`));
    planned.push(...planResident(rng, residentKey, profile, slots, lastMonth));
  }

  const kept = planned
    .filter((p) => p.bookingDate <= today && p.amountOre > 0)
    .map((p, i) => ({ p, i }))
    .sort((a, b) => compareStrings(a.p.bookingDate, b.p.bookingDate) || compareStrings(a.p.placementId, b.p.placementId) || a.i - b.i)
    .map(({ p }) => p);

  const unmatched = pickUnmatched(createRng(hashSeed(seed, 'unmatched')), kept, profiles, today);
  return kept.map((p, i) => {
    const spec: DemoPaymentSpec = {
      placementId: p.placementId,
      bookingDate: p.bookingDate,
      amountOre: p.amountOre,
      method: p.method,
      source: p.source,
      reference: p.reference,
      freeText: p.freeText,
      note: p.note,
      unmatched: false,
    };
    if (!unmatched.has(i)) return spec;
    // Paid by Bankgiro with a message instead of the OCR: "hyra april".
    return { ...spec, reference: null, freeText: `hyra ${MONTH_NAMES[Number(p.forMonth.slice(5, 7)) - 1]}`, unmatched: true };
  });
}

/** Each resident's months in order, one slot per placement and month (several charges of a month summed). */
function residentSlots(charges: readonly DemoCharge[]): Map<string, Slot[]> {
  const merged = new Map<string, DemoCharge & { amountOre: number }>();
  for (const c of charges) {
    if (!Number.isSafeInteger(c.amountOre)) throw new RangeError(`charge amount must be whole öre, got ${c.amountOre}`);
    const key = `${c.placementId}\u0000${c.month}`;
    const m = merged.get(key);
    if (m) {
      m.amountOre += c.amountOre;
      // The month's earliest due date is the one the rent follow-up uses.
      if (c.dueDate < m.dueDate) m.dueDate = c.dueDate;
    } else merged.set(key, { ...c });
  }
  const firstMonth = new Map<string, string>();
  for (const c of merged.values()) {
    const f = firstMonth.get(c.placementId);
    if (f === undefined || c.month < f) firstMonth.set(c.placementId, c.month);
  }
  const byResident = new Map<string, Slot[]>();
  const sorted = [...merged.values()]
    .filter((c) => c.amountOre > 0)
    .sort(
      (a, b) =>
        compareStrings(a.residentKey, b.residentKey) || compareStrings(a.month, b.month) || compareStrings(a.placementId, b.placementId),
    );
  for (const c of sorted) {
    const list = byResident.get(c.residentKey) ?? [];
    const start = c.startDate ?? null;
    list.push({
      placementId: c.placementId,
      month: c.month,
      dueDate: c.dueDate,
      amountOre: c.amountOre,
      ocr: c.ocrReference ?? null,
      moveIn: start !== null && firstMonth.get(c.placementId) === c.month && start.slice(0, 7) === c.month ? start : null,
      risk: list.length < RISK_MONTHS,
    });
    byResident.set(c.residentKey, list);
  }
  return byResident;
}

function planResident(rng: Rng, residentKey: string, profile: PaymentProfile, slots: Slot[], lastMonth: string): Planned[] {
  const out: Planned[] = [];
  const charged = new Map<string, number>();
  const paid = new Map<string, number>();
  const debtOf = (placementId: string) => (charged.get(placementId) ?? 0) - (paid.get(placementId) ?? 0);

  // Habits: how they pay, how many days ahead, and when in the month a late payment comes.
  const channel: Channel = {
    ocr: rng.chance(profile === 'often_late' ? 0.6 : profile === 'bad_phase' ? 0.7 : 0.85),
    manual: rng.weighted([
      ['swish', 5],
      ['transfer', 3],
      ['cash', 2],
    ] as const),
  };
  const lead = rng.weighted([
    [0, 4],
    [1, 3],
    [2, 2],
    [3, 1],
    [4, 1],
  ] as const);
  const lateDay = profile === 'often_late' ? rng.int(3, 11) : rng.int(2, 8);

  type PayOptions = { fullMonth?: boolean; manual?: PaymentMethod; note?: string | null };
  const pay = (slot: Slot, date: string, amountOre: number, o: PayOptions = {}) => {
    if (amountOre <= 0) return;
    const ocr = channel.ocr && slot.ocr !== null && o.manual === undefined;
    out.push({
      residentKey,
      forMonth: slot.month,
      placementId: slot.placementId,
      bookingDate: date,
      amountOre,
      method: ocr ? 'bankgiro' : (o.manual ?? channel.manual),
      source: ocr ? 'bgmax' : 'manual',
      reference: ocr ? slot.ocr : null,
      freeText: null,
      note: ocr ? null : (o.note ?? null),
      fullMonth: o.fullMonth ?? false,
    });
    paid.set(slot.placementId, (paid.get(slot.placementId) ?? 0) + amountOre);
  };

  /** An ordinary month: on time, late, or paid in full only after the 15th. */
  const ordinary = (slot: Slot, odds: Odds) => {
    if (slot.moveIn !== null) {
      // Paid when the contract is signed and the keys handed over, a few days to two weeks before moving in.
      pay(slot, previousVardag(addDays(slot.moveIn, -rng.int(3, 14))), slot.amountOre, { fullMonth: true });
      return;
    }
    const mode = rng.weighted([
      ['on_time', odds[0]],
      ['late', odds[1]],
      ['after15', odds[2]],
    ] as const);
    // A late payment sometimes goes by Swish or over the counter instead.
    const manual: PayOptions = mode !== 'on_time' && channel.ocr && rng.chance(0.2) ? { manual: channel.manual } : {};
    const date =
      mode === 'on_time'
        ? onTimeDate(slot.dueDate, lead)
        : mode === 'late'
          ? lateDate(slot, lateDay + rng.int(-2, 3))
          : afterDeadlineDate(slot.month, rng.int(16, 27));
    pay(slot, date, slot.amountOre, { fullMonth: true, ...manual });
  };

  const phase = profile === 'bad_phase' ? choosePhase(rng, slots) : null;
  const miss = profile === 'one_miss' ? chooseMiss(rng, slots) : null;
  const resolution = rng.chance(0.5) ? 'lump' : 'plan';
  let plan: { placementId: string; extraOre: number } | null = null;
  const covered = new Set<number>();

  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as Slot;
    charged.set(slot.placementId, (charged.get(slot.placementId) ?? 0) + slot.amountOre);
    if (covered.has(i)) continue;
    const next = slots[i + 1];
    const nextHere = next !== undefined && next.placementId === slot.placementId ? next : null;
    const odds = slot.risk ? ODDS[profile].risk : ODDS[profile].usual;

    // A repayment-like series: the month's rent plus an extra amount until the arrears are gone.
    if (plan !== null && plan.placementId === slot.placementId) {
      const arrears = debtOf(slot.placementId) - slot.amountOre;
      const extra = Math.min(plan.extraOre, Math.max(0, arrears));
      pay(slot, onTimeDate(slot.dueDate, lead), slot.amountOre + extra, { note: extra > 0 ? 'Hyra och avbetalning på hyresskuld' : null });
      if (extra >= arrears) plan = null;
      continue;
    }
    plan = null;

    // The bad phase: a late month, then months with a part or nothing paid; then the arrears are settled.
    if (phase !== null && i >= phase.start && i < phase.end) {
      if (i === phase.start) {
        pay(slot, lateDate(slot, rng.int(6, 14)), slot.amountOre, { fullMonth: true });
      } else if (rng.chance(0.55)) {
        const part = Math.min(roundKronor(slot.amountOre * (rng.int(25, 60) / 100), 100), slot.amountOre - 100_00);
        pay(slot, nextVardag(dayOf(slot.month, rng.int(5, 24))), part);
      }
      if (i === phase.end - 1) {
        const arrears = debtOf(slot.placementId);
        if (nextHere === null) {
          // Moved out (or still here today) in arrears: half of them pay the debt some weeks later.
          if (arrears > 0 && rng.chance(0.5)) {
            pay(slot, nextVardag(addDays(lastDayOf(slot.month), rng.int(20, 80))), arrears, {
              manual: 'transfer',
              note: 'Inbetalning av hyresskuld',
            });
          }
        } else if (resolution === 'lump') {
          // The next month's rent on time, and the arrears in one sum in the first half of that month.
          pay(nextHere, onTimeDate(nextHere.dueDate, lead), nextHere.amountOre);
          const bistand = rng.chance(0.6);
          pay(nextHere, lateDate(nextHere, rng.int(4, 12)), arrears, {
            manual: 'transfer',
            note: bistand ? 'Ekonomiskt bistånd till hyresskulden, utbetalt av socialtjänsten' : 'Hyresskulden betald i en summa',
          });
          covered.add(i + 1);
        } else {
          plan = { placementId: slot.placementId, extraOre: roundKronor(arrears / rng.int(2, 4), 100, 'up') };
        }
      }
      continue;
    }

    // The one missed month: caught up after the 15th, or paid together with the next month's rent.
    if (miss !== null && i === miss) {
      if (nextHere !== null && rng.chance(0.5)) {
        pay(slot, onTimeDate(nextHere.dueDate, lead), slot.amountOre + nextHere.amountOre);
        covered.add(i + 1);
      } else {
        pay(slot, afterDeadlineDate(slot.month, rng.int(18, 28)), slot.amountOre, { fullMonth: true });
      }
      continue;
    }

    // Prepayers mostly pay two months at once, well ahead.
    // In the latest month, the next month's charge is not made yet: they pay this month's full rent again.
    const prev = slots[i - 1];
    const nextRent =
      nextHere?.amountOre ??
      (slot.month === lastMonth && prev?.placementId === slot.placementId && prev.amountOre === slot.amountOre ? slot.amountOre : null);
    if (profile === 'prepayer' && !slot.risk && slot.moveIn === null && nextRent !== null && rng.chance(0.8)) {
      pay(slot, onTimeDate(slot.dueDate, lead + rng.int(4, 9)), slot.amountOre + nextRent);
      covered.add(i + 1);
      continue;
    }

    ordinary(slot, odds);
  }
  return out;
}

/** Slot indexes [start, end) of the bad phase: 2–4 months of one placement, after the risk phase; about a
 *  third of them run up to the resident's latest month, so someone is in arrears at the end. */
function choosePhase(rng: Rng, slots: readonly Slot[]): { start: number; end: number } | null {
  const n = slots.length;
  const length = rng.int(2, 4);
  const first = RISK_MONTHS;
  if (n - first < 2) return null;
  const start = rng.chance(0.35) ? Math.max(first, n - length) : rng.int(first, n - 2);
  let end = start + 1;
  while (end < Math.min(n, start + length) && (slots[end] as Slot).placementId === (slots[start] as Slot).placementId) end++;
  return { start, end };
}

/** The slot index of the one missed month, after an on-time history of at least a few months. */
function chooseMiss(rng: Rng, slots: readonly Slot[]): number | null {
  const first = RISK_MONTHS + 2;
  return slots.length - 1 >= first ? rng.int(first, slots.length - 1) : null;
}

/** A couple of recent Bankgiro payments from steady payers, each the last of its placement, made without
 *  the OCR, so a person has to match them. Indexes into `kept`. */
function pickUnmatched(rng: Rng, kept: readonly Planned[], profiles: Map<string, PaymentProfile>, today: string): Set<number> {
  const lastOfPlacement = new Map<string, number>();
  kept.forEach((p, i) => lastOfPlacement.set(p.placementId, i));
  for (const days of [40, 90, 400]) {
    const from = addDays(today, -days);
    const candidates = rng.shuffle(
      kept
        .map((p, i) => ({ p, i }))
        .filter(
          ({ p, i }) =>
            p.source === 'bgmax' &&
            p.fullMonth &&
            p.bookingDate >= from &&
            lastOfPlacement.get(p.placementId) === i &&
            profiles.get(p.residentKey) === 'steady',
        ),
    );
    const picked = new Map<string, number>();
    for (const { p, i } of candidates) if (picked.size < UNMATCHED && !picked.has(p.residentKey)) picked.set(p.residentKey, i);
    if (picked.size === UNMATCHED || days === 400) return new Set(picked.values());
  }
  return new Set();
}
const UNMATCHED = 2;

// ---------------------------------------------------------------------------------------------------------
// Dates and amounts

/** On or a few days before the due date, on a vardag (Bankgiro books on bank days). */
function onTimeDate(dueDate: string, lead: number): string {
  return previousVardag(addDays(dueDate, -lead));
}

/** After the due date but by the 15th of the rent month, near the given day of the month. */
function lateDate(slot: Slot, day: number): string {
  const date = dayOf(slot.month, Math.min(15, Math.max(1, day)));
  const deadline = dayOf(slot.month, 15);
  const forward = nextVardag(date);
  if (forward <= deadline) return forward;
  const back = previousVardag(date);
  return back > slot.dueDate ? back : date;
}

/** Paid in full, but only after the 15th: the month counts as unpaid. */
function afterDeadlineDate(month: string, day: number): string {
  return nextVardag(dayOf(month, Math.min(28, Math.max(16, day))));
}

function dayOf(month: string, day: number): string {
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** Öre rounded to a multiple of `stepKr` kronor. */
function roundKronor(ore: number, stepKr: number, mode: 'nearest' | 'up' = 'nearest'): number {
  const step = stepKr * 100;
  return (mode === 'up' ? Math.ceil(ore / step) : Math.round(ore / step)) * step;
}

const MONTH_NAMES = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
] as const;

// ---------------------------------------------------------------------------------------------------------
// Seeds

/** A 32-bit seed for an independent stream: FNV-1a over "seed:label". */
function hashSeed(seed: number, label: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${Math.trunc(seed)}:${label}`) {
    h ^= ch.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
