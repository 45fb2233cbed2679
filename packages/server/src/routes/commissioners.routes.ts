import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { email, idParams, optionalText, paging, rowVersion, sortParam, text } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';

const body = z.object({
  name: text(200),
  kind: z.enum(['district_social_services', 'kriminalvarden', 'other']),
  contactName: optionalText(120),
  phone: optionalText(40),
  email: email(),
  address: optionalText(300),
});

export function commissionerRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { access: 'staff' as const };
  const tags = ['commissioning agencies'];

  r.get(
    '/api/commissioners',
    { config, schema: { tags, querystring: z.object({ ...paging, sort: sortParam(['name', 'kind'], 'name') }) } },
    async (req) => {
      const { sort, descending } = req.query.sort;
      return services.commissioners.list(actorOf(req), { ...req.query, sort: (descending ? `-${sort}` : sort) as never });
    },
  );
  r.post('/api/commissioners', { config, schema: { tags, body } }, async (req, reply) =>
    reply.code(201).send(await services.commissioners.create(actorOf(req), req.body)),
  );
  r.get('/api/commissioners/:id', { config, schema: { tags, params: idParams } }, async (req) =>
    services.commissioners.get(actorOf(req), req.params.id),
  );
  r.patch(
    '/api/commissioners/:id',
    { config, schema: { tags, params: idParams, body: body.partial().extend({ version: rowVersion() }) } },
    async (req) => services.commissioners.update(actorOf(req), req.params.id, req.body as never),
  );
}
