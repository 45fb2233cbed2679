import { api } from './client.ts';
import type { StaffMember, UnitMembership } from './types.ts';

export const unitsApi = {
  mine: (signal?: AbortSignal) => api.get<UnitMembership[]>('/units', undefined, signal),
  staff: (unitId: string, signal?: AbortSignal) => api.get<StaffMember[]>(`/units/${unitId}/staff`, undefined, signal),
};
