import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { calendarDate, id, idParams, optionalText, ore, rowVersion, text } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';
import { UNPAID_REASONS } from '../services/tasks.service.ts';

const month = () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'kv:month' });

function pdf(reply: FastifyReply, name: string, body: Buffer) {
  // Letters carry personal data: never cached by the browser or a proxy.
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${name}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

export function followupRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['rent follow-up'];
  const staff = { access: 'staff' as const };

  r.get(
    '/api/tasks',
    {
      config: staff,
      schema: {
        tags,
        querystring: z.object({
          scope: z.enum(['mine', 'unit']).default('mine'),
          unitId: id().optional(),
          status: z.enum(['open', 'done', 'all']).default('open'),
          residentId: id().optional(),
        }),
      },
    },
    async (req) => services.tasks.list(actorOf(req), req.query),
  );
  r.get('/api/tasks/:id', { config: staff, schema: { tags, params: idParams } }, async (req) =>
    services.tasks.get(actorOf(req), req.params.id),
  );
  r.post(
    '/api/tasks/:id/complete',
    { config: staff, schema: { tags, params: idParams, body: z.object({ version: rowVersion(), outcome: text(2000) }) } },
    async (req) => services.tasks.complete(actorOf(req), req.params.id, req.body.outcome, req.body.version),
  );
  r.post(
    '/api/tasks/:id/reopen',
    { config: staff, schema: { tags, params: idParams, body: z.object({ version: rowVersion(), reason: text(2000) }) } },
    async (req) => services.tasks.reopen(actorOf(req), req.params.id, req.body.reason, req.body.version),
  );
  r.post(
    '/api/tasks/:id/reassign',
    { config: staff, schema: { tags, params: idParams, body: z.object({ version: rowVersion(), assigneeId: id() }) } },
    async (req) => services.tasks.reassign(actorOf(req), req.params.id, req.body.assigneeId, req.body.version),
  );
  r.post(
    '/api/tasks/:id/comments',
    { config: staff, schema: { tags, params: idParams, body: z.object({ text: text(4000) }) } },
    async (req, reply) => reply.code(201).send(await services.tasks.comment(actorOf(req), req.params.id, req.body.text)),
  );
  r.post(
    '/api/tasks/:id/home-visit',
    {
      config: staff,
      schema: {
        tags,
        params: idParams,
        body: z.object({
          visitDate: calendarDate(),
          happened: z.boolean(),
          notHappenedReason: optionalText(2000),
          wellbeing: optionalText(4000),
          reasons: z.array(z.enum(UNPAID_REASONS)).max(8).default([]),
          reasonOther: optionalText(2000),
          obstacles: optionalText(4000),
          paymentPlan: optionalText(4000),
          prevention: optionalText(4000),
          completeTask: z.boolean().default(false),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await services.tasks.recordHomeVisit(actorOf(req), req.params.id, req.body)),
  );
  r.post(
    '/api/tasks/:id/agency-notice',
    {
      config: staff,
      schema: {
        tags,
        params: idParams,
        body: z.object({
          sentOn: calendarDate(),
          sentHow: z.enum(['letter', 'email', 'phone', 'secure_message', 'meeting']),
          note: optionalText(2000),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await services.tasks.recordAgencyNotice(actorOf(req), req.params.id, req.body)),
  );
  r.get('/api/tasks/:id/letter.pdf', { config: staff, schema: { tags, params: idParams } }, async (req, reply) =>
    pdf(reply, 'paminnelse.pdf', await services.letters.reminders(actorOf(req), [req.params.id])),
  );
  r.get('/api/tasks/:id/agency-notice.pdf', { config: staff, schema: { tags, params: idParams } }, async (req, reply) =>
    pdf(reply, 'underrattelse.pdf', await services.letters.agencyNotice(actorOf(req), req.params.id)),
  );
  r.get(
    '/api/reminder-letters.pdf',
    { config: staff, schema: { tags, querystring: z.object({ unitId: id(), month: month() }) } },
    async (req, reply) => {
      const ids = await services.letters.monthReminderTaskIds(actorOf(req), req.query.unitId, req.query.month);
      return pdf(reply, `paminnelser-${req.query.month}.pdf`, await services.letters.reminders(actorOf(req), ids));
    },
  );

  r.get(
    '/api/placements/:id/repayment-plans',
    { config: { access: 'staff', scope: 'placement' }, schema: { tags, params: idParams } },
    async (req) => services.plans.list(actorOf(req), req.params.id),
  );
  r.post(
    '/api/placements/:id/repayment-plans',
    {
      config: { access: 'staff', scope: 'placement' },
      schema: {
        tags,
        params: idParams,
        body: z.object({
          debtOre: ore().nullish(),
          startMonth: month(),
          instalmentOre: ore().nullish(),
          instalments: z.number().int().min(1).max(60).nullish(),
          agreedOn: calendarDate(),
          note: optionalText(2000),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await services.plans.create(actorOf(req), req.params.id, req.body)),
  );
  r.post('/api/repayment-plans/:id/cancel', { config: staff, schema: { tags, params: idParams } }, async (req) =>
    services.plans.cancel(actorOf(req), req.params.id),
  );
  r.get('/api/repayment-plans/:id/agreement.pdf', { config: staff, schema: { tags, params: idParams } }, async (req, reply) =>
    pdf(reply, 'avbetalningsplan.pdf', await services.letters.planAgreement(actorOf(req), req.params.id)),
  );

  r.get(
    '/api/residents/:id/rent-history',
    { config: { access: 'staff', scope: 'resident' }, schema: { tags, params: idParams } },
    async (req) => services.followup.residentHistory(actorOf(req), req.params.id),
  );
  r.get('/api/units/:unitId/rent-settings', { config: staff, schema: { tags, params: z.object({ unitId: id() }) } }, async (req) =>
    services.followup.settings(actorOf(req), req.params.unitId),
  );
  r.put(
    '/api/units/:unitId/rent-settings',
    {
      config: staff,
      schema: {
        tags,
        params: z.object({ unitId: id() }),
        body: z.object({
          version: rowVersion(),
          fromMonth: month(),
          checkpointDays: z.array(z.number().int()).min(1).max(5),
          onTimeRule: z.enum(['last_vardag', 'last_calendar_day']),
          moveToNextVardag: z.boolean(),
        }),
      },
    },
    async (req) => services.followup.changeSettings(actorOf(req), req.params.unitId, req.body.fromMonth, req.body, req.body.version),
  );
  r.get('/api/rent-status', { config: staff, schema: { tags, querystring: z.object({ month: month(), unitId: id() }) } }, async (req) => {
    const actor = actorOf(req);
    if (!actor.memberships.some((m) => m.unitId === req.query.unitId && m.role !== 'analyst')) return [];
    return services.rentStatus.forMonth(req.query.month, [req.query.unitId]);
  });
}
