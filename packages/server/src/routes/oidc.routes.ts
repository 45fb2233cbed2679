import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE } from '../http/access-policy.ts';
import type { Services } from '../services/index.ts';

/** Binds a login at the identity provider to the browser that began it (see oidc_login_states.browser_hash). */
export const OIDC_BROWSER_COOKIE = 'kvarbo_oidc';
const CALLBACK_PATH = '/api/auth/oidc/callback';

export function oidcRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/auth/config',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'How to log in: whether passwords are accepted and the single sign-on button, if any',
        response: {
          200: z.object({ localLogin: z.boolean(), sso: z.object({ label: z.string() }).nullable() }),
        },
      },
    },
    async () => services.oidc.loginOptions(),
  );

  r.get(
    '/api/auth/oidc/start',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Begin single sign-on: redirects (302) to the identity provider',
        querystring: z.object({ returnTo: z.string().max(500).optional() }),
      },
    },
    async (request, reply) => {
      const begun = await services.oidc.start(request.query.returnTo, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      if ('unavailable' in begun) {
        request.log.warn({ event: 'sso_login', outcome: 'unavailable' }, 'single sign-on: identity provider unreachable');
        return reply.redirect('/login?sso=unavailable', 302);
      }
      reply.setCookie(OIDC_BROWSER_COOKIE, begun.browser, {
        path: CALLBACK_PATH,
        httpOnly: true,
        // Lax: the provider's redirect back is a top-level GET navigation, which carries Lax cookies.
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: 600,
      });
      return reply.header('cache-control', 'no-store').redirect(begun.url, 302);
    },
  );

  r.get(
    CALLBACK_PATH,
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'The identity provider returns here; sets the session cookie and redirects (302) into Kvarbo',
        querystring: z.object({
          code: z.string().max(4000).optional(),
          state: z.string().max(500).optional(),
          error: z.string().max(200).optional(),
          error_description: z.string().max(1000).optional(),
          iss: z.string().max(500).optional(),
          session_state: z.string().max(500).optional(),
        }),
      },
    },
    async (request, reply) => {
      const outcome = await services.oidc.callback(request.query, request.cookies[OIDC_BROWSER_COOKIE], {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.clearCookie(OIDC_BROWSER_COOKIE, { path: CALLBACK_PATH });
      reply.header('cache-control', 'no-store');
      // Logged like every request, without personal data: the user's id, never the claim value.
      if (!outcome.ok) {
        request.log.warn(
          { event: 'sso_login', outcome: 'refused', reason: outcome.reason, userId: outcome.userId, detail: outcome.detail },
          'single sign-on refused',
        );
        return reply.redirect(`/login?sso=${outcome.reason}`, 302);
      }
      request.log.info({ event: 'sso_login', outcome: 'ok', userId: outcome.session.actor.userId }, 'single sign-on');
      setSessionCookie(request, reply, outcome.session.token);
      return reply.redirect(outcome.returnTo, 302);
    },
  );
}

/** The same cookie as the password login's (routes/auth.routes.ts). */
function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
  });
}
