import { addDays, compareDates, mondayOf, OCCUPATION_KINDS, type OccupationKind } from '@kvarbo/domain';
import { demoManager, type DemoStaff } from './demo-actor.ts';
import type { Services } from '../services/index.ts';
import { mulberry32 } from './prng.ts';

export type DemoStay = { residentId: string; startDate: string; endDate: string | null };

const PROVIDERS: Record<OccupationKind, string[]> = {
  work_practice: ['Arbetsförmedlingen, praktik på Farsta bibliotek', 'Praktik hos Söderorts bilverkstad'],
  low_threshold_work: ['Stadsmissionens second hand', 'Grönare Söderort (parkarbete)'],
  studies: ['Komvux Söderort', 'Folkhögskolan i Farsta'],
  day_activity: ['Daglig verksamhet Verkstan', 'Träffpunkt Hökarängen'],
};

const placedOn = (s: DemoStay, date: string) =>
  compareDates(s.startDate, date) <= 0 && (s.endDate === null || compareDates(date, s.endDate) <= 0);

/**
 * The demo unit's occupation: about half of the residents have a work practice, studies or day activity during
 * their stay, and three activities have sessions with attendance — the residents' weekly meeting place, a
 * computer course, and the peers' association's summer camp. Through the occupation service, as staff would.
 */
export async function loadDemoOccupation(
  services: Services,
  o: DemoStaff & { today: string; seed: number; stays: DemoStay[] },
): Promise<{ occupations: number; sessions: number; attendances: number }> {
  const actor = demoManager(o);
  const random = mulberry32(o.seed ^ 0x0cc0);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(xs: readonly T[]) => xs[int(0, xs.length - 1)]!;
  const svc = services.occupation;

  let occupations = 0;
  for (const stay of o.stays) {
    if (random() < 0.45) continue;
    const kind = pick(OCCUPATION_KINDS);
    const from = addDays(stay.startDate, int(14, 120));
    if (compareDates(from, o.today) > 0 || (stay.endDate && compareDates(from, stay.endDate) > 0)) continue;
    // Some occupations end before the stay does (a practice period, a finished course).
    let to: string | null = random() < 0.4 ? addDays(from, int(60, 240)) : stay.endDate;
    if (to && compareDates(to, o.today) > 0 && !stay.endDate) to = null;
    if (to && stay.endDate && compareDates(to, stay.endDate) > 0) to = stay.endDate;
    const hoursPerWeek = kind === 'studies' ? pick([10, 15, 20]) : kind === 'day_activity' ? pick([6, 8, 12]) : pick([10, 16, 20, 25]);
    await svc.addOccupation(actor, stay.residentId, {
      kind,
      provider: pick(PROVIDERS[kind]),
      fromDate: from,
      toDate: to,
      hoursPerWeek,
      note: null,
    });
    occupations++;
  }

  const meetingPlace = await svc.createActivity(actor, {
    unitId: o.unitId,
    name: 'Mötesplatsen – tisdagsfika',
    kind: 'meeting_place',
    organiser: 'residents',
    place: 'Lokalen, Farstavägen 10',
    description: 'Drivs av de boende. Fika, spel och samtal.',
  });
  const computerCourse = await svc.createActivity(actor, {
    unitId: o.unitId,
    name: 'Datorkurs: e-legitimation och bankärenden',
    kind: 'course',
    organiser: 'staff',
    place: 'Lokalen, Farstavägen 10',
    description: null,
  });
  const camp = await svc.createActivity(actor, {
    unitId: o.unitId,
    name: 'Kamratföreningens sommarläger',
    kind: 'camp',
    organiser: 'peer_association',
    place: 'Lägergården Ängsvik',
    description: null,
  });

  let sessions = 0;
  let attendances = 0;
  async function hold(activityId: string, date: string, share: number, guests: number, startTime: string | null) {
    const session = await svc.createSession(actor, activityId, { date, startTime, endTime: null, place: null, note: null, guests: 0 });
    const residentIds = [...new Set(o.stays.filter((s) => placedOn(s, date) && random() < share).map((s) => s.residentId))];
    await svc.setAttendance(actor, session.id, { version: session.version, residentIds, guests });
    sessions++;
    attendances += residentIds.length + guests;
  }

  // Tuesdays of the last half year, the latest on or before today.
  let tuesday = addDays(mondayOf(o.today), 1);
  if (compareDates(tuesday, o.today) > 0) tuesday = addDays(tuesday, -7);
  for (let week = 25; week >= 0; week--) {
    if (random() < 0.1) continue; // a cancelled week now and then
    await hold(meetingPlace.id, addDays(tuesday, -7 * week), 0.12, int(0, 4), '14:00');
  }
  for (let lesson = 7; lesson >= 0; lesson--) {
    await hold(computerCourse.id, addDays(tuesday, -7 * lesson - 1), 0.06, 0, '10:00');
  }
  const lastSummer = `${Number(o.today.slice(0, 4)) - (o.today.slice(5, 7) < '08' ? 1 : 0)}-07-14`;
  await hold(camp.id, lastSummer, 0.08, int(3, 8), null);
  return { occupations, sessions, attendances };
}
