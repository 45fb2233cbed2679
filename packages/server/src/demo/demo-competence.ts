import { addDays, type OrganisationKind } from '@kvarbo/domain';
import { demoManager, type DemoStaff } from './demo-actor.ts';
import type { Db } from '../db/database.ts';
import { membersOfUnits } from '../repositories/competence.repository.ts';
import type { Services } from '../services/index.ts';
import { mulberry32 } from './prng.ts';

// Demo data for staff competence mapping (issue 9, part 1): the five courses of the issue, past rounds with
// attendance and completion (some certificates expired or expiring), people from other organisations, and an
// upcoming round that is full with a waiting list. Goes through the competence service as a manager would.

const COURSES = [
  {
    name: 'MI – motiverande samtal',
    description: 'Grundkurs i motiverande samtal: öppna frågor, reflektioner, förändringsprat.',
    validityMonths: null,
    roles: ['manager', 'caseworker', 'host'],
    monthsAgo: 20,
  },
  {
    name: 'Krishantering i socialt arbete',
    description: 'Att möta människor i akut kris, hot och våld; efterarbete och avlastning för personalen.',
    validityMonths: 36,
    roles: ['caseworker', 'host'],
    monthsAgo: 34,
  },
  {
    name: 'Budget- och skuldrådgivning',
    description: 'Hushållsbudget, skuldsanering, kontakt med Kronofogden och fordringsägare.',
    validityMonths: null,
    roles: ['caseworker'],
    monthsAgo: 10,
  },
  {
    name: 'Trauma och PTSD',
    description: 'Traumamedvetet bemötande och när PTSD behöver behandling.',
    validityMonths: 24,
    roles: ['caseworker', 'host'],
    monthsAgo: 23,
  },
  {
    name: 'Housing First – principer',
    description: 'Modellens principer: bostad först, valfrihet, skademinimering, stöd så länge det behövs.',
    validityMonths: null,
    roles: ['manager', 'caseworker', 'host'],
    monthsAgo: 6,
  },
] as const;

const EXTERNAL: { name: string; organisation: string; organisationKind: OrganisationKind }[] = [
  { name: 'Maja Regionsdotter', organisation: 'Region Stockholm, beroendevården', organisationKind: 'county_council' },
  { name: 'Omar Frivillig', organisation: 'Stadsmissionen', organisationKind: 'ngo' },
  { name: 'Lena Boendestöd', organisation: 'Omsorgsbolaget AB', organisationKind: 'private_provider' },
  { name: 'Kalle Grannkommun', organisation: 'Grannby kommun', organisationKind: 'municipality' },
];

const TEACHERS = ['Kursledare Anna Lind', 'Kursledare Erik Berg', 'Kursledare Sara Holm'];

export async function loadDemoCompetence(
  db: Db,
  services: Services,
  o: DemoStaff & { today: string; seed: number },
): Promise<{ courses: number; rounds: number; enrolments: number }> {
  const actor = demoManager(o);
  const random = mulberry32(o.seed ^ 0xc0de);
  const staff = [...new Map((await membersOfUnits(db.kysely, [o.unitId])).map((m) => [m.user_id, m])).values()];
  let rounds = 0;
  let enrolments = 0;
  for (const [i, c] of COURSES.entries()) {
    const course = await services.competence.createCourse(actor, {
      name: c.name,
      description: c.description,
      validityMonths: c.validityMonths,
      requiredAttendancePercent: 80,
      requiredRoles: [...c.roles],
      requiredUnitIds: [],
    });
    const start = addDays(o.today, -Math.round(c.monthsAgo * 30.4));
    const sessions = [0, 7, 14].map((d) => ({ date: addDays(start, d), startTime: '09:00', endTime: '15:00' }));
    const round = await services.competence.createRound(actor, {
      courseId: course.id,
      place: i % 2 === 0 ? 'Socialförvaltningen, stora konferensrummet' : 'Folkets hus, sal B',
      capacity: 12,
      teachers: TEACHERS[i % TEACHERS.length]!,
      sessions,
    });
    rounds++;
    // About three in four of the staff took the course; an external person or two came along.
    const ids: string[] = [];
    for (const s of staff) {
      if (!(c.roles as readonly string[]).includes(s.role) || random() > 0.75) continue;
      ids.push((await services.competence.enrol(actor, round.id, { userId: s.user_id })).id);
    }
    for (const e of EXTERNAL.slice(i % 3, (i % 3) + 1 + (i % 2))) ids.push((await services.competence.enrol(actor, round.id, e)).id);
    enrolments += ids.length;
    // Most attend every session; now and then someone misses one or two (and does not complete).
    const marks = round.sessions.flatMap((s) => ids.map((enrolmentId) => ({ sessionId: s.id, enrolmentId, present: random() > 0.12 })));
    await services.competence.recordAttendance(actor, round.id, marks);
    await services.competence.complete(actor, round.id, {});
  }

  // An upcoming MI round, full with two on the waiting list.
  const courses = (await services.competence.listCourses(actor)).items;
  const mi = courses.find((c) => c.name === COURSES[0].name)!;
  const next = addDays(o.today, 24);
  const upcoming = await services.competence.createRound(actor, {
    courseId: mi.id,
    place: 'Socialförvaltningen, stora konferensrummet',
    capacity: 3,
    teachers: TEACHERS[0]!,
    sessions: [0, 7].map((d) => ({ date: addDays(next, d), startTime: '09:00', endTime: '12:00' })),
  });
  rounds++;
  for (const e of EXTERNAL.slice(0, 4)) {
    await services.competence.enrol(actor, upcoming.id, e);
    enrolments++;
  }
  const newcomer = staff.find((s) => s.role !== 'analyst' && s.user_id !== o.staffId);
  if (newcomer) {
    const r = await services.competence.enrol(actor, upcoming.id, { userId: newcomer.user_id }).catch(() => null);
    if (r) enrolments++;
  }
  return { courses: COURSES.length, rounds, enrolments };
}
