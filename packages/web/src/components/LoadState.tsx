import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { describeError } from './describeError.ts';
import { ErrorBox } from './Page.tsx';

interface Props<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload?: () => void;
  children: (data: T) => ReactNode;
}

/** Shows "Laddar …", a calm error with a retry button, or the content. */
export function LoadState<T>({ data, error, loading, reload, children }: Props<T>) {
  const { t } = useTranslation();
  if (error) {
    return (
      <ErrorBox title={t('errors.title')}>
        <p>{describeError(t, error)}</p>
        {reload && !isFinal(error) ? (
          <button type="button" className="button button-secondary" onClick={reload}>
            {t('common.retry')}
          </button>
        ) : null}
      </ErrorBox>
    );
  }
  if (data === undefined) {
    return loading ? <Loading /> : null;
  }
  return <>{children(data)}</>;
}

/** Trying again will not help when the record is not there or not ours to see. */
function isFinal(error: unknown): boolean {
  return error instanceof ApiError && ['NOT_FOUND', 'FORBIDDEN', 'VALIDATION'].includes(error.code);
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}
