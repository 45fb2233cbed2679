import { formatKronor } from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { caseUnitIds, hasRoleIn } from '../auth/actor.ts';
import { notFound } from '../errors.ts';
import { renderRegisterExtractPdf } from '../letters/register-extract-pdf.ts';
import { residentVisible } from '../repositories/access.repository.ts';
import type { Q } from '../repositories/query.ts';
import * as repo from '../repositories/register-extract.repository.ts';
import { holdsForExtract } from '../repositories/legal-holds.repository.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';

// The register extract (registerutdrag, GDPR art. 15): everything Kvarbo holds about one person, for the
// person's own unit's managers to hand over. The reads and the extract's own audit row share one transaction.

export type Section<T> = { heading: string; count: number; items: T[] };

type Money = { ore: number; kronor: string };

function money(ore: number): Money;
function money(ore: number | null): Money | null;
function money(ore: number | null): Money | null {
  return ore === null ? null : { ore: Number(ore), kronor: formatKronor(Number(ore), { decimals: 'always' }) };
}

const STOCKHOLM_DATE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const STOCKHOLM_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An ISO instant as the Stockholm calendar day, YYYY-MM-DD. */
export function dayOf(iso: string): string {
  return STOCKHOLM_DATE.format(new Date(iso));
}

/** An ISO instant as 'YYYY-MM-DD HH:MM', Stockholm time. */
export function dayTimeOf(iso: string): string {
  const d = new Date(iso);
  return `${STOCKHOLM_DATE.format(d)} ${STOCKHOLM_TIME.format(d)}`;
}

function section<T>(heading: string, items: T[]): Section<T> {
  return { heading, count: items.length, items };
}

function jsonArray(text: string | null): unknown[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function jsonValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

type ResidentRow = NonNullable<Awaited<ReturnType<typeof repo.extractResident>>>;

async function collect(q: Q, r: ResidentRow) {
  const residentId = r.id;
  const placements = await repo.extractPlacements(q, residentId);
  const placementIds = placements.map((p) => p.id);
  const addressOf = new Map(placements.map((p) => [p.id, p.address]));
  const [charges, payments, payouts, plans, tasks, homeVisits, notices, notes] = await Promise.all([
    repo.extractCharges(q, placementIds),
    repo.extractPayments(q, placementIds),
    repo.extractAllowancePayouts(q, placementIds),
    repo.extractRepaymentPlans(q, placementIds),
    repo.extractTasks(q, residentId),
    repo.extractHomeVisits(q, residentId),
    repo.extractAgencyNotices(q, residentId),
    repo.extractNotes(q, residentId),
  ]);
  const taskEvents = await repo.extractTaskEvents(
    q,
    tasks.map((t) => t.id),
  );
  const cases = await repo.extractEvictionCases(q, r.organisation_id, residentId, r.personal_number);
  const caseIds = cases.map((c) => c.id);
  const [reports, attempts, consents, supportContacts, referrals, budgets] = await Promise.all([
    repo.extractEvictionReports(q, r.organisation_id, r.personal_number, caseIds),
    repo.extractOutreachAttempts(q, caseIds),
    repo.extractConsents(q, caseIds),
    repo.extractSupportContacts(q, caseIds),
    repo.extractReferrals(q, caseIds),
    repo.extractBudgets(q, caseIds),
  ]);
  const [agreements, supportVisits, incidents, landlordContacts, respiteStays] = await Promise.all([
    repo.extractVisitAgreements(q, placementIds),
    repo.extractSupportVisits(q, placementIds),
    repo.extractIncidents(q, placementIds),
    repo.extractLandlordContactLog(q, placementIds),
    repo.extractRespiteStays(q, placementIds),
  ]);
  const visitStaff = await repo.extractSupportVisitStaff(
    q,
    supportVisits.map((v) => v.id),
  );
  const [occupations, attendance, surveyInvitations, surveyAnswers] = await Promise.all([
    repo.extractOccupations(q, residentId),
    repo.extractActivityAttendance(q, residentId),
    repo.extractSurveyInvitations(q, residentId),
    repo.extractSurveyAnswers(q, residentId),
  ]);
  const legalHolds = await holdsForExtract(q, residentId, caseIds);
  const audit = await repo.extractAudit(q, residentId);
  return {
    r,
    placements,
    addressOf,
    charges,
    payments,
    payouts,
    plans,
    tasks,
    taskEvents,
    homeVisits,
    notices,
    notes,
    cases,
    reports,
    attempts,
    consents,
    supportContacts,
    referrals,
    budgets,
    agreements,
    supportVisits,
    visitStaff,
    incidents,
    landlordContacts,
    respiteStays,
    occupations,
    attendance,
    surveyInvitations,
    surveyAnswers,
    legalHolds,
    audit,
  };
}

function build(d: Awaited<ReturnType<typeof collect>>, actor: Actor, now: Date) {
  const { r } = d;
  const address = (placementId: string | null) => (placementId ? (d.addressOf.get(placementId) ?? null) : null);
  const eventsOf = (taskId: string) => d.taskEvents.filter((e) => e.task_id === taskId);
  const staffOf = (visitId: string) => d.visitStaff.filter((s) => s.visit_id === visitId).map((s) => s.display_name);
  const byCase = <T extends { case_id: string }>(rows: T[], caseId: string) => rows.filter((x) => x.case_id === caseId);

  const resident = {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    idKind: r.id_kind,
    personalNumber: r.personal_number,
    noIdReason: r.no_id_reason,
    birthDate: r.birth_date,
    phone: r.phone,
    email: r.email,
    householdAdults: Number(r.household_adults),
    householdChildren: Number(r.household_children),
    contactPersonName: r.contact_person_name,
    commissionerName: r.commissioner_name,
    commissionerContact: r.commissioner_contact,
    unitName: r.unit_name,
    registeredOn: dayOf(r.created_at),
    updatedOn: dayOf(r.updated_at),
  };

  const sections = {
    resident: section('Personuppgifter', [resident]),
    placements: section(
      'Placeringar',
      d.placements.map((p) => ({
        id: p.id,
        address: p.address,
        postcode: p.postcode,
        city: p.city,
        apartmentType: p.apartment_type,
        unitName: p.unit_name,
        landlordName: p.landlord_name,
        startDate: p.start_date,
        endDate: p.end_date,
        leaseForm: p.lease_form,
        monthlyRent: money(p.monthly_rent_ore),
        dailyFee: money(p.daily_fee_ore),
        rentAllowance: money(p.rent_allowance_ore),
        rentIncludedInDailyFee: Number(p.rent_included_in_daily_fee) === 1,
        residentPaysRent: Number(p.resident_pays_rent) === 1,
        endReason: p.end_reason,
        endNote: p.end_note,
        ocrReference: p.ocr_reference,
        moveOutGivenOn: p.move_out_given_on,
        movedOutOn: p.moved_out_on,
        linkKind: p.link_kind,
      })),
    ),
    rentCharges: section(
      'Hyresavier',
      d.charges.map((c) => ({
        id: c.id,
        placementId: c.placement_id,
        address: address(c.placement_id),
        month: c.month,
        dueDate: c.due_date,
        amount: money(c.amount_ore),
        days: Number(c.days),
        daysInMonth: Number(c.days_in_month),
        reversesChargeId: c.reverses_charge_id,
        note: c.note,
      })),
    ),
    payments: section(
      'Inbetalningar',
      d.payments.map((p) => ({
        id: p.id,
        placementId: p.placement_id,
        address: address(p.placement_id),
        date: p.booking_date,
        amount: money(p.amount_ore),
        source: p.source,
        reference: p.reference,
        bankReference: p.bank_reference,
        payerName: p.payer_name,
        freeText: p.free_text,
        method: p.method,
        note: p.note,
        matchedBy: p.matched_by,
        reversesPaymentId: p.reverses_payment_id,
      })),
    ),
    rentAllowancePayouts: section(
      'Utbetalt hyresbidrag',
      d.payouts.map((p) => ({ id: p.id, placementId: p.placement_id, paidOn: p.paid_on, amount: money(p.amount_ore), note: p.note })),
    ),
    repaymentPlans: section(
      'Avbetalningsplaner',
      d.plans.map((p) => ({
        id: p.id,
        placementId: p.placement_id,
        address: address(p.placement_id),
        debt: money(p.debt_ore),
        startMonth: p.start_month,
        instalment: money(p.instalment_ore),
        instalments: p.instalments === null ? null : Number(p.instalments),
        agreedOn: p.agreed_on,
        agreedBy: p.agreed_by_name,
        note: p.note,
        cancelledOn: p.cancelled_at ? dayOf(p.cancelled_at) : null,
      })),
    ),
    tasks: section(
      'Uppföljningsuppgifter',
      d.tasks.map((t) => ({
        id: t.id,
        placementId: t.placement_id,
        kind: t.kind,
        month: t.month,
        runDate: t.run_date,
        dueDate: t.due_date,
        assignee: t.assignee_name,
        open: money(t.open_ore),
        status: t.status,
        paidMeanwhileOn: t.paid_meanwhile_on,
        outcome: t.outcome,
        doneOn: t.done_at ? dayOf(t.done_at) : null,
        doneBy: t.done_by_name,
        events: eventsOf(t.id).map((e) => ({ at: e.at, date: dayOf(e.at), userName: e.user_name, kind: e.kind, text: e.text })),
      })),
    ),
    homeVisits: section(
      'Hembesök',
      d.homeVisits.map((h) => ({
        id: h.id,
        placementId: h.placement_id,
        visitDate: h.visit_date,
        happened: Number(h.happened) === 1,
        notHappenedReason: h.not_happened_reason,
        wellbeing: h.wellbeing,
        reasons: jsonArray(h.reasons),
        reasonOther: h.reason_other,
        obstacles: h.obstacles,
        paymentPlan: h.payment_plan,
        prevention: h.prevention,
        recordedBy: h.recorded_by_name,
      })),
    ),
    agencyNotices: section(
      'Underrättelser till uppdragsgivare',
      d.notices.map((n) => ({
        id: n.id,
        placementId: n.placement_id,
        sentOn: n.sent_on,
        sentHow: n.sent_how,
        note: n.note,
        recordedBy: n.recorded_by_name,
      })),
    ),
    notes: section(
      'Anteckningar',
      d.notes.map((n) => ({ id: n.id, at: n.created_at, date: dayOf(n.created_at), author: n.author_name, body: n.body })),
    ),
    evictionReports: section(
      'Anmälningar från hyresvärd',
      d.reports.map((x) => ({
        id: x.id,
        receiptNumber: x.receipt_number,
        receivedOn: x.received_on,
        landlordName: x.landlord_name,
        channel: x.channel,
        kind: x.kind,
        reasons: jsonArray(x.reasons),
        arrears: money(x.arrears_ore),
        arrearsMonths: x.arrears_months === null ? null : Number(x.arrears_months),
        servedOn: x.served_on,
        evictionDate: x.eviction_date,
        tenantName: x.tenant_name,
        tenantAddress: x.tenant_address,
        tenantPersonalNumber: x.tenant_personal_number,
        householdChildren: x.household_children === null ? null : Number(x.household_children),
        description: x.description,
        status: x.status,
        caseId: x.case_id,
      })),
    ),
    evictionCases: section(
      'Vräkningsförebyggande ärenden',
      d.cases.map((c) => {
        const budget = d.budgets.find((b) => b.case_id === c.id);
        return {
          id: c.id,
          unitName: c.unit_name,
          tenantName: c.tenant_name,
          tenantAddress: c.tenant_address,
          tenantPersonalNumber: c.tenant_personal_number,
          landlordName: c.landlord_name,
          householdAdults: Number(c.household_adults),
          householdChildren: Number(c.household_children),
          step: c.step,
          openedOn: c.opened_on,
          servedOn: c.served_on,
          reinstatementDeadline: c.reinstatement_deadline,
          evictionDate: c.eviction_date,
          firstContactOn: c.first_contact_on,
          closedOn: c.closed_on,
          outcome: c.outcome,
          outcomeNote: c.outcome_note,
          assignee: c.assignee_name,
          attempts: byCase(d.attempts, c.id).map((a) => ({ occurredOn: a.occurred_on, kind: a.kind, outcome: a.outcome, note: a.note })),
          consents: byCase(d.consents, c.id).map((a) => ({
            party: a.party,
            scope: a.scope,
            givenOn: a.given_on,
            withdrawnOn: a.withdrawn_on,
          })),
          support: byCase(d.supportContacts, c.id).map((a) => ({
            occurredOn: a.occurred_on,
            kind: a.kind,
            groupSession: Number(a.group_session) === 1,
            note: a.note,
          })),
          referrals: byCase(d.referrals, c.id).map((a) => ({ service: a.service, status: a.status, statusOn: a.status_on, note: a.note })),
          budget: budget ? { updatedOn: dayOf(budget.updated_at), budget: jsonValue(budget.budget) } : null,
        };
      }),
    ),
    visitAgreements: section(
      'Överenskommelser om stödbesök',
      d.agreements.map((a) => ({
        id: a.id,
        placementId: a.placement_id,
        visitsPerWeek: Number(a.visits_per_week),
        fromDate: a.from_date,
        toDate: a.to_date,
      })),
    ),
    supportVisits: section(
      'Stödbesök',
      d.supportVisits.map((v) => ({
        id: v.id,
        placementId: v.placement_id,
        visitDate: v.visit_date,
        place: v.place,
        planned: Number(v.planned) === 1,
        outcome: v.outcome,
        note: v.note,
        goals: jsonArray(v.goals),
        staff: staffOf(v.id),
      })),
    ),
    incidents: section(
      'Händelser',
      d.incidents.map((i) => ({
        id: i.id,
        placementId: i.placement_id,
        occurredOn: i.occurred_on,
        kind: i.kind,
        source: i.source,
        severity: i.severity,
        description: i.description,
        actionTaken: i.action_taken,
      })),
    ),
    landlordContacts: section(
      'Kontakter med hyresvärd',
      d.landlordContacts.map((c) => ({
        id: c.id,
        placementId: c.placement_id,
        occurredOn: c.occurred_on,
        channel: c.channel,
        summary: c.summary,
      })),
    ),
    respiteStays: section(
      'Växelvistelser',
      d.respiteStays.map((s) => ({
        id: s.id,
        placementId: s.placement_id,
        fromDate: s.from_date,
        toDate: s.to_date,
        place: s.place,
        note: s.note,
      })),
    ),
    occupations: section(
      'Sysselsättning',
      d.occupations.map((o) => ({
        id: o.id,
        kind: o.kind,
        provider: o.provider,
        fromDate: o.from_date,
        toDate: o.to_date,
        hoursPerWeek: Number(o.hours_per_week),
        note: o.note,
      })),
    ),
    activityAttendance: section(
      'Deltagande i aktiviteter',
      d.attendance.map((a) => ({ sessionId: a.session_id, date: a.session_date, startTime: a.start_time, activity: a.name, kind: a.kind })),
    ),
    surveyInvitations: section(
      'Inbjudningar till enkäter',
      d.surveyInvitations.map((i) => ({
        id: i.id,
        survey: i.title,
        anonymous: Number(i.anonymous) === 1,
        sentOn: dayOf(i.created_at),
        expiresOn: dayOf(i.expires_at),
        // An anonymous survey's invitation keeps only the month it was used (docs/surveys.md).
        used: i.used_at !== null,
      })),
    ),
    surveyAnswers: section(
      'Enkätsvar (med namn)',
      d.surveyAnswers.map((a) => ({
        id: a.id,
        survey: a.title,
        month: a.month,
        channel: a.channel,
        answeredOn: a.answered_at ? dayOf(a.answered_at) : null,
        answers: jsonValue(a.answer_values),
      })),
    ),
    legalHolds: section(
      'Gallringsstopp',
      d.legalHolds.map((h) => ({
        id: h.id,
        evictionCaseId: h.eviction_case_id,
        reason: h.reason,
        placedBy: h.placed_by_name,
        placedAt: h.placed_at,
        placedOn: dayOf(h.placed_at),
        liftedBy: h.lifted_by_name,
        liftedAt: h.lifted_at,
        liftedOn: h.lifted_at ? dayOf(h.lifted_at) : null,
      })),
    ),
    auditLog: section(
      'Loggade läsningar och ändringar',
      d.audit.map((a) => ({
        id: Number(a.id),
        at: a.at,
        date: dayOf(a.at),
        /** 'YYYY-MM-DD HH:MM', Stockholm time. */
        dateTime: dayTimeOf(a.at),
        userName: a.user_name,
        entity: a.entity,
        entityId: a.entity_id,
        action: a.action,
      })),
    ),
  };

  return {
    kind: 'register_extract' as const,
    generatedAt: now.toISOString(),
    generatedOn: dayOf(now.toISOString()),
    /** 'YYYY-MM-DD HH:MM', Stockholm time. */
    generatedAtLocal: dayTimeOf(now.toISOString()),
    generatedBy: { userId: actor.userId, name: actor.userName },
    unit: { id: r.unit_id, name: r.unit_name },
    subject: {
      residentId: r.id,
      name: `${r.first_name} ${r.last_name}`,
      personalNumber: r.personal_number,
    },
    sections,
  };
}

export type RegisterExtract = ReturnType<typeof build>;

export function createRegisterExtractService(ctx: ServiceContext) {
  async function extract(actor: Actor, residentId: string): Promise<RegisterExtract> {
    return ctx.db.kysely.transaction().execute(async (trx) => {
      // The route's scope has already checked visibility; this repeats it so the service is safe on its own.
      if (!(await residentVisible(trx, caseUnitIds(actor), residentId))) throw notFound();
      const resident = await repo.extractResident(trx, residentId);
      // Only the managers of the person's own unit make extracts; anyone else learns nothing (404).
      if (!resident || !hasRoleIn(actor, resident.unit_id, ['manager'])) throw notFound();
      const now = ctx.clock.now();
      const data = build(await collect(trx, resident), actor, now);
      // Written after the reads: the extract lists the log as it was, and its own row shows in the next one.
      await recordAudit(trx, actor, now, [
        { residentId, unitId: resident.unit_id, entity: 'register_extract', entityId: residentId, action: 'export' },
      ]);
      return data;
    });
  }

  return {
    extract,
    async pdf(actor: Actor, residentId: string): Promise<Buffer> {
      return renderRegisterExtractPdf(await extract(actor, residentId));
    },
  };
}
