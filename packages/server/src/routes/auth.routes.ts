import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, SESSION_COOKIE } from '../http/access-policy.ts';
import type { Services } from '../services/index.ts';

export function authRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/auth/login',
    {
      config: {
        access: 'public',
        // Per-address throttle in front of the per-account lockout in the service.
        rateLimit: { max: 20, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password',
        body: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }),
      },
    },
    async (request, reply) => {
      const { token, csrfToken, actor } = await services.auth.login(request.body.username, request.body.password, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(request, reply, token);
      return { user: await services.auth.me(actor), csrfToken };
    },
  );

  r.post('/api/auth/logout', { config: { access: 'authenticated' }, schema: { tags: ['auth'] } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await services.auth.logout(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  r.get('/api/auth/session', { config: { access: 'authenticated' }, schema: { tags: ['auth'] } }, async (request) => {
    return { user: await services.auth.me(actorOf(request)), csrfToken: request.csrfToken };
  });

  r.post(
    '/api/auth/password',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }) },
    },
    async (request, reply) => {
      await services.auth.changePassword(actorOf(request), request.sessionId!, request.body.currentPassword, request.body.newPassword);
      return reply.code(204).send();
    },
  );
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    // Behind a TLS-terminating proxy (KVARBO_TRUST_PROXY) request.protocol reflects X-Forwarded-Proto.
    secure: request.protocol === 'https',
  });
}
