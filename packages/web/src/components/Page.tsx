import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';

interface Props {
  title: string;
  /** Small line above the heading, e.g. the kind of record. */
  kicker?: string;
  actions?: ReactNode;
  children: ReactNode;
  /** Give focus to the heading when the page opens (off on the login page, whose first field takes it). */
  focusHeading?: boolean;
}

/**
 * Every page has one <h1>. After client-side navigation focus moves to it, so keyboard and screen-reader
 * users start reading at the new page instead of at the link they left.
 */
export function Page({ title, kicker, actions, children, focusHeading = true }: Props) {
  useDocumentTitle(title);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const location = useLocation();

  // Only a new page moves focus: search, sort and paging change the query string and must leave focus
  // where the user is typing or clicking. The very first page load keeps the browser's own start.
  const firstLoad = location.key === 'default';
  useEffect(() => {
    if (focusHeading && !firstLoad) headingRef.current?.focus({ preventScroll: false });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusHeading, location.pathname]);

  return (
    <div className="page">
      <div className="page-header">
        <div>
          {kicker ? <p className="page-kicker">{kicker}</p> : null}
          <h1 ref={headingRef} tabIndex={-1}>
            {title}
          </h1>
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </div>
  );
}

/** A polite message after something worked ("Sparat."), read out without moving focus. */
export function Notice({ children, tone = 'success' }: { children: ReactNode; tone?: 'success' | 'info' }) {
  return (
    <div className={`notice notice-${tone}`} role="status">
      {children}
    </div>
  );
}

export function ErrorBox({ children, title }: { children: ReactNode; title?: string }) {
  return (
    <div className="notice notice-error" role="alert">
      {title ? <p className="notice-title">{title}</p> : null}
      {children}
    </div>
  );
}
