import type { Migration } from 'kysely';
import type { DialectName } from '../database.ts';
import { foundation } from './0001_foundation.ts';

/** Ordered; names never change once released. */
export function allMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_foundation': foundation(dialect),
  };
}
