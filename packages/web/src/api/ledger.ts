import { api } from './client.ts';
import type {
  AllowancePayout,
  ChargeRun,
  Page,
  Payment,
  PaymentMethod,
  PlacementLedger,
  ResidentLedger,
  UnmatchedPayment,
} from './types.ts';

export interface ManualPaymentInput {
  bookingDate: string;
  amountOre: number;
  method: PaymentMethod;
  note?: string | null;
}

export interface ReverseInput {
  /** Default: today. */
  bookingDate?: string | null;
  note: string;
}

export interface AllowanceInput {
  paidOn: string;
  amountOre: number;
  note?: string | null;
}

export const ledgerApi = {
  ofResident: (residentId: string, signal?: AbortSignal) => api.get<ResidentLedger>(`/residents/${residentId}/ledger`, undefined, signal),
  ofPlacement: (placementId: string, signal?: AbortSignal) =>
    api.get<PlacementLedger>(`/placements/${placementId}/ledger`, undefined, signal),
  recordPayment: (placementId: string, input: ManualPaymentInput) => api.post<Payment>(`/placements/${placementId}/payments`, input),
  reversePayment: (paymentId: string, input: ReverseInput) => api.post<Payment>(`/payments/${paymentId}/reverse`, input),
  payAllowance: (placementId: string, input: AllowanceInput) =>
    api.post<AllowancePayout>(`/placements/${placementId}/rent-allowances`, input),
  /** monthlyRentOre null: back to the apartment's rent. */
  changePlacementRent: (placementId: string, fromMonth: string, monthlyRentOre: number | null) =>
    api.post<{ corrected: number }>(`/placements/${placementId}/rent-changes`, { fromMonth, monthlyRentOre }),
  changeApartmentRent: (apartmentId: string, fromMonth: string, monthlyRentOre: number) =>
    api.post<{ corrected: number }>(`/apartments/${apartmentId}/rent-changes`, { fromMonth, monthlyRentOre }),
  unmatched: (query: { unitId?: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
    api.get<Page<UnmatchedPayment>>('/payments/unmatched', { ...query }, signal),
  assign: (paymentId: string, placementId: string) => api.post<Payment>(`/payments/${paymentId}/assign`, { placementId }),
  /** Managers: create a month's missing charges for a unit (creating twice adds nothing). */
  generateCharges: (month: string, unitId: string) => api.post<ChargeRun>('/charges/generate', { month, unitId }),
};
