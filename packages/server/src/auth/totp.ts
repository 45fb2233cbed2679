import * as OTPAuth from 'otpauth';

/** Time-based one-time codes (RFC 6238) as authenticator apps make them: SHA-1, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Codes of the step before and after the current one are accepted too (clock drift, slow typing). */
export const TOTP_WINDOW = 1;
const ISSUER = 'Kvarbo';

function totp(secretBase32: string, digits: number, label = ISSUER) {
  return new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits,
    period: TOTP_PERIOD_SECONDS,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

/** A new random secret (160 bits, as RFC 4226 recommends), base32 without padding. */
export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function timeStep(atMs: number): number {
  return Math.floor(atMs / 1000 / TOTP_PERIOD_SECONDS);
}

export function totpCode(secretBase32: string, atMs: number, digits = TOTP_DIGITS): string {
  return totp(secretBase32, digits).generate({ timestamp: atMs });
}

/** The time step the code belongs to, if it is valid within the window at the time; otherwise null. */
export function matchTotp(secretBase32: string, code: string, atMs: number, digits = TOTP_DIGITS): number | null {
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return null;
  const delta = totp(secretBase32, digits).validate({ token: code, timestamp: atMs, window: TOTP_WINDOW });
  return delta === null ? null : timeStep(atMs) + delta;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function otpauthUri(secretBase32: string, account: string): string {
  return totp(secretBase32, TOTP_DIGITS, account).toString();
}

/** The secret for manual entry, in groups of four. */
export function groupSecret(secretBase32: string): string {
  return secretBase32.replace(/(.{4})(?=.)/g, '$1 ');
}
