import { request } from './client.ts';
import type { SessionAnswer } from './types.ts';

export const authApi = {
  session: () => request<SessionAnswer>('GET', '/auth/session', { allowUnauthenticated: true }),
  login: (username: string, password: string) =>
    request<SessionAnswer>('POST', '/auth/login', { body: { username, password }, allowUnauthenticated: true }),
  logout: () => request<void>('POST', '/auth/logout', { body: {}, allowUnauthenticated: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/auth/password', { body: { currentPassword, newPassword } }),
};
