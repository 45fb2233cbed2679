import {
  addMonths,
  cullingDecision,
  latestDate,
  monthOf,
  parsePersonalNumber,
  retentionRules,
  todayInStockholm,
  type CullingDecision,
  type CullingFacts,
  type CullingKind,
  type OpenReason,
  type SurveyDefinition,
} from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import { conflict } from '../errors.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { recordAudit } from './audit.service.ts';
import * as repo from '../repositories/culling.repository.ts';
import { activeHoldSubjects } from '../repositories/legal-holds.repository.ts';
import type { Q } from '../repositories/query.ts';
import type { ServiceContext } from './context.ts';
import { createSignInEventsService } from './sign-in-events.service.ts';

// Culling (gallring, issue 8; docs/culling.md). The rules are the domain's (culling.ts); this service gathers the
// facts per person (resident), per eviction-prevention case of a household that is not a registered resident, per
// landlord report that never became a case, and per unmatched payment; previews what is due on a date; and culls each
// one in a transaction of its own, so a person is culled entirely or not at all. Inside that transaction the facts are
// read again and the person's rows are locked before the legal holds are checked, so a hold placed meanwhile wins.

export type SubjectKind = Exclude<CullingKind, 'audit_log'>;

export type CullingSubject = {
  kind: SubjectKind;
  subjectId: string;
  /** The resident's id for kind 'resident'; null for the others. */
  residentId: string | null;
  unitId: string;
  decision: CullingDecision;
  /** When the hold in force was placed (status 'held'). */
  heldSince: string | null;
  /** The eviction cases and unlinked reports that are the resident's (culled with the person). */
  caseIds: string[];
  reportIds: string[];
};

type Scope = 'all' | { kind: SubjectKind; id: string };

/** An instant as its Stockholm day; a date as it is. */
function day(value: string | null | undefined): string | null {
  if (!value) return null;
  return value.length > 10 ? todayInStockholm(new Date(value)) : value;
}

function birthDateOf(personalNumber: string | null, date: string): string | null {
  if (!personalNumber) return null;
  const parsed = parsePersonalNumber(personalNumber, date);
  return parsed.ok ? parsed.birthDate : null;
}

/** Reads the latest entries (dates and instants) per owner into one map of days. */
async function latestDays(read: (which: 'dates' | 'instants') => Promise<repo.Latest[]>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const which of ['dates', 'instants'] as const) {
    for (const row of await read(which)) {
      const d = day(row.d);
      if (d && (!out.has(row.id) || d > out.get(row.id)!)) out.set(row.id, d);
    }
  }
  return out;
}

/** A repayment plan runs until the month of its last instalment. */
function planRunsOn(
  plan: { start_month: string; instalments: number | null; instalment_ore: number | null; debt_ore: number },
  date: string,
) {
  const count =
    plan.instalments !== null ? Number(plan.instalments) : Math.ceil(Number(plan.debt_ore) / Math.max(1, Number(plan.instalment_ore ?? 1)));
  return addMonths(plan.start_month, Math.max(1, count) - 1) >= monthOf(date);
}

/** Everything the rules need, for every subject in scope, with the decision for `date`. */
export async function gatherSubjects(q: Q, date: string, policy: ServiceContext['config']['culling'], scope: Scope = 'all') {
  const all = scope === 'all';
  const only = (kind: SubjectKind) => (!all && scope.kind === kind ? [scope.id] : []);

  const residents = await repo.residentsNotCulled(q, all ? undefined : { ids: only('resident'), personalNumbers: [] });
  const numbers = residents.map((r) => r.personal_number).filter((n): n is string => !!n);
  const cases = await repo.casesNotCulled(
    q,
    all ? undefined : { caseIds: only('eviction_case'), residentIds: residents.map((r) => r.id), personalNumbers: numbers },
  );
  const reports = await repo.unlinkedReportsNotCulled(
    q,
    all ? undefined : { reportIds: only('eviction_report'), personalNumbers: numbers },
  );
  const payments = await repo.unmatchedPaymentsWithText(q, all ? undefined : only('unmatched_payment'));
  const sessions = await repo.sessionsWithNotes(q, all ? undefined : only('activity_session'));

  // Whose is a case or a report: the resident it is linked to, else the resident (of the same organisation) with the
  // personal number it names. Culled residents have no number left, so nothing is matched to them.
  const owners = all
    ? residents
    : [
        ...residents,
        ...(await repo.residentsNotCulled(q, {
          ids: cases.map((c) => c.resident_id).filter((id): id is string => !!id),
          personalNumbers: [...cases, ...reports].map((x) => x.tenant_personal_number).filter((n): n is string => !!n),
        })),
      ];
  const residentIds = new Set(owners.map((r) => r.id));
  const byNumber = new Map(owners.filter((r) => r.personal_number).map((r) => [`${r.organisation_id}|${r.personal_number}`, r.id]));
  const ownerOf = (x: { organisation_id: string; tenant_personal_number: string | null; resident_id?: string | null }) =>
    (x.resident_id && residentIds.has(x.resident_id) ? x.resident_id : null) ??
    (x.tenant_personal_number ? (byNumber.get(`${x.organisation_id}|${x.tenant_personal_number}`) ?? null) : null);

  const ids = all ? undefined : residents.map((r) => r.id);
  const caseIdsRead = all ? undefined : cases.map((c) => c.id);
  const [residentLatest, caseLatest, holds, placed, tasks, occupations, plans] = await Promise.all([
    latestDays((which) => repo.latestOfResidents(q, which, ids)),
    latestDays((which) => repo.latestOfCases(q, which, caseIdsRead)),
    activeHoldSubjects(q),
    repo.residentsWithOngoingPlacement(q, date, ids),
    repo.residentsWithOpenTask(q, ids),
    repo.residentsWithOngoingOccupation(q, date, ids),
    repo.plansNotCancelled(q, ids),
  ]);
  const planRuns = new Set(plans.filter((p) => planRunsOn(p, date)).map((p) => p.resident_id));
  const caseOpen = (c: (typeof cases)[number]) => c.step !== 'closed' || c.closed_on === null;
  const reportDay = (r: (typeof reports)[number]) => latestDate([r.received_on, day(r.created_at), day(r.updated_at)]);

  const subjects: CullingSubject[] = [];
  const decide = (facts: CullingFacts, perPerson: boolean) => cullingDecision(facts, date, policy, perPerson);

  const casesOf = groupBy(cases, ownerOf);
  const reportsOf = groupBy(reports, ownerOf);
  for (const r of residents) {
    const ownCases = casesOf.get(r.id) ?? [];
    const ownReports = reportsOf.get(r.id) ?? [];
    const open: OpenReason[] = [];
    if (placed.has(r.id)) open.push('ongoing_placement');
    if (ownCases.some(caseOpen)) open.push('open_eviction_case');
    if (ownReports.some((x) => x.status !== 'closed')) open.push('open_eviction_report');
    if (planRuns.has(r.id)) open.push('active_repayment_plan');
    if (tasks.has(r.id)) open.push('open_task');
    if (occupations.has(r.id)) open.push('ongoing_occupation');
    const held = [holds.residents.get(r.id), ...ownCases.map((c) => holds.cases.get(c.id))].filter((x): x is string => !!x);
    const lastEntry = latestDate([
      day(r.created_at),
      day(r.updated_at),
      residentLatest.get(r.id),
      ...ownCases.map((c) => caseLatest.get(c.id)),
      ...ownReports.map(reportDay),
    ])!;
    subjects.push({
      kind: 'resident',
      subjectId: r.id,
      residentId: r.id,
      unitId: r.unit_id,
      decision: decide({ lastEntry, open, legalHold: held.length > 0, birthDate: r.birth_date }, true),
      heldSince: held.sort()[0] ?? null,
      caseIds: ownCases.map((c) => c.id),
      reportIds: ownReports.map((x) => x.id),
    });
  }
  for (const c of (casesOf.get(null) ?? []).filter((x) => all || only('eviction_case').includes(x.id))) {
    const heldSince = holds.cases.get(c.id) ?? null;
    const facts: CullingFacts = {
      lastEntry: caseLatest.get(c.id)!,
      open: caseOpen(c) ? ['open_eviction_case'] : [],
      legalHold: heldSince !== null,
      birthDate: birthDateOf(c.tenant_personal_number, date),
    };
    subjects.push({
      kind: 'eviction_case',
      subjectId: c.id,
      residentId: null,
      unitId: c.unit_id,
      decision: decide(facts, true),
      heldSince,
      caseIds: [c.id],
      reportIds: [],
    });
  }
  for (const x of (reportsOf.get(null) ?? []).filter((r) => all || only('eviction_report').includes(r.id))) {
    const facts: CullingFacts = {
      lastEntry: reportDay(x)!,
      open: x.status === 'closed' ? [] : ['open_eviction_report'],
      legalHold: false,
      birthDate: null,
    };
    subjects.push({
      kind: 'eviction_report',
      subjectId: x.id,
      residentId: null,
      unitId: x.unit_id,
      decision: decide(facts, false),
      heldSince: null,
      caseIds: [],
      reportIds: [x.id],
    });
  }
  for (const p of payments) {
    const facts: CullingFacts = {
      lastEntry: latestDate([p.booking_date, day(p.created_at)])!,
      open: [],
      legalHold: false,
      birthDate: null,
    };
    subjects.push({
      kind: 'unmatched_payment',
      subjectId: p.id,
      residentId: null,
      unitId: p.unit_id,
      decision: decide(facts, false),
      heldSince: null,
      caseIds: [],
      reportIds: [],
    });
  }
  // A session's note goes by age (docs/culling.md); a hold on a resident who was there keeps it. The research exemption
  // is about a person's file, which the note is not part of.
  for (const x of sessions) {
    const held = x.residentIds.map((id) => holds.residents.get(id)).filter((h): h is string => !!h);
    const facts: CullingFacts = {
      lastEntry: latestDate([x.session_date, day(x.created_at)])!,
      open: [],
      legalHold: held.length > 0,
      birthDate: null,
    };
    subjects.push({
      kind: 'activity_session',
      subjectId: x.id,
      residentId: null,
      unitId: x.unit_id,
      decision: cullingDecision(facts, date, { ...policy, researchBirthDays: [] }, true),
      heldSince: held.sort()[0] ?? null,
      caseIds: [],
      reportIds: [],
    });
  }
  return subjects;
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Free-text answers name things; the scale and yes/no answers the results count stay. */
function withoutFreeText(definition: string, values: string): string {
  const def = JSON.parse(definition) as SurveyDefinition;
  const text = new Set(def.questions.filter((q) => q.kind === 'text').map((q) => q.id));
  const v = JSON.parse(values) as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, text.has(k) ? null : x])));
}

class HeldMeanwhile extends Error {}

const SYSTEM_NAME = 'Kvarbo (gallring)';

export type CullingPreview = Awaited<ReturnType<ReturnType<typeof createCullingService>['preview']>>;

export function createCullingService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;
  const policy = () => ctx.config.culling;

  /** Culls one subject if it is still due, in its own transaction; 'held' when a hold came in meanwhile. */
  async function cullOne(s: CullingSubject, date: string): Promise<'culled' | 'skipped' | 'held'> {
    try {
      return await db()
        .transaction()
        .execute(async (trx) => {
          const again = (await gatherSubjects(trx, date, policy(), { kind: s.kind, id: s.subjectId })).find(
            (x) => x.kind === s.kind && x.subjectId === s.subjectId,
          );
          if (!again || again.decision.status !== 'due') return 'skipped' as const;
          const at = ctx.clock.now().toISOString();
          if (s.kind === 'resident') {
            if (!(await repo.cullResidentRow(trx, s.subjectId, at))) return 'skipped' as const;
            await repo.cullCaseRows(trx, again.caseIds, at);
            if ((await repo.holdsInForce(trx, s.subjectId, again.caseIds)) > 0) throw new HeldMeanwhile();
            await repo.cullResidentRecords(trx, s.subjectId);
            for (const a of await repo.namedAnswersOf(trx, s.subjectId)) {
              await repo.setAnswerValues(trx, a.id, withoutFreeText(a.definition, a.answer_values));
            }
            await repo.cullCaseRecords(trx, again.caseIds);
            await repo.cullReports(trx, [...again.reportIds, ...(await repo.reportIdsOfCases(trx, again.caseIds))], at);
          } else if (s.kind === 'eviction_case') {
            if ((await repo.cullCaseRows(trx, [s.subjectId], at)) === 0) return 'skipped' as const;
            if ((await repo.holdsInForce(trx, null, [s.subjectId])) > 0) throw new HeldMeanwhile();
            await repo.cullCaseRecords(trx, [s.subjectId]);
            await repo.cullReports(trx, await repo.reportIdsOfCases(trx, [s.subjectId]), at);
          } else if (s.kind === 'eviction_report') {
            await repo.cullReports(trx, [s.subjectId], at);
          } else if (s.kind === 'activity_session') {
            if (!(await repo.cullSessionNote(trx, s.subjectId))) return 'skipped' as const;
          } else if (!(await repo.cullUnmatchedPayment(trx, s.subjectId))) {
            return 'skipped' as const;
          }
          // One row per culled record, by the system, naming nothing but the ids.
          await appendAudit(trx, [
            {
              at,
              user_id: null,
              user_name: SYSTEM_NAME,
              unit_id: s.unitId,
              resident_id: s.residentId,
              entity: s.kind === 'unmatched_payment' ? 'payment' : s.kind,
              entity_id: s.subjectId,
              action: 'cull' as const,
              ip: null,
            },
          ]);
          return 'culled' as const;
        });
    } catch (e) {
      if (e instanceof HeldMeanwhile) return 'held';
      throw e;
    }
  }

  function counts(subjects: CullingSubject[]): repo.RunCounts {
    const due = (kind: SubjectKind) => subjects.filter((s) => s.kind === kind && s.decision.status === 'due').length;
    return {
      residents: due('resident'),
      eviction_cases: due('eviction_case'),
      eviction_reports: due('eviction_report'),
      unmatched_payments: due('unmatched_payment'),
      held: subjects.filter((s) => s.decision.status === 'held').length,
      research_exempt: subjects.filter((s) => s.decision.status === 'research_exempt').length,
      activity_sessions: due('activity_session'),
    };
  }

  /**
   * What culling on `date` would do: the subjects due, held, exempt for research and coming due within a year, and
   * the counts (also of those still open). No personal data beyond ids.
   */
  function previewOf(subjects: CullingSubject[], date: string) {
    const yearOn = `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
    const item = (s: CullingSubject) => ({
      kind: s.kind,
      subjectId: s.subjectId,
      residentId: s.residentId,
      unitId: s.unitId,
      lastEntry: s.decision.lastEntry,
      dueSince: s.decision.dueOn,
      cullBy: s.decision.cullBy,
      status: s.decision.status,
      ...(s.heldSince ? { heldSince: s.heldSince } : {}),
    });
    const byDue = (a: CullingSubject, b: CullingSubject) =>
      (a.decision.dueOn ?? '9999').localeCompare(b.decision.dueOn ?? '9999') || a.subjectId.localeCompare(b.subjectId);
    const pick = (pred: (s: CullingSubject) => boolean) => subjects.filter(pred).sort(byDue).map(item);
    const status = (st: CullingDecision['status']) => subjects.filter((s) => s.decision.status === st).length;
    return {
      date,
      policy: { years: policy().years, researchBirthDays: policy().researchBirthDays },
      rules: retentionRules(policy()),
      due: pick((s) => s.decision.status === 'due'),
      held: pick((s) => s.decision.status === 'held'),
      researchExempt: pick((s) => s.decision.status === 'research_exempt'),
      upcoming: pick((s) => s.decision.status === 'not_due' && s.decision.dueOn! <= yearOn),
      counts: {
        ...counts(subjects),
        open: status('open'),
        notDue: status('not_due'),
      },
    };
  }

  /** The subjects on `date`, of one organisation's units when given (the admin's page and run). */
  async function subjectsOf(date: string, organisationId?: string) {
    const subjects = await gatherSubjects(db(), date, policy());
    if (!organisationId) return subjects;
    const units = new Set(
      (await db().selectFrom('units').select('id').where('organisation_id', '=', organisationId).execute()).map((u) => u.id),
    );
    return subjects.filter((s) => units.has(s.unitId));
  }

  const service = {
    async preview(date: string, organisationId?: string) {
      return previewOf(await subjectsOf(date, organisationId), date);
    },

    /**
     * `kvarbo cull`: culls what is due on `date`, one transaction per subject; a dry run changes nothing and answers
     * the preview. Both are logged with their counts.
     */
    async run(date: string, options: { dryRun: boolean; organisationId?: string }) {
      const subjects = await subjectsOf(date, options.organisationId);
      const preview = options.dryRun ? previewOf(subjects, date) : null;
      let result = counts(subjects);
      if (!options.dryRun) {
        await createSignInEventsService(ctx).cull(date); // sign-in log: two years (docs/two-factor.md)
        const done = { resident: 0, eviction_case: 0, eviction_report: 0, unmatched_payment: 0, activity_session: 0 };
        let heldMeanwhile = 0;
        for (const s of subjects.filter((x) => x.decision.status === 'due')) {
          const outcome = await cullOne(s, date);
          if (outcome === 'culled') done[s.kind] += 1;
          if (outcome === 'held') heldMeanwhile += 1;
        }
        result = {
          residents: done.resident,
          eviction_cases: done.eviction_case,
          eviction_reports: done.eviction_report,
          unmatched_payments: done.unmatched_payment,
          held: result.held + heldMeanwhile,
          research_exempt: result.research_exempt,
          activity_sessions: done.activity_session,
        };
      }
      const runId = newId();
      await repo.insertRun(db(), {
        id: runId,
        run_at: ctx.clock.now().toISOString(),
        as_of: date,
        dry_run: options.dryRun ? 1 : 0,
        ...result,
      });
      return { runId, date, dryRun: options.dryRun, counts: result, preview };
    },

    /**
     * "Gallra nu" on the admin's Gallring page: culls what is due today in the admin's organisation, exactly as
     * `kvarbo cull` does (one transaction per subject, system audit rows per record), after checking that the count
     * the admin confirmed is still the count due — a hold placed or a record added meanwhile makes them look again.
     * Only as of today: a later date would cull records before their time. The run is logged with the admin's name.
     */
    async adminRun(actor: Actor, confirmedDue: number) {
      const date = ctx.clock.today();
      const before = await service.preview(date, actor.organisationId);
      const due = before.due.length;
      if (due !== confirmedDue) {
        throw conflict('CULLING_CHANGED', {
          sv: `Det är nu ${due} poster som ska gallras, inte ${confirmedDue}. Granska listan igen.`,
          en: `${due} records are now due for culling, not ${confirmedDue}. Review the list again.`,
        });
      }
      // Logged before it starts: the log says who ran it even if the process dies half-way.
      await db()
        .transaction()
        .execute(async (trx) => {
          await recordAudit(trx, actor, ctx.clock.now(), [
            { unitId: null, residentId: null, entity: 'culling_run', entityId: date, action: 'cull' },
          ]);
        });
      const result = await service.run(date, { dryRun: false, organisationId: actor.organisationId });
      return { runId: result.runId, date, counts: result.counts };
    },

    /** The latest runs (counts only) for the Gallring page. */
    async recentRuns(limit = 10) {
      return (await repo.recentRuns(db(), limit)).map((r) => ({
        id: r.id,
        runAt: r.run_at,
        date: r.as_of,
        dryRun: Number(r.dry_run) === 1,
        counts: {
          residents: Number(r.residents),
          evictionCases: Number(r.eviction_cases),
          evictionReports: Number(r.eviction_reports),
          unmatchedPayments: Number(r.unmatched_payments),
          held: Number(r.held),
          researchExempt: Number(r.research_exempt),
          activitySessions: Number(r.activity_sessions),
        },
      }));
    },

    /** The admin's Gallring page: the preview for the admin's organisation, logged as one list row (ids only). */
    async adminPreview(actor: Actor, date: string = ctx.clock.today()) {
      const preview = await service.preview(date, actor.organisationId);
      const units = await db().selectFrom('units').select(['id', 'name']).where('organisation_id', '=', actor.organisationId).execute();
      await db()
        .transaction()
        .execute(async (trx) => {
          await recordAudit(trx, actor, ctx.clock.now(), [
            { unitId: null, residentId: null, entity: 'culling_preview', entityId: date, action: 'list' },
          ]);
        });
      return { ...preview, units: units.map((u) => ({ id: u.id, name: u.name })), runs: await service.recentRuns() };
    },
  };
  return service;
}
