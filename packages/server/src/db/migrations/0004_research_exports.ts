import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// Research export projects: each has its own secret, so the same resident gets the same pseudonym in every
// export of one project and unrelated pseudonyms across projects.
export function researchExports(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('research_projects')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('research_projects_unit_name_unique', ['unit_id', 'name'])
        .execute();
    },
  };
}
