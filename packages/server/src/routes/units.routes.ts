import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { id } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';

export function unitRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['units'];
  r.get(
    '/api/units',
    { config: { access: 'authenticated' }, schema: { tags } },
    async (req) => (await services.auth.me(actorOf(req))).units,
  );
  r.get('/api/units/:unitId/staff', { config: { access: 'staff' }, schema: { tags, params: z.object({ unitId: id() }) } }, async (req) =>
    services.users.unitStaff(actorOf(req), req.params.unitId),
  );
}
