import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router-dom';

/**
 * Links such as /residents/:id/ledger#placement-… point into content that loads after the page: once it is
 * there (ready), scroll to the element the address names, once per address.
 */
export function useScrollToHash(ready: boolean): void {
  const { hash, key } = useLocation();
  const done = useRef<string | null>(null);
  useEffect(() => {
    if (!ready || !hash || done.current === key) return;
    done.current = key;
    const element = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (element) requestAnimationFrame(() => element.scrollIntoView({ block: 'start' }));
  }, [ready, hash, key]);
}
