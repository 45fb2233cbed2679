import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { calendarDate, id, paging } from '../http/schemas.ts';
import { sendCsvLines } from '../http/table-replies.ts';
import type { Services } from '../services/index.ts';

const filters = {
  unitId: id().optional(),
  userId: id().optional(),
  residentId: id().optional(),
  from: calendarDate().optional(),
  to: calendarDate().optional(),
};

export function auditRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit log'];

  r.get(
    '/api/audit',
    { config: { access: 'staff' }, schema: { tags, querystring: z.object({ ...filters, page: paging.page, pageSize: paging.pageSize }) } },
    async (req) => services.audit.list(actorOf(req), req.query),
  );
  r.get('/api/audit/export.csv', { config: { access: 'staff' }, schema: { tags, querystring: z.object(filters) } }, async (req, reply) =>
    sendCsvLines(reply, 'kvarbo-logg', services.audit.exportCsv(actorOf(req), req.query)),
  );
}
