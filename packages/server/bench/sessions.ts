import type { Kysely } from 'kysely';
import { randomToken, sha256 } from '../src/auth/tokens.ts';
import type { Database } from '../src/db/schema.ts';

// Logged-in sessions without the login page (whose steps may change, e.g. two-factor): rows written exactly as
// auth.service.ts's startSession writes them — the id is the SHA-256 of the cookie token, plus a CSRF token and
// an expiry — for the staff users with unit memberships, spread round-robin over them.

export type LoadSession = { token: string; csrfToken: string; userId: string; unitIds: string[]; manager: boolean };

/** Sessions for the users with one of `roles` in a unit (default: the case roles, who open residents' records). */
export async function insertSessions(
  db: Kysely<Database>,
  count: number,
  roles: Database['unit_memberships']['role'][] = ['manager', 'caseworker'],
  maxHours = 12,
): Promise<LoadSession[]> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('unit_memberships as m', 'm.user_id', 'u.id')
    .select(['u.id', 'm.unit_id', 'm.role'])
    .where('m.role', 'in', roles)
    .where('u.kind', '=', 'staff')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.username')
    .execute();
  const users = new Map<string, { unitIds: string[]; manager: boolean }>();
  for (const r of rows) {
    const u = users.get(r.id) ?? { unitIds: [], manager: false };
    users.set(r.id, { unitIds: [...u.unitIds, r.unit_id], manager: u.manager || r.role === 'manager' });
  }
  const list = [...users.entries()];
  if (list.length === 0) throw new Error('no staff user with a unit membership: load the demo data first');
  const now = new Date();
  const sessions: LoadSession[] = [];
  for (let i = 0; i < count; i++) {
    const [userId, { unitIds, manager }] = list[i % list.length]!;
    sessions.push({ token: randomToken(), csrfToken: randomToken(), userId, unitIds, manager });
  }
  for (let i = 0; i < sessions.length; i += 100) {
    await db
      .insertInto('sessions')
      .values(
        sessions.slice(i, i + 100).map((s) => ({
          id: sha256(s.token),
          user_id: s.userId,
          csrf_token: s.csrfToken,
          created_at: now.toISOString(),
          last_seen_at: now.toISOString(),
          expires_at: new Date(now.getTime() + maxHours * 3_600_000).toISOString(),
          ip: '127.0.0.1',
          user_agent: 'kvarbo-loadtest',
        })),
      )
      .execute();
  }
  return sessions;
}
