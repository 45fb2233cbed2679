import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// Single sign-on with OpenID Connect (issue 8): a login that has gone to the identity provider and not yet come
// back. Kept in the database, not in memory, so that two servers on one database can finish each other's logins.
// The state is stored hashed (it is the key the browser brings back); a row is used once and lives ten minutes.
export function singleSignOn(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('oidc_login_states')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // SHA-256 of the random value in the browser's kvarbo_oidc cookie: the login ends in the browser it began in.
        .addColumn('browser_hash', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('code_verifier', 'text', (c) => c.notNull())
        .addColumn('return_to', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('oidc_login_states_expires_idx').on('oidc_login_states').column('expires_at').execute();
    },
  };
}
