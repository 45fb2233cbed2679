import type { Kysely, Transaction } from 'kysely';

// Appending to the audit chain locks the chain's head until the transaction ends (that is what keeps the chain
// one line when several servers share a PostgreSQL database). A request that logged its read first and then ran
// its other queries held that lock for its whole life, so on PostgreSQL audited requests ran one at a time
// (loadtest p99 1.5 s). Transactions opened through `auditAtCommit(kysely)` instead collect their audit rows and
// append them as the transaction's last statements: the lock is held only for the append and the commit.
// Atomicity is unchanged: the rows are still written in the same transaction as the change they describe.

type Append<R> = (q: Transaction<never>, rows: R[]) => Promise<void>;

const pending = new WeakMap<object, { rows: unknown[]; append: Append<unknown> }>();

/**
 * Appends now, or, inside a transaction opened through `auditAtCommit`, when the transaction's work is done.
 * `append` must be the same function for every call within one transaction.
 */
export async function appendAuditAtCommit<Q extends object, R>(q: Q, rows: R[], append: (q: Q, rows: R[]) => Promise<void>) {
  if (rows.length === 0) return;
  const queue = pending.get(q);
  if (!queue) return append(q, rows);
  queue.rows.push(...rows);
  queue.append = append as unknown as Append<unknown>;
}

async function flush(trx: object) {
  const queue = pending.get(trx);
  pending.delete(trx);
  if (queue && queue.rows.length > 0) await queue.append(trx as Transaction<never>, queue.rows);
}

/** The same Kysely instance, except that `transaction().execute(cb)` appends queued audit rows after `cb`. */
export function auditAtCommit<DB>(kysely: Kysely<DB>): Kysely<DB> {
  return new Proxy(kysely, {
    get(target, prop) {
      if (prop === 'transaction') return () => deferringBuilder(target.transaction());
      const value: unknown = Reflect.get(target, prop, target);
      // Kysely keeps its state in private fields, which only the real instance can read.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

type Builder<DB> = ReturnType<Kysely<DB>['transaction']>;

function deferringBuilder<DB>(builder: Builder<DB>): Builder<DB> {
  return new Proxy(builder, {
    get(target, prop) {
      if (prop === 'execute') {
        return <T>(callback: (trx: Transaction<DB>) => Promise<T>) =>
          target.execute(async (trx) => {
            pending.set(trx, { rows: [], append: async () => {} });
            try {
              const result = await callback(trx);
              await flush(trx);
              return result;
            } finally {
              pending.delete(trx);
            }
          });
      }
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      // setIsolationLevel / setAccessMode return a new builder, which must defer too.
      return (...args: unknown[]) => {
        const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return out && typeof out === 'object' && 'execute' in out ? deferringBuilder(out as Builder<DB>) : out;
      };
    },
  });
}
