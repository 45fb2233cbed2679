import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { email, id, idParams, optionalText, paging, rowVersion, sortParam, text } from '../http/schemas.ts';
import { RESIDENT_SORTS } from '../repositories/residents.repository.ts';
import type { Services } from '../services/index.ts';

const fields = {
  firstName: text(100),
  lastName: text(100),
  idKind: z.enum(['personnummer', 'samordningsnummer', 'none']),
  personalNumber: optionalText(20),
  noIdReason: optionalText(500),
  contactPersonId: id().nullish(),
  commissionerId: id().nullish(),
  commissionerContact: optionalText(200),
  householdAdults: z.number().int().min(1).max(20),
  householdChildren: z.number().int().min(0).max(20),
  phone: optionalText(40),
  email: email(),
};
const body = z.object({
  ...fields,
  unitId: id().optional(),
  householdAdults: fields.householdAdults.default(1),
  householdChildren: fields.householdChildren.default(0),
});
const patch = z.object(fields).partial().extend({ version: rowVersion() });

export function residentRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['residents'];
  const scoped = { access: 'staff' as const, scope: 'resident' as const };

  r.get(
    '/api/residents',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        querystring: z.object({
          ...paging,
          unitId: id().optional(),
          status: z.enum(['current', 'former', 'all']).default('all'),
          sort: sortParam(RESIDENT_SORTS, 'lastName'),
        }),
      },
    },
    async (req) => services.residents.list(actorOf(req), { ...req.query, ...req.query.sort }),
  );
  r.post('/api/residents', { config: { access: 'staff' }, schema: { tags, body } }, async (req, reply) =>
    reply.code(201).send(await services.residents.create(actorOf(req), req.body)),
  );
  r.get('/api/residents/:id', { config: scoped, schema: { tags, params: idParams } }, async (req) =>
    services.residents.get(actorOf(req), req.params.id),
  );
  r.patch('/api/residents/:id', { config: scoped, schema: { tags, params: idParams, body: patch } }, async (req) =>
    services.residents.update(actorOf(req), req.params.id, req.body),
  );
  r.get('/api/residents/:id/placements', { config: scoped, schema: { tags, params: idParams } }, async (req) =>
    services.residents.placements(actorOf(req), req.params.id),
  );
  r.get('/api/residents/:id/notes', { config: scoped, schema: { tags, params: idParams } }, async (req) =>
    services.residents.notes(actorOf(req), req.params.id),
  );
  r.post(
    '/api/residents/:id/notes',
    { config: scoped, schema: { tags, params: idParams, body: z.object({ body: text(10_000) }) } },
    async (req, reply) => reply.code(201).send(await services.residents.addNote(actorOf(req), req.params.id, req.body.body)),
  );
}
