import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { email, id, idParams, optionalText, paging, rowVersion, sortParam, text } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';

const landlordBody = z.object({
  name: text(200),
  organisationNumber: optionalText(20),
  phone: optionalText(40),
  email: email(),
  address: optionalText(300),
  notes: optionalText(2000),
});

const contactBody = z.object({ name: text(120), title: optionalText(120), phone: optionalText(40), email: email() });

export function landlordRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { access: 'staff' as const };
  const tags = ['landlords'];

  r.get(
    '/api/landlords',
    { config, schema: { tags, querystring: z.object({ ...paging, sort: sortParam(['name'], 'name') }) } },
    async (req) => {
      const { sort, descending } = req.query.sort;
      return services.landlords.list(actorOf(req), { ...req.query, sort: descending ? `-${sort}` : sort });
    },
  );
  r.post('/api/landlords', { config, schema: { tags, body: landlordBody } }, async (req, reply) =>
    reply.code(201).send(await services.landlords.create(actorOf(req), req.body)),
  );
  r.get('/api/landlords/:id', { config, schema: { tags, params: idParams } }, async (req) =>
    services.landlords.get(actorOf(req), req.params.id),
  );
  r.patch(
    '/api/landlords/:id',
    { config, schema: { tags, params: idParams, body: landlordBody.partial().extend({ version: rowVersion() }) } },
    async (req) => services.landlords.update(actorOf(req), req.params.id, req.body as never),
  );
  r.post('/api/landlords/:id/contacts', { config, schema: { tags, params: idParams, body: contactBody } }, async (req, reply) =>
    reply.code(201).send(await services.landlords.addContact(actorOf(req), req.params.id, req.body)),
  );
  r.delete(
    '/api/landlords/:id/contacts/:contactId',
    { config, schema: { tags, params: z.object({ id: id(), contactId: id() }) } },
    async (req, reply) => {
      await services.landlords.removeContact(actorOf(req), req.params.id, req.params.contactId);
      return reply.code(204).send();
    },
  );
}
