import type { Role } from './types.ts';
import { api, fileUrl } from './client.ts';

// Staff competence mapping (issue 9, part 1). Shapes as in docs/api.md "Staff competence mapping".

export type OrganisationKind = 'municipality' | 'county_council' | 'ngo' | 'private_provider';
export type EnrolmentStatus = 'enrolled' | 'waiting' | 'cancelled' | 'completed';

export interface Course {
  id: string;
  name: string;
  description: string | null;
  validityMonths: number | null;
  requiredAttendancePercent: number;
  requiredRoles: Role[];
  requiredUnitIds: string[];
  active: boolean;
  version: number;
  rounds?: number;
}

export interface CourseInput {
  name: string;
  description: string | null;
  validityMonths: number | null;
  requiredAttendancePercent: number;
  requiredRoles: Role[];
  requiredUnitIds: string[];
}

export interface RoundSummary {
  id: string;
  courseId: string;
  courseName: string;
  place: string;
  capacity: number;
  teachers: string;
  status: 'planned' | 'cancelled';
  version: number;
  firstDate: string | null;
  lastDate: string | null;
  sessions: number;
  taken: number;
  waiting: number;
}

export interface Enrolment {
  id: string;
  participantId: string;
  userId: string | null;
  name: string;
  organisation: string | null;
  organisationKind: OrganisationKind;
  status: EnrolmentStatus;
  position: number;
  waitingNumber: number | null;
  attended: number;
  meetsAttendance: boolean;
  completedOn: string | null;
  completionKind: 'attendance' | 'marked' | null;
  expiresOn: string | null;
}

export interface Round {
  id: string;
  courseId: string;
  courseName: string;
  place: string;
  capacity: number;
  teachers: string;
  status: 'planned' | 'cancelled';
  version: number;
  requiredAttendancePercent: number;
  validityMonths: number | null;
  sessions: { id: string; date: string; startTime: string | null; endTime: string | null }[];
  enrolments: Enrolment[];
  attendance: { sessionId: string; enrolmentId: string; present: boolean }[];
}

export interface CoverageRow {
  unitId: string;
  unitName: string;
  courseId: string;
  course: string;
  staff: number;
  completed: number;
  share: number | null;
  expiring: number;
  missing: { userId: string; name: string; status: 'missing' | 'expired' }[] | null;
}

export interface Coverage {
  today: string;
  definitions: { sv: string; en: string };
  units: { id: string; name: string; withNames: boolean }[];
  rows: CoverageRow[];
  expiring: { unitId: string; userId: string; name: string; courseId: string; course: string; expiresOn: string }[];
}

export type EnrolInput = { userId: string } | { name: string; organisation: string; organisationKind: OrganisationKind };

export const competenceApi = {
  courses: (signal?: AbortSignal) => api.get<{ items: Course[] }>('/competence/courses', undefined, signal),
  createCourse: (body: CourseInput) => api.post<Course>('/competence/courses', body),
  updateCourse: (id: string, body: Partial<CourseInput> & { version: number; active?: boolean }) =>
    api.patch<Course>(`/competence/courses/${id}`, body),
  rounds: (signal?: AbortSignal) => api.get<{ items: RoundSummary[] }>('/competence/rounds', undefined, signal),
  createRound: (body: { courseId: string; place: string; capacity: number; teachers: string; sessions: { date: string }[] }) =>
    api.post<Round>('/competence/rounds', body),
  round: (id: string, signal?: AbortSignal) => api.get<Round>(`/competence/rounds/${id}`, undefined, signal),
  enrol: (roundId: string, body: EnrolInput) =>
    api.post<{ id: string; status: EnrolmentStatus; waitingNumber: number | null }>(`/competence/rounds/${roundId}/enrolments`, body),
  cancel: (enrolmentId: string) => api.post<{ promoted: string[] }>(`/competence/enrolments/${enrolmentId}/cancel`),
  attendance: (roundId: string, marks: { sessionId: string; enrolmentId: string; present: boolean }[]) =>
    api.post<Round>(`/competence/rounds/${roundId}/attendance`, { marks }),
  complete: (roundId: string, body: { enrolmentId?: string; completedOn?: string }) =>
    api.post<{ completed: string[]; round: Round }>(`/competence/rounds/${roundId}/complete`, body),
  coverage: (unitId: string | undefined, signal?: AbortSignal) =>
    api.get<Coverage>('/competence/coverage', unitId ? { unitId } : undefined, signal),
  exportUrl: (unitId: string | undefined) => fileUrl('/competence/coverage/export.xlsx', unitId ? { unitId } : undefined),
};
