import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  /** Extra class, e.g. "dialog-wide" for content that needs the room (code, long keys). */
  className?: string;
}

/**
 * A modal built on the native <dialog>: the browser traps focus, Escape closes it and the rest of the page
 * is inert. Focus goes back to the control that opened it, when that control is still on the page (after an
 * assignment the row is gone, and the page moves focus to its own message instead). The content is only
 * rendered while open, so every opening starts with an empty form.
 */
export function Dialog({ open, title, onClose, children, testId, className }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
    if (!open && opener.current) {
      const element = opener.current;
      opener.current = null;
      if (document.contains(element)) element.focus();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={titleId}
      onClose={onClose}
      data-testid={testId}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {open ? children : null}
    </dialog>
  );
}
