import { lazy, Suspense, useEffect, useState } from 'react';
import { FormattedMessage, IntlProvider, useIntl } from 'react-intl';
import { Button, RouterProvider } from 'react-aria-components';
import { setCsrfToken } from './api/client.js';
import { Link } from './components/Link.js';
import { SelectInput } from './components/fields.js';
import {
  CATALOGUES,
  LANGUAGES,
  TIME_ZONE,
  isLanguage,
  languageOf,
  storeLanguage,
  storedLanguage,
  type Language,
} from './i18n/index.js';
import { navigate, usePath } from './router.js';
import { MyActions } from './screens/FollowUp.js';
import { MyAlerts } from './screens/MyAlerts.js';
import { RedButton } from './screens/RedButton.js';
import { Worklist } from './screens/Worklist.js';
import { isCoordinator, loadSession, SessionContext, type Me, type SessionState } from './session.js';

// The case page is the heaviest screen and only coordinators open it: it is loaded on demand.
const CasePage = lazy(() => import('./screens/CasePage.js'));
const MeetingPage = lazy(() => import('./screens/MeetingPage.js'));
const PollPage = lazy(() => import('./screens/PollPage.js'));

const LANGUAGE_NAMES: Record<Language, string> = { fr: 'Français', nl: 'Nederlands', en: 'English' };

export function App() {
  const [session, setSession] = useState<SessionState>({ state: 'loading' });
  const [language, setLanguage] = useState<Language>(storedLanguage() ?? languageOf(navigator.language));
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    loadSession().then(
      (s) => {
        if (s.state === 'signed-in') {
          setCsrfToken(s.me.csrfToken);
          setLanguage(storedLanguage() ?? languageOf(s.me.language));
        }
        setSession(s);
      },
      () => setFailed(true),
    );
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const choose = (l: Language) => {
    storeLanguage(l);
    setLanguage(l);
  };

  return (
    <IntlProvider locale={language} messages={CATALOGUES[language]} timeZone={TIME_ZONE} defaultLocale="fr">
      <RouterProvider navigate={navigate}>
        <a className="skip" href="#main">
          <FormattedMessage id="app.skip" />
        </a>
        <Header me={session.state === 'signed-in' ? session.me : undefined} language={language} onLanguage={choose} />
        <main id="main" tabIndex={-1}>
          {failed ? (
            <p role="alert">
              <FormattedMessage id="app.error" values={{ status: '—' }} />
            </p>
          ) : session.state === 'loading' ? (
            <p role="status">
              <FormattedMessage id="app.loading" />
            </p>
          ) : session.state === 'signed-out' ? (
            <SignedOut language={language} />
          ) : (
            <SessionContext.Provider value={session.me}>
              <Screens me={session.me} language={language} />
            </SessionContext.Provider>
          )}
        </main>
      </RouterProvider>
    </IntlProvider>
  );
}

function Header(props: { me?: Me; language: Language; onLanguage: (l: Language) => void }) {
  const intl = useIntl();
  const { me } = props;
  return (
    <header className="header">
      <p className="brand">
        <FormattedMessage id="app.name" />
      </p>
      {me && (
        <nav aria-label={intl.formatMessage({ id: 'nav.main' })}>
          <ul>
            <li>
              <Link href="/alert">
                <FormattedMessage id="nav.redButton" />
              </Link>
            </li>
            <li>
              <Link href="/alerts/mine">
                <FormattedMessage id="nav.myAlerts" />
              </Link>
            </li>
            <li>
              <Link href="/actions/mine">
                <FormattedMessage id="nav.myActions" />
              </Link>
            </li>
            {isCoordinator(me) && (
              <li>
                <Link href="/cases">
                  <FormattedMessage id="nav.worklist" />
                </Link>
              </li>
            )}
          </ul>
        </nav>
      )}
      <div className="header-tools">
        <SelectInput
          name="language"
          label={intl.formatMessage({ id: 'app.language' })}
          value={props.language}
          onChange={(v) => isLanguage(v) && props.onLanguage(v)}
          options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
        />
        {me && (
          <>
            <span className="who">
              <FormattedMessage id="app.signedInAs" values={{ name: me.displayName }} />
            </span>
            <Button className="button" onPress={() => signOut(me)}>
              <FormattedMessage id="app.signOut" />
            </Button>
          </>
        )}
      </div>
    </header>
  );
}

/**
 * A top-level form post, not fetch: with an identity provider the engine answers 303 to the provider's
 * end-session endpoint, which the browser must follow itself (ADR 0022, amendment).
 */
function signOut(me: Me): void {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = '/auth/logout';
  const csrf = document.createElement('input');
  csrf.type = 'hidden';
  csrf.name = 'csrfToken';
  csrf.value = me.csrfToken;
  form.append(csrf);
  document.body.append(form);
  setCsrfToken(undefined);
  form.submit();
}

/**
 * Where to sign in: the development sign-in page when the engine offers it (embedded mode without an
 * identity provider), else the OpenID Connect login. Either returns here afterwards.
 */
function SignedOut({ language }: { language: Language }) {
  const [dev, setDev] = useState<boolean>();
  useEffect(() => {
    fetch('/auth/dev', { method: 'HEAD', credentials: 'same-origin' }).then(
      (res) => setDev(res.ok),
      () => setDev(false),
    );
  }, []);
  const query = new URLSearchParams({ returnTo: window.location.pathname, lang: language }).toString();
  const href = `${dev ? '/auth/dev' : '/auth/login'}?${query}`;
  return (
    <div>
      <h1>
        <FormattedMessage id="app.signedOut" />
      </h1>
      <p>
        <a className="button primary" href={href} aria-busy={dev === undefined}>
          <FormattedMessage id="app.signIn" />
        </a>
      </p>
    </div>
  );
}

function Screens({ me, language }: { me: Me; language: Language }) {
  const path = usePath();
  const home = isCoordinator(me) ? '/cases' : '/alert';
  useEffect(() => {
    if (path === '/') {
      navigate(home);
    }
  }, [path, home]);
  useEffect(() => {
    document.getElementById('main')?.focus();
  }, [path]);

  const caseMatch = /^\/cases\/([0-9a-f-]{36})$/.exec(path);
  if (path === '/alert' || (path === '/' && home === '/alert')) {
    return <RedButton language={language} />;
  }
  if (path === '/alerts/mine') {
    return <MyAlerts />;
  }
  if (path === '/actions/mine') {
    return <MyActions />;
  }
  const meetingMatch = /^\/cases\/([0-9a-f-]{36})\/meetings\/([0-9a-f-]{36})$/.exec(path);
  if (isCoordinator(me) && meetingMatch) {
    return (
      <Suspense
        fallback={
          <p role="status">
            <FormattedMessage id="app.loading" />
          </p>
        }
      >
        <MeetingPage key={meetingMatch[2]} caseId={meetingMatch[1]} concertationId={meetingMatch[2]} />
      </Suspense>
    );
  }
  const pollMatch = /^\/cases\/([0-9a-f-]{36})\/polls\/([0-9a-f-]{36})$/.exec(path);
  if (isCoordinator(me) && pollMatch) {
    return (
      <Suspense
        fallback={
          <p role="status">
            <FormattedMessage id="app.loading" />
          </p>
        }
      >
        <PollPage key={pollMatch[2]} caseId={pollMatch[1]} pollId={pollMatch[2]} />
      </Suspense>
    );
  }
  if (isCoordinator(me) && (path === '/cases' || path === '/')) {
    return <Worklist />;
  }
  if (isCoordinator(me) && caseMatch) {
    return (
      <Suspense
        fallback={
          <p role="status">
            <FormattedMessage id="app.loading" />
          </p>
        }
      >
        <CasePage key={caseMatch[1]} caseId={caseMatch[1]} />
      </Suspense>
    );
  }
  return (
    <p>
      <FormattedMessage id="app.notFound" />
    </p>
  );
}
