import { api } from './client.ts';
import type { Apartment, ApartmentType, ListQuery, Page } from './types.ts';

export type ApartmentInput = Omit<Apartment, 'id' | 'version' | 'landlordName' | 'currentResident'>;

export interface ApartmentQuery extends ListQuery {
  unitId?: string;
  type?: ApartmentType | '';
}

export const apartmentsApi = {
  list: (query: ApartmentQuery, signal?: AbortSignal) => api.get<Page<Apartment>>('/apartments', { ...query }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<Apartment>(`/apartments/${id}`, undefined, signal),
  create: (input: ApartmentInput) => api.post<Apartment>('/apartments', input),
  update: (id: string, version: number, input: Partial<ApartmentInput>) => api.patch<Apartment>(`/apartments/${id}`, { ...input, version }),
};
