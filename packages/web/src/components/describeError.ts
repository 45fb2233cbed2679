import type { TFunction } from 'i18next';
import { ApiError, NETWORK_ERROR } from '../api/client.ts';

/** A calm, actionable sentence for an error that is not about one field. */
export function describeError(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.server');
  switch (error.code) {
    case NETWORK_ERROR:
      return t('errors.network');
    case 'FORBIDDEN':
      return t('errors.forbidden');
    case 'CSRF':
      return t('errors.csrf');
    case 'NOT_FOUND':
      return t('errors.notFound');
    case 'RATE_LIMITED':
      return t('errors.rateLimited');
    case 'UNAUTHENTICATED':
      return t('login.sessionExpired');
    default:
      if (error.status >= 500) return t('errors.server');
      return error.message || t('errors.server');
  }
}
