// A small but real OpenID Connect provider for the tests, on 127.0.0.1 and a free port: discovery document, JWKS,
// /authorize that "logs in" a configurable subject, and /token that checks the code, redirect_uri, client and the
// PKCE code_verifier before returning an RS256-signed ID token. Tests can bend the next ID token (issuer, audience,
// nonce, expiry) to prove the client refuses it.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey as JoseKey, type JWK } from 'jose';

export type ProviderOptions = { clientId: string; clientSecret?: string; redirectUri: string };

export type TokenTamper = { issuer?: string; audience?: string; nonce?: string; expiresInSeconds?: number; signWithOtherKey?: boolean };

type IssuedCode = { redirectUri: string; challenge: string; nonce: string | undefined; claims: Record<string, unknown> };

export async function startOidcProvider(options: ProviderOptions) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, IssuedCode>();
  const state = {
    /** Who "logs in" at /authorize next; sub is always set. */
    claims: { sub: 'user-1' } as Record<string, unknown>,
    /** When set, /authorize answers with this OAuth error instead of a code. */
    authorizeError: null as string | null,
    tamper: {} as TokenTamper,
    /** Every token request's outcome, for assertions ("ok" or the OAuth error code). */
    tokenResults: [] as string[],
  };
  let issuer = '';

  async function idToken(code: IssuedCode, tamper: TokenTamper): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (tamper.expiresInSeconds ?? 300);
    const nonce = tamper.nonce ?? code.nonce;
    const key: JoseKey = tamper.signWithOtherKey ? other.privateKey : privateKey;
    return new SignJWT({ ...code.claims, ...(nonce ? { nonce } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(tamper.issuer ?? issuer)
      .setAudience(tamper.audience ?? options.clientId)
      .setSubject(String(code.claims.sub))
      .setIssuedAt(Math.min(now, exp - 60))
      .setExpirationTime(exp)
      .sign(key);
  }

  function json(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  }

  function tokenError(res: http.ServerResponse, error: string, status = 400) {
    state.tokenResults.push(error);
    json(res, status, { error });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        scopes_supported: ['openid', 'profile', 'email'],
      });
    }
    if (req.method === 'GET' && url.pathname === '/jwks') return json(res, 200, { keys: [jwk] });
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const p = url.searchParams;
      if (p.get('client_id') !== options.clientId || p.get('redirect_uri') !== options.redirectUri) {
        return json(res, 400, { error: 'invalid_request', error_description: 'unknown client or redirect_uri' });
      }
      const back = new URL(options.redirectUri);
      const st = p.get('state');
      if (st) back.searchParams.set('state', st);
      if (state.authorizeError) {
        back.searchParams.set('error', state.authorizeError);
      } else if (p.get('response_type') !== 'code' || p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) {
        back.searchParams.set('error', 'invalid_request');
      } else {
        const code = randomBytes(16).toString('base64url');
        codes.set(code, {
          redirectUri: options.redirectUri,
          challenge: p.get('code_challenge')!,
          nonce: p.get('nonce') ?? undefined,
          claims: { ...state.claims },
        });
        back.searchParams.set('code', code);
      }
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        void (async () => {
          const body = new URLSearchParams(raw);
          let clientId = body.get('client_id');
          let secret = body.get('client_secret');
          const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
          if (basic) {
            const [id, s] = Buffer.from(basic[1]!, 'base64').toString().split(':').map(decodeURIComponent);
            clientId = id ?? null;
            secret = s ?? null;
          }
          if (clientId !== options.clientId || (options.clientSecret !== undefined && secret !== options.clientSecret)) {
            return tokenError(res, 'invalid_client', 401);
          }
          if (body.get('grant_type') !== 'authorization_code') return tokenError(res, 'unsupported_grant_type');
          const code = codes.get(body.get('code') ?? '');
          codes.delete(body.get('code') ?? ''); // single use
          if (!code || code.redirectUri !== body.get('redirect_uri')) return tokenError(res, 'invalid_grant');
          const verifier = body.get('code_verifier') ?? '';
          if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) return tokenError(res, 'invalid_grant');
          const tamper = state.tamper;
          state.tamper = {};
          state.tokenResults.push('ok');
          json(res, 200, {
            access_token: randomBytes(16).toString('base64url'),
            token_type: 'Bearer',
            expires_in: 300,
            id_token: await idToken(code, tamper),
          });
        })().catch((e: unknown) => json(res, 500, { error: 'server_error', error_description: String(e) }));
      });
      return;
    }
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    get issuer() {
      return issuer;
    },
    state,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type OidcProvider = Awaited<ReturnType<typeof startOidcProvider>>;
