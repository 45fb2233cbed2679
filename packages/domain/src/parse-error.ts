// One error shape for every incoming-payment parser (BgMax, camt.053/054, CSV/Excel lists), so the import
// pipeline can list problems the same way whatever the file type. A caseworker, not a programmer, reads the
// message: it names the line (or XML element) and the field in plain words, in both product languages.
// Parsers return these for bad input and never throw: a broken bank file is an expected event, not a bug.
import type { Localized } from './errors.ts';

export type ParseError = {
  /** 1-based line in the file (BgMax, CSV/Excel row) when the problem belongs to one line. */
  line?: number;
  /** Path of the XML element, e.g. `Ntfctn[1]/Ntry[3]/NtryDtls/TxDtls[2]` (camt). */
  element?: string;
  /** Machine name of the field, e.g. `amount`, `depositCount`, `Amt`; `file` for the file as a whole. */
  field: string;
  /** Stable code for programs and tests, e.g. `not_numeric`, `deposit_sum_mismatch`. */
  code: string;
  message: Localized;
};

/** Where the problem is, in words: "Rad 12" / "Line 12", "Element Ntfctn[1]/Ntry[2]", or nothing. */
export function locationPrefix(at: { line?: number; element?: string }): Localized {
  if (at.line !== undefined && at.element !== undefined) {
    return { sv: `Rad ${at.line}, ${at.element}: `, en: `Line ${at.line}, ${at.element}: ` };
  }
  if (at.line !== undefined) return { sv: `Rad ${at.line}: `, en: `Line ${at.line}: ` };
  if (at.element !== undefined) return { sv: `${at.element}: `, en: `${at.element}: ` };
  return { sv: '', en: '' };
}

/** Builds a ParseError whose message starts with the location, so it reads well on its own in a list. */
export function parseError(at: { line?: number; element?: string }, field: string, code: string, message: Localized): ParseError {
  const prefix = locationPrefix(at);
  return {
    ...(at.line !== undefined ? { line: at.line } : {}),
    ...(at.element !== undefined ? { element: at.element } : {}),
    field,
    code,
    message: { sv: prefix.sv + message.sv, en: prefix.en + message.en },
  };
}

/** Upper-cases the first letter, for field labels that start a sentence. */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
