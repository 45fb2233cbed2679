import path from 'node:path';

/** Everything Kvarbo reads from the environment, in one place (the README lists the same variables). */
export type Config = {
  dataDir: string;
  databaseUrl: string | null;
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
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.KVARBO_DATA_DIR ?? './data');
  return {
    dataDir,
    databaseUrl: env.DATABASE_URL?.trim() || null,
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
  };
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}
