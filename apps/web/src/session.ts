import { createContext, useContext } from 'react';

/**
 * The signed-in user, as GET /auth/me answers (the backend-for-frontend keeps the tokens; the browser
 * holds an httpOnly cookie and this CSRF token in memory only).
 */
export interface Me {
  userId: string;
  displayName: string;
  roles: string[];
  bassins: string[];
  language: string;
  csrfToken: string;
}

export type SessionState = { state: 'loading' } | { state: 'signed-out' } | { state: 'signed-in'; me: Me };

/** /auth/* is the browser session's edge, not part of the versioned API description: read it with fetch. */
export async function loadSession(): Promise<SessionState> {
  const res = await fetch('/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (res.status === 401) {
    return { state: 'signed-out' };
  }
  if (!res.ok) {
    throw new Error(`GET /auth/me answered ${res.status}`);
  }
  return { state: 'signed-in', me: (await res.json()) as Me };
}

export const SessionContext = createContext<Me | undefined>(undefined);

export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) {
    throw new Error('useMe outside a signed-in session');
  }
  return me;
}

export const isCoordinator = (me: Me) => me.roles.includes('coordinator');
