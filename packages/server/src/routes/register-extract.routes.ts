import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../http/access-policy.ts';
import { idParams } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';

/** The register extract (registerutdrag, GDPR art. 15) for the managers of the person's unit; anyone else gets 404. */
export function registerExtractRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['residents'];
  const scoped = { access: 'staff' as const, scope: 'resident' as const };

  r.get(
    '/api/residents/:id/register-extract.json',
    { config: scoped, schema: { tags, params: idParams, description: 'Register extract (GDPR art. 15) as JSON; managers of the unit.' } },
    async (req, reply) => {
      const extract = await services.registerExtract.extract(actorOf(req), req.params.id);
      // Personal data: never cached; offered as a file to save.
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="registerutdrag-${extract.generatedOn}.json"`)
        .send(extract);
    },
  );
  r.get(
    '/api/residents/:id/register-extract.pdf',
    { config: scoped, schema: { tags, params: idParams, description: 'Register extract (GDPR art. 15) as PDF; managers of the unit.' } },
    async (req, reply) => {
      const pdf = await services.registerExtract.pdf(actorOf(req), req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'inline; filename="registerutdrag.pdf"')
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
