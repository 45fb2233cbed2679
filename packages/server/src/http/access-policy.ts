import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { caseUnitIds } from '../auth/actor.ts';
import { AppError, forbidden, notFound, unauthenticated } from '../errors.ts';
import { apartmentVisible, placementVisible, residentVisible } from '../repositories/access.repository.ts';
import type { Services } from '../services/index.ts';
import type { Db } from '../db/database.ts';

/**
 * Every route declares who may call it (config.access); a route without one is refused at start-up,
 * and the access-control test walks all routes to prove it. Person-scoped routes also name the kind of
 * record in their `:id` (config.scope) and are answered 404 for records outside the caller's units.
 */
/** 'landlord': landlord accounts only (their own reports); 'staff' and 'admin' never admit a landlord account. */
export type AccessPolicy = 'public' | 'authenticated' | 'staff' | 'admin' | 'landlord';
export type RecordScope = 'resident' | 'placement' | 'apartment';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessPolicy;
    scope?: RecordScope;
  }
  interface FastifyInstance {
    /** Every route with its declared policy, for the access-control test and the OpenAPI check. */
    declaredRoutes: DeclaredRoute[];
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    csrfToken: string | null;
  }
}

export type DeclaredRoute = { method: string; url: string; access: AccessPolicy; scope?: RecordScope };

export const SESSION_COOKIE = 'kvarbo_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Must be registered before any plugin that adds routes, so that it sees every route. */
export function requireAccessDeclarations(app: FastifyInstance) {
  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);
  app.addHook('onRoute', (route) => {
    // Plugin-provided documentation and static files are public by nature.
    if (!route.config?.access && (route.url.startsWith('/api/docs') || !route.url.startsWith('/api'))) {
      route.config = { ...(route.config ?? {}), access: 'public' };
    }
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${route.method} ${route.url} declares no access policy`);
    for (const method of [route.method].flat()) {
      declared.push({ method, url: route.url, access, ...(route.config?.scope ? { scope: route.config.scope } : {}) });
    }
  });
}

/** Must be registered after @fastify/cookie, whose onRequest hook parses the session cookie. */
export function enforceAccess(app: FastifyInstance, services: Services, db: Db) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access) {
      // The not-found handler (which also serves the web client's index.html) has no route options.
      if (request.is404) return;
      throw forbidden(); // unreachable by construction: fail closed all the same
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const resolved = await services.auth.resolve(token, request.ip);
      if (resolved) {
        request.actor = resolved.actor;
        request.sessionId = resolved.sessionId;
        request.csrfToken = resolved.csrfToken;
      }
    }
    if (access === 'public') return;
    if (!request.actor) throw unauthenticated();
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== request.csrfToken) {
      throw new AppError('CSRF', 403, {
        sv: 'Sidan behöver laddas om (säkerhetstoken saknas eller är för gammal).',
        en: 'Please reload the page (security token missing or stale).',
      });
    }
    if (access === 'landlord' ? request.actor.kind !== 'landlord' : access !== 'authenticated' && request.actor.kind !== 'staff') {
      throw notFound(); // a landlord learns nothing of staff routes, not even that they exist
    }
    if (access === 'admin' && !request.actor.isAdmin) throw forbidden();
    // Before body validation, so another unit's record answers 404 whatever was sent.
    const scope = request.routeOptions.config.scope;
    if (scope) {
      const id = (request.params as { id?: string }).id;
      if (!id || !(await recordVisible(db, request.actor, scope, id))) throw notFound();
    }
  });
}

function recordVisible(db: Db, actor: Actor, scope: RecordScope, id: string): Promise<boolean> {
  const units = caseUnitIds(actor);
  switch (scope) {
    case 'resident':
      return residentVisible(db.kysely, units, id);
    case 'placement':
      return placementVisible(db.kysely, units, id);
    case 'apartment':
      return apartmentVisible(db.kysely, units, id);
  }
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}
