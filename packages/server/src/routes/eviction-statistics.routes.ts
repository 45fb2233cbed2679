import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalidField } from '../errors.ts';
import { actorOf } from '../http/access-policy.ts';
import { id } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';
import { csvOf, workbookOf } from '../services/statistics-export.ts';

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
      const tables = await svc.exportTables(actorOf(req), unitId, p);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="kvarbo-vrakningsforebyggande-${p.by}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(await workbookOf(tables));
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
      const tables = await svc.exportTables(actorOf(req), unitId, p);
      const table = tables[n];
      if (!table) {
        throw invalidField('table', 'out_of_range', {
          sv: `Det finns ${tables.length} tabeller (0–${tables.length - 1}).`,
          en: `There are ${tables.length} tables (0–${tables.length - 1}).`,
        });
      }
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="kvarbo-vrakningsforebyggande-${n}.csv"`)
        .header('cache-control', 'no-store')
        .send(csvOf(table));
    },
  );
}
