// Errors are values with a code and a message in both UI languages; http/error-handler.ts maps them to
// HTTP in one place. Services throw these; nothing else decides status codes.

export type Locale = 'sv' | 'en';
export type Messages = { sv: string; en: string };
export type FieldError = { field: string; code: string; message: Messages };

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messages: Messages,
    readonly fields: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(messages.en);
  }

  /** Extra fields of the answer in the caller's language (errors that carry messages of their own override it). */
  extraFor(_locale: Locale): Record<string, unknown> {
    return this.extra;
  }
}

export function notFound(): AppError {
  return new AppError('NOT_FOUND', 404, { sv: 'Hittades inte.', en: 'Not found.' });
}

export function forbidden(): AppError {
  return new AppError('FORBIDDEN', 403, {
    sv: 'Du har inte behörighet till detta.',
    en: 'You do not have permission to do this.',
  });
}

export function unauthenticated(): AppError {
  return new AppError('UNAUTHENTICATED', 401, { sv: 'Du behöver logga in.', en: 'Please log in.' });
}

export function invalidFields(fields: FieldError[]): AppError {
  return new AppError('VALIDATION', 400, { sv: 'Några uppgifter behöver rättas.', en: 'Some fields need correcting.' }, fields);
}

export function invalidField(field: string, code: string, message: Messages): AppError {
  return invalidFields([{ field, code, message }]);
}

export function conflict(code: string, messages: Messages, extra: Record<string, unknown> = {}): AppError {
  return new AppError(code, 409, messages, [], extra);
}
