import { SURVEY_PERIOD_KINDS, type SurveyDefinition } from '@kvarbo/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { id, idParams } from '../http/schemas.ts';
import { sendWorkbook } from '../http/table-replies.ts';
import type { Services } from '../services/index.ts';
import { MAX_INVITATION_DAYS } from '../services/surveys.service.ts';

const month = () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'kv:month' });
const localized = (max: number) => z.object({ sv: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });
const question = z.discriminatedUnion('kind', [
  z.object({
    id: z.string().min(1).max(40),
    kind: z.literal('scale'),
    text: localized(300),
    required: z.boolean(),
    labels: z.tuple([localized(60), localized(60), localized(60), localized(60), localized(60)]),
  }),
  z.object({ id: z.string().min(1).max(40), kind: z.literal('yes_no'), text: localized(300), required: z.boolean() }),
  z.object({
    id: z.string().min(1).max(40),
    kind: z.literal('text'),
    text: localized(300),
    required: z.boolean(),
    maxLength: z.number().int(),
  }),
]);
const definition = z.object({
  key: z.string().min(1).max(60),
  title: localized(120),
  intro: localized(1000),
  questions: z.array(question).max(30),
});
const answers = z.record(z.string().max(40), z.union([z.number(), z.boolean(), z.string().max(5000), z.null()]));
const tokenParams = z.object({ token: z.string().min(10).max(100) });
const resultsQuery = z.object({ by: z.enum(SURVEY_PERIOD_KINDS).default('month'), from: month(), to: month() });

/** The origin the link and QR code point at: the address staff reached Kvarbo on. */
function originOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/** Resident surveys (issue 9, part 3); see docs/surveys.md and docs/api.md. */
export function surveyRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = services.surveys;
  const tags = ['surveys'];
  const staff = { access: 'staff' as const };
  const surveyParams = z.object({ surveyId: id() });

  r.get(
    '/api/surveys',
    {
      config: staff,
      schema: { tags, summary: 'Surveys of the caller’s units (or one unit)', querystring: z.object({ unitId: id().optional() }) },
    },
    async (req) => svc.list(actorOf(req), req.query.unitId),
  );
  r.get('/api/surveys/templates', { config: staff, schema: { tags, summary: 'The built-in surveys ("Hur är läget?")' } }, async () => ({
    items: svc.builtInSurveys(),
  }));
  r.post(
    '/api/surveys',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Start a survey in a unit: a built-in one (template) or an own definition',
        body: z.object({
          unitId: id(),
          anonymous: z.boolean(),
          template: z.string().max(60).optional(),
          definition: definition.optional(),
        }),
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await svc.create(actorOf(req), { ...req.body, definition: req.body.definition as SurveyDefinition | undefined })),
  );
  r.get(
    '/api/surveys/:surveyId',
    { config: staff, schema: { tags, summary: 'One survey with its questions', params: surveyParams } },
    async (req) => svc.get(actorOf(req), req.params.surveyId),
  );
  r.post(
    '/api/surveys/:surveyId/status',
    {
      config: staff,
      schema: { tags, summary: 'Close or reopen a survey', params: surveyParams, body: z.object({ status: z.enum(['open', 'closed']) }) },
    },
    async (req) => svc.setStatus(actorOf(req), req.params.surveyId, req.body.status),
  );
  r.get(
    '/api/surveys/:surveyId/invitations',
    { config: staff, schema: { tags, summary: 'Who was invited, and whether each link is open, used or expired', params: surveyParams } },
    async (req) => svc.invitations(actorOf(req), req.params.surveyId),
  );
  r.post(
    '/api/surveys/:surveyId/invitations',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Invite a resident: a one-time link (returned once) with a QR code',
        params: surveyParams,
        body: z.object({ residentId: id(), validDays: z.number().int().min(1).max(MAX_INVITATION_DAYS).optional() }),
      },
    },
    async (req, reply) => reply.code(201).send(await svc.invite(actorOf(req), req.params.surveyId, req.body, originOf(req))),
  );
  r.post(
    '/api/surveys/:surveyId/paper-answers',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Enter an answer given on paper',
        params: surveyParams,
        body: z.object({ residentId: id().optional(), month: month().optional(), answers }),
      },
    },
    async (req, reply) => reply.code(201).send(await svc.enterPaperAnswer(actorOf(req), req.params.surveyId, req.body)),
  );
  r.get(
    '/api/surveys/:surveyId/results',
    {
      config: staff,
      schema: { tags, summary: 'Results per month or quarter, small cells suppressed', params: surveyParams, querystring: resultsQuery },
    },
    async (req) => svc.results(actorOf(req), req.params.surveyId, req.query),
  );
  r.get(
    '/api/surveys/:surveyId/results/export.xlsx',
    { config: staff, schema: { tags, summary: 'The results as an Excel workbook', params: surveyParams, querystring: resultsQuery } },
    async (req, reply) =>
      sendWorkbook(reply, `kvarbo-enkat-${req.query.by}`, await svc.exportTables(actorOf(req), req.params.surveyId, req.query)),
  );
  r.get(
    '/api/residents/:id/survey-answers',
    {
      config: { access: 'staff', scope: 'resident' },
      schema: { tags, summary: 'The resident’s named (not anonymous) survey answers', params: idParams },
    },
    async (req) => svc.answersOfResident(actorOf(req), req.params.id),
  );

  // ---- Public: the resident's one-time link (no account, no session, no cookie) ----------------------------
  // Throttled per address like the login route, so tokens cannot be guessed at speed (they are 192 random bits).
  const publicLink = { access: 'public' as const, rateLimit: { max: 30, timeWindow: '1 minute' } };
  r.get(
    '/api/s/:token',
    {
      config: publicLink,
      schema: { tags, summary: 'The survey behind a one-time link: its questions only', params: tokenParams, security: [] },
    },
    async (req, reply) => reply.header('cache-control', 'no-store').send(await svc.publicGet(req.params.token)),
  );
  r.post(
    '/api/s/:token',
    {
      config: publicLink,
      schema: {
        tags,
        summary: 'Answer the survey through the link (once)',
        params: tokenParams,
        body: z.object({ answers }),
        security: [],
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .header('cache-control', 'no-store')
        .send(await svc.publicAnswer(req.params.token, req.body.answers, req.ip)),
  );
}
