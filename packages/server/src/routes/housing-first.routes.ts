import { INCIDENT_KINDS, INCIDENT_SEVERITIES, INCIDENT_SOURCES, VISIT_OUTCOMES, VISIT_PLACES } from '@kvarbo/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { calendarDate, id, idParams, optionalDate, optionalText, rowVersion, text } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';
import { LANDLORD_CONTACT_CHANNELS, LINK_KINDS } from '../services/housing-first.service.ts';

const month = () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'kv:month' });

/** Housing First and support housing follow-up (issue 7); see docs/api.md. */
export function housingFirstRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const hf = services.housingFirst;
  const tags = ['housing first'];
  const placementScope = { access: 'staff' as const, scope: 'placement' as const };
  const staff = { access: 'staff' as const };

  // ---- Visit agreement and support visits ----------------------------------------------------------------
  r.get(
    '/api/placements/:id/visit-agreement',
    { config: placementScope, schema: { tags, summary: 'The visit agreement in force for the placement', params: idParams } },
    async (req) => hf.getAgreement(actorOf(req), req.params.id),
  );
  r.put(
    '/api/placements/:id/visit-agreement',
    {
      config: placementScope,
      schema: {
        tags,
        summary: 'Set the placement’s visit agreement (replaces the previous one)',
        params: idParams,
        body: z.object({
          version: rowVersion(),
          visitsPerWeek: z.number().int().min(1).max(7),
          fromDate: calendarDate(),
          toDate: optionalDate(),
        }),
      },
    },
    async (req) => hf.setAgreement(actorOf(req), req.params.id, req.body),
  );
  r.get(
    '/api/placements/:id/visits',
    { config: placementScope, schema: { tags, summary: 'Support visits, newest first', params: idParams } },
    async (req) => hf.listVisits(actorOf(req), req.params.id),
  );
  r.post(
    '/api/placements/:id/visits',
    {
      config: placementScope,
      schema: {
        tags,
        summary: 'Record a support visit',
        params: idParams,
        body: z.object({
          date: calendarDate(),
          place: z.enum(VISIT_PLACES),
          planned: z.boolean(),
          outcome: z.enum(VISIT_OUTCOMES),
          staffIds: z.array(id()).min(1).max(10),
          note: optionalText(1000),
          goals: z.array(text(200)).max(20).default([]),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await hf.recordVisit(actorOf(req), req.params.id, req.body)),
  );
  r.get(
    '/api/placements/:id/visit-compliance',
    { config: placementScope, schema: { tags, summary: 'Week by week: were the agreed visits made?', params: idParams } },
    async (req) => hf.compliance(actorOf(req), req.params.id),
  );
  r.get(
    '/api/visits/missing',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Placements with weeks without the agreed visit (last 8 finished weeks)',
        querystring: z.object({ unitId: id(), contactPersonId: id().optional() }),
      },
    },
    async (req) => hf.missingVisits(actorOf(req), req.query.unitId, req.query.contactPersonId),
  );
  r.get(
    '/api/stats/visit-compliance',
    {
      config: staff,
      schema: {
        tags: ['statistics', ...tags],
        summary: 'Share of weeks with the agreed visits, per resident and per contact person',
        querystring: z.object({ unitId: id(), from: calendarDate(), to: calendarDate() }),
      },
    },
    async (req) => hf.complianceStats(actorOf(req), req.query.unitId, req.query.from, req.query.to),
  );

  // ---- Incidents -----------------------------------------------------------------------------------------
  r.get(
    '/api/placements/:id/incidents',
    { config: placementScope, schema: { tags, summary: 'Incidents, newest first', params: idParams } },
    async (req) => hf.listIncidents(actorOf(req), req.params.id),
  );
  r.post(
    '/api/placements/:id/incidents',
    {
      config: placementScope,
      schema: {
        tags,
        summary: 'Record an incident',
        params: idParams,
        body: z.object({
          occurredOn: calendarDate(),
          kind: z.enum(INCIDENT_KINDS),
          source: z.enum(INCIDENT_SOURCES),
          severity: z.enum(INCIDENT_SEVERITIES),
          description: optionalText(4000),
          actionTaken: optionalText(2000),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await hf.recordIncident(actorOf(req), req.params.id, req.body)),
  );
  r.get(
    '/api/stats/incidents',
    {
      config: staff,
      schema: {
        tags: ['statistics', ...tags],
        summary: 'Incidents per 100 tenancy-months, per month and per resident',
        querystring: z.object({ unitId: id(), from: month(), to: month() }),
      },
    },
    async (req) => hf.incidentStats(actorOf(req), req.query.unitId, req.query.from, req.query.to),
  );

  // ---- Landlord contacts and respite stays ---------------------------------------------------------------
  r.get(
    '/api/placements/:id/landlord-contacts',
    { config: placementScope, schema: { tags, summary: 'Contacts with the landlord, newest first', params: idParams } },
    async (req) => hf.listLandlordContacts(actorOf(req), req.params.id),
  );
  r.post(
    '/api/placements/:id/landlord-contacts',
    {
      config: placementScope,
      schema: {
        tags,
        summary: 'Record a contact with the landlord',
        params: idParams,
        body: z.object({ occurredOn: calendarDate(), channel: z.enum(LANDLORD_CONTACT_CHANNELS), summary: text(4000) }),
      },
    },
    async (req, reply) => reply.code(201).send(await hf.recordLandlordContact(actorOf(req), req.params.id, req.body)),
  );
  r.get(
    '/api/placements/:id/respite-stays',
    { config: placementScope, schema: { tags, summary: 'Respite stays, oldest first', params: idParams } },
    async (req) => hf.listRespiteStays(actorOf(req), req.params.id),
  );
  r.post(
    '/api/placements/:id/respite-stays',
    {
      config: placementScope,
      schema: {
        tags,
        summary: 'Record a respite stay (no two stays of a placement share a day)',
        params: idParams,
        body: z.object({ fromDate: calendarDate(), toDate: optionalDate(), place: text(200), note: optionalText(2000) }),
      },
    },
    async (req, reply) => reply.code(201).send(await hf.recordRespiteStay(actorOf(req), req.params.id, req.body)),
  );

  // ---- Move-out and links --------------------------------------------------------------------------------
  r.get(
    '/api/placements/:id/move-out',
    { config: placementScope, schema: { tags, summary: 'The move-out: notice, moving day and days between', params: idParams } },
    async (req) => hf.getMoveOut(actorOf(req), req.params.id),
  );
  r.patch(
    '/api/placements/:id/move-out',
    {
      config: placementScope,
      schema: {
        tags,
        summary: 'Record the move-out notice and moving day (null clears, left out keeps)',
        params: idParams,
        body: z.object({
          version: rowVersion(),
          moveOutGivenOn: calendarDate().nullable().optional(),
          movedOutOn: calendarDate().nullable().optional(),
        }),
      },
    },
    async (req) => hf.setMoveOut(actorOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/placements/:id/link',
    {
      config: placementScope,
      schema: {
        tags,
        summary: 'Link the placement to the one it follows (fallback apartment, return, second chance)',
        params: idParams,
        body: z.object({ version: rowVersion(), previousPlacementId: id(), kind: z.enum(LINK_KINDS) }),
      },
    },
    async (req) => hf.link(actorOf(req), req.params.id, req.body),
  );
  r.get(
    '/api/residents/:id/placement-chain',
    {
      config: { access: 'staff', scope: 'resident' },
      schema: { tags, summary: 'The resident’s placements as chains of linked placements', params: idParams },
    },
    async (req) => hf.placementChain(actorOf(req), req.params.id),
  );
}
