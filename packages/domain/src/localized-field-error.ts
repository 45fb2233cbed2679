// Field errors with the message in both UI languages, for rules whose validation the server passes straight on
// to a form (unit rent settings, repayment plan terms). errors.ts's FieldError carries one already chosen
// message; these keep both so the server can answer in the caller's language.
import type { Localized } from './errors.ts';

export type LocalizedFieldError = { field: string; code: string; message: Localized };

/** Thrown by functions that refuse invalid input the caller should have validated first (a programming error
 *  or a stale database row); `fields` is what the matching validate…() function returns. */
export class InvalidFieldsError extends Error {
  override readonly name = 'InvalidFieldsError';
  readonly code = 'VALIDATION';
  readonly status = 400;
  readonly fields: LocalizedFieldError[];

  constructor(fields: LocalizedFieldError[]) {
    super(fields.map((f) => `${f.field}: ${f.message.en}`).join(' '));
    this.fields = fields;
  }
}
