import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { adminRoutes } from '../routes/admin.routes.ts';
import { apartmentRoutes } from '../routes/apartments.routes.ts';
import { auditRoutes } from '../routes/audit.routes.ts';
import { logReviewRoutes } from '../routes/log-review.routes.ts';
import { authRoutes } from '../routes/auth.routes.ts';
import { oidcRoutes } from '../routes/oidc.routes.ts';
import { commissionerRoutes } from '../routes/commissioners.routes.ts';
import { healthRoutes } from '../routes/health.routes.ts';
import { landlordRoutes } from '../routes/landlords.routes.ts';
import { ledgerRoutes } from '../routes/ledger.routes.ts';
import { followupRoutes } from '../routes/followup.routes.ts';
import { paymentImportRoutes } from '../routes/payment-imports.routes.ts';
import { placementRoutes } from '../routes/placements.routes.ts';
import { residentRoutes } from '../routes/residents.routes.ts';
import { statsRoutes } from '../routes/stats.routes.ts';
import { unitRoutes } from '../routes/units.routes.ts';
import { evictionReportsRoutes } from '../routes/eviction-reports.routes.ts';
import { evictionCasesRoutes } from '../routes/eviction-cases.routes.ts';
import { evictionStatisticsRoutes } from '../routes/eviction-statistics.routes.ts';
import { housingFirstRoutes } from '../routes/housing-first.routes.ts';
import { surveyRoutes } from '../routes/surveys.routes.ts';
import { competenceRoutes } from '../routes/competence.routes.ts';
import { occupationRoutes } from '../routes/occupation.routes.ts';
import { leaseTakeoverRoutes } from '../routes/lease-takeover.routes.ts';
import { registerExtractRoutes } from '../routes/register-extract.routes.ts';
import { cullingRoutes } from '../routes/culling.routes.ts';
import { signInEventRoutes } from '../routes/sign-in-events.routes.ts';
import { systemClock, type Clock } from '../services/context.ts';
import { createServices, type Services } from '../services/index.ts';
import { enforceAccess, requireAccessDeclarations } from './access-policy.ts';
import { registerErrorHandler } from './error-handler.ts';
import { errorLogSerializer, registerSecurityHeaders, requestLogSerializer } from './security-headers.ts';

export type AppOptions = {
  db: Db;
  config: Config;
  clock?: Clock;
  logger?: boolean;
  /** Where the log goes when `logger` is on (default stdout); tests capture it to check for personal data. */
  logStream?: NodeJS.WritableStream;
};

export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; services: Services }> {
  const { db, config } = options;
  const services = createServices({ db, config, clock: options.clock ?? systemClock });
  const app = Fastify({
    logger: options.logger
      ? {
          level: config.logLevel,
          redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'],
          // No personal data in the log: URLs without query strings, error texts without personnummer.
          serializers: { req: requestLogSerializer, err: errorLogSerializer },
          ...(options.logStream ? { stream: options.logStream } : {}),
        }
      : false,
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerSecurityHeaders(app); // before any plugin, so every response gets the headers
  registerErrorHandler(app);

  requireAccessDeclarations(app);
  await app.register(fastifyCookie);
  enforceAccess(app, services, db);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Kvarbo API',
        version: '1',
        description: 'Supported housing, rent follow-up and eviction prevention. See docs/api.md.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'kvarbo_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  healthRoutes(app, db);
  authRoutes(app, services);
  oidcRoutes(app, services);
  adminRoutes(app, services);
  unitRoutes(app, services);
  landlordRoutes(app, services);
  commissionerRoutes(app, services);
  apartmentRoutes(app, services);
  residentRoutes(app, services);
  placementRoutes(app, services);
  auditRoutes(app, services);
  logReviewRoutes(app, services);
  statsRoutes(app, services);
  ledgerRoutes(app, services);
  paymentImportRoutes(app, services);
  followupRoutes(app, services);
  evictionReportsRoutes(app, services);
  evictionCasesRoutes(app, services);
  evictionStatisticsRoutes(app, services);
  housingFirstRoutes(app, services);
  surveyRoutes(app, services);
  competenceRoutes(app, services);
  occupationRoutes(app, services);
  leaseTakeoverRoutes(app, services);
  registerExtractRoutes(app, services);
  cullingRoutes(app, services);
  signInEventRoutes(app, services);
  await serveWebClient(app, config.webDistDir);
  return { app, services };
}

/** The built React client, with index.html for every non-API path so client-side routes survive a reload. */
async function serveWebClient(app: FastifyInstance, dir: string) {
  const index = path.join(dir, 'index.html');
  const hasClient = fs.existsSync(index);
  // The client's files are listed at start: after rebuilding the client, restart the server.
  if (hasClient) await app.register(fastifyStatic, { root: dir, wildcard: false, index: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api') && hasClient) {
      return reply.header('cache-control', 'no-cache').type('text/html').send(fs.createReadStream(index));
    }
    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'Not found.' } });
  });
}
