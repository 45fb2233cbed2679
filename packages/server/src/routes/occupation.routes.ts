import { ACTIVITY_KINDS, ACTIVITY_ORGANISERS, MAX_GUESTS, MAX_HOURS_PER_WEEK, OCCUPATION_KINDS } from '@kvarbo/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { calendarDate, id, idParams, optionalDate, optionalText, rowVersion, text } from '../http/schemas.ts';
import { sendCsvTable, sendWorkbook } from '../http/table-replies.ts';
import type { Services } from '../services/index.ts';

const month = () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'kv:month' });
const time = () =>
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .nullish()
    .transform((v) => v ?? null);
const hours = () => z.number().int().min(0).max(MAX_HOURS_PER_WEEK);

const occupationBody = z.object({
  kind: z.enum(OCCUPATION_KINDS),
  provider: text(200),
  fromDate: calendarDate(),
  toDate: optionalDate(),
  hoursPerWeek: hours(),
  note: optionalText(1000),
});

const activityBody = z.object({
  name: text(120),
  kind: z.enum(ACTIVITY_KINDS),
  organiser: z.enum(ACTIVITY_ORGANISERS),
  place: optionalText(200),
  description: optionalText(2000),
});

/** Residents' occupation and activities (issue 9, part 2); see docs/occupation.md and docs/api.md. */
export function occupationRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = services.occupation;
  const tags = ['occupation'];
  const staff = { access: 'staff' as const };
  const residentScope = { access: 'staff' as const, scope: 'resident' as const };
  const occupationParams = z.object({ occupationId: id() });
  const activityParams = z.object({ activityId: id() });
  const sessionParams = z.object({ sessionId: id() });
  const summaryQuery = z.object({ unitId: id(), from: month(), to: month() });

  // ---- A resident's occupations --------------------------------------------------------------------------
  r.get(
    '/api/residents/:id/occupations',
    {
      config: residentScope,
      schema: { tags, summary: 'The resident’s occupations and the activity sessions they came to', params: idParams },
    },
    async (req) => svc.forResident(actorOf(req), req.params.id),
  );
  r.post(
    '/api/residents/:id/occupations',
    { config: residentScope, schema: { tags, summary: 'Add an occupation to the resident', params: idParams, body: occupationBody } },
    async (req, reply) => reply.code(201).send(await svc.addOccupation(actorOf(req), req.params.id, req.body)),
  );
  r.patch(
    '/api/occupations/:occupationId',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Edit or end an occupation (409 STALE_VERSION when changed since `version`)',
        params: occupationParams,
        body: occupationBody.extend({ version: rowVersion() }),
      },
    },
    async (req) => svc.updateOccupation(actorOf(req), req.params.occupationId, req.body),
  );

  // ---- Activities and sessions ---------------------------------------------------------------------------
  r.get(
    '/api/activities',
    {
      config: staff,
      schema: { tags, summary: 'Activities of the caller’s units (or one unit)', querystring: z.object({ unitId: id().optional() }) },
    },
    async (req) => svc.listActivities(actorOf(req), req.query.unitId),
  );
  r.post(
    '/api/activities',
    { config: staff, schema: { tags, summary: 'Create an activity in a unit', body: activityBody.extend({ unitId: id().optional() }) } },
    async (req, reply) => reply.code(201).send(await svc.createActivity(actorOf(req), req.body)),
  );
  r.get('/api/activities/:activityId', { config: staff, schema: { tags, summary: 'One activity', params: activityParams } }, async (req) =>
    svc.getActivity(actorOf(req), req.params.activityId),
  );
  r.patch(
    '/api/activities/:activityId',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Edit an activity (active: false hides it from new sessions; 409 when stale)',
        params: activityParams,
        body: activityBody.extend({ active: z.boolean(), version: rowVersion() }),
      },
    },
    async (req) => svc.updateActivity(actorOf(req), req.params.activityId, req.body),
  );
  r.get(
    '/api/activities/:activityId/sessions',
    { config: staff, schema: { tags, summary: 'The activity’s sessions, newest first, with attendance counts', params: activityParams } },
    async (req) => svc.listSessions(actorOf(req), req.params.activityId),
  );
  r.post(
    '/api/activities/:activityId/sessions',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Add a session (a date, optionally times and a place)',
        params: activityParams,
        body: z.object({
          date: calendarDate(),
          startTime: time(),
          endTime: time(),
          place: optionalText(200),
          note: optionalText(1000),
          guests: z.number().int().min(0).max(MAX_GUESTS).default(0),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createSession(actorOf(req), req.params.activityId, req.body)),
  );

  // ---- Attendance ----------------------------------------------------------------------------------------
  r.get(
    '/api/activity-sessions/:sessionId/attendance',
    { config: staff, schema: { tags, summary: 'Who came, and the residents one may tick', params: sessionParams } },
    async (req) => svc.getAttendance(actorOf(req), req.params.sessionId),
  );
  r.put(
    '/api/activity-sessions/:sessionId/attendance',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Set who came (ticked residents) and the number of unnamed guests (409 when stale)',
        params: sessionParams,
        body: z.object({
          version: rowVersion(),
          residentIds: z.array(id()).max(500),
          guests: z.number().int().min(0).max(MAX_GUESTS),
        }),
      },
    },
    async (req) => svc.setAttendance(actorOf(req), req.params.sessionId, req.body),
  );

  // ---- Monthly summary -----------------------------------------------------------------------------------
  r.get(
    '/api/stats/occupation',
    {
      config: staff,
      schema: {
        tags: ['statistics', ...tags],
        summary: 'Occupation and activity attendance per month for a unit (analysts: small cells suppressed)',
        querystring: summaryQuery,
      },
    },
    async (req) => svc.summary(actorOf(req), req.query.unitId, req.query.from, req.query.to),
  );
  r.get(
    '/api/stats/occupation/export.xlsx',
    {
      config: staff,
      schema: { tags: ['statistics', ...tags], summary: 'The monthly summary as an Excel workbook', querystring: summaryQuery },
    },
    async (req, reply) => {
      const { unitId, from, to } = req.query;
      return sendWorkbook(reply, `kvarbo-sysselsattning-${from}-${to}`, await svc.exportTables(actorOf(req), unitId, from, to));
    },
  );
  r.get(
    '/api/stats/occupation/export.csv',
    {
      config: staff,
      schema: {
        tags: ['statistics', ...tags],
        summary: 'One table of the monthly summary as CSV (table 0: per month, 1: per activity and month)',
        querystring: summaryQuery.extend({ table: z.coerce.number().int().min(0).max(10).default(0) }),
      },
    },
    async (req, reply) => {
      const { unitId, from, to, table } = req.query;
      return sendCsvTable(
        reply,
        `kvarbo-sysselsattning-${table}-${from}-${to}`,
        await svc.exportTables(actorOf(req), unitId, from, to),
        table,
      );
    },
  );
}
