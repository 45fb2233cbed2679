import type { Kysely, Transaction } from 'kysely';

// Linking audit rows into the hash chain (audit-chain.ts) takes the chain head's lock, which keeps the chain one
// line when several servers share a PostgreSQL database. Held inside every request's transaction, that lock made
// audited requests on PostgreSQL run one at a time, each holding it for several round trips (loadtest p99 1.6 s).
// So a request's transaction only inserts its audit rows, unlinked, atomically with the change they describe;
// once it has committed, one linking transaction chains every committed row not yet linked (group commit: a run
// links the rows of all the requests that committed meanwhile). The request answers as soon as its own transaction
// has committed — its rows are durable then — and does not wait for the linking (waiting for the runs ahead of it
// was most of PostgreSQL's tail latency). A row is never lost: a run that fails, or a server killed before it,
// leaves unlinked rows, which the next run, the next start or `kvarbo audit verify` links. `settleAuditLinking`
// waits for the runs under way (shutdown, verification, tests).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTransaction = Transaction<any>;
export type ChainPending = (trx: AnyTransaction) => Promise<void>;

/** Transactions opened through `auditAtCommit`, and the linker to run after each one commits (if it logged). */
const open = new WeakMap<object, { chain: ChainPending | null }>();
type GroupLinker = { link: (chain: ChainPending) => Promise<void>; settle: () => Promise<void> };
/** The wrapped Kysely instance → its group linker. */
const linkers = new WeakMap<object, GroupLinker>();

/** Resolves when the linking runs under way or queued on this Kysely instance are over (whatever their outcome). */
export async function settleAuditLinking(q: object): Promise<void> {
  await linkers.get(q)?.settle();
}

/** A failed run leaves its rows unlinked for the next one; the error's code only, as its detail may quote a row. */
function linkInBackground(linker: GroupLinker, chain: ChainPending) {
  linker.link(chain).catch((e: unknown) => {
    const code = (e as { code?: unknown }).code;
    console.error(`kvarbo: linking audit rows failed (${typeof code === 'string' ? code : 'error'}); the next run links them`);
  });
}

/** Called after audit rows are inserted unlinked: links them after the transaction they belong to commits. */
export async function chainAfterAppend(q: object, chain: ChainPending): Promise<void> {
  const transaction = open.get(q);
  if (transaction) {
    transaction.chain = chain;
    return;
  }
  const linker = linkers.get(q);
  if (linker) return linkInBackground(linker, chain);
  // Not opened through auditAtCommit (a migration, a test's own Kysely): link right here, in the same transaction.
  if ((q as { isTransaction?: boolean }).isTransaction) return chain(q as AnyTransaction);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (q as Kysely<any>).transaction().execute(chain);
}

/** The same Kysely instance, except that a transaction that logged is followed by the linking of its rows. */
export function auditAtCommit<DB>(kysely: Kysely<DB>): Kysely<DB> {
  const linker = groupLinker(kysely);
  const wrapped = new Proxy(kysely, {
    get(target, prop) {
      if (prop === 'transaction') return () => linkingBuilder(target.transaction(), linker);
      // Closing waits for the linking under way, so a clean stop leaves nothing unlinked.
      if (prop === 'destroy') return () => linker.settle().then(() => target.destroy());
      const value: unknown = Reflect.get(target, prop, target);
      // Kysely keeps its state in private fields, which only the real instance can read.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  linkers.set(wrapped, linker);
  return wrapped;
}

/**
 * One linking transaction at a time per server. A caller arriving while a run is under way joins the next run
 * (the one under way may have looked for unlinked rows before the caller's commit), and all such callers share it.
 */
function groupLinker<DB>(kysely: Kysely<DB>): GroupLinker {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const noop = () => {};
  const runOnce = (chain: ChainPending): Promise<void> => {
    const run = kysely.transaction().execute((trx) => chain(trx));
    running = run;
    void run.then(noop, noop).finally(() => {
      if (running === run) running = null;
    });
    return run;
  };
  const link = (chain: ChainPending): Promise<void> => {
    if (!running) return runOnce(chain);
    queued ??= running.then(noop, noop).then(() => {
      queued = null;
      return runOnce(chain);
    });
    return queued;
  };
  const settle = async () => {
    while (running || queued) await (queued ?? running)!.then(noop, noop);
  };
  return { link, settle };
}

type Builder<DB> = ReturnType<Kysely<DB>['transaction']>;

function linkingBuilder<DB>(builder: Builder<DB>, linker: GroupLinker): Builder<DB> {
  return new Proxy(builder, {
    get(target, prop) {
      if (prop === 'execute') {
        return async <T>(callback: (trx: Transaction<DB>) => Promise<T>) => {
          const state: { chain: ChainPending | null } = { chain: null };
          const result = await target.execute(async (trx) => {
            open.set(trx, state);
            try {
              return await callback(trx);
            } finally {
              open.delete(trx);
            }
          });
          if (state.chain) linkInBackground(linker, state.chain);
          return result;
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      // setIsolationLevel / setAccessMode return a new builder, which must link too.
      return (...args: unknown[]) => {
        const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return out && typeof out === 'object' && 'execute' in out ? linkingBuilder(out as Builder<DB>, linker) : out;
      };
    },
  });
}
