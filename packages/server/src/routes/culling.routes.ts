import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { calendarDate, id, idParams, text } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';

// Culling (gallring, docs/culling.md): the admin's preview of what `kvarbo cull` would do, and legal holds
// (gallringsstopp) on a resident or an eviction-prevention case, placed and lifted by the unit's managers.
export function cullingRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const scoped = { access: 'staff' as const, scope: 'resident' as const };
  const staff = { access: 'staff' as const };
  const reasonBody = z.object({ reason: text(1000) });
  const caseParams = z.object({ caseId: id() });

  r.get(
    '/api/admin/culling',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administration'],
        description: 'What culling would do on the date (default today): due, held, exempt for research, coming within a year; ids only.',
        querystring: z.object({ date: calendarDate().optional() }),
      },
    },
    async (req) => services.culling.adminPreview(actorOf(req), req.query.date),
  );

  r.post(
    '/api/admin/culling/run',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administration'],
        description:
          'Culls what is due today in the admin’s organisation (as `kvarbo cull`); `confirmedDue` is the number of records the admin saw in the preview (409 CULLING_CHANGED when it differs). Audit-logged.',
        body: z.object({ confirmedDue: z.number().int().min(1).max(1_000_000) }),
      },
    },
    async (req) => services.culling.adminRun(actorOf(req), req.body.confirmedDue),
  );

  const tags = ['residents'];
  r.get('/api/residents/:id/legal-hold', { config: scoped, schema: { tags, params: idParams } }, async (req) =>
    services.legalHolds.get(actorOf(req), { residentId: req.params.id }),
  );
  r.post('/api/residents/:id/legal-hold', { config: scoped, schema: { tags, params: idParams, body: reasonBody } }, async (req, reply) =>
    reply.code(201).send(await services.legalHolds.place(actorOf(req), { residentId: req.params.id }, req.body.reason)),
  );
  r.delete('/api/residents/:id/legal-hold', { config: scoped, schema: { tags, params: idParams } }, async (req) =>
    services.legalHolds.lift(actorOf(req), { residentId: req.params.id }),
  );

  const caseTags = ['eviction prevention'];
  r.get('/api/eviction-cases/:caseId/legal-hold', { config: staff, schema: { tags: caseTags, params: caseParams } }, async (req) =>
    services.legalHolds.get(actorOf(req), { evictionCaseId: req.params.caseId }),
  );
  r.post(
    '/api/eviction-cases/:caseId/legal-hold',
    { config: staff, schema: { tags: caseTags, params: caseParams, body: reasonBody } },
    async (req, reply) =>
      reply.code(201).send(await services.legalHolds.place(actorOf(req), { evictionCaseId: req.params.caseId }, req.body.reason)),
  );
  r.delete('/api/eviction-cases/:caseId/legal-hold', { config: staff, schema: { tags: caseTags, params: caseParams } }, async (req) =>
    services.legalHolds.lift(actorOf(req), { evictionCaseId: req.params.caseId }),
  );
}
