import { useLocation } from 'react-router-dom';

/** A one-line confirmation handed to the next page in the navigation state ("Sparat."). */
export function useFlash(): string | null {
  const state = useLocation().state as { flash?: unknown } | null;
  return typeof state?.flash === 'string' ? state.flash : null;
}

export function flash(message: string) {
  return { state: { flash: message } };
}
