import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { id } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';
import { sendCsvTable, sendWorkbook } from '../http/table-replies.ts';

// Eviction-prevention figures (issue 6): per year or per month, for the unit's managers (exact) and analysts
// (small cells suppressed). The service checks the role and the period; from/to must have the form `by` names.
export function evictionStatisticsRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const period = () =>
    z
      .string()
      .regex(/^\d{4}(-\d{2})?$/)
      .optional();
  const query = z.object({
    unitId: id(),
    by: z.enum(['year', 'month']).default('year'),
    from: period(),
    to: period(),
  });
  const svc = services.evictionStatistics;

  r.get('/api/stats/eviction', { config: { access: 'staff' }, schema: { tags: ['statistics'], querystring: query } }, async (req) => {
    const { unitId, ...p } = req.query;
    return svc.figures(actorOf(req), unitId, p);
  });

  r.get(
    '/api/stats/eviction/export.xlsx',
    { config: { access: 'staff' }, schema: { tags: ['statistics'], querystring: query } },
    async (req, reply) => {
      const { unitId, ...p } = req.query;
      return sendWorkbook(reply, `kvarbo-vrakningsforebyggande-${p.by}`, await svc.exportTables(actorOf(req), unitId, p));
    },
  );

  r.get(
    '/api/stats/eviction/export.csv',
    {
      config: { access: 'staff' },
      schema: { tags: ['statistics'], querystring: query.extend({ table: z.coerce.number().int().min(0).max(50).default(0) }) },
    },
    async (req, reply) => {
      const { unitId, table: n, ...p } = req.query;
      return sendCsvTable(reply, `kvarbo-vrakningsforebyggande-${n}`, await svc.exportTables(actorOf(req), unitId, p), n);
    },
  );
}
