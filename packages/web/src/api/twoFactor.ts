import { request } from './client.ts';
import type { SessionAnswer } from './types.ts';

/** The login's second step (docs/two-factor.md). */
export type TwoFactorStep =
  { twoFactor: 'verify'; challenge: string } | { twoFactor: 'enrol'; challenge: string; secret: string; otpauthUri: string; qrSvg: string };

export type LoginAnswer = SessionAnswer | TwoFactorStep;

export interface EnrolmentOffer {
  challenge: string;
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

export interface TwoFactorStatus {
  enrolled: boolean;
  enrolledAt: string | null;
  required: boolean;
  recoveryCodesLeft: number;
}

export type StaffRole = 'manager' | 'caseworker' | 'host' | 'analyst';

export interface UnitSecuritySettings {
  unitId: string;
  twoFactorRoles: StaffRole[];
  idleMinutes: number;
  isDefault: boolean;
  canEdit: boolean;
  /** Row version of the unit's own settings, 0 while it keeps the defaults; saving sends it back (409 STALE_VERSION when stale). */
  version: number;
}

export const twoFactorApi = {
  login: (username: string, password: string) =>
    request<LoginAnswer>('POST', '/auth/login', { body: { username, password }, allowUnauthenticated: true }),
  verify: (challenge: string, input: { code: string } | { recoveryCode: string }) =>
    request<SessionAnswer>('POST', '/auth/two-factor/verify', { body: { challenge, ...input }, allowUnauthenticated: true }),
  enrol: (challenge: string, code: string) =>
    request<SessionAnswer & { recoveryCodes: string[] }>('POST', '/auth/two-factor/enrol', {
      body: { challenge, code },
      allowUnauthenticated: true,
    }),
  status: (signal?: AbortSignal) => request<TwoFactorStatus>('GET', '/account/two-factor', { signal }),
  startEnrolment: () => request<EnrolmentOffer>('POST', '/account/two-factor/enrolment', { body: {} }),
  confirmEnrolment: (challenge: string, code: string) =>
    request<{ recoveryCodes: string[] }>('POST', '/account/two-factor/enrolment/confirm', { body: { challenge, code } }),
  newRecoveryCodes: (code: string) =>
    request<{ recoveryCodes: string[] }>('POST', '/account/two-factor/recovery-codes', { body: { code } }),
  switchOff: (code: string) => request<void>('POST', '/account/two-factor/disable', { body: { code } }),
  unitSettings: (unitId: string, signal?: AbortSignal) =>
    request<UnitSecuritySettings>('GET', `/units/${unitId}/security-settings`, { signal }),
  saveUnitSettings: (unitId: string, body: { version: number; twoFactorRoles: StaffRole[]; idleMinutes: number }) =>
    request<UnitSecuritySettings>('PUT', `/units/${unitId}/security-settings`, { body }),
};

/** The secret for typing into an app by hand, in groups of four. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}
