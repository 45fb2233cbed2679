import { sql, type RawBuilder } from 'kysely';

/** `version = version + 1`: every write moves a versioned row on, so an edit made from an older copy is refused. */
export function nextVersion(): RawBuilder<number> {
  return sql<number>`version + 1`;
}

/** True when exactly one row was updated (a versioned update that found the row at the expected version). */
export function updatedOne(r: { numUpdatedRows: bigint }): boolean {
  return Number(r.numUpdatedRows) === 1;
}
