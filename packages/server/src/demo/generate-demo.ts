/**
 * Deterministic demo data for Kvarbo: one organisation and unit (a "Vuxenenhet" with training apartments,
 * Housing First etc.), staff, landlords, commissioning agencies, about 50 apartments, about 60 residents
 * and three years of placements ending at `today`.
 *
 * Pure: no I/O, no clock, no Math.random. Same (seed, today) → deep-equal data.
 *
 * Made-up data only:
 * - personal identity numbers come from Skatteverket's published test numbers (./test-personal-numbers.ts);
 * - phone numbers come from the series PTS (Post- och telestyrelsen) reserves for fiction:
 *   mobile 070-174 06 05 … 070-174 06 99 and landline 08-465 004 00 … 08-465 004 99;
 * - e-mail addresses use the reserved top-level domain .example (RFC 2606);
 * - landlord names, street names and people's names are invented (district names are real Stockholm
 *   districts); landlords' organisation numbers are left null so that no real company's number is used.
 */
import { createRng } from './prng.ts';
import type { Rng } from './prng.ts';
import { TEST_COORDINATION_NUMBERS, TEST_PERSONAL_NUMBERS } from './test-personal-numbers.ts';

// ---------------------------------------------------------------------------------------------------------
// Output shape

export type StaffRole = 'manager' | 'caseworker' | 'host' | 'analyst';
export type CommissionerKind = 'district_social_services' | 'kriminalvarden' | 'other';
export type Kitchen = 'kok' | 'kokvra' | 'kokskap' | 'none';
export type ApartmentType = 'training' | 'trial' | 'emergency' | 'housing_first' | 'support' | 'fallback';
export type IdKind = 'personnummer' | 'samordningsnummer' | 'none';
export type LeaseForm = 'second_hand' | 'first_hand';
export type EndReason =
  | 'own_first_hand_lease'
  | 'took_over_lease'
  | 'moved_other_housing'
  | 'terminated_disturbance'
  | 'terminated_rent_arrears'
  | 'deceased'
  | 'other';

export type DemoStaff = { key: string; username: string; displayName: string; role: StaffRole };
export type DemoContact = { name: string; title: string; phone: string; email: string };
export type DemoLandlord = {
  key: string;
  name: string;
  organisationNumber: string | null;
  phone: string;
  email: string;
  address: string;
  contacts: DemoContact[];
};
export type DemoCommissioner = {
  key: string;
  name: string;
  kind: CommissionerKind;
  contactName: string;
  phone: string;
  email: string;
  address: string;
};
export type DemoApartment = {
  key: string;
  landlordKey: string;
  address: string;
  /** '123 45' */
  postcode: string;
  city: string;
  district: string;
  rooms: number;
  kitchen: Kitchen;
  areaSqm: number;
  monthlyRentOre: number;
  type: ApartmentType;
  unitHoldsFirstHandLease: boolean;
  landlordObjectNumber: string;
};
export type DemoResident = {
  key: string;
  firstName: string;
  lastName: string;
  /** 'YYYYMMDDNNNC', from Skatteverket's test list; null when idKind is 'none'. */
  personalNumber: string | null;
  idKind: IdKind;
  noIdReason: string | null;
  /** A staff member with role caseworker. */
  contactPersonKey: string;
  commissionerKey: string;
  commissionerContact: string;
  householdAdults: number;
  householdChildren: number;
  phone: string | null;
};
export type DemoPlacement = {
  key: string;
  residentKey: string;
  apartmentKey: string;
  /** YYYY-MM-DD */
  startDate: string;
  /** YYYY-MM-DD, the last day (inclusive); null = ongoing. */
  endDate: string | null;
  leaseForm: LeaseForm;
  rentIncludedInDailyFee: boolean;
  dailyFeeOre: number | null;
  rentAllowanceOre: number | null;
  /** null = the apartment's rent. */
  monthlyRentOre: number | null;
  endReason: EndReason | null;
  endNote: string | null;
};
export type DemoData = {
  organisation: { name: string };
  unit: { key: string; name: string };
  staff: DemoStaff[];
  landlords: DemoLandlord[];
  commissioners: DemoCommissioner[];
  apartments: DemoApartment[];
  residents: DemoResident[];
  placements: DemoPlacement[];
};

// ---------------------------------------------------------------------------------------------------------
// Calendar helpers (UTC day numbers, no time zones involved)

const MS_PER_DAY = 86_400_000;

/** 'YYYY-MM-DD' → days since 1970-01-01. Throws on anything that is not a real date. */
export function toDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  if (fromDay(ms / MS_PER_DAY) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return ms / MS_PER_DAY;
}

export function fromDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Adds calendar months, clamping the day to the end of the month (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: number, months: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)) / MS_PER_DAY;
}

/** Birth date of a 12-digit personnummer or samordningsnummer (day − 60 for the latter). */
export function birthDay(number12: string): number {
  const y = number12.slice(0, 4);
  const m = number12.slice(4, 6);
  let d = Number(number12.slice(6, 8));
  if (d > 60) d -= 60;
  return toDay(`${y}-${m}-${String(d).padStart(2, '0')}`);
}

/** The second-to-last digit is odd for men, even for women. */
function isMaleNumber(number12: string): boolean {
  return Number(number12[10]) % 2 === 1;
}

// ---------------------------------------------------------------------------------------------------------
// Fixed material

const APARTMENT_MIX: readonly (readonly [ApartmentType, number])[] = [
  ['training', 18],
  ['trial', 14],
  ['housing_first', 10],
  ['emergency', 3],
  ['support', 3],
  ['fallback', 2],
];

/** Real Stockholm districts (Söderort) with their postcode series and postal towns. */
const DISTRICTS: readonly { district: string; postcode: string; city: string }[] = [
  { district: 'Farsta', postcode: '123 4', city: 'Farsta' },
  { district: 'Hökarängen', postcode: '123 5', city: 'Farsta' },
  { district: 'Högdalen', postcode: '124 5', city: 'Bandhagen' },
  { district: 'Rågsved', postcode: '124 6', city: 'Bandhagen' },
  { district: 'Hagsätra', postcode: '124 7', city: 'Bandhagen' },
  { district: 'Bredäng', postcode: '127 3', city: 'Skärholmen' },
  { district: 'Skärholmen', postcode: '127 4', city: 'Skärholmen' },
  { district: 'Vårberg', postcode: '127 6', city: 'Skärholmen' },
  { district: 'Fruängen', postcode: '129 5', city: 'Hägersten' },
  { district: 'Årsta', postcode: '120 5', city: 'Årsta' },
  { district: 'Älvsjö', postcode: '125 3', city: 'Älvsjö' },
];

/** Invented street names (any likeness to a real street is a coincidence). */
const STREETS: readonly string[] = [
  'Glimmerstigen',
  'Lodjursbacken',
  'Tranbärsgränd',
  'Kvarnstensslingan',
  'Mossrosvägen',
  'Isbergsgränd',
  'Hjortronbacken',
  'Vindflöjelsvägen',
  'Havtornsstigen',
  'Smedjebacksgränd',
  'Kopparslagarvägen',
  'Linbastuvägen',
  'Fältpiplärkans gränd',
  'Rönnbärsslingan',
  'Kvistvägen',
  'Granrisbacken',
  'Ljungpipargatan',
  'Stenkummelvägen',
  'Vassbottenstigen',
  'Nattljusgränd',
  'Blåbärsrisvägen',
  'Klövervallsgatan',
];

const LANDLORD_POOL: readonly { name: string; domain: string; objectPrefix: string; street: string }[] = [
  { name: 'Hyresbo Söder AB', domain: 'hyresbosoder.example', objectPrefix: 'HS', street: 'Kopparslagarvägen 2, 123 41 Farsta' },
  { name: 'Bostads AB Mälarbrink', domain: 'malarbrink.example', objectPrefix: 'MB', street: 'Linbastuvägen 10, 127 31 Skärholmen' },
  { name: 'Fastighets AB Tallkronan', domain: 'tallkronan.example', objectPrefix: 'TK', street: 'Stenkummelvägen 4, 124 51 Bandhagen' },
  { name: 'Kvarnbacken Fastigheter AB', domain: 'kvarnbacken.example', objectPrefix: 'KB', street: 'Klövervallsgatan 8, 125 33 Älvsjö' },
];

type NameGroup = { weight: number; male: readonly string[]; female: readonly string[]; last: readonly string[] };

/**
 * Common first names and surnames in Sweden, grouped so that combinations are plausible. Keep the Swedish
 * and Finnish groups first: residents without a personnummer are named from the groups after them.
 */
const NAME_GROUPS: readonly NameGroup[] = [
  {
    weight: 55,
    male: [
      'Anders',
      'Johan',
      'Mikael',
      'Peter',
      'Daniel',
      'Marcus',
      'Jonas',
      'Patrik',
      'Stefan',
      'Niklas',
      'Kristoffer',
      'Tobias',
      'Mattias',
      'Fredrik',
      'Henrik',
      'Magnus',
      'Jimmy',
      'Robin',
      'Sebastian',
      'Emil',
      'Oskar',
      'Viktor',
      'Lars',
      'Kent',
      'Leif',
      'Tommy',
      'Roger',
      'Göran',
      'Ulf',
      'Kenneth',
    ],
    female: [
      'Anna',
      'Maria',
      'Sara',
      'Emma',
      'Johanna',
      'Linda',
      'Jessica',
      'Malin',
      'Sofia',
      'Camilla',
      'Therese',
      'Elin',
      'Ida',
      'Karin',
      'Lena',
      'Susanne',
      'Helena',
      'Jenny',
      'Frida',
      'Matilda',
      'Birgitta',
    ],
    last: [
      'Andersson',
      'Johansson',
      'Karlsson',
      'Nilsson',
      'Eriksson',
      'Larsson',
      'Olsson',
      'Persson',
      'Svensson',
      'Gustafsson',
      'Pettersson',
      'Jonsson',
      'Jansson',
      'Hansson',
      'Bengtsson',
      'Lindberg',
      'Lindqvist',
      'Lundgren',
      'Berg',
      'Holm',
      'Sandberg',
      'Forsberg',
      'Sjöberg',
      'Wallin',
      'Engström',
      'Lund',
      'Nyström',
      'Håkansson',
      'Björk',
      'Eklund',
    ],
  },
  {
    weight: 5,
    male: ['Jari', 'Mika', 'Timo', 'Juha', 'Pekka'],
    female: ['Päivi', 'Tuula', 'Riitta', 'Sirpa'],
    last: ['Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Heikkinen', 'Laine'],
  },
  {
    weight: 14,
    male: ['Ahmed', 'Mohammed', 'Ali', 'Hassan', 'Omar', 'Karim', 'Yousef', 'Khaled', 'Samir', 'Reza', 'Hamid'],
    female: ['Fatima', 'Amira', 'Leila', 'Nour', 'Rana', 'Yasmin', 'Maryam', 'Zahra'],
    last: ['Ali', 'Hassan', 'Mohammed', 'Ahmed', 'Khalil', 'Haddad', 'Saleh', 'Abbas', 'Ibrahim', 'Jaber', 'Karimi', 'Hosseini', 'Rahimi'],
  },
  {
    weight: 8,
    male: ['Abdi', 'Abdirahman', 'Mahad', 'Liban', 'Yusuf', 'Ahmed'],
    female: ['Hodan', 'Ayaan', 'Sahra', 'Faadumo', 'Ifrah', 'Hibo'],
    last: ['Abdullahi', 'Warsame', 'Farah', 'Osman', 'Jama', 'Hirsi', 'Aden', 'Mohamud'],
  },
  {
    weight: 7,
    male: ['Nikola', 'Dragan', 'Amir', 'Emir', 'Milan', 'Adnan', 'Goran'],
    female: ['Ivana', 'Dragana', 'Amra', 'Jelena', 'Selma', 'Mirela'],
    last: ['Jovanović', 'Petrović', 'Hodžić', 'Nikolić', 'Begić', 'Kovačević', 'Mehmedović'],
  },
  {
    weight: 5,
    male: ['Tomasz', 'Piotr', 'Marek', 'Andrzej', 'Paweł'],
    female: ['Agnieszka', 'Katarzyna', 'Magdalena', 'Ewa'],
    last: ['Nowak', 'Wójcik', 'Mazur', 'Krawczyk', 'Zając'],
  },
  {
    weight: 4,
    male: ['Mehmet', 'Murat', 'Hasan', 'Emre', 'Serdar'],
    female: ['Ayşe', 'Zeynep', 'Elif', 'Leyla'],
    last: ['Yilmaz', 'Demir', 'Kaya', 'Aslan', 'Şahin', 'Çelik'],
  },
  {
    weight: 2,
    male: ['Carlos', 'Juan', 'Diego'],
    female: ['Carolina', 'Paula', 'Ximena'],
    last: ['González', 'Rodríguez', 'Pérez', 'Muñoz', 'Rojas'],
  },
];

const STAFF_NAMES: readonly string[] = [
  'Karin Wahlström',
  'Jonas Ekdahl',
  'Mirja Salo',
  'Amal Haddad',
  'Petra Lindell',
  'Oskar Brandt',
  'Sanna Holmgren',
  'Ali Rezai',
  'Lotta Fredholm',
  'Erik Strandberg',
  'Maja Sundin',
  'Daniel Öhman',
  'Nadia Berisha',
  'Henrik Malmsten',
];

const CONTACT_NAMES: readonly string[] = [
  'Ulrika Stål',
  'Per Granlund',
  'Annika Borg',
  'Tomas Hedin',
  'Linnea Ek',
  'Kristina Falk',
  'Rasmus Vik',
  'Eva Strand',
  'Hanna Ljung',
  'Mats Törnqvist',
  'Sofie Dahl',
  'Jesper Lind',
  'Maria Åkerlund',
  'Farid Nasser',
  'Camilla Roos',
  'Göran Kvist',
  'Lisa Norén',
  'Björn Sjögren',
  'Aida Mustafić',
  'Tove Lindahl',
  'Kalle Ringqvist',
  'Ingrid Wester',
];

const NO_ID_REASONS: readonly string[] = [
  'Saknar svenskt identitetsnummer; ansökan om samordningsnummer är inskickad till Skatteverket.',
  'Identiteten är inte styrkt ännu; pass saknas. Kontrolleras med Migrationsverket.',
];

const END_NOTES: Record<EndReason, readonly (string | null)[]> = {
  own_first_hand_lease: [
    'Fick eget förstahandskontrakt via bostadsförmedlingen.',
    'Eget förstahandskontrakt hos privat hyresvärd.',
    'Fick lägenhet genom kommunens förtur.',
    null,
  ],
  took_over_lease: ['Tog över förstahandskontraktet efter prövotiden.', 'Hyresvärden godkände att kontraktet skrevs över.'],
  moved_other_housing: [
    'Flyttade till sambo.',
    'Flyttade till stödboende i annan kommun.',
    'Flyttade till vård- och omsorgsboende.',
    'Flyttade till anhörig.',
    null,
  ],
  terminated_disturbance: [
    'Upprepade störningar trots varningar; hyresvärden sade upp avtalet efter underrättelse till socialnämnden.',
    'Hot mot grannar; avtalet sades upp.',
  ],
  terminated_rent_arrears: ['Obetald hyra i tre månader trots avbetalningsplan.', 'Hyresskuld; inget betalades inom återvinningsfristen.'],
  deceased: ['Avliden.'],
  other: ['Flyttade utomlands.', 'Avbröt insatsen på egen begäran.', 'Längre vistelse på behandlingshem; lägenheten lämnades.'],
};

// ---------------------------------------------------------------------------------------------------------
// Phone numbers from PTS's fiction series

function phonePools(rng: Rng): { mobile: () => string; landline: () => string } {
  const mobiles = rng.shuffle(Array.from({ length: 95 }, (_, i) => 5 + i)); // 070-174 06 05 … 99
  const landlines = rng.shuffle(Array.from({ length: 100 }, (_, i) => i)); // 08-465 004 00 … 99
  const take = (pool: number[], what: string): number => {
    const n = pool.pop();
    if (n === undefined) throw new Error(`ran out of fictional ${what} numbers`);
    return n;
  };
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    mobile: () => `070-174 06 ${two(take(mobiles, 'mobile'))}`,
    landline: () => `08-465 004 ${two(take(landlines, 'landline'))}`,
  };
}

function asciiSlug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

// ---------------------------------------------------------------------------------------------------------
// Placement timeline

type Slot = {
  aptIndex: number;
  start: number;
  end: number | null;
  /** The apartment's last placement, ended, and the apartment stands empty at `today`. */
  lastBeforeVacancy: boolean;
  forcedTakeover: boolean;
  residentIndex: number;
  reason: EndReason | null;
  note: string | null;
};

const ONGOING_DAYS: Record<ApartmentType, readonly [number, number]> = {
  housing_first: [60, 1000],
  training: [30, 800],
  trial: [30, 600],
  emergency: [5, 120],
  support: [60, 900],
  fallback: [5, 60],
};
const ENDED_DAYS: Record<ApartmentType, readonly [number, number]> = {
  housing_first: [90, 800],
  training: [120, 700],
  trial: [90, 540],
  emergency: [14, 150],
  support: [60, 600],
  fallback: [14, 90],
};
const MIN_DAYS: Record<ApartmentType, number> = {
  housing_first: 60,
  training: 60,
  trial: 60,
  emergency: 10,
  support: 45,
  fallback: 10,
};
/** A take-over is only allowed after at least nine months; 280 days is always ≥ 9 calendar months. */
const TAKEOVER_DAYS: readonly [number, number] = [280, 760];

type Segment = { kind: 'slot' | 'gap'; len: number; min: number; fixed: boolean; slot?: 'ongoing' | number };

/**
 * Lays out one apartment's placements backwards from `today` inside [windowStart, today]. Returns the slots
 * in chronological order. `endedCount` ended placements, then (if `occupied`) one ongoing placement.
 */
function layoutApartment(
  rng: Rng,
  aptIndex: number,
  type: ApartmentType,
  occupied: boolean,
  endedCount: number,
  forcedTakeover: boolean,
  windowStart: number,
  today: number,
): Slot[] {
  // Leave a little random slack so that shrunk timelines do not all start on the window's first day.
  const available = today - windowStart + 1 - rng.int(0, 90);
  const shortTurnover = type === 'emergency' || type === 'fallback';
  const gapLen = () => (shortTurnover ? rng.int(1, 10) : rng.int(3, 45));

  let count = endedCount;
  for (;;) {
    // Segments from today backwards.
    const segs: Segment[] = [];
    if (occupied) {
      const [lo, hi] = ONGOING_DAYS[type];
      segs.push({ kind: 'slot', len: rng.int(lo, hi), min: MIN_DAYS[type] > 30 ? 30 : 5, fixed: false, slot: 'ongoing' });
      if (count > 0) segs.push({ kind: 'gap', len: gapLen(), min: 1, fixed: false });
    } else {
      // Empty since the last placement ended; at least one day so that nobody lives there today.
      segs.push({ kind: 'gap', len: forcedTakeover ? rng.int(20, 300) : rng.int(2, 60), min: 1, fixed: false });
    }
    for (let i = 0; i < count; i++) {
      const takeover = forcedTakeover && i === 0;
      if (takeover) {
        segs.push({ kind: 'slot', len: rng.int(TAKEOVER_DAYS[0], TAKEOVER_DAYS[1]), min: TAKEOVER_DAYS[0], fixed: true, slot: i });
      } else {
        const [lo, hi] = ENDED_DAYS[type];
        segs.push({ kind: 'slot', len: rng.int(lo, hi), min: MIN_DAYS[type], fixed: false, slot: i });
      }
      if (i < count - 1) segs.push({ kind: 'gap', len: gapLen(), min: 1, fixed: false });
    }

    // Shrink to fit the window, keeping every segment at or above its minimum.
    const total = segs.reduce((s, g) => s + g.len, 0);
    let excess = total - available;
    if (excess > 0) {
      const reducible = segs.reduce((s, g) => s + (g.fixed ? 0 : g.len - g.min), 0);
      if (reducible < excess) {
        if (count === 0) throw new Error('apartment timeline cannot fit the window');
        count -= 1; // drop the earliest ended placement and try again
        continue;
      }
      for (const g of segs) {
        if (g.fixed || excess <= 0) continue;
        const cut = Math.min(g.len - g.min, Math.ceil(((g.len - g.min) * (total - available)) / reducible), excess);
        g.len -= cut;
        excess -= cut;
      }
      for (const g of segs) {
        if (g.fixed || excess <= 0) continue;
        const cut = Math.min(g.len - g.min, excess);
        g.len -= cut;
        excess -= cut;
      }
    }

    // Walk backwards: `cursor` is the last day of the next segment.
    const slots: Slot[] = [];
    let cursor = today;
    for (const g of segs) {
      if (g.kind === 'gap') {
        cursor -= g.len;
        continue;
      }
      const end = cursor;
      const start = end - g.len + 1;
      slots.push({
        aptIndex,
        start,
        end: g.slot === 'ongoing' ? null : end,
        lastBeforeVacancy: !occupied && g.slot === 0,
        forcedTakeover: forcedTakeover && g.slot === 0,
        residentIndex: -1,
        reason: null,
        note: null,
      });
      cursor = start - 1;
    }
    return slots.reverse();
  }
}

// ---------------------------------------------------------------------------------------------------------
// The generator

export function generateDemo(seed: number, today: string): DemoData {
  const rng = createRng(seed);
  const todayDay = toDay(today);
  const windowStart = addMonths(todayDay, -36);
  const phones = phonePools(rng);

  // Organisation and unit ------------------------------------------------------------------------------
  const organisation = { name: 'Demokommunen – Socialförvaltningen' };
  const unit = { key: 'unit-1', name: 'Vuxenenheten Söderort – Träningslägenheter' };

  // Staff ------------------------------------------------------------------------------------------------
  const caseworkerCount = rng.int(4, 5);
  const staffNames = rng.shuffle(STAFF_NAMES);
  const roles: StaffRole[] = ['manager', ...Array<StaffRole>(caseworkerCount).fill('caseworker'), 'host', 'analyst'];
  const staff: DemoStaff[] = roles.map((role, i) => {
    const displayName = staffNames[i] as string;
    return { key: `staff-${i + 1}`, username: asciiSlug(displayName), displayName, role };
  });
  const caseworkers = staff.filter((s) => s.role === 'caseworker');

  // Landlords -------------------------------------------------------------------------------------------
  const contactNames = rng.shuffle(CONTACT_NAMES);
  let contactCursor = 0;
  const nextContactName = () => contactNames[contactCursor++ % contactNames.length] as string;
  const landlordPicks = rng.shuffle(LANDLORD_POOL).slice(0, 3);
  const landlords: DemoLandlord[] = landlordPicks.map((l, i) => {
    const contacts: DemoContact[] = ['Förvaltare', 'Uthyrare, sociala kontrakt'].map((title) => {
      const name = nextContactName();
      return { name, title, phone: phones.mobile(), email: `${asciiSlug(name)}@${l.domain}` };
    });
    return {
      key: `landlord-${i + 1}`,
      name: l.name,
      organisationNumber: null,
      phone: phones.landline(),
      email: `kundservice@${l.domain}`,
      address: l.street,
      contacts,
    };
  });

  // Commissioning agencies ---------------------------------------------------------------------------------
  const commissionerDefs: { name: string; kind: CommissionerKind; email: string; address: string; weight: number }[] = [
    {
      name: 'Socialtjänsten Farsta, Vuxenenheten',
      kind: 'district_social_services',
      email: 'vuxenenheten.farsta@demokommunen.example',
      address: 'Glimmerstigen 1, 123 47 Farsta',
      weight: 38,
    },
    {
      name: 'Socialtjänsten Skärholmen, Beroende och socialpsykiatri',
      kind: 'district_social_services',
      email: 'beroende.skarholmen@demokommunen.example',
      address: 'Isbergsgränd 3, 127 48 Skärholmen',
      weight: 30,
    },
    {
      name: 'Kriminalvården, Frivården Söderort',
      kind: 'kriminalvarden',
      email: 'frivarden.soderort@kriminalvarden.example',
      address: 'Nattljusgränd 5, 124 55 Bandhagen',
      weight: 20,
    },
    {
      name: 'Stiftelsen Nya Steget (idéburet partnerskap)',
      kind: 'other',
      email: 'kansli@nyasteget.example',
      address: 'Kvistvägen 12, 125 30 Älvsjö',
      weight: 12,
    },
  ];
  const commissioners: DemoCommissioner[] = commissionerDefs.map((c, i) => ({
    key: `commissioner-${i + 1}`,
    name: c.name,
    kind: c.kind,
    contactName: nextContactName(),
    phone: phones.landline(),
    email: c.email,
    address: c.address,
  }));
  // Each agency has a few case officers (handläggare) that residents are linked to.
  const officersByCommissioner = commissioners.map(() => [nextContactName(), nextContactName()]);

  // Apartments -------------------------------------------------------------------------------------------
  const types = rng.shuffle(APARTMENT_MIX.flatMap(([t, n]) => Array<ApartmentType>(n).fill(t)));
  const usedAddresses = new Set<string>();
  const landlordWeights = landlords.map((l, i) => [l.key, [50, 30, 20][i] as number] as const);
  const objectCounters = new Map<string, number>();
  let firstHandLeft = 2; // two training apartments where the resident signs the first-hand lease directly
  let noKitchenLeft = 1; // one support apartment with a shared kitchen
  const apartments: DemoApartment[] = types.map((type, i) => {
    const place = rng.pick(DISTRICTS);
    let address: string;
    do {
      address = `${rng.pick(STREETS)} ${rng.int(1, 60)}, lgh ${rng.int(10, 16)}0${rng.int(1, 4)}`;
    } while (usedAddresses.has(address));
    usedAddresses.add(address);

    const rooms =
      type === 'emergency'
        ? rng.int(2, 3)
        : type === 'support' || type === 'fallback'
          ? 1
          : type === 'housing_first'
            ? rng.chance(0.8)
              ? 1
              : 2
            : rng.weighted([
                [1, 60],
                [2, 35],
                [3, 5],
              ] as const);
    const areaSqm = rooms === 1 ? rng.int(25, 40) : rooms === 2 ? rng.int(42, 60) : rng.int(60, 75);
    let kitchen: Kitchen;
    if (type === 'support' && noKitchenLeft > 0) {
      kitchen = 'none';
      noKitchenLeft -= 1;
    } else if (rooms === 1 && areaSqm <= 30) kitchen = rng.chance(0.5) ? 'kokskap' : 'kokvra';
    else if (rooms === 1) kitchen = rng.chance(0.6) ? 'kok' : 'kokvra';
    else kitchen = 'kok';
    const rentKr = Math.min(9500, Math.max(4500, 2700 + areaSqm * 85 + rng.int(-300, 300)));

    let unitHoldsFirstHandLease = true;
    if (type === 'training' && firstHandLeft > 0 && rng.chance(0.3)) {
      unitHoldsFirstHandLease = false;
      firstHandLeft -= 1;
    }

    const landlordKey = rng.weighted(landlordWeights);
    const landlordIdx = landlords.findIndex((l) => l.key === landlordKey);
    const prefix = (landlordPicks[landlordIdx] as (typeof LANDLORD_POOL)[number]).objectPrefix;
    const n = (objectCounters.get(prefix) ?? rng.int(100, 400)) + rng.int(1, 37);
    objectCounters.set(prefix, n);

    return {
      key: `apt-${String(i + 1).padStart(2, '0')}`,
      landlordKey,
      address,
      postcode: `${place.postcode}${rng.int(0, 9)}`,
      city: place.city,
      district: place.district,
      rooms,
      kitchen,
      areaSqm,
      monthlyRentOre: rentKr * 100,
      type,
      unitHoldsFirstHandLease,
      landlordObjectNumber: `${prefix}-${n}-${rng.int(1001, 1604)}`,
    };
  });

  // Which apartments are lived in today ----------------------------------------------------------------
  const occupiedTarget = rng.int(40, 45);
  const vacantCount = apartments.length - occupiedTarget;
  const hfIndexes = rng.shuffle(apartments.map((a, i) => (a.type === 'housing_first' ? i : -1)).filter((i) => i >= 0));
  const takeoverCount = Math.min(rng.int(2, 3), vacantCount, hfIndexes.length);
  const takeoverSet = new Set(hfIndexes.slice(0, takeoverCount));
  const otherVacant = rng.shuffle(apartments.map((_, i) => i).filter((i) => !takeoverSet.has(i))).slice(0, vacantCount - takeoverCount);
  const vacantSet = new Set([...takeoverSet, ...otherVacant]);

  // How many ended placements each apartment had -----------------------------------------------------------
  const targetResidents = rng.int(58, 62);
  const targetPairs = rng.int(2, 4);
  const endedTarget = Math.max(vacantCount, targetResidents + targetPairs - occupiedTarget);
  const endedCounts: number[] = apartments.map((_, i) => (vacantSet.has(i) ? 1 : 0));
  const capacity = (i: number) => {
    if (takeoverSet.has(i)) return 1;
    const t = (apartments[i] as DemoApartment).type;
    return t === 'emergency' || t === 'fallback' ? 4 : 2;
  };
  const extraWeight = (t: ApartmentType) =>
    t === 'emergency' || t === 'fallback' ? 4 : t === 'housing_first' ? 0.6 : t === 'support' ? 0.8 : 1;
  for (let k = endedCounts.reduce((s, n) => s + n, 0); k < endedTarget; k++) {
    const candidates = apartments
      .map((a, i) => [i, (endedCounts[i] as number) < capacity(i) ? extraWeight(a.type) : 0] as const)
      .filter(([, w]) => w > 0);
    if (candidates.length === 0) break;
    const i = rng.weighted(candidates);
    endedCounts[i] = (endedCounts[i] as number) + 1;
  }

  const slots: Slot[] = apartments.flatMap((a, i) =>
    layoutApartment(rng, i, a.type, !vacantSet.has(i), endedCounts[i] as number, takeoverSet.has(i), windowStart, todayDay),
  );

  // A few residents move on to a second apartment within the unit --------------------------------------------
  const pairs: [Slot, Slot][] = [];
  const isFirst = new Set<Slot>();
  const isSecond = new Set<Slot>();
  for (const a of rng.shuffle(slots.filter((s) => s.end !== null && !s.forcedTakeover))) {
    if (pairs.length >= targetPairs) break;
    if (isSecond.has(a) || isFirst.has(a)) continue;
    const aEnd = a.end as number;
    const candidates = slots
      .filter((b) => b.aptIndex !== a.aptIndex && !isFirst.has(b) && !isSecond.has(b))
      .filter((b) => b.start >= aEnd + 1 && b.start <= aEnd + 60)
      .sort((x, y) => x.start - y.start || x.aptIndex - y.aptIndex);
    const b = candidates[0];
    if (!b) continue;
    pairs.push([a, b]);
    isFirst.add(a);
    isSecond.add(b);
  }

  // End reasons ---------------------------------------------------------------------------------------
  for (const [a, b] of pairs) {
    a.reason = 'other';
    const bType = (apartments[b.aptIndex] as DemoApartment).type;
    a.note =
      bType === 'fallback'
        ? 'Tillfällig flytt till sviktlägenhet för att undvika vräkning.'
        : bType === 'housing_first'
          ? 'Byte till Bostad först-lägenhet inom enheten.'
          : 'Byte till annan lägenhet inom enheten.';
  }
  for (const s of slots) {
    if (s.forcedTakeover) {
      s.reason = 'took_over_lease';
      s.note = rng.pick(END_NOTES.took_over_lease);
    }
  }
  const rest = rng.shuffle(slots.filter((s) => s.end !== null && s.reason === null));
  const n = rest.length;
  const deck: EndReason[] = [];
  const add = (r: EndReason, k: number) => {
    for (let i = 0; i < k; i++) deck.push(r);
  };
  if (n > 0) {
    add('terminated_disturbance', Math.max(1, Math.round(n * 0.12)));
    if (n > 1) add('terminated_rent_arrears', Math.max(1, Math.round(n * 0.12)));
    if (n >= 14) add('deceased', 1);
    if (n >= 16) add('other', 1);
    add('moved_other_housing', Math.round(n * 0.25));
    while (deck.length > n) deck.pop();
    add('own_first_hand_lease', n - deck.length);
  }
  rest.forEach((s, i) => {
    let reason = deck[i] as EndReason;
    const type = (apartments[s.aptIndex] as DemoApartment).type;
    const nineMonths = s.end !== null && s.end >= addMonths(s.start, 9);
    if (
      reason === 'own_first_hand_lease' &&
      s.lastBeforeVacancy &&
      nineMonths &&
      (type === 'training' || type === 'trial' || type === 'housing_first') &&
      (apartments[s.aptIndex] as DemoApartment).unitHoldsFirstHandLease &&
      rng.chance(0.5)
    ) {
      reason = 'took_over_lease';
    }
    s.reason = reason;
    s.note = rng.pick(END_NOTES[reason]);
  });

  // Residents ------------------------------------------------------------------------------------------
  type Story = { slots: Slot[] };
  const stories: Story[] = [];
  const secondOf = new Map(pairs.map(([a, b]) => [a, b] as const));
  for (const s of slots) {
    if (isSecond.has(s)) continue;
    const second = secondOf.get(s);
    stories.push({ slots: second ? [s, second] : [s] });
  }
  stories.sort(
    (x, y) => (x.slots[0] as Slot).start - (y.slots[0] as Slot).start || (x.slots[0] as Slot).aptIndex - (y.slots[0] as Slot).aptIndex,
  );

  const pnPool = [...TEST_PERSONAL_NUMBERS];
  const snPool = [...TEST_COORDINATION_NUMBERS];
  const idKinds: IdKind[] = stories.map(() => 'personnummer');
  const specialIdx = rng.shuffle(stories.map((_, i) => i));
  const noIdCount = rng.int(1, 2);
  const coordCount = rng.int(2, 3);
  specialIdx.slice(0, noIdCount).forEach((i) => (idKinds[i] = 'none'));
  specialIdx.slice(noIdCount, noIdCount + coordCount).forEach((i) => (idKinds[i] = 'samordningsnummer'));
  const noIdReasons = rng.shuffle(NO_ID_REASONS);

  const usedNames = new Set<string>();
  const commissionerWeights = commissioners.map((c, i) => [i, (commissionerDefs[i] as { weight: number }).weight] as const);

  const residents: DemoResident[] = [];
  const placements: Omit<DemoPlacement, 'key'>[] = [];
  stories.forEach((story, ri) => {
    const key = `res-${String(ri + 1).padStart(2, '0')}`;
    const firstStart = (story.slots[0] as Slot).start;
    const apts = story.slots.map((s) => apartments[s.aptIndex] as DemoApartment);
    const family = apts.some((a) => a.type === 'emergency');
    const bigEnough = apts.every((a) => a.rooms >= 2);

    // Household.
    let householdAdults = 1;
    let householdChildren = 0;
    // Emergency apartments mostly house families; the first such household always has children.
    if (family && (rng.chance(0.7) || !residents.some((r) => r.householdChildren > 0))) {
      householdChildren = rng.int(1, 3);
      householdAdults = rng.chance(0.3) ? 2 : 1;
    } else if (bigEnough && rng.chance(0.15)) {
      householdChildren = rng.int(1, 2);
    } else if (bigEnough && rng.chance(0.08)) {
      householdAdults = 2;
    }

    // Identity: a number of the right sex for someone at least 18 at the first move-in.
    let male = rng.chance(householdChildren > 0 ? 0.35 : 0.68);
    const idKind = idKinds[ri] as IdKind;
    let personalNumber: string | null = null;
    if (idKind !== 'none') {
      const pool = idKind === 'personnummer' ? pnPool : snPool;
      const adultBy = addMonths(firstStart, -12 * 18);
      const fits = (pn: string, m: boolean) => isMaleNumber(pn) === m && birthDay(pn) <= adultBy;
      let candidates = pool.filter((pn) => fits(pn, male));
      if (candidates.length === 0) {
        male = !male;
        candidates = pool.filter((pn) => fits(pn, male));
      }
      if (candidates.length === 0) throw new Error('ran out of test personal numbers');
      personalNumber = rng.pick(candidates);
      pool.splice(pool.indexOf(personalNumber), 1);
    }

    // Name. People without a personnummer are, in practice, mostly newly arrived: use the other groups.
    const groups = idKind === 'personnummer' ? NAME_GROUPS : NAME_GROUPS.slice(2);
    let firstName: string;
    let lastName: string;
    do {
      const group = rng.weighted(groups.map((g) => [g, g.weight] as const));
      firstName = rng.pick(male ? group.male : group.female);
      lastName = rng.pick(group.last);
    } while (firstName === lastName || usedNames.has(`${firstName} ${lastName}`));
    usedNames.add(`${firstName} ${lastName}`);

    const ci = rng.weighted(commissionerWeights);
    const commissioner = commissioners[ci] as DemoCommissioner;
    residents.push({
      key,
      firstName,
      lastName,
      personalNumber,
      idKind,
      noIdReason: idKind === 'none' ? (noIdReasons.pop() ?? (NO_ID_REASONS[0] as string)) : null,
      contactPersonKey: (rng.pick(caseworkers) as DemoStaff).key,
      commissionerKey: commissioner.key,
      commissionerContact: rng.pick(officersByCommissioner[ci] as string[]),
      householdAdults,
      householdChildren,
      phone: rng.chance(0.9) ? phones.mobile() : null,
    });

    // Placements (money follows the commissioning agency).
    for (const s of story.slots) {
      const apt = apartments[s.aptIndex] as DemoApartment;
      const hf = apt.type === 'housing_first';
      const furnished = !hf && rng.chance(0.06);
      const monthlyRentOre = furnished ? apt.monthlyRentOre + rng.int(3, 6) * 10_000 : null;
      const rentIncludedInDailyFee = !hf && apt.unitHoldsFirstHandLease && rng.chance(0.25);
      const feeKr =
        commissioner.kind === 'kriminalvarden'
          ? rng.int(90, 140) * 10
          : commissioner.kind === 'other'
            ? rng.int(50, 80) * 10
            : rng.int(35, 90) * 10;
      const dailyFeeOre = rentIncludedInDailyFee || !(hf && rng.chance(0.5)) ? feeKr * 100 : null;
      placements.push({
        residentKey: key,
        apartmentKey: apt.key,
        startDate: fromDay(s.start),
        endDate: s.end === null ? null : fromDay(s.end),
        leaseForm: apt.unitHoldsFirstHandLease ? 'second_hand' : 'first_hand',
        rentIncludedInDailyFee,
        dailyFeeOre,
        rentAllowanceOre: rentIncludedInDailyFee ? (monthlyRentOre ?? apt.monthlyRentOre) : null,
        monthlyRentOre,
        endReason: s.end === null ? null : s.reason,
        endNote: s.end === null ? null : s.note,
      });
    }
  });

  placements.sort((x, y) => x.startDate.localeCompare(y.startDate) || x.apartmentKey.localeCompare(y.apartmentKey));

  return {
    organisation,
    unit,
    staff,
    landlords,
    commissioners,
    apartments,
    residents,
    placements: placements.map((p, i) => ({ key: `pl-${String(i + 1).padStart(3, '0')}`, ...p })),
  };
}
