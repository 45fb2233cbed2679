import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF_CONTENT_SECURITY_POLICY, registerSecurityHeaders } from '../src/http/security-headers.ts';
import { startTestApp, type Res, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

function expectSecurityHeaders(res: Res, what: string) {
  const csp = String(res.headers['content-security-policy']);
  expect(csp, what).toContain("script-src 'self'");
  expect(csp, what).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).toContain("base-uri 'self'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("form-action 'self'");
  expect(csp, what).toContain("img-src 'self' data: blob:");
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['referrer-policy'], what).toBe('no-referrer');
  expect(res.headers['x-frame-options'], what).toBe('DENY');
  expect(res.headers['permissions-policy'], what).toBe('camera=(), microphone=(), geolocation=()');
  expect(res.headers['cross-origin-opener-policy'], what).toBe('same-origin');
}

describe.each(TEST_DIALECTS)('security headers on %s', (dialect) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-web-'));
  let direct: TestApp; // plain http, no proxy
  let proxied: TestApp; // behind a trusted TLS-terminating proxy
  beforeAll(async () => {
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Kvarbo</title><div id="root"></div>');
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    direct = await startTestApp(dialect, { webDistDir: dir, trustProxy: false });
    proxied = await startTestApp(dialect, { webDistDir: dir, trustProxy: true });
  });
  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('are on API answers, the web client, its assets, the API docs, errors and 404s', async () => {
    const c = await direct.as('caseworkerA');
    const answers: [string, Res][] = [
      ['API', await c.get('/api/residents')],
      ['health', await direct.anonymous.get('/api/health')],
      ['index', await direct.anonymous.get('/')],
      ['client route', await direct.anonymous.get('/residents/123')],
      ['asset', await direct.anonymous.get('/assets/app.js')],
      ['API docs', await direct.anonymous.get('/api/docs')],
      ['401', await direct.anonymous.get('/api/residents')],
      ['400', await c.post('/api/residents', { firstName: '' })],
      ['404', await direct.anonymous.get('/api/does-not-exist')],
    ];
    expect(answers.find(([w]) => w === 'index')![1].text).toContain('<div id="root">');
    expect(answers.find(([w]) => w === '401')![1].status).toBe(401);
    const docs = answers.find(([w]) => w === 'API docs')![1];
    expect(docs.status).toBe(200);
    // Swagger UI works under script-src 'self': only external scripts, no inline ones.
    expect(docs.text).toMatch(/<script[^>]*\ssrc=/);
    expect(docs.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    for (const [what, res] of answers) expectSecurityHeaders(res, what);
  });

  it('sends HSTS only over https: behind the trusted proxy with X-Forwarded-Proto https, never on plain http', async () => {
    const https = await proxied.anonymous.request('GET', '/', undefined, { 'x-forwarded-proto': 'https' });
    expect(https.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
    const httpsApi = await proxied.anonymous.request('GET', '/api/health', undefined, { 'x-forwarded-proto': 'https' });
    expect(httpsApi.headers['strict-transport-security']).toMatch(/^max-age=/);
    expectSecurityHeaders(httpsApi, 'https API');

    expect((await proxied.anonymous.get('/')).headers['strict-transport-security']).toBeUndefined();
    expect((await direct.anonymous.get('/')).headers['strict-transport-security']).toBeUndefined();
    // Without a trusted proxy the header is the client's word and is ignored.
    const spoofed = await direct.anonymous.request('GET', '/api/health', undefined, { 'x-forwarded-proto': 'https' });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });

  it('keeps the session cookie HttpOnly and SameSite=Lax, Secure only over https', async () => {
    const login = (t: TestApp, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'caseworkera', password: 'correct horse battery staple' },
        headers,
      });
    const plain = await login(direct);
    expect(plain.statusCode).toBe(200);
    const plainCookie = String(plain.headers['set-cookie']);
    expect(plainCookie).toMatch(/HttpOnly/i);
    expect(plainCookie).toMatch(/SameSite=Lax/i);
    expect(plainCookie).not.toMatch(/Secure/i);
    expectSecurityHeaders({ status: plain.statusCode, body: null, text: plain.body, headers: plain.headers }, 'login');

    const secure = await login(proxied, { 'x-forwarded-proto': 'https' });
    expect(secure.statusCode).toBe(200);
    const secureCookie = String(secure.headers['set-cookie']);
    expect(secureCookie).toMatch(/HttpOnly/i);
    expect(secureCookie).toMatch(/SameSite=Lax/i);
    expect(secureCookie).toMatch(/Secure/i);
  });
});

describe('security headers on PDFs', () => {
  it("give letters opened in the browser's PDF viewer only frame-ancestors, with the other headers", async () => {
    const app = Fastify();
    registerSecurityHeaders(app);
    app.get('/letter.pdf', (_request, reply) =>
      reply.header('content-type', 'application/pdf').header('content-disposition', 'inline').send(Buffer.from('%PDF-1.4\n')),
    );
    app.get('/data', () => ({ ok: true }));
    const pdf = await app.inject('/letter.pdf');
    expect(pdf.headers['content-security-policy']).toBe(PDF_CONTENT_SECURITY_POLICY);
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect(pdf.headers['x-frame-options']).toBe('DENY');
    expect(pdf.headers['referrer-policy']).toBe('no-referrer');
    expect((await app.inject('/data')).headers['content-security-policy']).toContain("object-src 'none'");
    await app.close();
  });
});
