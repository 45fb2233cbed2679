import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { id } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';
import { sendCsvTable, sendWorkbook } from '../http/table-replies.ts';

export function statsRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/stats/units/:unitId/overview',
    { config: { access: 'staff' }, schema: { tags: ['statistics'], params: z.object({ unitId: id() }) } },
    async (req) => services.stats.unitOverview(actorOf(req), req.params.unitId),
  );
  const month = () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'kv:month' });
  r.get(
    '/api/stats/rent-summary',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['statistics'],
        querystring: z.object({
          unitId: id(),
          from: month(),
          to: month(),
          apartmentType: z.enum(['training', 'trial', 'emergency', 'housing_first', 'support', 'fallback']).optional(),
          commissionerId: id().optional(),
          contactPersonId: id().optional(),
        }),
      },
    },
    async (req) => {
      const { unitId, from, to, ...filter } = req.query;
      return services.statistics.rentSummary(actorOf(req), [unitId], from, to, filter);
    },
  );
  const period = z.object({ unitId: id(), from: month(), to: month() });
  r.get('/api/stats/risk', { config: { access: 'staff' }, schema: { tags: ['statistics'], querystring: period } }, async (req) =>
    services.statistics.risk(actorOf(req), req.query.unitId, req.query.from, req.query.to),
  );
  r.get(
    '/api/stats/watch-list',
    { config: { access: 'staff' }, schema: { tags: ['statistics'], querystring: z.object({ unitId: id() }) } },
    async (req) => services.statistics.watchList(actorOf(req), req.query.unitId),
  );
  r.get(
    '/api/stats/rent-summary/residents',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['statistics'],
        querystring: z.object({ unitId: id(), month: month(), status: z.enum(['on_time', 'late', 'unpaid', 'open']) }),
      },
    },
    async (req) => services.statistics.barResidents(actorOf(req), req.query.unitId, req.query.month, req.query.status),
  );
  r.get('/api/stats/rent-grid', { config: { access: 'staff' }, schema: { tags: ['statistics'], querystring: period } }, async (req) =>
    services.statistics.grid(actorOf(req), req.query.unitId, req.query.from, req.query.to),
  );
  r.get(
    '/api/stats/export.xlsx',
    { config: { access: 'staff' }, schema: { tags: ['statistics'], querystring: period } },
    async (req, reply) => {
      const tables = await services.statistics.exportTables(actorOf(req), req.query.unitId, req.query.from, req.query.to);
      return sendWorkbook(reply, `kvarbo-statistik-${req.query.from}-${req.query.to}`, tables);
    },
  );
  r.get(
    '/api/stats/export.csv',
    {
      config: { access: 'staff' },
      schema: { tags: ['statistics'], querystring: period.extend({ table: z.coerce.number().int().min(0).max(50).default(0) }) },
    },
    async (req, reply) => {
      const tables = await services.statistics.exportTables(actorOf(req), req.query.unitId, req.query.from, req.query.to);
      return sendCsvTable(reply, `kvarbo-${req.query.table}-${req.query.from}-${req.query.to}`, tables, req.query.table);
    },
  );
  r.post(
    '/api/stats/research-export',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['statistics'],
        body: z.object({ unitId: id(), project: z.string().trim().min(1).max(100), from: month(), to: month() }),
      },
    },
    async (req, reply) => {
      const tables = await services.research.export(actorOf(req), req.body.unitId, req.body.project, req.body.from, req.body.to);
      return sendWorkbook(reply, 'kvarbo-forskningsuttag', tables);
    },
  );
  r.get(
    '/api/stats/retention',
    { config: { access: 'staff' }, schema: { tags: ['statistics'], querystring: z.object({ unitId: id() }) } },
    async (req) => services.statistics.retention(actorOf(req), [req.query.unitId]),
  );
}
