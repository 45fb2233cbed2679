import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
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
        {reload ? (
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

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}
