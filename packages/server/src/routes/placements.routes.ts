import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import {
  booleanQuery,
  calendarDate,
  id,
  idParams,
  optionalDate,
  optionalOre,
  optionalText,
  paging,
  rowVersion,
  sortParam,
} from '../http/schemas.ts';
import { END_REASONS } from '../services/placements.service.ts';
import type { Services } from '../services/index.ts';

const endReason = z.enum(END_REASONS);
const fields = {
  residentId: id(),
  apartmentId: id(),
  startDate: calendarDate(),
  endDate: optionalDate(),
  leaseForm: z.enum(['second_hand', 'first_hand']),
  rentIncludedInDailyFee: z.boolean(),
  dailyFeeOre: optionalOre(),
  rentAllowanceOre: optionalOre(),
  monthlyRentOre: optionalOre(),
  endReason: endReason.nullish(),
  endNote: optionalText(2000),
  agreedDueDay: z.number().int().min(1).max(28).nullish(),
  residentPaysRent: z.boolean(),
};
const body = z.object({
  ...fields,
  leaseForm: fields.leaseForm.default('second_hand'),
  rentIncludedInDailyFee: fields.rentIncludedInDailyFee.default(false),
  residentPaysRent: fields.residentPaysRent.default(true),
});
const patch = z.object(fields).partial().extend({ version: rowVersion() });

export function placementRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['placements'];
  const scoped = { access: 'staff' as const, scope: 'placement' as const };

  r.get(
    '/api/placements',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        querystring: z.object({
          ...paging,
          unitId: id().optional(),
          residentId: id().optional(),
          apartmentId: id().optional(),
          active: booleanQuery(),
          sort: sortParam(['startDate', 'endDate', 'residentName', 'address'], '-startDate'),
        }),
      },
    },
    async (req) => services.placements.list(actorOf(req), { ...req.query, ...req.query.sort }),
  );
  r.post('/api/placements', { config: { access: 'staff' }, schema: { tags, body } }, async (req, reply) =>
    reply.code(201).send(await services.placements.create(actorOf(req), req.body)),
  );
  r.get('/api/placements/:id', { config: scoped, schema: { tags, params: idParams } }, async (req) =>
    services.placements.get(actorOf(req), req.params.id),
  );
  r.patch('/api/placements/:id', { config: scoped, schema: { tags, params: idParams, body: patch } }, async (req) =>
    services.placements.update(actorOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/placements/:id/end',
    {
      config: scoped,
      schema: {
        tags,
        params: idParams,
        body: z.object({ version: rowVersion(), endDate: calendarDate(), endReason, endNote: optionalText(2000) }),
      },
    },
    async (req) => services.placements.end(actorOf(req), req.params.id, req.body),
  );
}
