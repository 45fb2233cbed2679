import { conflict, type AppError } from '../errors.ts';

// Optimistic concurrency (issue 8, docs/concurrency.md): an edit names the row version it read; the repository
// updates `WHERE id = ? AND version = ?` and moves the row to the next version, so the check and the write are one
// statement. A stale edit is refused with 409 STALE_VERSION (the same code eviction cases use) and nothing changes.

export const STALE_MESSAGES = {
  sv: 'Uppgifterna har ändrats av någon annan sedan du öppnade dem. Ladda om sidan och gör ändringen igen.',
  en: 'Someone else has changed this since you opened it. Reload the page and make the change again.',
};

export function staleVersion(currentVersion?: number): AppError {
  return conflict('STALE_VERSION', STALE_MESSAGES, currentVersion === undefined ? {} : { currentVersion });
}

/** Refuses early (with the current version) when the row read is already past the version the edit names. */
export function expectVersion(row: { version: number | string }, version: number): void {
  if (Number(row.version) !== version) throw staleVersion(Number(row.version));
}

/** After a versioned update: false means another edit won between the read and the write. */
export function mustHaveUpdated(updated: boolean): void {
  if (!updated) throw staleVersion();
}
