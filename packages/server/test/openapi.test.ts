import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.ts';

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is served at /api/docs and documents every API route with its request schema', async () => {
    const ui = await t.anonymous.get('/api/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger/i);
    const doc = (await t.anonymous.get('/api/docs/json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    );
    const routes = t.app.declaredRoutes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD');
    for (const r of routes) expect(documented, `${r.method} ${r.url}`).toContain(`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    const create = doc.paths['/api/placements'].post.requestBody.content['application/json'].schema;
    expect(create.required).toEqual(expect.arrayContaining(['residentId', 'apartmentId', 'startDate']));
    expect(create.properties.endReason.enum ?? create.properties.endReason.anyOf?.[0]?.enum).toContain('terminated_rent_arrears');
  });
});
