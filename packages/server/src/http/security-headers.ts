import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The Content-Security-Policy for the API and the built web client. The client is one module script from
 * /assets (no inline script: checked in dist/index.html), React style attributes need inline styles, the
 * favicon and the chart PNG export draw a `data:` SVG image, and downloads use `blob:` URLs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** For PDFs opened in the browser's viewer: see registerSecurityHeaders. */
export const PDF_CONTENT_SECURITY_POLICY = "frame-ancestors 'none'";

const HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'cross-origin-opener-policy': 'same-origin',
};

/** One year; only sent over https, so a plain-http install (or a test) never pins itself to https. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every response (API, web client, API docs, errors and 404s). Register before any plugin
 * so encapsulated plugins (static files, Swagger UI) inherit the hook. Over https (directly, or behind a
 * trusted proxy that sends X-Forwarded-Proto, the same test as the session cookie's Secure flag) also HSTS.
 */
export function registerSecurityHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(HEADERS)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    // Letters open as PDF in a new tab. The browser's own PDF viewer embeds the file in a document that gets
    // this response's CSP, and object-src 'none' (or default-src) can leave it blank: PDFs get only
    // frame-ancestors (plus nosniff and the rest). PDFs are Kvarbo's own output, made on the server.
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/pdf')) {
      reply.header('content-security-policy', PDF_CONTENT_SECURITY_POLICY);
    }
    if (request.protocol === 'https') reply.header('strict-transport-security', STRICT_TRANSPORT_SECURITY);
    return payload;
  });
}

// Personnummer and samordningsnummer as they may appear in a URL path: 6 or 8 digits, optional - or +, 4 digits.
const PERSONAL_NUMBER_LIKE = /(?<!\d)(\d{6}|\d{8})(?:[-+]|%2B)?\d{4}(?!\d)/gi;

// A survey link's token (/s/<token>, /api/s/<token>) is the resident's one-time key: whoever reads the log could
// otherwise answer in their name.
const SURVEY_LINK = /^(\/(?:api\/)?s\/)[^/]+/;

/**
 * The URL as it may be logged: no query string (search terms, filters: names and personnummer end up there),
 * nothing shaped like a personal identity number in the path and no survey link token.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path.replace(SURVEY_LINK, '$1[token]').replace(PERSONAL_NUMBER_LIKE, '[redacted]') + (q === -1 ? '' : '?[redacted]');
}

/** Fastify's request log line without personal data: method, redacted URL, host and client address. */
export function requestLogSerializer(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

const maskPersonalNumbers = (text: string) => text.replace(PERSONAL_NUMBER_LIKE, '[redacted]');

type LoggedError = { type: string; message: string; stack: string; [key: string]: unknown };

/**
 * Errors as logged: type, code, message and stack, with anything shaped like a personnummer masked (a
 * database error can quote the value that broke a constraint). The cause is followed a few levels down.
 */
export function errorLogSerializer(error: Error): LoggedError {
  return serializeError(error, 0);
}

function serializeError(error: Error, depth: number): LoggedError {
  const e = error as Error & { code?: unknown; statusCode?: unknown };
  return {
    type: e.constructor?.name ?? 'Error',
    message: maskPersonalNumbers(String(e.message ?? '')),
    stack: maskPersonalNumbers(String(e.stack ?? '')),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}),
    ...(e.cause instanceof Error && depth < 3 ? { cause: serializeError(e.cause, depth + 1) } : {}),
  };
}
