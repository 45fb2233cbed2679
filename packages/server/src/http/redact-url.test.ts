import { describe, expect, it } from 'vitest';
import { redactUrl } from './security-headers.ts';

describe('redactUrl', () => {
  it('drops the query string and masks anything shaped like a personnummer in the path', () => {
    expect(redactUrl('/api/residents?q=Testsson')).toBe('/api/residents?[redacted]');
    expect(redactUrl('/api/lookup/19121212-1212/x')).toBe('/api/lookup/[redacted]/x');
    expect(redactUrl('/api/lookup/121212+1212')).toBe('/api/lookup/[redacted]');
  });

  it('masks a survey link’s one-time token, on the page and in the API', () => {
    expect(redactUrl('/s/k3J9xQ_abc-123')).toBe('/s/[token]');
    expect(redactUrl('/api/s/k3J9xQ_abc-123')).toBe('/api/s/[token]');
    expect(redactUrl('/api/s/k3J9xQ_abc-123?lang=en')).toBe('/api/s/[token]?[redacted]');
    expect(redactUrl('/api/surveys/42/results')).toBe('/api/surveys/42/results');
  });
});
