import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { calendarDate, id, optionalText } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';

// Log review, loggkontroll (issue 8): managers of the unit only; everyone else gets 404 from the service.
// The sign-off is the one write, so it lives outside /api/audit: no route under /api/audit changes anything (audit.test.ts).
export function logReviewRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit log'];
  const period = { unitId: id(), from: calendarDate(), to: calendarDate() };

  r.get('/api/audit/review', { config: { access: 'staff' }, schema: { tags, querystring: z.object(period) } }, async (req) =>
    services.logReview.review(actorOf(req), req.query),
  );
  r.get(
    '/api/audit/review/sign-offs',
    { config: { access: 'staff' }, schema: { tags, querystring: z.object({ unitId: id() }) } },
    async (req) => services.logReview.listSignOffs(actorOf(req), req.query.unitId),
  );
  r.post(
    '/api/log-review/sign-off',
    { config: { access: 'staff' }, schema: { tags, body: z.object({ ...period, note: optionalText(2000) }) } },
    async (req, reply) => reply.status(201).send(await services.logReview.signOff(actorOf(req), req.body)),
  );
}
