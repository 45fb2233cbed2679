import {
  budgetSummary,
  canMoveTo,
  caseListPriority,
  deadlineCountdown,
  firstContactOn,
  hasConsent,
  nextSteps,
  paymentProposal,
  reinstatementDeadline,
  sortCaseList,
  validateClosing,
  validateConsent,
  validateDeadlineDate,
  validateHousehold,
  validateHouseholdBudget,
  type CaseStep,
  type ClosingOutcome,
  type ConsentParty,
  type HouseholdBudget,
  type LocalizedFieldError,
  type OutreachKind,
  type OutreachOutcome,
  type ReferralService,
  type ReferralStatus,
  type SupportKind,
} from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { caseUnitIds, hasRoleIn } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import { conflict, forbidden, invalidField, invalidFields, notFound, type FieldError } from '../errors.ts';
import * as repo from '../repositories/eviction-cases.repository.ts';
import type { CaseRow } from '../repositories/eviction-cases.repository.ts';
import type { Q } from '../repositories/query.ts';
import { recordAudit, type AuditEntry } from './audit.service.ts';
import type { ServiceContext } from './context.ts';

// Eviction-prevention cases (issue 6), staff side only: a landlord never sees a case. Anyone who works with
// persons in the case's unit (manager, caseworker, host) may read and work the case; everyone else is answered
// 404, as if the case did not exist. Every read, list and write is audit-logged in the same transaction.

export type OpenCaseInput = {
  unitId: string;
  reportId?: string | null | undefined;
  residentId?: string | null | undefined;
  tenantName?: string | null | undefined;
  tenantAddress?: string | null | undefined;
  tenantPersonalNumber?: string | null | undefined;
  landlordId?: string | null | undefined;
  householdAdults: number;
  householdChildren: number;
  servedOn?: string | null | undefined;
  evictionDate?: string | null | undefined;
};

export type PatchCaseInput = {
  version: number;
  step?: CaseStep | undefined;
  householdAdults?: number | undefined;
  householdChildren?: number | undefined;
  servedOn?: string | null | undefined;
  evictionDate?: string | null | undefined;
  assigneeId?: string | null | undefined;
};

export type CaseFlag = 'deadline_near_no_contact' | 'overdue' | 'no_contact' | 'children_in_household';

const messages = {
  stale: {
    sv: 'Ärendet har ändrats av någon annan sedan du öppnade det. Ladda om och gör ändringen igen.',
    en: 'Someone else has changed the case since you opened it. Reload and make the change again.',
  },
  budgetStale: {
    sv: 'Budgeten har ändrats av någon annan sedan du öppnade den. Ladda om ärendet och gör ändringen igen.',
    en: 'Someone else has changed the budget since you opened it. Reload the case and make the change again.',
  },
  referralStale: {
    sv: 'Länkningen har ändrats av någon annan sedan du öppnade den. Ladda om ärendet och gör ändringen igen.',
    en: 'Someone else has changed the referral since you opened it. Reload the case and make the change again.',
  },
  closed: { sv: 'Ärendet är avslutat och kan inte ändras.', en: 'The case is closed and cannot be changed.' },
  step: { sv: 'Ärendet kan inte flyttas till det steget härifrån.', en: 'The case cannot move to that step from where it is.' },
  closeWithClose: {
    sv: 'Avsluta ärendet med Avsluta, där utfallet anges.',
    en: 'Close the case with Close, where the outcome is given.',
  },
  required: { sv: 'Fältet måste fyllas i.', en: 'This field is required.' },
  reportMissing: { sv: 'Anmälan finns inte i enheten.', en: 'The report does not exist in the unit.' },
  reportLinked: { sv: 'Anmälan hör redan till ett ärende.', en: 'The report already belongs to a case.' },
  residentMissing: { sv: 'Den boende finns inte i enheten.', en: 'The resident does not exist in the unit.' },
  landlordMissing: { sv: 'Hyresvärden finns inte.', en: 'The landlord does not exist.' },
  assignee: { sv: 'Handläggaren måste arbeta i enheten.', en: 'The case officer must work in the unit.' },
  future: { sv: 'Datumet kan inte ligga i framtiden.', en: 'The date cannot be in the future.' },
  groupSession: { sv: 'Gruppsamtal gäller bara MI-samtal.', en: 'A group session applies to MI conversations only.' },
  withdrawn: { sv: 'Samtycket är redan återkallat.', en: 'The consent has already been withdrawn.' },
  landlordNote: {
    sv: 'Inget gällande samtycke för hyresvärden: kontakten med hyresvärden begränsas till vad lagen tillåter (sekretess enligt OSL 26 kap.).',
    en: 'No consent in force for the landlord: contact with the landlord is limited to what the law allows (secrecy under OSL chapter 26).',
  },
};

/** 409 STALE_VERSION with the given message, and the current version when it is known. */
function stale(message: (typeof messages)['stale'], currentVersion?: number) {
  return conflict('STALE_VERSION', message, currentVersion === undefined ? {} : { currentVersion });
}

function fieldErrors(errors: LocalizedFieldError[], rename: Record<string, string> = {}, prefix = ''): FieldError[] {
  return errors.map((e) => ({ field: prefix + (rename[e.field] ?? e.field), code: e.code, message: e.message }));
}

function dateProblems(value: string | null | undefined, field: string): FieldError[] {
  if (value === null || value === undefined) return [];
  return fieldErrors(validateDeadlineDate(value, field));
}

function receivedOnOf(c: CaseRow, reports: { case_id: string | null; received_on: string }[]): string {
  let first = c.opened_on;
  for (const r of reports) if (r.case_id === c.id && r.received_on < first) first = r.received_on;
  return first;
}

function countdowns(c: CaseRow, today: string) {
  return {
    reinstatementDeadline: c.reinstatement_deadline ? deadlineCountdown(c.reinstatement_deadline, today) : null,
    evictionDate: c.eviction_date ? deadlineCountdown(c.eviction_date, today) : null,
  };
}

function flagsOf(c: CaseRow, receivedOn: string, today: string): CaseFlag[] {
  const flags: CaseFlag[] = [];
  if (c.step === 'closed') return c.household_children > 0 ? ['children_in_household'] : [];
  const priority = caseListPriority(
    { id: c.id, step: c.step as CaseStep, receivedOn, reinstatementDeadline: c.reinstatement_deadline, evictionDate: c.eviction_date },
    today,
  );
  if (priority.group === 0) flags.push('deadline_near_no_contact');
  const cd = countdowns(c, today);
  if ([cd.reinstatementDeadline, cd.evictionDate].some((d) => d?.urgency === 'overdue')) flags.push('overdue');
  if (c.step === 'new' || c.step === 'outreach') flags.push('no_contact');
  if (c.household_children > 0) flags.push('children_in_household');
  return flags;
}

function summaryDto(c: CaseRow, receivedOn: string, today: string) {
  return {
    id: c.id,
    unitId: c.unit_id,
    residentId: c.resident_id,
    tenantName: c.tenant_name,
    tenantAddress: c.tenant_address,
    tenantPersonalNumber: c.tenant_personal_number,
    landlordId: c.landlord_id,
    landlordName: c.landlord_name ?? null,
    household: { adults: c.household_adults, children: c.household_children },
    step: c.step as CaseStep,
    openedOn: c.opened_on,
    receivedOn,
    servedOn: c.served_on,
    reinstatementDeadline: c.reinstatement_deadline,
    evictionDate: c.eviction_date,
    countdowns: countdowns(c, today),
    firstContactOn: c.first_contact_on,
    closedOn: c.closed_on,
    outcome: c.outcome as ClosingOutcome | null,
    outcomeNote: c.outcome_note,
    assigneeId: c.assignee_id,
    assigneeName: c.assignee_name ?? null,
    version: Number(c.version),
    flags: flagsOf(c, receivedOn, today),
  };
}

export type CaseSummary = ReturnType<typeof summaryDto>;

function parseReasons(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

/** Everything about the case, read within `q` (no audit here: the caller logs what it did). */
async function loadDetail(q: Q, c: CaseRow, today: string) {
  const [reports, attempts, consents, support, referrals, budgetRow, rent] = await Promise.all([
    repo.reportsOfCases(q, [c.id]),
    repo.attemptsOf(q, c.id),
    repo.consentsOf(q, c.id),
    repo.supportOf(q, c.id),
    repo.referralsOf(q, c.id),
    repo.budgetOf(q, c.id),
    c.resident_id ? repo.residentRentTotals(q, c.resident_id, today) : Promise.resolve(null),
  ]);
  const consentList = consents.map((x) => ({
    party: x.party as ConsentParty,
    scope: x.scope,
    givenOn: x.given_on,
    withdrawnOn: x.withdrawn_on,
  }));
  const landlordContactAllowed = hasConsent(consentList, 'landlord', today);
  let budget = null;
  if (budgetRow) {
    const b = JSON.parse(budgetRow.budget) as HouseholdBudget;
    budget = {
      budget: b,
      summary: budgetSummary(b),
      proposal: paymentProposal(b),
      updatedAt: budgetRow.updated_at,
      updatedBy: budgetRow.updated_by,
      /** The budget's row version: saving the budget sends it back (docs/concurrency.md). */
      version: Number(budgetRow.version),
    };
  }
  return {
    ...summaryDto(c, receivedOnOf(c, reports), today),
    nextSteps: c.step === 'closed' ? [] : nextSteps(c.step as CaseStep),
    landlordContactAllowed,
    landlordContactNote: landlordContactAllowed ? null : messages.landlordNote,
    reports: reports.map((r) => ({
      id: r.id,
      receiptNumber: r.receipt_number,
      channel: r.channel,
      kind: r.kind,
      reasons: parseReasons(r.reasons),
      arrearsOre: r.arrears_ore,
      arrearsMonths: r.arrears_months,
      servedOn: r.served_on,
      evictionDate: r.eviction_date,
      tenantName: r.tenant_name,
      tenantAddress: r.tenant_address,
      householdChildren: r.household_children,
      description: r.description,
      receivedOn: r.received_on,
      status: r.status,
      landlordId: r.landlord_id,
    })),
    attempts: attempts.map((a) => ({
      id: a.id,
      kind: a.kind as OutreachKind,
      outcome: a.outcome as OutreachOutcome,
      occurredOn: a.occurred_on,
      note: a.note,
      createdBy: a.created_by,
      createdAt: a.created_at,
    })),
    consents: consents.map((x, i) => ({
      id: x.id,
      party: x.party as ConsentParty,
      scope: x.scope,
      givenOn: x.given_on,
      withdrawnOn: x.withdrawn_on,
      active: hasConsent([consentList[i]!], consentList[i]!.party, today),
      createdBy: x.created_by,
      createdAt: x.created_at,
    })),
    support: support.map((s) => ({
      id: s.id,
      kind: s.kind as SupportKind,
      groupSession: Number(s.group_session) === 1,
      occurredOn: s.occurred_on,
      note: s.note,
      createdBy: s.created_by,
      createdAt: s.created_at,
    })),
    referrals: referrals.map((r) => ({
      id: r.id,
      service: r.service as ReferralService,
      status: r.status as ReferralStatus,
      statusOn: r.status_on,
      note: r.note,
      createdBy: r.created_by,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      version: Number(r.version),
    })),
    budget,
    // Where the household already lives in the unit's housing, its rent account (arrears positive).
    resident: rent ? { residentId: rent.residentId, name: rent.name, arrearsOre: rent.chargedOre - rent.paidOre } : null,
  };
}

export type CaseDetail = Awaited<ReturnType<typeof loadDetail>>;

export function createEvictionCasesService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;

  const audit = (c: CaseRow, action: AuditEntry['action']): AuditEntry => ({
    residentId: c.resident_id,
    unitId: c.unit_id,
    entity: 'eviction_case',
    entityId: c.id,
    action,
  });

  /** The case if the actor works with persons in its unit; otherwise 404, whatever the reason. */
  async function visibleCase(q: Q, actor: Actor, caseId: string): Promise<CaseRow> {
    const c = await repo.findCase(q, caseId);
    if (!c || !caseUnitIds(actor).includes(c.unit_id)) throw notFound();
    return c;
  }

  async function reload(q: Q, caseId: string): Promise<CaseRow> {
    const c = await repo.findCase(q, caseId);
    if (!c) throw notFound();
    return c;
  }

  function assertOpen(c: CaseRow) {
    if (c.step === 'closed') throw conflict('CASE_CLOSED', messages.closed);
  }

  async function bump(q: Q, c: CaseRow, version: number, patch: Parameters<typeof repo.updateCaseAtVersion>[3]) {
    if (Number(c.version) !== version) throw conflict('STALE_VERSION', messages.stale, { currentVersion: Number(c.version) });
    const ok = await repo.updateCaseAtVersion(q, c.id, version, { ...patch, updated_at: ctx.clock.now().toISOString() });
    if (!ok) throw conflict('STALE_VERSION', messages.stale);
  }

  /** A write to an open case: access, the change and its audit row in one transaction; answers the fresh case. */
  function write(actor: Actor, caseId: string, change: (trx: Q, c: CaseRow) => Promise<void>): Promise<CaseDetail> {
    return db()
      .transaction()
      .execute(async (trx) => {
        const c = await visibleCase(trx, actor, caseId);
        assertOpen(c);
        await change(trx, c);
        await recordAudit(trx, actor, ctx.clock.now(), [audit(c, 'update')]);
        return loadDetail(trx, await reload(trx, caseId), ctx.clock.today());
      });
  }

  return {
    async open(actor: Actor, input: OpenCaseInput): Promise<CaseDetail> {
      if (!hasRoleIn(actor, input.unitId, ['manager', 'caseworker', 'host'])) throw forbidden();
      return db()
        .transaction()
        .execute(async (trx) => {
          const now = ctx.clock.now().toISOString();
          const today = ctx.clock.today();
          let report: Awaited<ReturnType<typeof repo.findReport>>;
          if (input.reportId) {
            report = await repo.findReport(trx, input.reportId);
            if (!report || report.unit_id !== input.unitId) throw invalidField('reportId', 'not_found', messages.reportMissing);
            if (report.case_id !== null) throw invalidField('reportId', 'already_linked', messages.reportLinked);
          }
          const tenantName = input.tenantName ?? report?.tenant_name ?? null;
          const tenantAddress = input.tenantAddress ?? report?.tenant_address ?? null;
          const servedOn = input.servedOn ?? report?.served_on ?? null;
          const evictionDate = input.evictionDate ?? report?.eviction_date ?? null;
          const landlordId = input.landlordId ?? report?.landlord_id ?? null;

          const problems: FieldError[] = [];
          if (!tenantName) problems.push({ field: 'tenantName', code: 'required', message: messages.required });
          if (!tenantAddress) problems.push({ field: 'tenantAddress', code: 'required', message: messages.required });
          problems.push(
            ...fieldErrors(validateHousehold({ adults: input.householdAdults, children: input.householdChildren }), {
              adults: 'householdAdults',
              children: 'householdChildren',
            }),
            ...dateProblems(servedOn, 'servedOn'),
            ...dateProblems(evictionDate, 'evictionDate'),
          );
          if (input.residentId) {
            const resident = await repo.residentUnit(trx, input.residentId);
            if (!resident || resident.unit_id !== input.unitId) {
              problems.push({ field: 'residentId', code: 'not_found', message: messages.residentMissing });
            }
          }
          if (input.landlordId) {
            const landlord = await repo.landlordOrganisation(trx, input.landlordId);
            if (!landlord || landlord.organisation_id !== actor.organisationId) {
              problems.push({ field: 'landlordId', code: 'not_found', message: messages.landlordMissing });
            }
          }
          if (problems.length) throw invalidFields(problems);

          const id = newId();
          await repo.insertCase(trx, {
            id,
            unit_id: input.unitId,
            resident_id: input.residentId ?? null,
            tenant_name: tenantName!,
            tenant_address: tenantAddress!,
            tenant_personal_number: input.tenantPersonalNumber ?? report?.tenant_personal_number ?? null,
            landlord_id: landlordId,
            household_adults: input.householdAdults,
            household_children: input.householdChildren,
            step: 'new',
            opened_on: today,
            served_on: servedOn,
            reinstatement_deadline: servedOn ? reinstatementDeadline(servedOn) : null,
            eviction_date: evictionDate,
            first_contact_on: null,
            closed_on: null,
            outcome: null,
            outcome_note: null,
            assignee_id: actor.userId,
            version: 1,
            created_by: actor.userId,
            created_at: now,
            updated_at: now,
          });
          if (report && !(await repo.linkReport(trx, report.id, id, now))) {
            throw invalidField('reportId', 'already_linked', messages.reportLinked);
          }
          const c = await reload(trx, id);
          await recordAudit(trx, actor, ctx.clock.now(), [audit(c, 'create')]);
          return loadDetail(trx, c, today);
        });
    },

    async list(actor: Actor, query: { unitId?: string | undefined; status: 'open' | 'closed' | 'all' }): Promise<CaseSummary[]> {
      const units = caseUnitIds(actor).filter((u) => query.unitId === undefined || u === query.unitId);
      return db()
        .transaction()
        .execute(async (trx) => {
          const today = ctx.clock.today();
          const rows = await repo.listCases(trx, units, query.status);
          const reports = await repo.reportsOfCases(
            trx,
            rows.map((r) => r.id),
          );
          const items = sortCaseList(
            rows.map((c) => summaryDto(c, receivedOnOf(c, reports), today)),
            today,
          );
          await recordAudit(
            trx,
            actor,
            ctx.clock.now(),
            rows.map((c) => audit(c, 'list')),
          );
          return items;
        });
    },

    /**
     * The deadlines that must not be missed: open cases whose reinstatement deadline or eviction date is passed,
     * today or within seven days, most urgent first, each saying whether anyone has reached the household yet.
     * The task inbox shows these above the rent tasks.
     */
    async alerts(actor: Actor, unitId: string | undefined) {
      const open = await this.list(actor, { unitId, status: 'open' });
      const RANK = { overdue: 0, today: 1, within_7_days: 2, later: 3 } as const;
      return open
        .flatMap((c) =>
          (['reinstatementDeadline', 'evictionDate'] as const).flatMap((kind) => {
            const countdown = c.countdowns[kind];
            if (!countdown || countdown.urgency === 'later') return [];
            return [
              {
                caseId: c.id,
                tenantName: c.tenantName,
                householdChildren: c.household.children,
                kind,
                deadline: countdown.deadline,
                daysLeft: countdown.daysLeft,
                urgency: countdown.urgency,
                noContact: c.firstContactOn === null,
                assigneeName: c.assigneeName,
              },
            ];
          }),
        )
        .sort((a, b) => RANK[a.urgency] - RANK[b.urgency] || Number(b.noContact) - Number(a.noContact) || a.daysLeft - b.daysLeft);
    },

    async get(actor: Actor, caseId: string): Promise<CaseDetail> {
      return db()
        .transaction()
        .execute(async (trx) => {
          const c = await visibleCase(trx, actor, caseId);
          await recordAudit(trx, actor, ctx.clock.now(), [audit(c, 'read')]);
          return loadDetail(trx, c, ctx.clock.today());
        });
    },

    linkReport(actor: Actor, caseId: string, reportId: string) {
      return write(actor, caseId, async (trx, c) => {
        const report = await repo.findReport(trx, reportId);
        if (!report || report.unit_id !== c.unit_id) throw invalidField('reportId', 'not_found', messages.reportMissing);
        if (report.case_id !== null) throw invalidField('reportId', 'already_linked', messages.reportLinked);
        const now = ctx.clock.now().toISOString();
        if (!(await repo.linkReport(trx, report.id, c.id, now))) throw invalidField('reportId', 'already_linked', messages.reportLinked);
        // A later report brings what the case did not know yet (a termination's service day, an eviction date).
        const patch: Parameters<typeof repo.updateCaseAtVersion>[3] = {};
        if (c.served_on === null && report.served_on !== null && validateDeadlineDate(report.served_on, 'servedOn').length === 0) {
          patch.served_on = report.served_on;
          patch.reinstatement_deadline = reinstatementDeadline(report.served_on);
        }
        if (c.eviction_date === null && report.eviction_date !== null) patch.eviction_date = report.eviction_date;
        if (c.landlord_id === null && report.landlord_id !== null) patch.landlord_id = report.landlord_id;
        await bump(trx, c, Number(c.version), patch);
      });
    },

    update(actor: Actor, caseId: string, input: PatchCaseInput) {
      return write(actor, caseId, async (trx, c) => {
        if (Number(c.version) !== input.version) {
          throw conflict('STALE_VERSION', messages.stale, { currentVersion: Number(c.version) });
        }
        const problems: FieldError[] = [];
        if (input.step !== undefined && input.step !== c.step) {
          if (input.step === 'closed') problems.push({ field: 'step', code: 'use_close', message: messages.closeWithClose });
          else if (!canMoveTo(c.step as CaseStep, input.step))
            problems.push({ field: 'step', code: 'step_not_allowed', message: messages.step });
        }
        const household = {
          adults: input.householdAdults ?? c.household_adults,
          children: input.householdChildren ?? c.household_children,
        };
        problems.push(
          ...fieldErrors(validateHousehold(household), { adults: 'householdAdults', children: 'householdChildren' }),
          ...dateProblems(input.servedOn, 'servedOn'),
          ...dateProblems(input.evictionDate, 'evictionDate'),
        );
        if (input.assigneeId && !(await repo.isCaseWorkerOf(trx, input.assigneeId, c.unit_id))) {
          problems.push({ field: 'assigneeId', code: 'not_in_unit', message: messages.assignee });
        }
        if (problems.length) throw invalidFields(problems);

        const patch: Parameters<typeof repo.updateCaseAtVersion>[3] = {
          household_adults: household.adults,
          household_children: household.children,
        };
        if (input.step !== undefined) patch.step = input.step;
        if (input.servedOn !== undefined) {
          patch.served_on = input.servedOn;
          patch.reinstatement_deadline = input.servedOn === null ? null : reinstatementDeadline(input.servedOn);
        }
        if (input.evictionDate !== undefined) patch.eviction_date = input.evictionDate;
        if (input.assigneeId !== undefined) patch.assignee_id = input.assigneeId;
        await bump(trx, c, input.version, patch);
      });
    },

    addAttempt(
      actor: Actor,
      caseId: string,
      input: { kind: OutreachKind; outcome: OutreachOutcome; occurredOn: string; note: string | null },
    ) {
      return write(actor, caseId, async (trx, c) => {
        if (input.occurredOn > ctx.clock.today()) throw invalidField('occurredOn', 'in_future', messages.future);
        await repo.insertAttempt(trx, {
          id: newId(),
          case_id: c.id,
          kind: input.kind,
          outcome: input.outcome,
          occurred_on: input.occurredOn,
          note: input.note,
          created_by: actor.userId,
          created_at: ctx.clock.now().toISOString(),
        });
        const attempts = await repo.attemptsOf(trx, c.id);
        const first = firstContactOn(
          attempts.map((a) => ({ on: a.occurred_on, kind: a.kind as OutreachKind, outcome: a.outcome as OutreachOutcome })),
        );
        let step = c.step as CaseStep;
        if (input.outcome === 'contact_made' && (step === 'new' || step === 'outreach')) step = 'in_contact';
        else if (step === 'new') step = 'outreach';
        await bump(trx, c, Number(c.version), { first_contact_on: first, step });
      });
    },

    addConsent(actor: Actor, caseId: string, input: { party: ConsentParty; scope: string; givenOn: string }) {
      return write(actor, caseId, async (trx, c) => {
        const problems = fieldErrors(validateConsent({ ...input, withdrawnOn: null }));
        if (problems.length) throw invalidFields(problems);
        await repo.insertConsent(trx, {
          id: newId(),
          case_id: c.id,
          party: input.party,
          scope: input.scope,
          given_on: input.givenOn,
          withdrawn_on: null,
          created_by: actor.userId,
          created_at: ctx.clock.now().toISOString(),
        });
      });
    },

    withdrawConsent(actor: Actor, caseId: string, consentId: string, withdrawnOn: string) {
      return write(actor, caseId, async (trx, c) => {
        const consent = await repo.findConsent(trx, c.id, consentId);
        if (!consent) throw notFound();
        if (consent.withdrawn_on !== null) throw conflict('CONSENT_WITHDRAWN', messages.withdrawn);
        const problems = fieldErrors(
          validateConsent({ party: consent.party as ConsentParty, scope: consent.scope, givenOn: consent.given_on, withdrawnOn }),
        );
        if (problems.length) throw invalidFields(problems);
        if (!(await repo.withdrawConsent(trx, consent.id, withdrawnOn))) throw conflict('CONSENT_WITHDRAWN', messages.withdrawn);
      });
    },

    addSupport(actor: Actor, caseId: string, input: { kind: SupportKind; groupSession: boolean; occurredOn: string; note: string | null }) {
      return write(actor, caseId, async (trx, c) => {
        const problems: FieldError[] = [];
        if (input.groupSession && input.kind !== 'mi_conversation') {
          problems.push({ field: 'groupSession', code: 'mi_only', message: messages.groupSession });
        }
        if (input.occurredOn > ctx.clock.today()) problems.push({ field: 'occurredOn', code: 'in_future', message: messages.future });
        if (problems.length) throw invalidFields(problems);
        await repo.insertSupport(trx, {
          id: newId(),
          case_id: c.id,
          kind: input.kind,
          group_session: input.groupSession ? 1 : 0,
          occurred_on: input.occurredOn,
          note: input.note,
          created_by: actor.userId,
          created_at: ctx.clock.now().toISOString(),
        });
      });
    },

    addReferral(
      actor: Actor,
      caseId: string,
      input: { service: ReferralService; status: ReferralStatus; statusOn: string; note: string | null },
    ) {
      return write(actor, caseId, async (trx, c) => {
        const now = ctx.clock.now().toISOString();
        await repo.insertReferral(trx, {
          id: newId(),
          case_id: c.id,
          service: input.service,
          status: input.status,
          status_on: input.statusOn,
          note: input.note,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        });
      });
    },

    /** Moves a referral on from the version the form read (`version`); a stale one is refused with 409. */
    updateReferral(actor: Actor, caseId: string, referralId: string, input: { version: number; status: ReferralStatus; statusOn: string }) {
      return write(actor, caseId, async (trx, c) => {
        const referral = await repo.findReferral(trx, c.id, referralId);
        if (!referral) throw notFound();
        if (Number(referral.version) !== input.version) throw stale(messages.referralStale, Number(referral.version));
        const updated = await repo.updateReferralAtVersion(trx, referral.id, input.version, {
          status: input.status,
          status_on: input.statusOn,
          updated_at: ctx.clock.now().toISOString(),
        });
        if (!updated) throw stale(messages.referralStale);
      });
    },

    /**
     * Saves the household budget made from the version the form read: `version` is the budget's, or null when the
     * case had no budget then. A budget saved by someone else meanwhile (or made meanwhile) is refused with 409.
     */
    setBudget(actor: Actor, caseId: string, budget: HouseholdBudget, version: number | null) {
      return write(actor, caseId, async (trx, c) => {
        const current = await repo.budgetOf(trx, c.id);
        if (current === undefined ? version !== null : Number(current.version) !== version) {
          throw stale(messages.budgetStale, current === undefined ? undefined : Number(current.version));
        }
        const problems = fieldErrors(validateHouseholdBudget(budget), {}, 'budget.');
        if (problems.length) throw invalidFields(problems);
        try {
          budgetSummary(budget);
        } catch (e) {
          if (e instanceof RangeError)
            throw invalidField('budget', 'too_large', { sv: 'Beloppen är för stora.', en: 'The amounts are too large.' });
          throw e;
        }
        const row = { budget: JSON.stringify(budget), updated_by: actor.userId, updated_at: ctx.clock.now().toISOString() };
        const saved =
          version === null
            ? await repo.insertBudgetIfNone(trx, { case_id: c.id, ...row })
            : await repo.updateBudgetAtVersion(trx, c.id, version, row);
        if (!saved) throw stale(messages.budgetStale);
      });
    },

    close(actor: Actor, caseId: string, input: { version: number; outcome: ClosingOutcome; closedOn: string; note: string | null }) {
      return write(actor, caseId, async (trx, c) => {
        if (Number(c.version) !== input.version) {
          throw conflict('STALE_VERSION', messages.stale, { currentVersion: Number(c.version) });
        }
        // Not before the case's first report (or the day it was opened, when it has none).
        const firstReport = receivedOnOf(c, await repo.reportsOfCases(trx, [c.id]));
        const problems = fieldErrors(validateClosing({ outcome: input.outcome, closedOn: input.closedOn }, firstReport));
        if (input.closedOn > ctx.clock.today()) problems.push({ field: 'closedOn', code: 'in_future', message: messages.future });
        if (problems.length) throw invalidFields(problems);
        if (!canMoveTo(c.step as CaseStep, 'closed')) throw invalidField('step', 'step_not_allowed', messages.step);
        await bump(trx, c, input.version, {
          step: 'closed',
          closed_on: input.closedOn,
          outcome: input.outcome,
          outcome_note: input.note,
        });
        await repo.closeReportsOfCase(trx, c.id, ctx.clock.now().toISOString());
      });
    },
  };
}
