import { INCIDENT_SEVERITIES } from '@kvarbo/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { calendarDate, id, idParams, optionalText, rowVersion } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';

export function leaseTakeoverRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['housing first'];
  r.get(
    '/api/lease-takeover',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Eligibility to take over the lease, per ongoing second-hand placement',
        querystring: z.object({ unitId: id(), date: calendarDate().optional() }),
      },
    },
    async (req) => services.leaseTakeover.list(actorOf(req), req.query.unitId, req.query.date),
  );
  const unitParams = z.object({ unitId: id() });
  r.get('/api/units/:unitId/takeover-settings', { config: { access: 'staff' }, schema: { tags, params: unitParams } }, async (req) =>
    services.leaseTakeover.settings(actorOf(req), req.params.unitId),
  );
  r.put(
    '/api/units/:unitId/takeover-settings',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        params: unitParams,
        body: z.object({
          version: rowVersion(),
          minMonths: z.number().int(),
          rentWindowMonths: z.number().int(),
          complaintWindowMonths: z.number().int(),
          complaintMinSeverity: z.enum(INCIDENT_SEVERITIES),
        }),
      },
    },
    async (req) => services.leaseTakeover.changeSettings(actorOf(req), req.params.unitId, req.body),
  );
  r.post(
    '/api/placements/:id/takeover',
    {
      config: { access: 'staff', scope: 'placement' },
      schema: { tags, params: idParams, body: z.object({ version: rowVersion(), takenOverOn: calendarDate(), note: optionalText(1000) }) },
    },
    async (req) => services.leaseTakeover.record(actorOf(req), req.params.id, req.body),
  );
}
