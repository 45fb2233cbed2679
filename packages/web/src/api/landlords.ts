import { api } from './client.ts';
import type { Contact, Landlord, ListQuery, Page } from './types.ts';

export type LandlordInput = Omit<Landlord, 'id' | 'version' | 'contacts'>;
export type ContactInput = Omit<Contact, 'id'>;

export const landlordsApi = {
  list: (query: ListQuery, signal?: AbortSignal) => api.get<Page<Landlord>>('/landlords', { ...query }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<Landlord>(`/landlords/${id}`, undefined, signal),
  create: (input: LandlordInput) => api.post<Landlord>('/landlords', input),
  update: (id: string, version: number, input: Partial<LandlordInput>) => api.patch<Landlord>(`/landlords/${id}`, { ...input, version }),
  addContact: (id: string, input: ContactInput) => api.post<Contact>(`/landlords/${id}/contacts`, input),
  removeContact: (id: string, contactId: string) => api.delete(`/landlords/${id}/contacts/${contactId}`),
};
