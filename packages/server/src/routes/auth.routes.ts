import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, SESSION_COOKIE } from '../http/access-policy.ts';
import { id } from '../http/schemas.ts';
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
      const result = await services.auth.login(request.body.username, request.body.password, meta(request));
      // Two-factor: no session yet, the client finishes with /api/auth/two-factor/verify or /enrol.
      if ('twoFactor' in result) return result;
      setSessionCookie(request, reply, result.token);
      return { user: await services.auth.me(result.actor), csrfToken: result.csrfToken };
    },
  );

  const challenge = z.string().min(10).max(200);
  const code = z.string().trim().min(1).max(20);
  r.post(
    '/api/auth/two-factor/verify',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Finish a login with a one-time code or a recovery code',
        body: z
          .object({ challenge, code: code.optional(), recoveryCode: z.string().trim().min(1).max(40).optional() })
          .refine((b) => b.code || b.recoveryCode, { message: 'code or recoveryCode', path: ['code'] }),
      },
    },
    async (request, reply) => {
      const { token, csrfToken, actor } = await services.auth.verifyTwoFactor(request.body.challenge, request.body, meta(request));
      setSessionCookie(request, reply, token);
      return { user: await services.auth.me(actor), csrfToken };
    },
  );
  r.post(
    '/api/auth/two-factor/enrol',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Finish enrolment during login with the first code', body: z.object({ challenge, code }) },
    },
    async (request, reply) => {
      const s = await services.auth.enrolTwoFactor(request.body.challenge, request.body.code, meta(request));
      setSessionCookie(request, reply, s.token);
      return { user: await services.auth.me(s.actor), csrfToken: s.csrfToken, recoveryCodes: s.recoveryCodes };
    },
  );

  const authenticated = { access: 'authenticated' as const };
  r.get('/api/account/two-factor', { config: authenticated, schema: { tags: ['auth'] } }, async (request) =>
    services.auth.twoFactor.status(actorOf(request)),
  );
  r.post('/api/account/two-factor/enrolment', { config: authenticated, schema: { tags: ['auth'] } }, async (request) =>
    services.auth.twoFactor.startEnrolment(actorOf(request)),
  );
  r.post(
    '/api/account/two-factor/enrolment/confirm',
    { config: authenticated, schema: { tags: ['auth'], body: z.object({ challenge, code }) } },
    async (request) => services.auth.twoFactor.confirmAccountEnrolment(actorOf(request), request.body.challenge, request.body.code),
  );
  r.post(
    '/api/account/two-factor/recovery-codes',
    { config: authenticated, schema: { tags: ['auth'], body: z.object({ code }) } },
    async (request) => services.auth.twoFactor.regenerateRecoveryCodes(actorOf(request), request.body.code),
  );
  r.post(
    '/api/account/two-factor/disable',
    { config: authenticated, schema: { tags: ['auth'], body: z.object({ code }) } },
    async (request, reply) => {
      await services.auth.twoFactor.switchOff(actorOf(request), request.body.code);
      return reply.code(204).send();
    },
  );
  r.post(
    '/api/admin/users/:userId/two-factor/reset',
    { config: { access: 'admin' }, schema: { tags: ['auth'], params: z.object({ userId: id() }) } },
    async (request, reply) => {
      await services.auth.twoFactor.reset(actorOf(request), request.params.userId, meta(request).userAgent);
      return reply.code(204).send();
    },
  );
  r.get(
    '/api/admin/users/:userId/two-factor',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['auth'],
        summary: 'Whether a user has two-factor sign-in (for the reset button)',
        params: z.object({ userId: id() }),
      },
    },
    async (request) => services.auth.twoFactor.statusForAdmin(actorOf(request), request.params.userId),
  );
  const unitParams = z.object({ unitId: id() });
  r.get(
    '/api/units/:unitId/security-settings',
    { config: { access: 'staff' }, schema: { tags: ['units'], params: unitParams } },
    async (request) => services.auth.twoFactor.unitSecuritySettings(actorOf(request), request.params.unitId),
  );
  r.put(
    '/api/units/:unitId/security-settings',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['units'],
        params: unitParams,
        body: z.object({
          // The settings' row version as read (GET); 0 when the unit kept the defaults (docs/concurrency.md).
          version: z.number({ error: 'kv:required' }).int().min(0),
          twoFactorRoles: z.array(z.enum(['manager', 'caseworker', 'host', 'analyst'])).max(4),
          idleMinutes: z.number().int(),
        }),
      },
    },
    async (request) => services.auth.twoFactor.changeUnitSecuritySettings(actorOf(request), request.params.unitId, request.body),
  );

  r.post('/api/auth/logout', { config: { access: 'authenticated' }, schema: { tags: ['auth'] } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await services.auth.logout(token, actorOf(request), meta(request));
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

function meta(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
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
