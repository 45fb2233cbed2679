import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { calendarDate, id, idParams, optionalDate, optionalText, ore, paging, text } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';

const month = () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'kv:month' });

export function ledgerRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['rent ledger'];
  const placementScoped = { access: 'staff' as const, scope: 'placement' as const };

  r.get('/api/residents/:id/ledger', { config: { access: 'staff', scope: 'resident' }, schema: { tags, params: idParams } }, async (req) =>
    services.ledger.residentLedger(actorOf(req), req.params.id),
  );
  r.get('/api/placements/:id/ledger', { config: placementScoped, schema: { tags, params: idParams } }, async (req) =>
    services.ledger.placementLedger(actorOf(req), req.params.id),
  );
  r.post(
    '/api/placements/:id/payments',
    {
      config: placementScoped,
      schema: {
        tags,
        params: idParams,
        body: z.object({
          bookingDate: calendarDate(),
          amountOre: ore(),
          method: z.enum(['bankgiro', 'swish', 'cash', 'transfer', 'other']).default('other'),
          note: optionalText(500),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await services.ledger.recordManualPayment(actorOf(req), req.params.id, req.body)),
  );
  r.post(
    '/api/placements/:id/rent-allowances',
    {
      config: placementScoped,
      schema: { tags, params: idParams, body: z.object({ paidOn: calendarDate(), amountOre: ore(), note: optionalText(500) }) },
    },
    async (req, reply) => reply.code(201).send(await services.ledger.recordAllowancePayout(actorOf(req), req.params.id, req.body)),
  );
  r.post(
    '/api/placements/:id/rent-changes',
    {
      config: placementScoped,
      schema: { tags, params: idParams, body: z.object({ fromMonth: month(), monthlyRentOre: ore().nullable() }) },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await services.rent.changePlacementRent(actorOf(req), req.params.id, req.body.fromMonth, req.body.monthlyRentOre)),
  );
  r.post(
    '/api/apartments/:id/rent-changes',
    {
      config: { access: 'staff', scope: 'apartment' },
      schema: { tags, params: idParams, body: z.object({ fromMonth: month(), monthlyRentOre: ore() }) },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await services.rent.changeApartmentRent(actorOf(req), req.params.id, req.body.fromMonth, req.body.monthlyRentOre)),
  );
  r.post(
    '/api/payments/:id/reverse',
    { config: { access: 'staff' }, schema: { tags, params: idParams, body: z.object({ bookingDate: optionalDate(), note: text(500) }) } },
    async (req, reply) => reply.code(201).send(await services.ledger.reversePayment(actorOf(req), req.params.id, req.body)),
  );
  r.get(
    '/api/payments/unmatched',
    {
      config: { access: 'staff' },
      schema: { tags, querystring: z.object({ unitId: id().optional(), page: paging.page, pageSize: paging.pageSize }) },
    },
    async (req) => services.ledger.unmatched(actorOf(req), req.query),
  );
  r.post(
    '/api/payments/:id/assign',
    { config: { access: 'staff' }, schema: { tags, params: idParams, body: z.object({ placementId: id() }) } },
    async (req) => services.ledger.assign(actorOf(req), req.params.id, req.body.placementId),
  );
  r.post(
    '/api/charges/generate',
    { config: { access: 'staff' }, schema: { tags, body: z.object({ month: month(), unitId: id() }) } },
    async (req) => services.rent.generateForUnit(actorOf(req), req.body.unitId, req.body.month),
  );
}
