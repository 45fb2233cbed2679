import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Repositories take either the database or an open transaction, so services own the transaction. */
export type Q = Kysely<Database> | Transaction<Database>;

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export type PageRequest = { page: number; pageSize: number };

export function offsetOf(p: PageRequest): number {
  return (p.page - 1) * p.pageSize;
}

/** Search text folded the same way when stored and when searched (Swedish lower-casing, no accents lost). */
export function searchText(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .join(' ')
    .toLocaleLowerCase('sv-SE');
}

/** A LIKE pattern for a user's search string, with LIKE's wildcards escaped. */
export function likePattern(q: string): string {
  return `%${q.toLocaleLowerCase('sv-SE').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function now(): string {
  return new Date().toISOString();
}
