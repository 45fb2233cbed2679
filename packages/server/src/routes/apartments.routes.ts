import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { id, idParams, optionalText, ore, paging, postcode, rowVersion, sortParam, text } from '../http/schemas.ts';
import { APARTMENT_SORTS } from '../repositories/apartments.repository.ts';
import type { Services } from '../services/index.ts';

const apartmentType = z.enum(['training', 'trial', 'emergency', 'housing_first', 'support', 'fallback']);

const fields = {
  landlordId: id(),
  address: text(200),
  postcode: postcode(),
  city: text(100),
  district: optionalText(100),
  rooms: z.number().int().min(1).max(10),
  kitchen: z.enum(['kok', 'kokvra', 'kokskap', 'none']),
  areaSqm: z.number().min(5).max(400),
  monthlyRentOre: ore(),
  type: apartmentType,
  unitHoldsFirstHandLease: z.boolean(),
  landlordObjectNumber: optionalText(40),
};

const body = z.object({
  ...fields,
  unitId: id().optional(),
  kitchen: fields.kitchen.default('kok'),
  unitHoldsFirstHandLease: fields.unitHoldsFirstHandLease.default(true),
});
// PATCH: every field optional and no defaults, so what is not sent is left as it is.
const patch = z.object(fields).partial().extend({ version: rowVersion() });

export function apartmentRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['apartments'];

  r.get(
    '/api/apartments',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        querystring: z.object({
          ...paging,
          unitId: id().optional(),
          type: apartmentType.optional(),
          landlordId: id().optional(),
          sort: sortParam(APARTMENT_SORTS, 'address'),
        }),
      },
    },
    async (req) => services.apartments.list(actorOf(req), { ...req.query, ...req.query.sort }),
  );
  r.post('/api/apartments', { config: { access: 'staff' }, schema: { tags, body } }, async (req, reply) =>
    reply.code(201).send(await services.apartments.create(actorOf(req), req.body)),
  );
  r.get('/api/apartments/:id', { config: { access: 'staff', scope: 'apartment' }, schema: { tags, params: idParams } }, async (req) =>
    services.apartments.get(actorOf(req), req.params.id),
  );
  r.patch(
    '/api/apartments/:id',
    { config: { access: 'staff', scope: 'apartment' }, schema: { tags, params: idParams, body: patch } },
    async (req) => services.apartments.update(actorOf(req), req.params.id, req.body as never),
  );
}
