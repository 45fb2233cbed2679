import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { groupSecret, matchTotp, newTotpSecret, otpauthUri, timeStep, totpCode } from '../src/auth/totp.ts';

// RFC 6238 Appendix B, SHA-1: the secret is the ASCII string "12345678901234567890".
const SECRET = OTPAuth.Secret.fromUTF8('12345678901234567890').base32;
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP wrapper', () => {
  it.each(VECTORS)('RFC 6238 SHA-1 vector at T=%i gives %s (8 digits)', (t, code) => {
    expect(totpCode(SECRET, t * 1000, 8)).toBe(code);
    expect(matchTotp(SECRET, code, t * 1000, 8)).toBe(timeStep(t * 1000));
  });

  it('uses 6 digits by default: the last six of the 8-digit value', () => {
    expect(totpCode(SECRET, 59_000)).toBe('287082');
    expect(totpCode(SECRET, 1111111109_000)).toBe('081804');
  });

  it('accepts one step either side and nothing further', () => {
    const at = 1234567890_000;
    const step = timeStep(at);
    expect(matchTotp(SECRET, totpCode(SECRET, at - 30_000), at)).toBe(step - 1);
    expect(matchTotp(SECRET, totpCode(SECRET, at + 30_000), at)).toBe(step + 1);
    expect(matchTotp(SECRET, totpCode(SECRET, at - 60_000), at)).toBeNull();
    expect(matchTotp(SECRET, totpCode(SECRET, at + 60_000), at)).toBeNull();
    expect(matchTotp(SECRET, 'abcdef', at)).toBeNull();
    expect(matchTotp(SECRET, '12345', at)).toBeNull();
  });

  it('makes random 160-bit secrets and an otpauth URI with the account', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
    const uri = otpauthUri(a, 'anna');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Kvarbo:anna\?/);
    expect(uri).toContain(`secret=${a}`);
    expect(uri).toContain('digits=6');
    expect(uri).toContain('period=30');
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});
