import { addDays } from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { hasRoleIn } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import { invalidField, notFound, type Messages } from '../errors.ts';
import * as repo from '../repositories/log-review.repository.ts';
import type { Q } from '../repositories/query.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { isCulled, residentName } from './resident-name.ts';

// Log review, loggkontroll (issue 8). A manager reviews the unit's audit log for a period and signs it off. Three
// kinds of findings, computed from audit_log each time (reads and lists of persons only: action 'read' or 'list'
// with a resident):
//  - outside caseload: reads of a person who, on the day of the read, was not in the reader's caseload;
//  - unusual hours: reads at Stockholm local time before 06:00, from 22:00, or on a Saturday or Sunday;
//  - many reads: a user's reads of persons in one Stockholm day above a fixed threshold.
// And one from sign_in_events (docs/two-factor.md, Inloggningslogg):
//  - failed sign-ins: per member of the unit and Stockholm day, at least FAILED_SIGN_INS_THRESHOLD failures, or a lockout.
// Reading the review writes no audit rows (like the log view itself); the sign-off writes one.

/** Stockholm local hours: a read before START or from END o'clock (or at a weekend) is at an unusual hour. */
export const WORKDAY_START_HOUR = 6;
export const WORKDAY_END_HOUR = 22;
/** A user's reads and lists of persons in one Stockholm day above this are reported. */
export const MANY_READS_THRESHOLD = 200;
/** A unit member's failed sign-ins in one Stockholm day from this many on are reported (a lockout always is). */
export const FAILED_SIGN_INS_THRESHOLD = 5;
/** At most this many distinct addresses are shown per failed sign-ins finding. */
export const FAILED_SIGN_INS_IP_LIMIT = 5;
/** A task assigned to the user for the person, run at most this many days before the read, puts the person in the caseload. */
export const CASELOAD_TASK_DAYS = 90;
/** The longest period one review covers (a quarter). */
export const MAX_REVIEW_DAYS = 93;
/** At most this many unusual-hours reads are listed (all are counted). */
export const UNUSUAL_HOURS_LIST_LIMIT = 1000;

const TIME_ZONE = 'Europe/Stockholm';

const msg = {
  period: { sv: 'Perioden slutar innan den börjar.', en: 'The period ends before it starts.' },
  periodLong: {
    sv: `En granskning får omfatta högst ${MAX_REVIEW_DAYS} dagar.`,
    en: `A review may cover at most ${MAX_REVIEW_DAYS} days.`,
  },
  notOver: { sv: 'Perioden får inte sluta efter i dag.', en: 'The period may not end after today.' },
} satisfies Record<string, Messages>;

export const DEFINITIONS = {
  sv: {
    outsideCaseload:
      `Läsningar av en person som inte fanns i läsarens aktuella ärenden den dagen: läsaren är inte personens ` +
      `kontaktperson (som den är registrerad nu) och har inte haft en uppgift för personen under de senaste ${CASELOAD_TASK_DAYS} dagarna.`,
    unusualHours:
      `Läsningar före kl. ${pad(WORKDAY_START_HOUR)}.00 eller från kl. ${pad(WORKDAY_END_HOUR)}.00 svensk tid, ` +
      `eller på en lördag eller söndag. Helgdagar räknas inte.`,
    manyReads: `Fler än ${MANY_READS_THRESHOLD} läsningar eller listningar av personer av samma användare under ett dygn (svensk tid).`,
    failedSignIns:
      `Dygn (svensk tid) då en av enhetens medarbetare hade minst ${FAILED_SIGN_INS_THRESHOLD} misslyckade inloggningsförsök ` +
      `enligt inloggningsloggen, eller då kontot låstes (då visas dygnet även med färre försök). Medarbetare är de som ` +
      `är knutna till enheten nu. Försök som nekades för att kontot var låst räknas som misslyckade.`,
    scope:
      'För läsningarna räknas bara läsningar och listningar av uppgifter om personer, i enhetens logg under perioden. ' +
      'De misslyckade inloggningarna kommer från inloggningsloggen.',
  },
  en: {
    outsideCaseload:
      `Reads of a person who was not in the reader's current caseload that day: the reader is not the person's contact ` +
      `person (as recorded now) and had no task for the person in the last ${CASELOAD_TASK_DAYS} days.`,
    unusualHours:
      `Reads before ${pad(WORKDAY_START_HOUR)}:00 or from ${pad(WORKDAY_END_HOUR)}:00 Swedish time, or on a Saturday or ` +
      `Sunday. Public holidays are not counted.`,
    manyReads: `More than ${MANY_READS_THRESHOLD} reads or lists of persons by one user in one day (Swedish time).`,
    failedSignIns:
      `Days (Swedish time) on which one of the unit's members had at least ${FAILED_SIGN_INS_THRESHOLD} failed sign-in ` +
      `attempts in the sign-in log, or the account was locked (then the day is shown with fewer attempts too). Members ` +
      `are the users linked to the unit now. Attempts refused because the account was locked count as failures.`,
    scope:
      "For the reads, only reads and lists of persons' data count, in the unit's log during the period. " +
      'Failed sign-ins come from the sign-in log.',
  },
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const stockholm = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

/** The Stockholm calendar date, hour, minute and weekday ('Mon' … 'Sun') of an instant. */
export function stockholmParts(d: Date) {
  const p: Record<string, string> = {};
  for (const part of stockholm.formatToParts(d)) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), minute: Number(p.minute), weekday: p.weekday ?? '' };
}

/** The instant a Stockholm calendar day starts (CET or CEST; clocks never change at midnight). */
export function stockholmMidnight(date: string): Date {
  for (const offsetHours of [1, 2]) {
    const t = new Date(Date.parse(`${date}T00:00:00Z`) - offsetHours * 3_600_000);
    const p = stockholmParts(t);
    if (p.date === date && p.hour === 0 && p.minute === 0) return t;
  }
  throw new Error(`No Stockholm midnight for ${date}`);
}

/** Why an instant is at an unusual hour, or null for an ordinary working hour. */
export function unusualHourReason(d: Date): 'weekend' | 'night' | null {
  const p = stockholmParts(d);
  if (p.weekday === 'Sat' || p.weekday === 'Sun') return 'weekend';
  if (p.hour < WORKDAY_START_HOUR || p.hour >= WORKDAY_END_HOUR) return 'night';
  return null;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export type ReviewPeriod = { unitId: string; from: string; to: string };

type OutsideCaseload = {
  userId: string | null;
  userName: string;
  residentId: string;
  residentName: string | null;
  /** Present (true) only when the person was culled (docs/culling.md): no name left. */
  residentCulled?: true;
  reads: number;
  firstAt: string;
  lastAt: string;
};
type UnusualHour = {
  userId: string | null;
  userName: string;
  at: string;
  reason: 'weekend' | 'night';
  residentId: string;
  residentName: string | null;
  residentCulled?: true;
  entity: string;
  action: string;
};
type ManyReads = { userId: string | null; userName: string; day: string; reads: number; threshold: number };
type FailedSignIns = {
  userId: string;
  userName: string;
  day: string;
  failures: number;
  /** A lockout that day: an outcome 'locked' or ending in '-locked'. */
  locked: boolean;
  /** Distinct addresses in time order, at most FAILED_SIGN_INS_IP_LIMIT. */
  ips: string[];
  threshold: number;
};

/** A sign-in outcome that means the account was (or was already) locked. */
export function isLockoutOutcome(outcome: string): boolean {
  return outcome === 'locked' || outcome.endsWith('-locked');
}

type SignoffRow = Awaited<ReturnType<typeof repo.listSignoffs>>[number];

function signoffDto(r: SignoffRow) {
  return {
    id: r.id,
    unitId: r.unit_id,
    from: r.period_from,
    to: r.period_to,
    signedBy: r.signed_by,
    signedByName: r.signed_by_name,
    signedAt: r.signed_at,
    note: r.note,
    findingsCount: Number(r.findings_count),
  };
}

export function createLogReviewService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;

  /** Managers of the unit review its log; anyone else is told the review does not exist. */
  function requireManager(actor: Actor, unitId: string) {
    if (!hasRoleIn(actor, unitId, ['manager'])) throw notFound();
  }

  function checkPeriod(from: string, to: string) {
    if (to < from) throw invalidField('to', 'end_before_start', msg.period);
    if (daysBetween(from, to) > MAX_REVIEW_DAYS) throw invalidField('from', 'too_long', msg.periodLong);
  }

  async function findings(q: Q, { unitId, from, to }: ReviewPeriod) {
    const fromInstant = stockholmMidnight(from).toISOString();
    const toInstant = stockholmMidnight(addDays(to, 1)).toISOString();

    // Aggregated while streaming: per user, person and day; per user and day; unusual hours one by one.
    type PairDay = {
      userId: string | null;
      userKey: string;
      residentId: string;
      day: string;
      reads: number;
      firstAt: string;
      lastAt: string;
    };
    const pairDays = new Map<string, PairDay>();
    const userDays = new Map<string, { userId: string | null; userKey: string; day: string; reads: number }>();
    const userNames = new Map<string, string>();
    const unusual: Omit<UnusualHour, 'residentName' | 'residentCulled'>[] = [];
    let unusualTotal = 0;
    const residentIds = new Set<string>();

    for await (const batch of repo.personReadBatches(q, unitId, fromInstant, toInstant)) {
      for (const row of batch) {
        const residentId = row.resident_id!;
        const at = new Date(row.at);
        const day = stockholmParts(at).date;
        const userKey = row.user_id ?? `name:${row.user_name}`;
        userNames.set(userKey, row.user_name);
        residentIds.add(residentId);

        const pk = `${userKey}\u0000${residentId}\u0000${day}`;
        const pair = pairDays.get(pk);
        if (pair) {
          pair.reads += 1;
          pair.lastAt = row.at;
        } else {
          pairDays.set(pk, { userId: row.user_id, userKey, residentId, day, reads: 1, firstAt: row.at, lastAt: row.at });
        }

        const dk = `${userKey}\u0000${day}`;
        const ud = userDays.get(dk);
        if (ud) ud.reads += 1;
        else userDays.set(dk, { userId: row.user_id, userKey, day, reads: 1 });

        const reason = unusualHourReason(at);
        if (reason) {
          unusualTotal += 1;
          if (unusual.length < UNUSUAL_HOURS_LIST_LIMIT) {
            unusual.push({
              userId: row.user_id,
              userName: row.user_name,
              at: row.at,
              reason,
              residentId,
              entity: row.entity,
              action: row.action,
            });
          }
        }
      }
    }

    const ids = [...residentIds];
    const residents = new Map((await repo.residentsByIds(q, ids)).map((r) => [r.id, r]));
    const nameOf = (id: string) => {
      const r = residents.get(id);
      return r && !isCulled(r) ? residentName(r) : null;
    };
    const culledOf = (id: string): { residentCulled?: true } => {
      const r = residents.get(id);
      return r && isCulled(r) ? { residentCulled: true } : {};
    };
    const taskDays = new Map<string, string[]>();
    for (const t of await repo.assignedTasks(q, ids, addDays(from, -CASELOAD_TASK_DAYS), to)) {
      const k = `${t.assignee_id}\u0000${t.resident_id}`;
      taskDays.set(k, [...(taskDays.get(k) ?? []), t.run_date]);
    }
    const inCaseload = (p: PairDay) => {
      if (!p.userId) return false;
      if (residents.get(p.residentId)?.contact_person_id === p.userId) return true;
      const earliest = addDays(p.day, -CASELOAD_TASK_DAYS);
      return (taskDays.get(`${p.userId}\u0000${p.residentId}`) ?? []).some((d) => d >= earliest && d <= p.day);
    };

    const outside = new Map<string, OutsideCaseload>();
    for (const p of pairDays.values()) {
      if (inCaseload(p)) continue;
      const k = `${p.userKey}\u0000${p.residentId}`;
      const o = outside.get(k);
      if (o) {
        o.reads += p.reads;
        if (p.firstAt < o.firstAt) o.firstAt = p.firstAt;
        if (p.lastAt > o.lastAt) o.lastAt = p.lastAt;
      } else {
        outside.set(k, {
          userId: p.userId,
          userName: userNames.get(p.userKey)!,
          residentId: p.residentId,
          residentName: nameOf(p.residentId),
          ...culledOf(p.residentId),
          reads: p.reads,
          firstAt: p.firstAt,
          lastAt: p.lastAt,
        });
      }
    }
    const outsideCaseload = [...outside.values()].sort(
      (a, b) => b.reads - a.reads || a.userName.localeCompare(b.userName, 'sv') || a.firstAt.localeCompare(b.firstAt),
    );
    const manyReads: ManyReads[] = [...userDays.values()]
      .filter((d) => d.reads > MANY_READS_THRESHOLD)
      .map((d) => ({ userId: d.userId, userName: userNames.get(d.userKey)!, day: d.day, reads: d.reads, threshold: MANY_READS_THRESHOLD }))
      .sort((a, b) => a.day.localeCompare(b.day) || a.userName.localeCompare(b.userName, 'sv'));
    const unusualHours: UnusualHour[] = unusual.map((u) => ({
      ...u,
      residentName: nameOf(u.residentId),
      ...culledOf(u.residentId),
    }));

    const signInDays = new Map<string, FailedSignIns>();
    for await (const batch of repo.failedSignInBatches(q, unitId, fromInstant, toInstant)) {
      for (const row of batch) {
        const day = stockholmParts(new Date(row.occurred_at)).date;
        const k = `${row.user_id}\u0000${day}`;
        let d = signInDays.get(k);
        if (!d) {
          d = {
            userId: row.user_id,
            userName: row.user_name,
            day,
            failures: 0,
            locked: false,
            ips: [],
            threshold: FAILED_SIGN_INS_THRESHOLD,
          };
          signInDays.set(k, d);
        }
        d.failures += 1;
        if (isLockoutOutcome(row.outcome)) d.locked = true;
        if (row.ip && d.ips.length < FAILED_SIGN_INS_IP_LIMIT && !d.ips.includes(row.ip)) d.ips.push(row.ip);
      }
    }
    const failedSignIns = [...signInDays.values()]
      .filter((d) => d.failures >= FAILED_SIGN_INS_THRESHOLD || d.locked)
      .sort((a, b) => a.day.localeCompare(b.day) || a.userName.localeCompare(b.userName, 'sv') || a.userId.localeCompare(b.userId));

    return {
      period: { from, to, days: daysBetween(from, to), fromInstant, toInstant, timeZone: TIME_ZONE },
      findings: { outsideCaseload, unusualHours, manyReads, failedSignIns },
      totals: {
        outsideCaseload: outsideCaseload.length,
        unusualHours: unusualTotal,
        manyReads: manyReads.length,
        failedSignIns: failedSignIns.length,
        all: outsideCaseload.length + unusualTotal + manyReads.length + failedSignIns.length,
      },
      unusualHoursTruncated: unusualTotal > unusualHours.length,
      thresholds: {
        workdayStartHour: WORKDAY_START_HOUR,
        workdayEndHour: WORKDAY_END_HOUR,
        manyReadsPerDay: MANY_READS_THRESHOLD,
        caseloadTaskDays: CASELOAD_TASK_DAYS,
        failedSignInsPerDay: FAILED_SIGN_INS_THRESHOLD,
      },
    };
  }

  return {
    async review(actor: Actor, input: ReviewPeriod) {
      requireManager(actor, input.unitId);
      checkPeriod(input.from, input.to);
      const q = db();
      const result = await findings(q, input);
      const signOffs = (await repo.listSignoffs(q, input.unitId, { from: input.from, to: input.to })).map(signoffDto);
      return { unitId: input.unitId, ...result, definitions: DEFINITIONS, signOffs };
    },

    async signOff(actor: Actor, input: ReviewPeriod & { note: string | null }) {
      requireManager(actor, input.unitId);
      checkPeriod(input.from, input.to);
      if (input.to > ctx.clock.today()) throw invalidField('to', 'not_over', msg.notOver);
      return db()
        .transaction()
        .execute(async (trx) => {
          const result = await findings(trx, input);
          const id = newId();
          const now = ctx.clock.now();
          await repo.insertSignoff(trx, {
            id,
            unit_id: input.unitId,
            period_from: input.from,
            period_to: input.to,
            signed_by: actor.userId,
            signed_at: now.toISOString(),
            note: input.note,
            findings_count: result.totals.all,
          });
          await recordAudit(trx, actor, now, [
            { residentId: null, unitId: input.unitId, entity: 'log_review', entityId: id, action: 'create' },
          ]);
          return signoffDto({
            id,
            unit_id: input.unitId,
            period_from: input.from,
            period_to: input.to,
            signed_by: actor.userId,
            signed_by_name: actor.userName,
            signed_at: now.toISOString(),
            note: input.note,
            findings_count: result.totals.all,
          });
        });
    },

    async listSignOffs(actor: Actor, unitId: string) {
      requireManager(actor, unitId);
      return { items: (await repo.listSignoffs(db(), unitId)).map(signoffDto) };
    },
  };
}
