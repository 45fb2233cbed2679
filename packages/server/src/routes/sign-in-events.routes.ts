import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { booleanQuery, calendarDate, id, paging } from '../http/schemas.ts';
import { sendCsvLines } from '../http/table-replies.ts';
import type { Services } from '../services/index.ts';

// The sign-in log (inloggningslogg, docs/two-factor.md) for the security officer: admins only.
const filters = {
  from: calendarDate().optional(),
  to: calendarDate().optional(),
  userId: id().optional(),
  outcome: z.string().trim().min(1).max(60).optional(),
  onlyFailures: booleanQuery().optional(),
};

export function signInEventRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { access: 'admin' as const };
  const tags = ['administration'];

  r.get(
    '/api/admin/sign-in-events',
    {
      config,
      schema: {
        tags,
        summary: 'Sign-in log: logins, second steps, single sign-on, logouts and two-factor resets, newest first, 50 a page',
        querystring: z.object({ ...filters, page: paging.page }),
      },
    },
    async (req) => services.auth.signInEvents.list(actorOf(req), req.query),
  );
  r.get(
    '/api/admin/sign-in-events.csv',
    { config, schema: { tags, summary: 'The sign-in log as CSV (semicolons, UTF-8 with BOM)', querystring: z.object(filters) } },
    async (req, reply) => sendCsvLines(reply, 'kvarbo-inloggningar', services.auth.signInEvents.exportCsv(actorOf(req), req.query)),
  );
}
