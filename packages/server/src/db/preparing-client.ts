import crypto from 'node:crypto';
import pg from 'pg';

// PostgreSQL parses and plans every unnamed statement anew. Kvarbo's requests run the same few hundred statements
// over and over, so giving each parameterised statement a name (a hash of its text) lets every pooled connection
// parse and plan it once and then only bind and execute: PostgreSQL's CPU per request about halves (docs/benchmarks.md).
//
// Bounds: statements with many parameters (IN lists of varying length, batched inserts) vary in text and would only
// fill the cache, so they stay unnamed, and each connection names at most MAX_NAMED statements; the pool closes
// idle connections, which frees theirs. KVARBO_PG_PREPARED_STATEMENTS=off turns this off, e.g. behind a pooler in
// transaction mode that cannot carry named statements from one transaction to the next.

const MAX_NAMED = 500;
const MAX_PARAMETERS = 32;
const MAX_TEXT = 8000;

const nameOf = new Map<string, string>();
function statementName(text: string): string {
  let name = nameOf.get(text);
  if (!name) {
    name = `k${crypto.createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    // The map is shared by all connections; it is bounded like the connections' caches.
    if (nameOf.size < MAX_NAMED * 4) nameOf.set(text, name);
  }
  return name;
}

export class PreparingClient extends pg.Client {
  readonly #named = new Set<string>();

  // Kysely calls query(text, values); every other form passes through unchanged.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const [text, values] = args;
    if (
      args.length === 2 &&
      typeof text === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      values.length <= MAX_PARAMETERS &&
      text.length <= MAX_TEXT
    ) {
      const name = statementName(text);
      if (this.#named.has(name) || this.#named.size < MAX_NAMED) {
        this.#named.add(name);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        return (super.query as any)({ name, text, values });
      }
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (super.query as any)(...args);
  }
}
