import type { ActivityKind, ActivityOrganiser, OccupationKind, SuppressedCount } from '@kvarbo/domain';
import { api, fileUrl } from '../../api/client.ts';

// Residents' occupation and activities (issue 9, part 2). Shapes as the server's occupation.routes.ts and
// occupation.service.ts answer them.

export interface Occupation {
  id: string;
  residentId: string;
  kind: OccupationKind;
  provider: string;
  fromDate: string;
  toDate: string | null;
  hoursPerWeek: number;
  note: string | null;
  /** Going on today (the server's date). */
  current: boolean;
  /** Row version: an edit sends back the version it was made from (409 STALE_VERSION when stale). */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface OccupationInput {
  kind: OccupationKind;
  provider: string;
  fromDate: string;
  toDate: string | null;
  hoursPerWeek: number;
  note: string | null;
}

export interface AttendedSession {
  sessionId: string;
  date: string;
  startTime: string | null;
  activityId: string;
  activityName: string;
  activityKind: ActivityKind;
}

export interface ResidentOccupations {
  asOf: string;
  items: Occupation[];
  attended: AttendedSession[];
}

export interface Activity {
  id: string;
  unitId: string;
  name: string;
  kind: ActivityKind;
  organiser: ActivityOrganiser;
  place: string | null;
  description: string | null;
  active: boolean;
  version: number;
  createdAt: string;
}

export interface ActivityListItem extends Activity {
  unitName: string;
  sessions: number;
  lastSessionDate: string | null;
}

export interface ActivityInput {
  name: string;
  kind: ActivityKind;
  organiser: ActivityOrganiser;
  place: string | null;
  description: string | null;
}

export interface ActivitySession {
  id: string;
  activityId: string;
  date: string;
  startTime: string | null;
  endTime: string | null;
  place: string | null;
  note: string | null;
  guests: number;
  namedAttendances: number;
  attendances: number;
  version: number;
}

export interface SessionInput {
  date: string;
  startTime: string | null;
  endTime: string | null;
  place: string | null;
  note: string | null;
}

export interface Attendance {
  session: {
    id: string;
    activityId: string;
    activityName: string;
    activityKind: ActivityKind;
    date: string;
    startTime: string | null;
    endTime: string | null;
    place: string | null;
    note: string | null;
  };
  /** The session's row version: saving attendance sends it back (409 STALE_VERSION when stale). */
  version: number;
  guests: number;
  /** Those placed in the unit on the day, and anyone already ticked. */
  residents: { id: string; name: string; culled?: boolean; present: boolean }[];
}

export interface AttendanceFigures {
  sessions: number;
  attendances: SuppressedCount;
  namedAttendances: SuppressedCount;
  guests: SuppressedCount;
  distinctResidents: SuppressedCount;
}

export interface SummaryMonth {
  month: string;
  residents: SuppressedCount;
  withOccupation: SuppressedCount;
  byKind: Record<OccupationKind, SuppressedCount>;
  /** Null when left out for analysts (1–4 residents with occupation). */
  plannedHours: number | null;
  activities: AttendanceFigures & { month: string };
}

export interface SummaryActivityMonth extends AttendanceFigures {
  month: string;
  activityId: string;
  name: string;
  kind: ActivityKind;
  organiser: ActivityOrganiser;
}

export interface OccupationSummary {
  unitId: string;
  /** 'suppressed' for analysts: counts 1–4 come as '<5'. */
  mode: 'exact' | 'suppressed';
  from: string;
  to: string;
  months: SummaryMonth[];
  byActivity: SummaryActivityMonth[];
  definitions: { sv: string; en: string };
}

export type SummaryQuery = { unitId: string; from: string; to: string };

export const occupationApi = {
  forResident: (residentId: string, signal?: AbortSignal) =>
    api.get<ResidentOccupations>(`/residents/${encodeURIComponent(residentId)}/occupations`, undefined, signal),
  add: (residentId: string, body: OccupationInput) =>
    api.post<Occupation>(`/residents/${encodeURIComponent(residentId)}/occupations`, body),
  update: (id: string, body: OccupationInput & { version: number }) => api.patch<Occupation>(`/occupations/${id}`, body),

  activities: (signal?: AbortSignal) => api.get<{ items: ActivityListItem[] }>('/activities', undefined, signal),
  createActivity: (body: ActivityInput & { unitId?: string }) => api.post<Activity>('/activities', body),
  updateActivity: (id: string, body: ActivityInput & { active: boolean; version: number }) =>
    api.patch<Activity>(`/activities/${id}`, body),
  sessions: (activityId: string, signal?: AbortSignal) =>
    api.get<{ activity: Activity; items: ActivitySession[] }>(`/activities/${activityId}/sessions`, undefined, signal),
  createSession: (activityId: string, body: SessionInput) => api.post<ActivitySession>(`/activities/${activityId}/sessions`, body),

  attendance: (sessionId: string, signal?: AbortSignal) =>
    api.get<Attendance>(`/activity-sessions/${sessionId}/attendance`, undefined, signal),
  setAttendance: (sessionId: string, body: { version: number; residentIds: string[]; guests: number }) =>
    api.put<Attendance>(`/activity-sessions/${sessionId}/attendance`, body),

  summary: (query: SummaryQuery, signal?: AbortSignal) => api.get<OccupationSummary>('/stats/occupation', query, signal),
  exportUrl: (query: SummaryQuery) => fileUrl('/stats/occupation/export.xlsx', query),
};
