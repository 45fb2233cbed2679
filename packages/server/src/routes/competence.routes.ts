import { ORGANISATION_KINDS } from '@kvarbo/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { calendarDate, id, optionalText, rowVersion, text } from '../http/schemas.ts';
import { sendWorkbook } from '../http/table-replies.ts';
import type { Services } from '../services/index.ts';

const roles = z.array(z.enum(['manager', 'caseworker', 'host', 'analyst'])).max(4);
const unitIds = z.array(id()).max(200);
const time = () => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'kv:required' });
const session = z.object({ date: calendarDate(), startTime: time().nullish(), endTime: time().nullish() });
const courseBody = z.object({
  name: text(120),
  description: optionalText(2000),
  validityMonths: z.number().int().min(1).max(240).nullable(),
  requiredAttendancePercent: z.number().int().min(0).max(100).default(80),
  requiredRoles: roles.default([]),
  requiredUnitIds: unitIds.default([]),
});
const enrolBody = z.union([
  z.object({ userId: id() }),
  z.object({
    name: text(120),
    organisation: text(160),
    organisationKind: z.enum(ORGANISATION_KINDS),
    email: z.string().trim().max(200).nullish(),
  }),
]);

/** Staff competence mapping (issue 9, part 1); see docs/competence.md and docs/api.md. */
export function competenceRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = services.competence;
  const tags = ['competence'];
  const staff = { access: 'staff' as const };
  const courseParams = z.object({ courseId: id() });
  const roundParams = z.object({ roundId: id() });
  const enrolmentParams = z.object({ enrolmentId: id() });
  const unitQuery = z.object({ unitId: id().optional() });

  r.get('/api/competence/courses', { config: staff, schema: { tags, summary: 'The course catalogue' } }, async (req) =>
    svc.listCourses(actorOf(req)),
  );
  r.post(
    '/api/competence/courses',
    { config: staff, schema: { tags, summary: 'Add a course to the catalogue (admins and managers)', body: courseBody } },
    async (req, reply) => reply.code(201).send(await svc.createCourse(actorOf(req), req.body)),
  );
  r.get(
    '/api/competence/courses/:courseId',
    { config: staff, schema: { tags, summary: 'One course', params: courseParams } },
    async (req) => svc.getCourse(actorOf(req), req.params.courseId),
  );
  r.patch(
    '/api/competence/courses/:courseId',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Edit a course (or archive it: active false); 409 STALE_VERSION when the version is old',
        params: courseParams,
        body: z.object({
          version: rowVersion(),
          name: text(120).optional(),
          description: optionalText(2000).optional(),
          validityMonths: z.number().int().min(1).max(240).nullable().optional(),
          requiredAttendancePercent: z.number().int().min(0).max(100).optional(),
          requiredRoles: roles.optional(),
          requiredUnitIds: unitIds.optional(),
          active: z.boolean().optional(),
        }),
      },
    },
    async (req) => svc.updateCourse(actorOf(req), req.params.courseId, req.body),
  );

  r.get(
    '/api/competence/rounds',
    { config: staff, schema: { tags, summary: 'Course rounds (of one course)', querystring: z.object({ courseId: id().optional() }) } },
    async (req) => svc.listRounds(actorOf(req), req.query.courseId),
  );
  r.post(
    '/api/competence/rounds',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Plan a course round with its sessions',
        body: z.object({
          courseId: id(),
          place: text(200),
          capacity: z.number().int().min(1).max(1000),
          teachers: text(500),
          sessions: z.array(session).min(1).max(100),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createRound(actorOf(req), req.body)),
  );
  r.get(
    '/api/competence/rounds/:roundId',
    { config: staff, schema: { tags, summary: 'A round: sessions, participants, waiting list, attendance', params: roundParams } },
    async (req) => svc.getRound(actorOf(req), req.params.roundId),
  );
  r.patch(
    '/api/competence/rounds/:roundId',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Edit a round; a larger capacity lets the first waiting in; 409 STALE_VERSION when the version is old',
        params: roundParams,
        body: z.object({
          version: rowVersion(),
          place: text(200).optional(),
          capacity: z.number().int().min(1).max(1000).optional(),
          teachers: text(500).optional(),
          status: z.enum(['planned', 'cancelled']).optional(),
        }),
      },
    },
    async (req) => svc.updateRound(actorOf(req), req.params.roundId, req.body),
  );
  r.post(
    '/api/competence/rounds/:roundId/sessions',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Add sessions to a round',
        params: roundParams,
        body: z.object({ sessions: z.array(session).min(1).max(100) }),
      },
    },
    async (req, reply) => reply.code(201).send(await svc.addSessions(actorOf(req), req.params.roundId, req.body.sessions)),
  );
  r.post(
    '/api/competence/rounds/:roundId/enrolments',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Enrol a user or an external person: a seat if one is free, else the waiting list',
        params: roundParams,
        body: enrolBody,
      },
    },
    async (req, reply) => reply.code(201).send(await svc.enrol(actorOf(req), req.params.roundId, req.body)),
  );
  r.post(
    '/api/competence/enrolments/:enrolmentId/cancel',
    { config: staff, schema: { tags, summary: 'Cancel an enrolment; the first waiting moves up', params: enrolmentParams } },
    async (req) => svc.cancel(actorOf(req), req.params.enrolmentId),
  );
  r.post(
    '/api/competence/rounds/:roundId/attendance',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Record attendance per session',
        params: roundParams,
        body: z.object({
          marks: z
            .array(z.object({ sessionId: id(), enrolmentId: id(), present: z.boolean() }))
            .min(1)
            .max(5000),
        }),
      },
    },
    async (req) => svc.recordAttendance(actorOf(req), req.params.roundId, req.body.marks),
  );
  r.post(
    '/api/competence/rounds/:roundId/complete',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Complete the round by attendance, or mark one enrolment completed',
        params: roundParams,
        body: z.object({ enrolmentId: id().optional(), completedOn: calendarDate().optional() }),
      },
    },
    async (req) => svc.complete(actorOf(req), req.params.roundId, req.body),
  );

  r.get(
    '/api/competence/coverage',
    {
      config: staff,
      schema: { tags, summary: 'Coverage per unit and required course, who is missing what, expiring', querystring: unitQuery },
    },
    async (req) => svc.coverage(actorOf(req), req.query.unitId),
  );
  r.get(
    '/api/competence/coverage/export.xlsx',
    { config: staff, schema: { tags, summary: 'The coverage as an Excel workbook', querystring: unitQuery } },
    async (req, reply) => sendWorkbook(reply, 'kvarbo-kompetens', await svc.exportTables(actorOf(req), req.query.unitId)),
  );
  r.get(
    '/api/competence/coverage/organisations',
    { config: staff, schema: { tags, summary: 'Participation and valid certificates per organisation and course' } },
    async (req) => svc.coverageByOrganisation(actorOf(req)),
  );
  r.get(
    '/api/competence/people/:userId',
    {
      config: staff,
      schema: { tags, summary: 'A person’s competence: required courses, certificates, enrolments', params: z.object({ userId: id() }) },
    },
    async (req) => svc.person(actorOf(req), req.params.userId),
  );
}
