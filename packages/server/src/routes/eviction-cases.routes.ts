import {
  CASE_STEPS,
  CLOSING_OUTCOMES,
  CONSENT_PARTIES,
  OUTREACH_KINDS,
  OUTREACH_OUTCOMES,
  REFERRAL_SERVICES,
  REFERRAL_STATUSES,
  SUPPORT_KINDS,
  type HouseholdBudget,
} from '@kvarbo/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { calendarDate, id, optionalDate, optionalText, text } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';

// Eviction-prevention cases (issue 6), for staff only: a landlord account is answered 404 on every route here.
// A case outside the caller's units answers 404 (checked in the service, as the case id names no resident).

const count = () => z.number({ error: 'kv:required' }).int();
const version = () => z.number({ error: 'kv:required' }).int().min(1);
/** A date that may be cleared with null; left out, it is not changed. */
const clearableDate = () => calendarDate().nullable().optional();

const caseParams = z.object({ caseId: id() });

// The budget's shape only: the values are checked by validateHouseholdBudget, whose field names
// (budget.debts[1].debtOre) the UI shows next to the right line.
const budgetLine = z.object({ label: z.string().max(200).optional(), amountOre: z.number().optional() });
const budgetSchema = z.object({
  incomes: z.array(budgetLine).max(100),
  costs: z.array(budgetLine).max(100),
  debts: z
    .array(
      z.object({
        creditor: z.string().max(200).optional(),
        debtOre: z.number().optional(),
        atKronofogden: z.boolean().optional(),
        rentArrears: z.boolean().optional(),
      }),
    )
    .max(100),
});

export function evictionCasesRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['eviction prevention'];
  const staff = { access: 'staff' as const };
  const cases = () => services.evictionCases;

  r.get(
    '/api/eviction-cases',
    {
      config: staff,
      schema: {
        tags,
        querystring: z.object({ unitId: id().optional(), status: z.enum(['open', 'closed', 'all']).default('open') }),
      },
    },
    async (req) => cases().list(actorOf(req), req.query),
  );

  r.get(
    '/api/eviction-cases/alerts',
    {
      config: staff,
      schema: { tags, summary: 'Deadlines passed, today or within 7 days', querystring: z.object({ unitId: id().optional() }) },
    },
    async (req) => cases().alerts(actorOf(req), req.query.unitId),
  );

  r.post(
    '/api/eviction-cases',
    {
      config: staff,
      schema: {
        tags,
        body: z.object({
          unitId: id(),
          reportId: id().nullish(),
          residentId: id().nullish(),
          tenantName: optionalText(200),
          tenantAddress: optionalText(300),
          tenantPersonalNumber: optionalText(20),
          landlordId: id().nullish(),
          householdAdults: count(),
          householdChildren: count(),
          servedOn: optionalDate(),
          evictionDate: optionalDate(),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await cases().open(actorOf(req), req.body)),
  );

  r.get('/api/eviction-cases/:caseId', { config: staff, schema: { tags, params: caseParams } }, async (req) =>
    cases().get(actorOf(req), req.params.caseId),
  );

  r.patch(
    '/api/eviction-cases/:caseId',
    {
      config: staff,
      schema: {
        tags,
        params: caseParams,
        body: z.object({
          version: version(),
          step: z.enum(CASE_STEPS).optional(),
          householdAdults: count().optional(),
          householdChildren: count().optional(),
          servedOn: clearableDate(),
          evictionDate: clearableDate(),
          assigneeId: id().nullable().optional(),
        }),
      },
    },
    async (req) => cases().update(actorOf(req), req.params.caseId, req.body),
  );

  r.post(
    '/api/eviction-cases/:caseId/reports',
    { config: staff, schema: { tags, params: caseParams, body: z.object({ reportId: id() }) } },
    async (req) => cases().linkReport(actorOf(req), req.params.caseId, req.body.reportId),
  );

  r.post(
    '/api/eviction-cases/:caseId/attempts',
    {
      config: staff,
      schema: {
        tags,
        params: caseParams,
        body: z.object({
          kind: z.enum(OUTREACH_KINDS),
          outcome: z.enum(OUTREACH_OUTCOMES),
          occurredOn: calendarDate(),
          note: optionalText(4000),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await cases().addAttempt(actorOf(req), req.params.caseId, req.body)),
  );

  r.post(
    '/api/eviction-cases/:caseId/consents',
    {
      config: staff,
      schema: {
        tags,
        params: caseParams,
        body: z.object({ party: z.enum(CONSENT_PARTIES), scope: text(2000), givenOn: calendarDate() }),
      },
    },
    async (req, reply) => reply.code(201).send(await cases().addConsent(actorOf(req), req.params.caseId, req.body)),
  );

  r.post(
    '/api/eviction-cases/:caseId/consents/:consentId/withdraw',
    {
      config: staff,
      schema: { tags, params: z.object({ caseId: id(), consentId: id() }), body: z.object({ withdrawnOn: calendarDate() }) },
    },
    async (req) => cases().withdrawConsent(actorOf(req), req.params.caseId, req.params.consentId, req.body.withdrawnOn),
  );

  r.post(
    '/api/eviction-cases/:caseId/support',
    {
      config: staff,
      schema: {
        tags,
        params: caseParams,
        body: z.object({
          kind: z.enum(SUPPORT_KINDS),
          groupSession: z.boolean().default(false),
          occurredOn: calendarDate(),
          note: optionalText(4000),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await cases().addSupport(actorOf(req), req.params.caseId, req.body)),
  );

  r.post(
    '/api/eviction-cases/:caseId/referrals',
    {
      config: staff,
      schema: {
        tags,
        params: caseParams,
        body: z.object({
          service: z.enum(REFERRAL_SERVICES),
          status: z.enum(REFERRAL_STATUSES),
          statusOn: calendarDate(),
          note: optionalText(4000),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await cases().addReferral(actorOf(req), req.params.caseId, req.body)),
  );

  r.patch(
    '/api/eviction-cases/:caseId/referrals/:referralId',
    {
      config: staff,
      schema: {
        tags,
        params: z.object({ caseId: id(), referralId: id() }),
        body: z.object({ version: version(), status: z.enum(REFERRAL_STATUSES), statusOn: calendarDate() }),
      },
    },
    async (req) => cases().updateReferral(actorOf(req), req.params.caseId, req.params.referralId, req.body),
  );

  r.put(
    '/api/eviction-cases/:caseId/budget',
    {
      config: staff,
      schema: {
        tags,
        params: caseParams,
        // The budget's version as read (case detail `budget.version`); null or left out: the case had no budget.
        body: z.object({ version: version().nullish(), budget: budgetSchema }),
      },
    },
    async (req) => cases().setBudget(actorOf(req), req.params.caseId, req.body.budget as HouseholdBudget, req.body.version ?? null),
  );

  r.post(
    '/api/eviction-cases/:caseId/close',
    {
      config: staff,
      schema: {
        tags,
        params: caseParams,
        body: z.object({
          version: version(),
          outcome: z.enum(CLOSING_OUTCOMES),
          closedOn: calendarDate(),
          note: optionalText(4000),
        }),
      },
    },
    async (req) => cases().close(actorOf(req), req.params.caseId, req.body),
  );
}
