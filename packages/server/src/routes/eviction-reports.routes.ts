import { REPORT_KINDS, REPORT_REASONS } from '@kvarbo/domain';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/access-policy.ts';
import { calendarDate, id, optionalText, paging, text } from '../http/schemas.ts';
import { ATTACHMENT_MAX_BYTES } from '../services/eviction-reports.service.ts';
import type { Services } from '../services/index.ts';

// Landlords' reports: the landlord portal (landlord accounts), landlord systems (API key), staff intake, and the
// admin's keys. Landlord routes answer 404 to staff and staff routes 404 to landlords (access policy).

const reportBody = z.object({
  kind: z.enum(REPORT_KINDS),
  reasons: z.array(z.enum(REPORT_REASONS)).min(1).max(REPORT_REASONS.length),
  arrearsOre: z.number().int().min(0).max(1_000_000_000).nullish(),
  arrearsMonths: z.number().int().min(0).max(120).nullish(),
  servedOn: calendarDate().nullish(),
  evictionDate: calendarDate().nullish(),
  tenantName: text(200),
  tenantAddress: text(300),
  tenantPersonalNumber: z.string().trim().max(20).nullish(),
  householdChildren: z.number().int().min(0).max(30).nullish(),
  description: optionalText(4000),
});

export function evictionReportsRoutes(app: FastifyInstance, services: Services) {
  app.register(async (scope) => {
    // Attachments arrive as the raw file; its first bytes, not the Content-Type, decide what it is.
    scope.addContentTypeParser(
      ['application/octet-stream', 'application/pdf', 'image/png', 'image/jpeg'],
      { parseAs: 'buffer', bodyLimit: ATTACHMENT_MAX_BYTES + 1024 },
      (_req, body, done) => done(null, body),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['eviction prevention'];
    const attachmentQuery = z.object({ fileName: text(255) });

    // --- Landlord portal -------------------------------------------------------------------------------
    r.post('/api/landlord/reports', { config: { access: 'landlord' }, schema: { tags, body: reportBody } }, async (req, reply) =>
      reply.code(201).send(await services.evictionReports.submitAsLandlord(actorOf(req), req.body)),
    );
    r.get('/api/landlord/reports', { config: { access: 'landlord' }, schema: { tags, querystring: z.object(paging) } }, async (req) =>
      services.evictionReports.listForLandlord(actorOf(req), req.query),
    );
    r.post(
      '/api/landlord/reports/:reportId/attachments',
      {
        config: { access: 'landlord' },
        bodyLimit: ATTACHMENT_MAX_BYTES + 1024,
        schema: { tags, params: z.object({ reportId: id() }), querystring: attachmentQuery },
      },
      async (req, reply) =>
        reply.code(201).send(
          await services.evictionReports.addAttachment(actorOf(req), req.params.reportId, {
            filename: req.query.fileName,
            bytes: req.body as Buffer,
          }),
        ),
    );

    // --- Landlord systems, with a key ------------------------------------------------------------------
    r.post(
      '/api/landlord-api/reports',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Submit a report from a landlord system (Authorization: Bearer <key>); externalId makes a resubmission harmless',
          body: reportBody.extend({ externalId: z.string().trim().min(1).max(100).nullish() }),
        },
      },
      async (req, reply) => {
        const key = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
        const result = await services.evictionReports.submitWithApiKey(key, req.body);
        return reply.code(result.duplicate ? 200 : 201).send(result);
      },
    );

    // --- Staff -----------------------------------------------------------------------------------------
    r.post(
      '/api/eviction-reports',
      {
        config: { access: 'staff' },
        schema: {
          tags,
          body: reportBody.extend({
            unitId: id(),
            channel: z.enum(['phone', 'letter', 'email', 'kronofogden']),
            receivedOn: calendarDate().nullish(),
            landlordId: id().nullish(),
          }),
        },
      },
      async (req, reply) => {
        const { unitId, ...input } = req.body;
        return reply.code(201).send(await services.evictionReports.registerByStaff(actorOf(req), unitId, input));
      },
    );
    r.get(
      '/api/eviction-reports',
      {
        config: { access: 'staff' },
        schema: { tags, querystring: z.object({ unitId: id(), status: z.enum(['received', 'in_progress', 'closed']).optional() }) },
      },
      async (req) => services.evictionReports.listForStaff(actorOf(req), req.query.unitId, req.query.status ?? null),
    );
    r.get(
      '/api/eviction-reports/:reportId',
      { config: { access: 'staff' }, schema: { tags, params: z.object({ reportId: id() }) } },
      async (req) => services.evictionReports.getForStaff(actorOf(req), req.params.reportId),
    );
    r.post(
      '/api/eviction-reports/:reportId/attachments',
      {
        config: { access: 'staff' },
        bodyLimit: ATTACHMENT_MAX_BYTES + 1024,
        schema: { tags, params: z.object({ reportId: id() }), querystring: attachmentQuery },
      },
      async (req, reply) =>
        reply.code(201).send(
          await services.evictionReports.addAttachment(actorOf(req), req.params.reportId, {
            filename: req.query.fileName,
            bytes: req.body as Buffer,
          }),
        ),
    );
    r.get(
      '/api/report-attachments/:attachmentId',
      { config: { access: 'staff' }, schema: { tags, params: z.object({ attachmentId: id() }) } },
      async (req, reply) => sendFile(reply, await services.evictionReports.attachment(actorOf(req), req.params.attachmentId)),
    );

    // --- Admin: keys for landlord systems ----------------------------------------------------------------
    const landlordParams = z.object({ landlordId: id() });
    r.post(
      '/api/admin/landlords/:landlordId/api-keys',
      { config: { access: 'admin' }, schema: { tags, params: landlordParams, body: z.object({ label: text(100) }) } },
      async (req, reply) =>
        reply.code(201).send(await services.evictionReports.createApiKey(actorOf(req), req.params.landlordId, req.body.label)),
    );
    r.get(
      '/api/admin/landlords/:landlordId/api-keys',
      { config: { access: 'admin' }, schema: { tags, params: landlordParams } },
      async (req) => services.evictionReports.apiKeys(actorOf(req), req.params.landlordId),
    );
    r.post(
      '/api/admin/landlords/:landlordId/api-keys/:keyId/revoke',
      { config: { access: 'admin' }, schema: { tags, params: landlordParams.extend({ keyId: id() }) } },
      async (req, reply) => {
        await services.evictionReports.revokeApiKey(actorOf(req), req.params.landlordId, req.params.keyId);
        return reply.code(204).send();
      },
    );
  });
}

function sendFile(reply: FastifyReply, file: { filename: string; contentType: string; content: Buffer }) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${encodeURIComponent(file.filename)}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.content);
}
