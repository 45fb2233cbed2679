import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { id, idParams, rowVersion, text } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';

const role = z.enum(['manager', 'caseworker', 'host', 'analyst']);
const memberships = z.array(z.object({ unitId: id(), role })).max(50);

export function adminRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { access: 'admin' as const };
  const tags = ['administration'];

  r.get('/api/admin/units', { config, schema: { tags } }, async (req) => services.users.listUnits(actorOf(req)));
  r.post('/api/admin/units', { config, schema: { tags, body: z.object({ name: text(120) }) } }, async (req, reply) =>
    reply.code(201).send(await services.users.createUnit(actorOf(req), req.body.name)),
  );
  r.patch(
    '/api/admin/units/:id',
    {
      config,
      schema: {
        tags,
        params: idParams,
        body: z.object({ version: rowVersion(), name: text(120).optional(), bankgiro: z.string().trim().max(20).nullish() }),
      },
    },
    async (req) => services.users.updateUnit(actorOf(req), req.params.id, req.body),
  );
  r.get('/api/admin/users', { config, schema: { tags } }, async (req) => services.users.listUsers(actorOf(req)));
  r.post(
    '/api/admin/users',
    {
      config,
      schema: {
        tags,
        body: z.object({
          username: text(64),
          displayName: text(120),
          email: z.string().trim().max(200).nullish(),
          password: z.string().min(1).max(200),
          isAdmin: z.boolean().default(false),
          memberships: memberships.default([]),
          landlordId: id().nullish(),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await services.users.createByAdmin(actorOf(req), req.body)),
  );
  r.patch(
    '/api/admin/users/:id',
    {
      config,
      schema: {
        tags,
        params: idParams,
        body: z.object({
          version: rowVersion(),
          displayName: text(120).optional(),
          isAdmin: z.boolean().optional(),
          disabled: z.boolean().optional(),
          password: z.string().min(1).max(200).optional(),
          memberships: memberships.optional(),
        }),
      },
    },
    async (req) => services.users.updateByAdmin(actorOf(req), req.params.id, req.body),
  );
}
