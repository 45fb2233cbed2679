import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

export interface ListParams {
  q: string;
  sort: string;
  page: number;
  /** Any other filter kept in the address (status, type, active …). */
  get: (name: string, fallback?: string) => string;
  set: (changes: Record<string, string | number | null>, options?: { resetPage?: boolean }) => void;
}

/**
 * Search, sort, page and filters live in the address bar, so Back returns to the same list and a link
 * can be shared with a colleague.
 */
export function useListParams(defaultSort: string): ListParams {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);

  const set = useCallback<ListParams['set']>(
    (changes, options = { resetPage: true }) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          if (options.resetPage && !('page' in changes)) next.delete('page');
          return next;
        },
        { replace: 'q' in changes },
      );
    },
    [setParams],
  );

  return {
    q: params.get('q') ?? '',
    sort: params.get('sort') ?? defaultSort,
    page,
    get: (name, fallback = '') => params.get(name) ?? fallback,
    set,
  };
}
