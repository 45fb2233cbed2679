import type { Generated } from 'kysely';

// Column conventions, the same on SQLite and PostgreSQL: ids are text UUIDs; calendar dates are
// 'YYYY-MM-DD' text; instants are ISO 8601 UTC text; money is integer öre; flags are integer 0/1
// (better-sqlite3 cannot bind booleans, and one representation keeps the repositories dialect-free).

export type Flag = 0 | 1;

export interface OrganisationTable {
  id: string;
  name: string;
  created_at: string;
}

export interface UnitTable {
  /** Row version for optimistic concurrency (migration 0013_row_versions). */
  version: Generated<number>;
  id: string;
  organisation_id: string;
  name: string;
  /** The unit's bankgiro number that residents pay rent to (printed on letters, checked on imports). */
  bankgiro: Generated<string | null>;
  /** Letterhead lines printed on letters (address, opening hours). */
  letterhead: Generated<string | null>;
  phone: Generated<string | null>;
  /** 1 for the unit (an eviction-prevention team) that receives the organisation's landlord reports. */
  receives_landlord_reports: Generated<Flag>;
  created_at: string;
}

export interface UserTable {
  /** Row version for optimistic concurrency (migration 0013_row_versions). */
  version: Generated<number>;
  id: string;
  organisation_id: string;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  /** 'staff' today; 'landlord' accounts arrive with eviction prevention (issue 6). */
  kind: 'staff' | 'landlord';
  landlord_id: string | null;
  is_admin: Flag;
  locale: 'sv' | 'en';
  failed_login_count: number;
  locked_until: string | null;
  disabled_at: string | null;
  password_changed_at: string;
  created_at: string;
}

export interface UnitMembershipTable {
  user_id: string;
  unit_id: string;
  role: 'manager' | 'caseworker' | 'host' | 'analyst';
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a leaked database does not hand out live sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** Two-factor sign-in (migration 0010_two_factor). */
export interface UserTwoFactorTable {
  user_id: string;
  secret: string;
  enrolled_at: string;
  last_step: number | null;
}

export interface TwoFactorRecoveryCodeTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface UnitSecuritySettingsTable {
  unit_id: string;
  /** JSON array of roles. */
  two_factor_roles: string;
  idle_minutes: number;
  updated_by: string | null;
  updated_at: string;
  /** Row version for optimistic concurrency (migration 0019_more_row_versions). */
  version: Generated<number>;
}

export interface LoginChallengeTable {
  id: string;
  user_id: string;
  purpose: 'verify' | 'enrol';
  secret: string | null;
  created_at: string;
  expires_at: string;
}

/** Sign-in log (migration 0020_sign_in_events). */
export interface SignInEventTable {
  id: string;
  occurred_at: string;
  user_id: string | null;
  username_tried: string | null;
  method: 'password' | 'sso' | 'totp' | 'recovery-code' | 'logout' | 'admin';
  outcome: string;
  by_user_id: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface LandlordTable {
  /** Row version for optimistic concurrency (migration 0013_row_versions). */
  version: Generated<number>;
  id: string;
  organisation_id: string;
  name: string;
  organisation_number: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  notes: string | null;
  /** Lower-cased (Swedish rules) searchable text: SQLite's lower() does not fold å, ä, ö. */
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface LandlordContactTable {
  id: string;
  landlord_id: string;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  created_at: string;
}

export interface CommissionerTable {
  /** Row version for optimistic concurrency (migration 0013_row_versions). */
  version: Generated<number>;
  id: string;
  organisation_id: string;
  name: string;
  kind: 'district_social_services' | 'kriminalvarden' | 'other';
  contact_name: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  /** Lower-cased (Swedish rules) searchable text: SQLite's lower() does not fold å, ä, ö. */
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface ApartmentTable {
  /** Row version for optimistic concurrency (migration 0013_row_versions). */
  version: Generated<number>;
  id: string;
  unit_id: string;
  landlord_id: string;
  address: string;
  postcode: string;
  city: string;
  district: string | null;
  rooms: number;
  kitchen: 'kok' | 'kokvra' | 'kokskap' | 'none';
  area_sqm: number;
  monthly_rent_ore: number;
  type: 'training' | 'trial' | 'emergency' | 'housing_first' | 'support' | 'fallback';
  unit_holds_first_hand_lease: Flag;
  landlord_object_number: string | null;
  /** Lower-cased (Swedish rules) searchable text: SQLite's lower() does not fold å, ä, ö. */
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface ResidentTable {
  /** Row version for optimistic concurrency (migration 0013_row_versions). */
  version: Generated<number>;
  id: string;
  unit_id: string;
  first_name: string;
  last_name: string;
  id_kind: 'personnummer' | 'samordningsnummer' | 'none';
  /** Normalised 'YYYYMMDD-NNNC'; unique per organisation when present. */
  personal_number: string | null;
  no_id_reason: string | null;
  birth_date: string | null;
  contact_person_id: string | null;
  commissioner_id: string | null;
  commissioner_contact: string | null;
  household_adults: number;
  household_children: number;
  phone: string | null;
  email: string | null;
  /** Lower-cased (Swedish rules) searchable text: SQLite's lower() does not fold å, ä, ö. */
  search_text: string;
  created_at: string;
  updated_at: string;
  /** Set when the person's records were culled (migration 0017_culling): the row is de-identified, not deleted. */
  culled_at: Generated<string | null>;
  /** Kept when the person is culled (birth_date is blanked): the research export gives birth year (0021). */
  birth_year: Generated<number | null>;
}

export interface PlacementTable {
  /** Row version for optimistic concurrency (migration 0013_row_versions). */
  version: Generated<number>;
  id: string;
  resident_id: string;
  apartment_id: string;
  start_date: string;
  /** Inclusive last day; null while ongoing. */
  end_date: string | null;
  lease_form: 'second_hand' | 'first_hand';
  rent_included_in_daily_fee: Flag;
  daily_fee_ore: number | null;
  rent_allowance_ore: number | null;
  /** Null: the apartment's rent applies. */
  monthly_rent_ore: number | null;
  end_reason: string | null;
  end_note: string | null;
  ocr_serial: number | null;
  ocr_reference: string | null;
  /** Day of the previous month the rent is due, when agreed; null = the statutory last vardag. */
  agreed_due_day: number | null;
  /** 0 when the resident pays no rent to the unit (no charges are created). */
  resident_pays_rent: Generated<Flag>;
  /** Migration 0007: the placement this one follows (a fallback apartment and back, a second chance). */
  previous_placement_id: Generated<string | null>;
  link_kind: Generated<string | null>;
  move_out_given_on: Generated<string | null>;
  moved_out_on: Generated<string | null>;
  created_at: string;
  updated_at: string;
}

export interface RentChangeTable {
  id: string;
  apartment_id: string | null;
  placement_id: string | null;
  from_month: string;
  /** Null on a placement: from this month the apartment's rent applies again. */
  monthly_rent_ore: number | null;
  created_by: string | null;
  created_at: string;
}

export interface RentChargeTable {
  id: string;
  placement_id: string;
  month: string;
  seq: number | null;
  due_date: string;
  amount_ore: number;
  days: number;
  days_in_month: number;
  reverses_charge_id: string | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface RentAllowancePayoutTable {
  id: string;
  placement_id: string;
  paid_on: string;
  amount_ore: number;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export type PaymentSource = 'manual' | 'bgmax' | 'camt054' | 'camt053' | 'csv' | 'xlsx';

export interface PaymentImportTable {
  id: string;
  unit_id: string;
  file_name: string;
  file_hash: string;
  format: PaymentSource;
  imported_by: string | null;
  imported_by_name: string;
  imported_at: string;
  payments: number;
  matched: number;
  unmatched: number;
  duplicates: number;
  total_ore: number;
}

export interface PaymentTable {
  id: string;
  unit_id: string;
  import_id: string | null;
  line_no: number | null;
  source: PaymentSource;
  bank_reference: string | null;
  booking_date: string;
  amount_ore: number;
  reference: string | null;
  payer_name: string | null;
  free_text: string | null;
  method: string | null;
  note: string | null;
  placement_id: string | null;
  matched_by: 'ocr' | 'staff' | null;
  assigned_by: string | null;
  assigned_at: string | null;
  reverses_payment_id: string | null;
  created_by: string | null;
  created_at: string;
}

export interface UnitRentSettingsTable {
  unit_id: string;
  from_month: string;
  /** JSON array of days, e.g. [1,5,15]. */
  checkpoint_days: string;
  on_time_rule: 'last_vardag' | 'last_calendar_day';
  move_to_next_vardag: Flag;
  created_by: string | null;
  created_at: string;
}

export interface RepaymentPlanTable {
  id: string;
  placement_id: string;
  debt_ore: number;
  start_month: string;
  instalment_ore: number | null;
  instalments: number | null;
  /** JSON array of the charge ids the plan covers. */
  charge_ids: string;
  agreed_on: string;
  agreed_by: string | null;
  note: string | null;
  cancelled_at: string | null;
  created_at: string;
}

export type TaskKind = 'reminder' | 'home_visit' | 'manager_meeting' | 'missed_instalment';

export interface TaskTable {
  /** Row version for optimistic concurrency (migration 0013_row_versions). */
  version: Generated<number>;
  id: string;
  unit_id: string;
  resident_id: string;
  placement_id: string;
  kind: TaskKind;
  month: string;
  run_date: string;
  due_date: string;
  assignee_id: string | null;
  plan_id: string | null;
  open_ore: number;
  status: 'open' | 'done';
  paid_meanwhile_on: string | null;
  outcome: string | null;
  done_at: string | null;
  done_by: string | null;
  dedupe_key: string;
  created_at: string;
}

export interface TaskEventTable {
  id: string;
  task_id: string;
  at: string;
  user_id: string | null;
  user_name: string;
  kind: 'comment' | 'reassigned' | 'done' | 'reopened' | 'paid_meanwhile' | 'visit' | 'notice';
  text: string | null;
  to_user_id: string | null;
}

export interface HomeVisitTable {
  id: string;
  task_id: string | null;
  placement_id: string;
  resident_id: string;
  visit_date: string;
  happened: Flag;
  not_happened_reason: string | null;
  wellbeing: string | null;
  /** JSON array of reason codes. */
  reasons: string;
  reason_other: string | null;
  obstacles: string | null;
  payment_plan: string | null;
  prevention: string | null;
  recorded_by: string | null;
  created_at: string;
}

export interface AgencyNoticeTable {
  id: string;
  task_id: string | null;
  placement_id: string;
  resident_id: string;
  sent_on: string;
  sent_how: string;
  note: string | null;
  recorded_by: string | null;
  created_at: string;
}

export interface CheckpointRunTable {
  unit_id: string;
  run_date: string;
  kind: string;
  month: string;
  created_tasks: number;
  finished_at: string;
}

export interface ResearchProjectTable {
  id: string;
  unit_id: string;
  name: string;
  /** Key for the project's pseudonyms (HMAC); never leaves the database. */
  secret: string;
  created_by: string | null;
  created_at: string;
}

/** Derived from the ledger by the statistics refresh (migration 0005); never written by hand. */
export interface RentMonthStatusTable {
  unit_id: string;
  month: string;
  resident_id: string;
  placement_id: string;
  tenure: number;
  due_date: string;
  due_ore: number;
  paid_ore: number;
  on_time_by: string;
  final_by: string;
  paid_in_full_on: string | null;
  /** 1 on time, 2 late, 4 unpaid once final; null while the month can still change with the days. */
  settled: number | null;
  prev_month: string | null;
  prev_settled: number | null;
}

// Eviction prevention (migration 0006)

export interface LandlordApiKeyTable {
  id: string;
  landlord_id: string;
  label: string;
  key_hash: string;
  key_prefix: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface EvictionReportTable {
  id: string;
  organisation_id: string;
  unit_id: string;
  receipt_number: string;
  landlord_id: string | null;
  channel: 'portal' | 'api' | 'phone' | 'letter' | 'email' | 'kronofogden';
  submitted_by: string | null;
  api_key_id: string | null;
  external_id: string | null;
  kind: string;
  /** JSON array of reason codes. */
  reasons: string;
  arrears_ore: number | null;
  arrears_months: number | null;
  served_on: string | null;
  eviction_date: string | null;
  tenant_name: string;
  tenant_address: string;
  tenant_personal_number: string | null;
  household_children: number | null;
  description: string | null;
  received_on: string;
  status: 'received' | 'in_progress' | 'closed';
  case_id: string | null;
  created_at: string;
  updated_at: string;
  /** Migration 0017_culling: the tenant's name, address, number and description were culled. */
  culled_at: Generated<string | null>;
}

export interface ReportAttachmentTable {
  id: string;
  report_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  created_at: string;
}

export interface EvictionCaseTable {
  id: string;
  unit_id: string;
  resident_id: string | null;
  tenant_name: string;
  tenant_address: string;
  tenant_personal_number: string | null;
  landlord_id: string | null;
  household_adults: number;
  household_children: number;
  step: string;
  opened_on: string;
  served_on: string | null;
  reinstatement_deadline: string | null;
  eviction_date: string | null;
  first_contact_on: string | null;
  closed_on: string | null;
  outcome: string | null;
  outcome_note: string | null;
  assignee_id: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Migration 0017_culling: the household's name, address and number were culled. */
  culled_at: Generated<string | null>;
}

export interface OutreachAttemptTable {
  id: string;
  case_id: string;
  kind: string;
  outcome: string;
  occurred_on: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface CaseConsentTable {
  id: string;
  case_id: string;
  party: string;
  scope: string;
  given_on: string;
  withdrawn_on: string | null;
  created_by: string | null;
  created_at: string;
}

export interface SupportContactTable {
  id: string;
  case_id: string;
  kind: string;
  group_session: Generated<Flag>;
  occurred_on: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface ReferralTable {
  id: string;
  case_id: string;
  service: string;
  status: string;
  status_on: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Row version for optimistic concurrency (migration 0019_more_row_versions). */
  version: Generated<number>;
}

export interface HouseholdBudgetTable {
  case_id: string;
  /** The HouseholdBudget of the domain, as JSON. */
  budget: string;
  updated_by: string | null;
  updated_at: string;
  /** Row version for optimistic concurrency (migration 0019_more_row_versions). */
  version: Generated<number>;
}

// Housing First and support housing follow-up (migration 0007)

export interface VisitAgreementTable {
  id: string;
  placement_id: string;
  visits_per_week: number;
  from_date: string;
  to_date: string | null;
  created_by: string | null;
  created_at: string;
}

export interface SupportVisitTable {
  id: string;
  placement_id: string;
  visit_date: string;
  place: string;
  planned: Flag;
  outcome: 'held' | 'declined' | 'no_show';
  note: string | null;
  /** JSON array of the resident's own goals the visit touched. */
  goals: string;
  created_by: string | null;
  created_at: string;
}

export interface SupportVisitStaffTable {
  visit_id: string;
  user_id: string;
}

export interface IncidentTable {
  id: string;
  placement_id: string;
  occurred_on: string;
  kind: string;
  source: string;
  severity: string;
  description: string | null;
  action_taken: string | null;
  created_by: string | null;
  created_at: string;
}

export interface LandlordContactLogTable {
  id: string;
  placement_id: string;
  occurred_on: string;
  channel: string;
  summary: string;
  created_by: string | null;
  created_at: string;
}

export interface RespiteStayTable {
  id: string;
  placement_id: string;
  from_date: string;
  to_date: string | null;
  place: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface UnitTakeoverSettingsTable {
  unit_id: string;
  min_months: number;
  rent_window_months: number;
  complaint_window_months: number;
  complaint_min_severity: string;
  updated_by: string | null;
  updated_at: string;
}

export interface ChangeCounterTable {
  name: string;
  value: number;
}

export interface RentStatusStaleTable {
  placement_id: string;
  version: number;
}

export interface ResidentNoteTable {
  id: string;
  resident_id: string;
  author_id: string;
  body: string;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: string | null;
  user_name: string;
  /** The unit that owns the person's record when it was touched: the manager's filter. */
  unit_id: string | null;
  resident_id: string | null;
  entity: string;
  entity_id: string | null;
  action: 'read' | 'list' | 'create' | 'update' | 'export' | 'cull';
  ip: string | null;
  /** The hash chain (migration 0008, audit/audit-chain.ts). */
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

/** A single sign-on login on its way through the identity provider (migration 0011_single_sign_on). */
export interface OidcLoginStateTable {
  /** SHA-256 of the OAuth state parameter. */
  id: string;
  browser_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: string;
  expires_at: string;
}

/** A legal hold (gallringsstopp) on one resident or one eviction case (migration 0017_culling, docs/culling.md). */
export interface LegalHoldTable {
  id: string;
  resident_id: string | null;
  eviction_case_id: string | null;
  reason: string;
  placed_by: string;
  placed_at: string;
  lifted_by: string | null;
  lifted_at: string | null;
}

/** One `kvarbo cull` run: counts only, no personal data (migration 0017_culling). */
export interface CullingRunTable {
  id: string;
  run_at: string;
  as_of: string;
  dry_run: Flag;
  residents: number;
  eviction_cases: number;
  eviction_reports: number;
  unmatched_payments: number;
  held: number;
  research_exempt: number;
  /** Activity sessions whose notes were blanked (0021). */
  activity_sessions: Generated<number>;
}

export interface AuditChainTable {
  id: number;
  seq: number;
  hash: string;
}

/** A manager's sign-off of a log review (loggkontroll) for a unit and period (issue 8, migration 0009). */
export interface LogReviewSignoffTable {
  id: string;
  unit_id: string;
  /** Stockholm calendar dates, both inclusive. */
  period_from: string;
  period_to: string;
  signed_by: string;
  signed_at: string;
  note: string | null;
  /** All findings of the three kinds when signed. */
  findings_count: number;
}

export interface SurveyTable {
  id: string;
  unit_id: string;
  title: string;
  /** JSON of the domain's SurveyDefinition. */
  definition: string;
  anonymous: Flag;
  status: 'open' | 'closed';
  created_by: string | null;
  created_at: string;
  closed_at: string | null;
}

export interface SurveyInvitationTable {
  id: string;
  survey_id: string;
  resident_id: string;
  /** SHA-256 hex of the one-time link's token; the token is never stored. */
  token_hash: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  /** 'YYYY-MM' for an anonymous survey, an ISO instant for a named one; null while unused. */
  used_at: string | null;
}

/** An anonymous answer has resident_id, invitation_id, entered_by and answered_at null (CHECK in 0016). */
export interface SurveyAnswerTable {
  id: string;
  survey_id: string;
  month: string;
  /** JSON { questionId: value }. */
  answer_values: string;
  channel: 'link' | 'paper';
  anonymous: Flag;
  resident_id: string | null;
  invitation_id: string | null;
  entered_by: string | null;
  answered_at: string | null;
}

// ---- Occupation and activities (issue 9, part 2; migration 0015_occupation) ----

export interface ActivityTable {
  id: string;
  unit_id: string;
  name: string;
  kind: 'meeting_place' | 'course' | 'peer_association_event' | 'camp' | 'other';
  organiser: 'staff' | 'residents' | 'peer_association' | 'other';
  place: string | null;
  description: string | null;
  active: Generated<Flag>;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ActivitySessionTable {
  id: string;
  activity_id: string;
  session_date: string;
  start_time: string | null;
  end_time: string | null;
  place: string | null;
  note: string | null;
  guests: Generated<number>;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
}

export interface ActivityAttendanceTable {
  session_id: string;
  resident_id: string;
  created_by: string | null;
  created_at: string;
}

export interface OccupationTable {
  id: string;
  resident_id: string;
  kind: 'work_practice' | 'low_threshold_work' | 'studies' | 'day_activity';
  provider: string;
  from_date: string;
  to_date: string | null;
  hours_per_week: number;
  note: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

// Staff competence mapping (migration 0014_competence, docs/competence.md).
export interface CompetenceCourseTable {
  id: string;
  organisation_id: string;
  name: string;
  description: string | null;
  validity_months: number | null;
  required_attendance_percent: number;
  /** JSON array of unit roles. */
  required_roles: string;
  /** JSON array of unit ids; empty = every unit. */
  required_unit_ids: string;
  active: Flag;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface CompetenceRoundTable {
  id: string;
  course_id: string;
  place: string;
  capacity: number;
  teachers: string;
  status: 'planned' | 'cancelled';
  enrolment_seq: Generated<number>;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface CompetenceSessionTable {
  id: string;
  round_id: string;
  date: string;
  start_time: string | null;
  end_time: string | null;
}

export interface CompetenceParticipantTable {
  id: string;
  organisation_id: string;
  user_id: string | null;
  name: string;
  external_organisation: string | null;
  organisation_kind: 'municipality' | 'county_council' | 'ngo' | 'private_provider' | null;
  email: string | null;
  created_at: string;
}

export interface CompetenceEnrolmentTable {
  id: string;
  round_id: string;
  participant_id: string;
  status: 'enrolled' | 'waiting' | 'cancelled' | 'completed';
  position: number;
  completed_on: string | null;
  completion_kind: 'attendance' | 'marked' | null;
  created_by: string | null;
  created_at: string;
  cancelled_at: string | null;
}

export interface CompetenceAttendanceTable {
  session_id: string;
  enrolment_id: string;
  present: Flag;
  recorded_by: string | null;
  recorded_at: string;
}

export interface Database {
  organisations: OrganisationTable;
  units: UnitTable;
  users: UserTable;
  unit_memberships: UnitMembershipTable;
  sessions: SessionTable;
  landlords: LandlordTable;
  landlord_contacts: LandlordContactTable;
  commissioners: CommissionerTable;
  apartments: ApartmentTable;
  residents: ResidentTable;
  placements: PlacementTable;
  resident_notes: ResidentNoteTable;
  audit_log: AuditLogTable;
  oidc_login_states: OidcLoginStateTable;
  user_two_factor: UserTwoFactorTable;
  two_factor_recovery_codes: TwoFactorRecoveryCodeTable;
  unit_security_settings: UnitSecuritySettingsTable;
  login_challenges: LoginChallengeTable;
  sign_in_events: SignInEventTable;
  rent_changes: RentChangeTable;
  rent_charges: RentChargeTable;
  rent_allowance_payouts: RentAllowancePayoutTable;
  payment_imports: PaymentImportTable;
  payments: PaymentTable;
  unit_rent_settings: UnitRentSettingsTable;
  repayment_plans: RepaymentPlanTable;
  tasks: TaskTable;
  task_events: TaskEventTable;
  home_visits: HomeVisitTable;
  agency_notices: AgencyNoticeTable;
  checkpoint_runs: CheckpointRunTable;
  research_projects: ResearchProjectTable;
  rent_month_statuses: RentMonthStatusTable;
  rent_status_stale: RentStatusStaleTable;
  change_counters: ChangeCounterTable;
  landlord_api_keys: LandlordApiKeyTable;
  eviction_reports: EvictionReportTable;
  report_attachments: ReportAttachmentTable;
  eviction_cases: EvictionCaseTable;
  outreach_attempts: OutreachAttemptTable;
  case_consents: CaseConsentTable;
  support_contacts: SupportContactTable;
  referrals: ReferralTable;
  household_budgets: HouseholdBudgetTable;
  visit_agreements: VisitAgreementTable;
  support_visits: SupportVisitTable;
  support_visit_staff: SupportVisitStaffTable;
  incidents: IncidentTable;
  landlord_contact_log: LandlordContactLogTable;
  respite_stays: RespiteStayTable;
  unit_takeover_settings: UnitTakeoverSettingsTable;
  audit_chain: AuditChainTable;
  legal_holds: LegalHoldTable;
  culling_runs: CullingRunTable;
  log_review_signoffs: LogReviewSignoffTable;
  surveys: SurveyTable;
  survey_invitations: SurveyInvitationTable;
  survey_answers: SurveyAnswerTable;
  activities: ActivityTable;
  activity_sessions: ActivitySessionTable;
  activity_attendance: ActivityAttendanceTable;
  occupations: OccupationTable;
  competence_courses: CompetenceCourseTable;
  competence_rounds: CompetenceRoundTable;
  competence_sessions: CompetenceSessionTable;
  competence_participants: CompetenceParticipantTable;
  competence_enrolments: CompetenceEnrolmentTable;
  competence_attendance: CompetenceAttendanceTable;
}
