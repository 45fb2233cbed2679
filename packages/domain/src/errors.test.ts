import { describe, it, expect } from 'vitest';
import { DomainError, conflict, notFound, validationError } from './errors.ts';

describe('DomainError', () => {
  it('is an Error with a code, a status hint and messages in both languages', () => {
    const e = notFound();
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(DomainError);
    expect(e.name).toBe('DomainError');
    expect(e.code).toBe('NOT_FOUND');
    expect(e.status).toBe(404);
    expect(e.message).toBe(e.messages.en);
    expect(e.messages.sv).not.toBe('');
    expect(e.fields).toBeUndefined();
  });

  it('carries field errors for validation', () => {
    const field = { field: 'personalNumber', code: 'invalid_checksum', message: 'Kontrollsiffran stämmer inte.' };
    const e = validationError([field]);
    expect(e.code).toBe('VALIDATION');
    expect(e.status).toBe(400);
    expect(e.fields).toEqual([field]);
    expect(e.toBody('sv')).toEqual({
      error: { code: 'VALIDATION', message: e.messages.sv, fields: [field] },
    });
  });

  it('carries the conflicting record for conflicts', () => {
    const existing = { id: 'p1', startDate: '2026-01-01', endDate: null };
    const e = conflict(
      'PLACEMENT_OVERLAP_RESIDENT',
      { sv: 'Personen har redan en placering under perioden.', en: 'The person already has a placement then.' },
      { conflict: existing },
    );
    expect(e.status).toBe(409);
    expect(e.toBody('en')).toEqual({
      error: {
        code: 'PLACEMENT_OVERLAP_RESIDENT',
        message: 'The person already has a placement then.',
        conflict: existing,
      },
    });
  });

  it('does not let extra members overwrite code or message', () => {
    const e = conflict('X', { sv: 'a', en: 'b' }, { code: 'Y', message: 'z' });
    expect(e.toBody('sv').error).toMatchObject({ code: 'X', message: 'a' });
  });
});
