// The one place that talks HTTP: JSON in and out, the session's CSRF token on every state change,
// server errors turned into ApiError values, and a jump to the login page when the session is gone.

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  fields?: FieldError[];
  conflict?: unknown;
  lockedUntil?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  readonly conflict: unknown;
  readonly lockedUntil: string | null;
  /** The whole error object, for members only some errors carry (e.g. existingId). */
  readonly body: ApiErrorBody & Record<string, unknown>;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.fields = body.fields ?? [];
    this.conflict = body.conflict ?? null;
    this.lockedUntil = body.lockedUntil ?? null;
    this.body = body as ApiErrorBody & Record<string, unknown>;
  }

  /** The server's message for one JSON field, if it complained about it. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field)?.message;
  }
}

/** A request that never got an answer (offline, server down). */
export const NETWORK_ERROR = 'NETWORK';

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

let csrfToken: string | null = null;
let language = 'sv';
let onUnauthenticated: () => void = () => {};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiLanguage(lang: string): void {
  language = lang;
}

/** Called on 401 from any request except the login and session checks themselves. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** The address of a file the server makes (a PDF letter), to open in a new tab: the session cookie goes along. */
export function fileUrl(path: string, query?: Query): string {
  return `/api${path}${buildQuery(query)}`;
}

export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not redirect to the login page on 401 (login and session checks). */
  allowUnauthenticated?: boolean;
  /** Internal: this is the one retry after fetching a fresh CSRF token. */
  isRetry?: boolean;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(`/api${path}${buildQuery(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, { code: NETWORK_ERROR, message: 'Network error' });
  }

  if (response.status === 204) return undefined as T;

  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    const body = isErrorEnvelope(data)
      ? data.error
      : { code: statusCode(response.status), message: response.statusText || `HTTP ${response.status}` };
    const error = new ApiError(response.status, body);
    if (response.status === 401 && !options.allowUnauthenticated) onUnauthenticated();
    // A stale token (another tab logged in again): fetch the session's token and try once more, so the
    // user's save goes through instead of asking them to reload and retype.
    if (error.code === 'CSRF' && !options.isRetry && (await refreshCsrfToken())) {
      return request<T>(method, path, { ...options, isRetry: true });
    }
    throw error;
  }
  return data as T;
}

export interface DownloadedFile {
  blob: Blob;
  /** The file name the server suggests (Content-Disposition), if any. */
  filename: string | null;
}

/**
 * A POST whose answer is a file (an Excel workbook) rather than JSON: the same headers, CSRF token, ApiError
 * values and one retry on a stale token as request(). The caller saves the blob.
 */
export async function postForFile(path: string, body: unknown, isRetry = false): Promise<DownloadedFile> {
  const headers: Record<string, string> = { Accept: '*/*', 'Accept-Language': language, 'Content-Type': 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api${path}`, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { code: NETWORK_ERROR, message: 'Network error' });
  }
  if (response.ok) {
    const disposition = response.headers.get('content-disposition') ?? '';
    const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
    return { blob: await response.blob(), filename };
  }
  let data: unknown = undefined;
  try {
    data = JSON.parse(await response.text());
  } catch {
    data = undefined;
  }
  const errorBody = isErrorEnvelope(data)
    ? data.error
    : { code: statusCode(response.status), message: response.statusText || `HTTP ${response.status}` };
  const error = new ApiError(response.status, errorBody);
  if (response.status === 401) onUnauthenticated();
  if (error.code === 'CSRF' && !isRetry && (await refreshCsrfToken())) return postForFile(path, body, true);
  throw error;
}

async function refreshCsrfToken(): Promise<boolean> {
  try {
    const session = await request<{ csrfToken: string }>('GET', '/auth/session', { allowUnauthenticated: true });
    csrfToken = session.csrfToken;
    return true;
  } catch {
    return false;
  }
}

function isErrorEnvelope(data: unknown): data is { error: ApiErrorBody } {
  if (typeof data !== 'object' || data === null || !('error' in data)) return false;
  const error = (data as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error;
}

function statusCode(status: number): string {
  switch (status) {
    case 400:
      return 'VALIDATION';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 423:
      return 'LOCKED';
    case 429:
      return 'RATE_LIMITED';
    default:
      return 'SERVER';
  }
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

export interface Upload<T> {
  /** Settles with the server's answer, an ApiError, or an AbortError after abort(). */
  result: Promise<T>;
  abort: () => void;
}

export interface UploadOptions {
  query?: Query;
  /** Bytes sent so far and in all; called as the browser sends the file. */
  onProgress?: (loaded: number, total: number) => void;
  /** The whole file has left the browser; the server is now reading it. */
  onSent?: () => void;
}

/**
 * Sends a file as the raw request body (application/octet-stream) with XMLHttpRequest rather than fetch, since
 * only XMLHttpRequest reports upload progress: a year of camt statements can be a hundred megabytes.
 */
export function uploadFile<T>(path: string, file: Blob, options: UploadOptions = {}): Upload<T> {
  let current: XMLHttpRequest | null = null;
  let aborted = false;

  const send = (isRetry: boolean): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      current = xhr;
      xhr.open('POST', `/api${path}${buildQuery(options.query)}`);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('Accept-Language', language);
      if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
      xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
      xhr.upload.onload = () => {
        options.onProgress?.(file.size, file.size);
        options.onSent?.();
      };
      xhr.onerror = () => reject(new ApiError(0, { code: NETWORK_ERROR, message: 'Network error' }));
      xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
      xhr.onload = () => {
        let data: unknown = undefined;
        try {
          data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
        } catch {
          data = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve(data as T);
          return;
        }
        const body = isErrorEnvelope(data) ? data.error : { code: statusCode(xhr.status), message: xhr.statusText || `HTTP ${xhr.status}` };
        const error = new ApiError(xhr.status, body);
        if (xhr.status === 401) onUnauthenticated();
        if (error.code === 'CSRF' && !isRetry && !aborted) {
          refreshCsrfToken().then(
            (ok) => (ok ? send(true).then(resolve, reject) : reject(error)),
            () => reject(error),
          );
          return;
        }
        reject(error);
      };
      xhr.send(file);
    });

  return {
    result: send(false),
    abort: () => {
      aborted = true;
      current?.abort();
    },
  };
}
