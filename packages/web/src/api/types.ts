// Shapes of the HTTP API as documented in docs/api.md. Money is integer öre, dates 'YYYY-MM-DD',
// instants ISO 8601 UTC.

import type { ApartmentType, CommissionerKind, IdKind, KitchenKind, LeaseForm, PlacementEndReason, Role } from '@kvarbo/domain';

// The fixed value lists (types, kitchens, end reasons, roles …) and their labels come from @kvarbo/domain,
// the same lists the server validates against.
export type { ApartmentType, CommissionerKind, IdKind, KitchenKind, LeaseForm, Role };
export type EndReason = PlacementEndReason;
export type Locale = 'sv' | 'en';

export interface UnitMembership {
  id: string;
  name: string;
  role: Role;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  locale: Locale;
  units: UnitMembership[];
  /** 'landlord': an external user of a landlord company, who sees only the landlord portal (/portal). */
  kind?: 'staff' | 'landlord';
  landlordId?: string | null;
}

export interface SessionAnswer {
  user: Me;
  csrfToken: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ListQuery {
  q?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface Contact {
  id: string;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
}

export interface Landlord {
  id: string;
  /** Row version: an edit sends back the version it was made from (409 STALE_VERSION when stale). */
  version: number;
  name: string;
  organisationNumber: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  notes: string | null;
  contacts: Contact[];
}

export interface Commissioner {
  id: string;
  /** Row version: an edit sends back the version it was made from (409 STALE_VERSION when stale). */
  version: number;
  name: string;
  kind: CommissionerKind;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
}

export interface Apartment {
  id: string;
  /** Row version: an edit sends back the version it was made from (409 STALE_VERSION when stale). */
  version: number;
  unitId: string;
  landlordId: string;
  landlordName: string;
  address: string;
  postcode: string;
  city: string;
  district: string | null;
  rooms: number;
  kitchen: KitchenKind;
  areaSqm: number;
  monthlyRentOre: number;
  type: ApartmentType;
  unitHoldsFirstHandLease: boolean;
  landlordObjectNumber: string | null;
  currentResident: { id: string; name: string } | null;
}

export interface Placement {
  id: string;
  /** Row version: an edit sends back the version it was made from (409 STALE_VERSION when stale). */
  version: number;
  residentId: string;
  residentName: string;
  /** The person was culled (docs/culling.md): residentName is empty; show <PersonName>. */
  residentCulled?: boolean;
  apartmentId: string;
  apartmentAddress: string;
  unitId: string;
  startDate: string;
  endDate: string | null;
  leaseForm: LeaseForm;
  rentIncludedInDailyFee: boolean;
  dailyFeeOre: number | null;
  rentAllowanceOre: number | null;
  monthlyRentOre: number | null;
  /** Not in docs/api.md but sent by the server: the rent that applies (own or the apartment's). */
  effectiveMonthlyRentOre?: number | null;
  endReason: EndReason | null;
  endNote: string | null;
  /** The resident's OCR number for Bankgiro payments to the unit. */
  ocrReference?: string | null;
  /** Day 1–28 of the month before the rent month; null = the last vardag before the month (jordabalken 12:20). */
  agreedDueDay?: number | null;
  /** false: no rent charges are made for the placement. */
  residentPaysRent?: boolean;
}

export interface Resident {
  id: string;
  /** Row version: an edit sends back the version it was made from (409 STALE_VERSION when stale). */
  version: number;
  unitId: string;
  firstName: string;
  lastName: string;
  idKind: IdKind;
  personalNumber: string | null;
  noIdReason: string | null;
  birthDate: string | null;
  contactPersonId: string | null;
  contactPersonName: string | null;
  commissionerId: string | null;
  commissionerName: string | null;
  commissionerContact: string | null;
  householdAdults: number;
  householdChildren: number;
  phone: string | null;
  email: string | null;
  currentPlacement: Placement | null;
  /** Set when the records were culled (gallrade, docs/culling.md). */
  culledAt?: string | null;
}

export interface Note {
  id: string;
  authorName: string;
  createdAt: string;
  body: string;
}

export interface StaffMember {
  id: string;
  displayName: string;
  role: Role;
}

export interface Unit {
  id: string;
  name: string;
  /** "123-4567"; only on the admin unit list. */
  bankgiro?: string | null;
  /** Only on the admin unit list: the row version an edit sends back. */
  version?: number;
}

export interface AdminUser {
  id: string;
  /** Row version: an edit sends back the version it was made from (409 STALE_VERSION when stale). */
  version: number;
  username: string;
  displayName: string;
  email?: string | null;
  isAdmin: boolean;
  disabled: boolean;
  lockedUntil?: string | null;
  memberships: { unitId: string; role: Role }[];
  /** 'landlord': an account of a landlord company (landlordId) that only reaches the landlord portal. */
  kind?: 'staff' | 'landlord';
  landlordId?: string | null;
}

export const AUDIT_ACTIONS = ['read', 'list', 'create', 'update', 'export'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: number | string;
  at: string;
  userId: string | null;
  userName: string;
  residentId: string | null;
  residentName: string | null;
  residentCulled?: boolean;
  entity: string;
  entityId: string | null;
  action: AuditAction;
  ip: string | null;
}

// ---------- Rent ledger (docs/api.md "Rent ledger (issue 3)") ----------

export const MONTH_STATUSES = ['on_time', 'late', 'unpaid', 'open'] as const;
export type MonthStatus = (typeof MONTH_STATUSES)[number];

export const PAYMENT_METHODS = ['bankgiro', 'swish', 'cash', 'transfer', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_FORMATS = ['bgmax', 'camt054', 'camt053', 'csv', 'xlsx'] as const;
export type PaymentFormat = (typeof PAYMENT_FORMATS)[number];
export type PaymentSource = 'manual' | PaymentFormat;

export interface LedgerMonth {
  chargeId: string;
  month: string;
  dueDate: string;
  amountOre: number;
  paidOre: number;
  openOre: number;
  paidInFullOn: string | null;
  status: MonthStatus;
}

export interface Charge {
  id: string;
  month: string;
  dueDate: string;
  /** Negative: a credit note lowering reversesChargeId. */
  amountOre: number;
  days: number;
  daysInMonth: number;
  reversesChargeId: string | null;
  note: string | null;
  createdAt: string;
}

export interface Payment {
  id: string;
  source: PaymentSource;
  importId: string | null;
  lineNo: number | null;
  bankReference: string | null;
  bookingDate: string;
  /** Negative: a reversal of reversesPaymentId. */
  amountOre: number;
  reference: string | null;
  payerName: string | null;
  freeText: string | null;
  method: PaymentMethod | null;
  note: string | null;
  placementId: string | null;
  matchedBy: 'ocr' | 'staff' | null;
  reversesPaymentId: string | null;
  createdAt: string;
}

export interface AllowancePayout {
  id: string;
  paidOn: string;
  amountOre: number;
  note: string | null;
}

export interface PlacementLedger {
  placementId: string;
  apartmentAddress: string;
  startDate: string;
  endDate: string | null;
  ocrReference: string | null;
  /** Charged − paid; negative = the resident has money to their credit. */
  balanceOre: number;
  creditOre: number;
  totalChargedOre: number;
  totalPaidOre: number;
  months: LedgerMonth[];
  charges: Charge[];
  payments: Payment[];
  allocations: { paymentId: string; chargeId: string; amountOre: number }[];
  allowancePayouts: AllowancePayout[];
}

export interface ResidentLedger {
  residentId: string;
  balanceOre: number;
  placements: PlacementLedger[];
}

export interface PaymentSuggestion {
  placementId: string;
  residentId: string;
  residentName: string;
  monthlyRentOre: number;
  openOre: number;
}

export type UnmatchedPayment = Payment & { suggestions: PaymentSuggestion[] };

export interface ImportSummary {
  importId: string | null;
  file: string;
  format: PaymentFormat;
  payments: number;
  matched: number;
  unmatched: number;
  duplicates: number;
  totalOre: number;
  alreadyImported: boolean;
}

export interface PaymentImport {
  id: string;
  unitId: string;
  fileName: string;
  format: PaymentFormat;
  importedBy: string;
  importedAt: string;
  payments: number;
  matched: number;
  unmatched: number;
  duplicates: number;
  totalOre: number;
}

/** `payments` is the list here (it replaces the list view's count of the same name). */
export type PaymentImportDetail = Omit<PaymentImport, 'payments'> & {
  payments: (Payment & { residentId: string | null; residentName: string | null; residentCulled?: boolean })[];
};

export const MAPPING_FIELDS = ['date', 'amount', 'reference', 'name', 'bankReference', 'note'] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];
export type ColumnMapping = Partial<Record<MappingField, number>>;

export interface ImportPreview {
  headers: string[];
  rows: string[][];
  rowCount: number;
  suggestedMapping: ColumnMapping;
}

export interface ChargeRun {
  month: string;
  placements: number;
  created: number;
  existing: number;
  totalOre: number;
}

/** One problem in a rejected file (400 IMPORT_REJECTED, error.errors). */
export interface ImportProblem {
  line: number | null;
  element: string | null;
  field: string;
  code?: string;
  /** The server sends { sv, en } here (the top-level error.message is already in the request's language). */
  message: string | { sv: string; en: string };
}

// ---------- Rent follow-up (docs/api.md "Rent follow-up (issue 4)") ----------

/** The routine's steps (source 000): reminder on the 1st, home visit on the 5th, manager meeting on the 15th. */
export const TASK_KINDS = ['reminder', 'home_visit', 'manager_meeting', 'missed_instalment'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export type TaskStatus = 'open' | 'done';
export type TaskScope = 'mine' | 'unit';

export interface Task {
  id: string;
  /** Row version: an edit sends back the version it was made from (409 STALE_VERSION when stale). */
  version: number;
  unitId: string;
  residentId: string;
  residentName: string;
  residentCulled?: boolean;
  placementId: string;
  apartmentAddress: string;
  kind: TaskKind;
  /** The rent month the task is about, 'YYYY-MM'. */
  month: string;
  runDate: string;
  dueDate: string;
  overdue: boolean;
  assigneeId: string | null;
  assigneeName: string | null;
  planId: string | null;
  /** What was unpaid when the task was made (for a missed instalment: what is short). */
  openOre: number;
  status: TaskStatus;
  /** Set when the month was paid in full after the task was made; staff still close the task. */
  paidMeanwhileOn: string | null;
  outcome: string | null;
  doneAt: string | null;
}

export const TASK_EVENT_KINDS = ['comment', 'reassigned', 'done', 'reopened', 'paid_meanwhile', 'visit', 'notice'] as const;
export type TaskEventKind = (typeof TASK_EVENT_KINDS)[number];

export interface TaskEvent {
  id: string;
  at: string;
  userName: string | null;
  kind: TaskEventKind;
  text: string | null;
  toUserId: string | null;
}

export const UNPAID_REASONS = [
  'relapse',
  'mental_ill_health',
  'physical_illness',
  'authority_problems',
  'income_missing',
  'forgot',
  'rent_disagreement',
  'other',
] as const;
export type UnpaidReason = (typeof UNPAID_REASONS)[number];

export interface HomeVisit {
  id: string;
  taskId: string;
  visitDate: string;
  happened: boolean;
  notHappenedReason: string | null;
  wellbeing: string | null;
  reasons: UnpaidReason[];
  reasonOther: string | null;
  obstacles: string | null;
  paymentPlan: string | null;
  prevention: string | null;
}

export const NOTICE_METHODS = ['letter', 'email', 'phone', 'secure_message', 'meeting'] as const;
export type NoticeMethod = (typeof NOTICE_METHODS)[number];

export interface AgencyNotice {
  id: string;
  sentOn: string;
  sentHow: NoticeMethod;
  note: string | null;
}

export type TaskDetail = Task & { events: TaskEvent[]; homeVisits: HomeVisit[]; agencyNotices: AgencyNotice[] };

export interface HomeVisitInput {
  visitDate: string;
  happened: boolean;
  notHappenedReason?: string | null;
  wellbeing?: string | null;
  reasons: UnpaidReason[];
  reasonOther?: string | null;
  obstacles?: string | null;
  paymentPlan?: string | null;
  prevention?: string | null;
  completeTask?: boolean;
}

export interface PlanInstalment {
  number: number;
  month: string;
  dueDate: string;
  amountOre: number;
}

export interface RepaymentPlan {
  id: string;
  placementId: string;
  debtOre: number;
  startMonth: string;
  instalmentOre: number | null;
  instalments: number | null;
  agreedOn: string;
  note: string | null;
  cancelled: boolean;
  schedule: PlanInstalment[];
  progress: {
    paidOre: number;
    dueSoFarOre: number;
    behindOre: number;
    /** Instalments not paid in full by their due date; caughtUpOn when payments later reached them. */
    missed: { number: number; month: string; dueDate: string; shortOre: number; caughtUpOn?: string | null }[];
    complete: boolean;
    /** The first instalment not fully paid, with what is still open of it. */
    nextInstalment: (PlanInstalment & { openOre?: number }) | null;
  };
}

export interface RepaymentPlanInput {
  /** Leave out for the server's default: all the arrears open today. */
  debtOre?: number | null;
  startMonth: string;
  instalmentOre?: number | null;
  instalments?: number | null;
  agreedOn: string;
  note?: string | null;
}

export interface MonthRentStatus {
  placementId: string;
  status: MonthStatus;
  dueOre: number;
  paidOre: number;
  dueDate: string;
  paidInFullOn: string | null;
}

export interface RentHistoryMonth {
  month: string;
  statuses: MonthRentStatus[];
  tasks: Task[];
  homeVisits: HomeVisit[];
  agencyNotices: AgencyNotice[];
}

export type OnTimeRule = 'last_vardag' | 'last_calendar_day';

export interface RentSettingsValues {
  /** Days of the month for reminder, home visit and manager meeting, e.g. [1, 5, 15]. */
  checkpointDays: number[];
  onTimeRule: OnTimeRule;
  moveToNextVardag: boolean;
}

export interface RentSettings {
  /** The unit's version, which guards its settings: a change sends it back. */
  version: number;
  current: RentSettingsValues & { lastDay: number };
  history: (RentSettingsValues & { fromMonth: string })[];
}
