import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { authApi } from '../api/auth.ts';
import { setCsrfToken, setUnauthenticatedHandler } from '../api/client.ts';
import { twoFactorApi, type TwoFactorStep } from '../api/twoFactor.ts';
import type { Me, Role, SessionAnswer, UnitMembership } from '../api/types.ts';
import { setLanguage, storedLanguage } from '../i18n/index.ts';

const UNIT_KEY = 'kvarbo.unitId';

export type SessionStatus = 'loading' | 'anonymous' | 'authenticated';
/** Why the visitor is anonymous: shown as a calm notice on the login page. */
export type SignedOutReason = 'none' | 'loggedOut' | 'expired';

interface SessionValue {
  status: SessionStatus;
  me: Me | null;
  signedOutReason: SignedOutReason;
  /** The unit the user is working in now; lists and new records use it. */
  unit: UnitMembership | null;
  selectUnit: (unitId: string) => void;
  /** Resolves to the two-factor step when the login needs one (docs/two-factor.md), null when signed in. */
  login: (username: string, password: string) => Promise<TwoFactorStep | null>;
  /** Ends a login whose second step has given a session. */
  finishLogin: (answer: SessionAnswer) => void;
  logout: () => Promise<void>;
  roleIn: (unitId: string | null | undefined) => Role | null;
  isManagerSomewhere: boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

function readStoredUnit(): string | null {
  try {
    return localStorage.getItem(UNIT_KEY);
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [signedOutReason, setSignedOutReason] = useState<SignedOutReason>('none');
  const [unitId, setUnitId] = useState<string | null>(readStoredUnit);

  const accept = useCallback((user: Me, csrfToken: string) => {
    setCsrfToken(csrfToken);
    setMe(user);
    setStatus('authenticated');
    setSignedOutReason('none');
    // The user's own language applies unless this device has been switched by hand.
    if (!storedLanguage()) void setLanguage(user.locale, false);
  }, []);

  const signOut = useCallback((reason: SignedOutReason) => {
    setCsrfToken(null);
    setMe(null);
    setStatus('anonymous');
    setSignedOutReason(reason);
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => signOut('expired'));
    let cancelled = false;
    authApi
      .session()
      .then((answer) => {
        if (!cancelled) accept(answer.user, answer.csrfToken);
      })
      .catch(() => {
        if (!cancelled) signOut('none');
      });
    return () => {
      cancelled = true;
    };
  }, [accept, signOut]);

  const login = useCallback(
    async (username: string, password: string) => {
      const answer = await twoFactorApi.login(username, password);
      if ('twoFactor' in answer) return answer;
      accept(answer.user, answer.csrfToken);
      return null;
    },
    [accept],
  );

  const finishLogin = useCallback((answer: SessionAnswer) => accept(answer.user, answer.csrfToken), [accept]);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      signOut('loggedOut');
    }
  }, [signOut]);

  const selectUnit = useCallback((id: string) => {
    setUnitId(id);
    try {
      localStorage.setItem(UNIT_KEY, id);
    } catch {
      // Not remembered in private mode; harmless.
    }
  }, []);

  const value = useMemo<SessionValue>(() => {
    const units = me?.units ?? [];
    const unit = units.find((u) => u.id === unitId) ?? units[0] ?? null;
    return {
      status,
      me,
      signedOutReason,
      unit,
      selectUnit,
      login,
      finishLogin,
      logout,
      roleIn: (id) => units.find((u) => u.id === id)?.role ?? null,
      isManagerSomewhere: units.some((u) => u.role === 'manager'),
    };
  }, [status, me, signedOutReason, unitId, selectUnit, login, finishLogin, logout]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** For pages behind the login: the session is known to be there. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
