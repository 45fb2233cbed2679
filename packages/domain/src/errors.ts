// One error type for rule violations, so the server can map it to the HTTP error body in docs/api.md and
// the web client can show the same words. Messages come in both languages the product supports.

export type Locale = 'sv' | 'en';
export type Localized = Record<Locale, string>;
export type FieldError = { field: string; code: string; message: string };

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: string;
  /** The HTTP status the server should answer with; a hint, the domain knows nothing of HTTP. */
  readonly status: number;
  readonly fields?: FieldError[];
  readonly messages: Localized;
  /** Extra members of the error body, e.g. `{ conflict: placement }` for overlapping placements. */
  readonly extra?: Record<string, unknown>;

  constructor(init: { code: string; status: number; messages: Localized; fields?: FieldError[]; extra?: Record<string, unknown> }) {
    super(init.messages.en);
    this.code = init.code;
    this.status = init.status;
    this.messages = init.messages;
    if (init.fields) this.fields = init.fields;
    if (init.extra) this.extra = init.extra;
  }

  /** The body of docs/api.md: `{ error: { code, message, fields?, ...extra } }`. */
  toBody(locale: Locale): { error: Record<string, unknown> } {
    return {
      error: {
        ...this.extra,
        code: this.code,
        message: this.messages[locale],
        ...(this.fields ? { fields: this.fields } : {}),
      },
    };
  }
}

export function validationError(fields: FieldError[]): DomainError {
  return new DomainError({
    code: 'VALIDATION',
    status: 400,
    fields,
    messages: { sv: 'Kontrollera de markerade fälten.', en: 'Please check the marked fields.' },
  });
}

export function notFound(): DomainError {
  return new DomainError({
    code: 'NOT_FOUND',
    status: 404,
    messages: { sv: 'Uppgiften finns inte.', en: 'Not found.' },
  });
}

export function conflict(code: string, messages: Localized, extra?: Record<string, unknown>): DomainError {
  return new DomainError({ code, status: 409, messages, ...(extra ? { extra } : {}) });
}
