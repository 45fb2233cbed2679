import { addDays, isCalendarDate, todayInStockholm } from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import type { SignInEventTable } from '../db/schema.ts';
import { forbidden, invalidField } from '../errors.ts';
import * as repo from '../repositories/sign-in-events.repository.ts';
import { csvCell } from './audit.service.ts';
import type { ServiceContext } from './context.ts';

export type SignInMethod = SignInEventTable['method'];
export type SignInMeta = { ip: string | null; userAgent: string | null };

/** One sign-in event. Never a password or a code: who, how, the outcome, and where from. */
export type SignInEvent = {
  method: SignInMethod;
  outcome: string;
  userId?: string | null;
  /** The username (or single sign-on claim) tried, kept only when it matched no account. */
  usernameTried?: string | null;
  byUserId?: string | null;
};

/** Rows older than this are removed by `kvarbo cull` (docs/two-factor.md, "Inloggningslogg"). */
export const SIGN_IN_EVENT_RETENTION_YEARS = 2;
export const SIGN_IN_EVENTS_PAGE_SIZE = 50;
const USERNAME_MAX = 100;
const USER_AGENT_MAX = 300;

export type SignInEventQuery = { from?: string; to?: string; userId?: string; outcome?: string; onlyFailures?: boolean };

/** The instant a Stockholm calendar day begins (00:00 local, +01:00 or +02:00). DST shifts happen at 01:00 UTC, never near local midnight. */
export function stockholmDayStart(date: string): string {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const summer = new Date(utcMidnight - 2 * 3_600_000);
  return (todayInStockholm(summer) === date ? summer : new Date(utcMidnight - 3_600_000)).toISOString();
}

export function createSignInEventsService(ctx: ServiceContext) {
  const q = () => ctx.db.kysely;

  function toItem(r: Awaited<ReturnType<typeof repo.listSignInEvents>>['items'][number]) {
    return {
      id: r.id,
      occurredAt: r.occurred_at,
      userId: r.user_id,
      userName: r.user_name ?? null,
      username: r.username ?? null,
      usernameTried: r.username_tried,
      method: r.method,
      outcome: r.outcome,
      failure: !(repo.NON_FAILURE_OUTCOMES as readonly string[]).includes(r.outcome),
      byUserId: r.by_user_id,
      byUserName: r.by_user_name ?? null,
      ip: r.ip,
      userAgent: r.user_agent,
    };
  }

  function filterOf(actor: Actor, query: SignInEventQuery): repo.SignInEventFilter {
    if (!actor.isAdmin) throw forbidden();
    if (query.from && query.to && query.to < query.from) {
      throw invalidField('to', 'before_from', { sv: 'Slutdatum ligger före startdatum.', en: 'The end date is before the start date.' });
    }
    return {
      organisationId: actor.organisationId,
      fromInstant: query.from ? stockholmDayStart(query.from) : undefined,
      toInstant: query.to ? stockholmDayStart(addDays(query.to, 1)) : undefined,
      userId: query.userId,
      outcome: query.outcome,
      onlyFailures: query.onlyFailures,
    };
  }

  return {
    /**
     * Writes one event, awaited in the login's own flow. A failure to write is reported on standard error and
     * swallowed: the sign-in log must never turn a good login into a refused one (nor a refusal into another error).
     */
    async record(event: SignInEvent, meta: SignInMeta): Promise<void> {
      try {
        await repo.insertSignInEvent(q(), {
          id: newId(),
          occurred_at: ctx.clock.now().toISOString(),
          user_id: event.userId ?? null,
          username_tried: event.userId ? null : (event.usernameTried?.slice(0, USERNAME_MAX) ?? null),
          method: event.method,
          outcome: event.outcome,
          by_user_id: event.byUserId ?? null,
          ip: meta.ip,
          user_agent: meta.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
        });
      } catch (e) {
        // The error's code and message only: never the row, which names a person.
        const err = e as { code?: string; message?: string };
        console.error(JSON.stringify({ event: 'sign_in_event_write_failed', code: err.code ?? null, message: err.message?.slice(0, 200) }));
      }
    },

    /** The security officer's view: admins only, their organisation's users and unmatched usernames, newest first. */
    async list(actor: Actor, query: SignInEventQuery & { page: number }) {
      const filter = filterOf(actor, query);
      const pageSize = SIGN_IN_EVENTS_PAGE_SIZE;
      const { items, total } = await repo.listSignInEvents(q(), { ...filter, page: query.page, pageSize });
      return { items: items.map(toItem), total, page: query.page, pageSize };
    },

    /** CSV for Swedish Excel: UTF-8 with BOM, semicolons, times in UTC like the audit log export. */
    async *exportCsv(actor: Actor, query: SignInEventQuery): AsyncGenerator<string> {
      const filter = filterOf(actor, query);
      yield (
        '\uFEFF' +
        ['tid_utc', 'anvandare_id', 'anvandare', 'anvandarnamn_forsokt', 'metod', 'utfall', 'utfort_av', 'ip', 'webblasare'].join(';') +
        '\r\n'
      );
      for await (const batch of repo.signInEventBatches(q(), filter)) {
        yield batch
          .map(toItem)
          .map(
            (i) =>
              [i.occurredAt, i.userId, i.userName, i.usernameTried, i.method, i.outcome, i.byUserName ?? i.byUserId, i.ip, i.userAgent]
                .map(csvCell)
                .join(';') + '\r\n',
          )
          .join('');
      }
    },

    /** Retention: removes events older than two years before `date` (YYYY-MM-DD, Stockholm); returns the count. */
    async cull(date: string): Promise<number> {
      let cutoffDate = `${String(Number(date.slice(0, 4)) - SIGN_IN_EVENT_RETENTION_YEARS).padStart(4, '0')}${date.slice(4)}`;
      if (!isCalendarDate(cutoffDate)) cutoffDate = `${cutoffDate.slice(0, 8)}28`; // 29 February two years back
      const cutoff = stockholmDayStart(cutoffDate);
      return repo.deleteSignInEventsBefore(q(), cutoff);
    },
  };
}

export type SignInEventsService = ReturnType<typeof createSignInEventsService>;
