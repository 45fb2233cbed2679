import * as client from 'openid-client';
import type { OidcConfig } from '../config.ts';
import { randomToken, sha256 } from '../auth/tokens.ts';
import { AppError } from '../errors.ts';
import * as states from '../repositories/oidc-login-states.repository.ts';
import { createAuthService, type SessionInfo } from './auth.service.ts';
import type { ServiceContext } from './context.ts';

/** How long a login may stay at the identity provider before its state is forgotten. */
const STATE_MINUTES = 10;

/** Why a single sign-on login was refused; the web client shows a text for each (/login?sso=<reason>). */
export type SsoRefusal =
  | 'cancelled' // the identity provider answered with an error (the user cancelled, or was not allowed)
  | 'state' // no such login in progress, expired, used already, or begun in another browser
  | 'failed' // code exchange or ID token validation failed (signature, issuer, audience, nonce, expiry, PKCE)
  | 'missing-claim' // the ID token lacks the configured claim, or the e-mail is marked unverified
  | 'unknown-user' // no Kvarbo account matches the claim
  | 'ambiguous' // more than one account matches
  | 'disabled' // the account is switched off
  | 'not-staff' // a landlord account: landlords do not sign in through the municipality's identity provider
  | 'unavailable'; // the identity provider could not be reached

export type SsoOutcome =
  { ok: true; session: SessionInfo; returnTo: string } | { ok: false; reason: SsoRefusal; userId: string | null; detail: string | null };

export const ssoNotConfigured = () =>
  new AppError('SSO_NOT_CONFIGURED', 404, {
    sv: 'Inloggning med organisationens konto är inte inställd.',
    en: 'Single sign-on is not configured.',
  });

/** A return path inside Kvarbo: relative, one leading slash, no scheme or host. Anything else becomes "/". */
export function safeReturnPath(value: string | undefined | null): string {
  if (!value || value.length > 500) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\\]/.test(value)) return '/';
  try {
    // A path the URL parser would take off this origin is refused too.
    const base = 'http://kvarbo.invalid';
    if (new URL(value, base).origin !== base) return '/';
  } catch {
    return '/';
  }
  return value;
}

export function createOidcService(ctx: ServiceContext) {
  const q = () => ctx.db.kysely;
  const auth = createAuthService(ctx);
  let discovered: Promise<client.Configuration> | null = null;

  function settings(): OidcConfig {
    if (!ctx.config.oidc) throw ssoNotConfigured();
    return ctx.config.oidc;
  }

  /** Discovery once per process; a failure is not cached, so the next login tries again. */
  function configuration(): Promise<client.Configuration> {
    const s = settings();
    if (!discovered) {
      const issuer = new URL(s.issuer);
      const loopbackHttp = issuer.protocol === 'http:'; // config.ts admits http only on loopback
      discovered = client
        .discovery(issuer, s.clientId, undefined, s.clientSecret ? client.ClientSecretBasic(s.clientSecret) : client.None(), {
          // The ID token's signature is checked against the provider's JWKS even though it came straight from
          // the token endpoint (which OIDC Core would allow to skip): defence in depth.
          execute: loopbackHttp ? [client.enableNonRepudiationChecks, client.allowInsecureRequests] : [client.enableNonRepudiationChecks],
        })
        .catch((e: unknown) => {
          discovered = null;
          throw e;
        });
    }
    return discovered;
  }

  /** Checks state and browser, exchanges the code, validates the ID token, finds the user. */
  async function decide(
    s: OidcConfig,
    query: Record<string, string | undefined>,
    browser: string | undefined,
    meta: { ip: string | null; userAgent: string | null },
  ): Promise<Extract<SsoOutcome, { ok: true }> | (Extract<SsoOutcome, { ok: false }> & { tried: string | null })> {
    const refuse = (reason: SsoRefusal, detail: string | null = null, userId: string | null = null, tried: string | null = null) => ({
      ok: false as const,
      reason,
      userId,
      detail,
      tried,
    });
    const state = query.state;
    if (!state) return refuse(query.error ? 'cancelled' : 'state', query.error ?? null);
    const row = await states.takeLoginState(q(), sha256(state));
    if (!row || row.expires_at <= ctx.clock.now().toISOString()) return refuse('state', 'unknown or expired state');
    if (!browser || sha256(browser) !== row.browser_hash) return refuse('state', 'begun in another browser');
    if (query.error) return refuse('cancelled', query.error);

    let config: client.Configuration;
    try {
      config = await configuration();
    } catch {
      return refuse('unavailable');
    }
    const current = new URL(s.redirectUri);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) current.searchParams.set(k, v);
    let claims: client.IDToken;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: row.code_verifier,
        expectedState: state,
        expectedNonce: row.nonce,
        idTokenExpected: true,
      });
      const c = tokens.claims();
      if (!c) return refuse('failed', 'no ID token');
      claims = c;
    } catch (e) {
      // The reason, never the token: e.g. "unexpected JWT "aud" (audience) claim value", or the provider's invalid_grant.
      const err = e as { code?: string; error?: string; message?: string };
      return refuse('failed', [err.code, err.error, err.message].filter(Boolean).join(': ').slice(0, 300));
    }

    const value = claims[s.claim];
    if (typeof value !== 'string' || value.trim() === '') return refuse('missing-claim', `claim ${s.claim} missing`);
    if (s.claim === 'email' && claims.email_verified === false) return refuse('missing-claim', 'email not verified');
    const matches = await states.findUsersByField(q(), s.userField, value.trim());
    if (matches.length === 0) return refuse('unknown-user', null, null, value.trim());
    if (matches.length > 1) return refuse('ambiguous');
    const user = matches[0]!;
    if (user.disabled_at) return refuse('disabled', null, user.id);
    if (user.kind !== 'staff') return refuse('not-staff', null, user.id);
    const session = await auth.startSession(user.id, meta);
    return { ok: true, session, returnTo: safeReturnPath(row.return_to) };
  }

  return {
    /** What the login page needs to know: whether passwords work and what the SSO button says. */
    loginOptions() {
      return { localLogin: ctx.config.localLogin, sso: ctx.config.oidc ? { label: ctx.config.oidc.label } : null };
    },

    /**
     * Begins a login: a fresh state, nonce and PKCE verifier kept in the database, and the provider's address.
     * `browser` goes into a cookie; the callback must bring it back.
     */
    async start(
      returnTo: string | undefined,
      meta: { ip: string | null; userAgent: string | null } = { ip: null, userAgent: null },
    ): Promise<{ url: string; browser: string } | { unavailable: true }> {
      const s = settings();
      let config: client.Configuration;
      try {
        config = await configuration();
      } catch {
        await auth.signInEvents.record({ method: 'sso', outcome: 'sso-refused:unavailable' }, meta);
        return { unavailable: true };
      }
      const state = client.randomState();
      const nonce = client.randomNonce();
      const verifier = client.randomPKCECodeVerifier();
      const browser = randomToken();
      const now = ctx.clock.now();
      await states.deleteExpiredLoginStates(q(), now.toISOString());
      await states.insertLoginState(q(), {
        id: sha256(state),
        browser_hash: sha256(browser),
        nonce,
        code_verifier: verifier,
        return_to: safeReturnPath(returnTo),
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + STATE_MINUTES * 60_000).toISOString(),
      });
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: s.redirectUri,
        scope: s.scopes,
        response_type: 'code',
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, browser };
    },

    /** Finishes a login: checks state and browser, exchanges the code, validates the ID token, finds the user. */
    async callback(
      query: Record<string, string | undefined>,
      browser: string | undefined,
      meta: { ip: string | null; userAgent: string | null },
    ): Promise<SsoOutcome> {
      const s = settings();
      const outcome = await decide(s, query, browser, meta);
      // The sign-in log (docs/two-factor.md): every callback, with the reason of a refusal; the claim value only
      // when it matched no account, as a password login keeps the username tried.
      await auth.signInEvents.record(
        outcome.ok
          ? { method: 'sso', outcome: 'ok', userId: outcome.session.actor.userId }
          : { method: 'sso', outcome: `sso-refused:${outcome.reason}`, userId: outcome.userId, usernameTried: outcome.tried },
        meta,
      );
      if (outcome.ok) return outcome;
      return { ok: false, reason: outcome.reason, userId: outcome.userId, detail: outcome.detail };
    },
  };
}
