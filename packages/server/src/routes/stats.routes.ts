import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { id } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';

export function statsRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/stats/units/:unitId/overview',
    { config: { access: 'staff' }, schema: { tags: ['statistics'], params: z.object({ unitId: id() }) } },
    async (req) => services.stats.unitOverview(actorOf(req), req.params.unitId),
  );
}
