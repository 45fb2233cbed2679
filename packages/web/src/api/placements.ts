import { api } from './client.ts';
import type { EndReason, ListQuery, Page, Placement } from './types.ts';

export type PlacementInput = Pick<
  Placement,
  | 'residentId'
  | 'apartmentId'
  | 'startDate'
  | 'endDate'
  | 'leaseForm'
  | 'rentIncludedInDailyFee'
  | 'dailyFeeOre'
  | 'rentAllowanceOre'
  | 'monthlyRentOre'
  | 'agreedDueDay'
  | 'residentPaysRent'
>;

export interface PlacementQuery extends ListQuery {
  unitId?: string;
  residentId?: string;
  apartmentId?: string;
  active?: boolean;
}

export interface EndPlacementInput {
  endDate: string;
  endReason: EndReason;
  endNote?: string;
}

export const placementsApi = {
  list: (query: PlacementQuery, signal?: AbortSignal) => api.get<Page<Placement>>('/placements', { ...query }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<Placement>(`/placements/${id}`, undefined, signal),
  create: (input: PlacementInput) => api.post<Placement>('/placements', input),
  update: (id: string, version: number, input: Partial<PlacementInput>) => api.patch<Placement>(`/placements/${id}`, { ...input, version }),
  end: (id: string, version: number, input: EndPlacementInput) => api.post<Placement>(`/placements/${id}/end`, { ...input, version }),
};
