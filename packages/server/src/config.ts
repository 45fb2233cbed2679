import path from 'node:path';
import { parseCullingPolicy, type CullingPolicy } from '@kvarbo/domain';
import { parseSecretKey, SECRET_KEY_ENV, SECRET_KEY_PREVIOUS_ENV } from './auth/secret-box.ts';

/** Everything Kvarbo reads from the environment, in one place (the README lists the same variables). */
export type Config = {
  dataDir: string;
  databaseUrl: string | null;
  /** KVARBO_PG_PREPARED_STATEMENTS=off: PostgreSQL statements stay unnamed (db/preparing-client.ts). */
  pgPreparedStatements: boolean;
  /** KVARBO_PG_POOL_SIZE: connections to PostgreSQL per server process (default 10). */
  pgPoolSize: number;
  host: string;
  port: number;
  /** Behind a TLS-terminating proxy: trust X-Forwarded-* and mark cookies Secure. */
  trustProxy: boolean;
  /** KVARBO_LOCAL_LOGIN=off: only single sign-on; the username/password login answers 403. */
  localLogin: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  logLevel: string;
  webDistDir: string;
  /** Single sign-on with OpenID Connect (docs/single-sign-on.md); null when KVARBO_OIDC_ISSUER is not set. */
  oidc: OidcConfig | null;
  /** Retention for culling (docs/culling.md): KVARBO_CULL_YEARS, KVARBO_CULL_RESEARCH_DAYS. */
  culling: CullingPolicy;
  /**
   * KVARBO_SECRET_KEY: the key that seals TOTP secrets at rest (auth/secret-box.ts); null: the key file
   * `<dataDir>/secret.key`, made on first start. KVARBO_SECRET_KEY_PREVIOUS: an older key still accepted for reading
   * (rotation, docs/two-factor.md).
   */
  secretKey: Buffer | null;
  secretKeyPrevious: Buffer | null;
};

export type OidcConfig = {
  issuer: string;
  clientId: string;
  /** Null for a public client (PKCE only). */
  clientSecret: string | null;
  /** The public address of GET /api/auth/oidc/callback, registered with the identity provider. */
  redirectUri: string;
  scopes: string;
  /** The ID token claim that names the user, e.g. email or preferred_username. */
  claim: string;
  /** The users column the claim is matched against. */
  userField: 'username' | 'email';
  /** The button text: "Logga in med <label>". */
  label: string;
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.KVARBO_DATA_DIR ?? './data');
  return {
    dataDir,
    databaseUrl: env.DATABASE_URL?.trim() || null,
    pgPoolSize: intFrom(env.KVARBO_PG_POOL_SIZE, 10, 'KVARBO_PG_POOL_SIZE'),
    pgPreparedStatements: !['off', '0', 'false'].includes((env.KVARBO_PG_PREPARED_STATEMENTS ?? 'on').trim().toLowerCase()),
    host: env.HOST ?? '127.0.0.1',
    port: intFrom(env.PORT, 3000, 'PORT'),
    trustProxy: env.KVARBO_TRUST_PROXY === '1' || env.KVARBO_TRUST_PROXY === 'true',
    localLogin: !['off', '0', 'false'].includes((env.KVARBO_LOCAL_LOGIN ?? 'on').trim().toLowerCase()),
    // 30 minutes idle and 12 hours at most: what a municipality's security officer expects for social-services data (issue 8).
    sessionIdleMinutes: intFrom(env.KVARBO_SESSION_IDLE_MINUTES, 30, 'KVARBO_SESSION_IDLE_MINUTES'),
    sessionMaxHours: intFrom(env.KVARBO_SESSION_MAX_HOURS, 12, 'KVARBO_SESSION_MAX_HOURS'),
    loginMaxFailures: intFrom(env.KVARBO_LOGIN_MAX_FAILURES, 5, 'KVARBO_LOGIN_MAX_FAILURES'),
    loginLockMinutes: intFrom(env.KVARBO_LOGIN_LOCK_MINUTES, 15, 'KVARBO_LOGIN_LOCK_MINUTES'),
    logLevel: env.KVARBO_LOG_LEVEL ?? 'info',
    webDistDir: path.resolve(env.KVARBO_WEB_DIST ?? new URL('../../web/dist', import.meta.url).pathname),
    oidc: readOidcConfig(env),
    culling: parseCullingPolicy(env.KVARBO_CULL_YEARS, env.KVARBO_CULL_RESEARCH_DAYS),
    secretKey: optionalKey(env, SECRET_KEY_ENV),
    secretKeyPrevious: optionalKey(env, SECRET_KEY_PREVIOUS_ENV),
  };
}

function readOidcConfig(env: NodeJS.ProcessEnv): OidcConfig | null {
  const value = (name: string) => env[name]?.trim() || undefined;
  const issuer = value('KVARBO_OIDC_ISSUER');
  if (!issuer) {
    const stray = ['KVARBO_OIDC_CLIENT_ID', 'KVARBO_OIDC_CLIENT_SECRET', 'KVARBO_OIDC_REDIRECT_URI'].find((n) => value(n));
    if (stray) throw new Error(`${stray} is set but KVARBO_OIDC_ISSUER is not: set both, or neither`);
    return null;
  }
  const clientId = value('KVARBO_OIDC_CLIENT_ID');
  if (!clientId) throw new Error('KVARBO_OIDC_CLIENT_ID must be set when KVARBO_OIDC_ISSUER is set');
  const redirectUri = value('KVARBO_OIDC_REDIRECT_URI');
  if (!redirectUri) {
    throw new Error('KVARBO_OIDC_REDIRECT_URI must be set with KVARBO_OIDC_ISSUER (the public URL of /api/auth/oidc/callback)');
  }
  const userField = (value('KVARBO_OIDC_USER_FIELD') ?? 'email').toLowerCase();
  if (userField !== 'username' && userField !== 'email') {
    throw new Error(`KVARBO_OIDC_USER_FIELD must be "username" or "email", got "${userField}"`);
  }
  const scopes = (value('KVARBO_OIDC_SCOPES') ?? 'openid profile email').split(/\s+/);
  if (!scopes.includes('openid')) throw new Error('KVARBO_OIDC_SCOPES must include "openid"');
  const claim = value('KVARBO_OIDC_CLAIM') ?? 'email';
  if (!/^[\w.:-]+$/.test(claim)) throw new Error(`KVARBO_OIDC_CLAIM must be a claim name, got "${claim}"`);
  return {
    issuer: httpsUrl(issuer, 'KVARBO_OIDC_ISSUER'),
    clientId,
    clientSecret: value('KVARBO_OIDC_CLIENT_SECRET') ?? null,
    redirectUri: httpsUrl(redirectUri, 'KVARBO_OIDC_REDIRECT_URI'),
    scopes: scopes.join(' '),
    claim,
    userField,
    label: value('KVARBO_OIDC_LABEL') ?? 'organisationens inloggning',
  };
}

/** An absolute https URL; plain http only on loopback (a local test provider). */
function httpsUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute URL, got "${value}"`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error(`${name} must be an https URL (http only on 127.0.0.1/localhost), got "${value}"`);
  }
  if (url.search || url.hash) throw new Error(`${name} must not have a query string or fragment, got "${value}"`);
  // As written: the issuer must equal the ID token's iss claim character for character.
  return value;
}

function optionalKey(env: NodeJS.ProcessEnv, name: string): Buffer | null {
  const value = env[name]?.trim();
  return value ? parseSecretKey(value, name) : null;
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}
