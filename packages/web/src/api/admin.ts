import { api } from './client.ts';
import type { AdminUser, Role, Unit } from './types.ts';

export interface NewUserInput {
  username: string;
  displayName: string;
  password: string;
  isAdmin: boolean;
  memberships: { unitId: string; role: Role }[];
  /** A landlord account of this company: no memberships and never admin. */
  landlordId?: string;
}

/** A key a landlord's own system sends reports with; the key itself is only in the answer that creates it. */
export interface ApiKey {
  id: string;
  label: string;
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface NewApiKey {
  id: string;
  label: string;
  key: string;
  keyPrefix: string;
}

export interface UserPatch {
  displayName?: string;
  isAdmin?: boolean;
  disabled?: boolean;
  memberships?: { unitId: string; role: Role }[];
}

/** The contract does not say whether the admin lists are plain arrays or pages; accept both. */
function items<T>(answer: T[] | { items: T[] }): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}

export const adminApi = {
  units: async (signal?: AbortSignal) => items(await api.get<Unit[] | { items: Unit[] }>('/admin/units', undefined, signal)),
  createUnit: (name: string) => api.post<Unit>('/admin/units', { name }),
  /** bankgiro null or '' removes it; the server checks the number and answers "123-4567". */
  updateUnit: (id: string, version: number, patch: { name?: string; bankgiro?: string | null }) =>
    api.patch<Unit>(`/admin/units/${id}`, { ...patch, version }),
  users: async (signal?: AbortSignal) => items(await api.get<AdminUser[] | { items: AdminUser[] }>('/admin/users', undefined, signal)),
  createUser: (input: NewUserInput) => api.post<AdminUser>('/admin/users', input),
  updateUser: (id: string, version: number, patch: UserPatch) => api.patch<AdminUser>(`/admin/users/${id}`, { ...patch, version }),
  apiKeys: (landlordId: string, signal?: AbortSignal) => api.get<ApiKey[]>(`/admin/landlords/${landlordId}/api-keys`, undefined, signal),
  createApiKey: (landlordId: string, label: string) => api.post<NewApiKey>(`/admin/landlords/${landlordId}/api-keys`, { label }),
  revokeApiKey: (landlordId: string, keyId: string) => api.post<void>(`/admin/landlords/${landlordId}/api-keys/${keyId}/revoke`, {}),
};
