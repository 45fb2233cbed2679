import { api, buildQuery } from './client.ts';
import type { Page } from './types.ts';

/** One row of the sign-in log (inloggningslogg, docs/two-factor.md). */
export interface SignInEvent {
  id: string;
  occurredAt: string;
  userId: string | null;
  userName: string | null;
  username: string | null;
  /** The username tried, only when it matched no account. */
  usernameTried: string | null;
  method: 'password' | 'sso' | 'totp' | 'recovery-code' | 'logout' | 'admin';
  outcome: string;
  failure: boolean;
  byUserId: string | null;
  byUserName: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface SignInQuery {
  from?: string;
  to?: string;
  userId?: string;
  outcome?: string;
  onlyFailures?: 'true';
  page?: number;
}

export const signInsApi = {
  list: (query: SignInQuery, signal?: AbortSignal) => api.get<Page<SignInEvent>>('/admin/sign-in-events', { ...query }, signal),
  /** A plain link: the browser downloads the file with the session cookie. */
  exportUrl: (query: Omit<SignInQuery, 'page'>) => `/api/admin/sign-in-events.csv${buildQuery({ ...query })}`,
  /** Whether the user has two-factor sign-in, for the reset button on the user's page. */
  twoFactorStatus: (userId: string, signal?: AbortSignal) =>
    api.get<{ enrolled: boolean; enrolledAt: string | null }>(`/admin/users/${userId}/two-factor`, undefined, signal),
  resetTwoFactor: (userId: string) => api.post<void>(`/admin/users/${userId}/two-factor/reset`, {}),
};
