/** The few server-rendered pages of the browser session: the development sign-in and the placeholder. */

export type Language = 'fr' | 'nl' | 'en';
export const LANGUAGES: readonly Language[] = ['fr', 'nl', 'en'];

export interface DemoProfessional {
  id: string;
  displayName: string;
  roles: string[];
  bassins?: string[];
  organisationId?: string;
  languages?: string[];
}

/** `?lang=` first, then the browser's Accept-Language (in its order of preference), then French. */
export function pickLanguage(query: unknown, acceptLanguage: string | undefined): Language {
  if (typeof query === 'string' && (LANGUAGES as readonly string[]).includes(query)) {
    return query as Language;
  }
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked.find((e) => (LANGUAGES as readonly string[]).includes(e.lang))?.lang as Language) ?? 'fr';
}

const TEXT = {
  fr: {
    title: 'Connexion de développement — Concerto',
    heading: 'Connexion de développement',
    intro:
      "Ce serveur tourne en mode développement : choisissez un utilisateur de démonstration. En production, la connexion passe par votre fournisseur d'identité.",
    signInAs: 'Se connecter en tant que',
    roles: 'Rôles',
    bassins: 'Bassins',
    language: 'Langue',
    none: 'aucun',
    notBuiltTitle: "L'application web n'est pas construite",
    notBuilt:
      "L'application web n'est pas encore construite. Lancez « npm run build » (ou « npm start »), puis rechargez cette page. L'API reste disponible sous /v1 et sa documentation sous /docs.",
  },
  nl: {
    title: 'Aanmelden voor ontwikkeling — Concerto',
    heading: 'Aanmelden voor ontwikkeling',
    intro:
      'Deze server draait in ontwikkelingsmodus: kies een demogebruiker. In productie meldt u zich aan via uw identiteitsprovider.',
    signInAs: 'Aanmelden als',
    roles: 'Rollen',
    bassins: 'Bassins',
    language: 'Taal',
    none: 'geen',
    notBuiltTitle: 'De webapplicatie is niet gebouwd',
    notBuilt:
      'De webapplicatie is nog niet gebouwd. Voer "npm run build" (of "npm start") uit en laad deze pagina opnieuw. De API blijft beschikbaar onder /v1 en de documentatie onder /docs.',
  },
  en: {
    title: 'Development sign-in — Concerto',
    heading: 'Development sign-in',
    intro:
      'This server runs in development mode: choose a demo user. In production, you sign in with your identity provider.',
    signInAs: 'Sign in as',
    roles: 'Roles',
    bassins: 'Bassins',
    language: 'Language',
    none: 'none',
    notBuiltTitle: 'The web app is not built',
    notBuilt:
      'The web app is not built yet. Run "npm run build" (or "npm start"), then reload this page. The API is still available under /v1 and its documentation under /docs.',
  },
} as const;

const LANGUAGE_NAMES: Record<Language, string> = { fr: 'Français', nl: 'Nederlands', en: 'English' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Large targets, visible focus, contrast above 4.5:1, no script: the page works with the keyboard alone.
const STYLE = `
body{font:1.0625rem/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff}
main{max-width:46rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .5rem}
nav ul,ul.users{list-style:none;padding:0;margin:0}
nav ul{display:flex;gap:1rem;margin-bottom:1rem}
ul.users li{border:1px solid #767676;border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0}
button{font:inherit;padding:.5rem 1rem;border:2px solid #004a99;border-radius:.375rem;background:#004a99;color:#fff;cursor:pointer}
button:hover{background:#003366}
a{color:#004a99}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}
.meta{color:#3d3d3d;font-size:.95rem;margin:.25rem 0 .5rem}
`;

function layout(lang: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export function devSignInPage(lang: Language, users: DemoProfessional[], returnTo?: string): string {
  const t = TEXT[lang];
  const returnField = returnTo ? `<input type="hidden" name="returnTo" value="${escapeHtml(returnTo)}">` : '';
  const languages = LANGUAGES.map(
    (l) =>
      `<li><a href="/auth/dev?lang=${l}" hreflang="${l}" lang="${l}"${l === lang ? ' aria-current="page"' : ''}>${LANGUAGE_NAMES[l]}</a></li>`,
  ).join('');
  const items = users
    .map((u) => {
      const name = escapeHtml(u.displayName);
      const bassins = (u.bassins ?? []).join(', ') || t.none;
      return `<li>
<form method="post" action="/auth/dev">
<input type="hidden" name="userId" value="${escapeHtml(u.id)}">
<input type="hidden" name="lang" value="${lang}">${returnField}
<p class="meta">${t.roles}: ${escapeHtml(u.roles.join(', '))} · ${t.bassins}: ${escapeHtml(bassins)}</p>
<button type="submit">${t.signInAs} ${name}</button>
</form>
</li>`;
    })
    .join('\n');
  return layout(
    lang,
    t.title,
    `<nav aria-label="${t.language}"><ul>${languages}</ul></nav>
<h1>${t.heading}</h1>
<p>${t.intro}</p>
<ul class="users">
${items}
</ul>`,
  );
}

export function webAppNotBuiltPage(lang: Language): string {
  const t = TEXT[lang];
  return layout(lang, `${t.notBuiltTitle} — Concerto`, `<h1>${t.notBuiltTitle}</h1>\n<p>${t.notBuilt}</p>`);
}

/** For the server-rendered pages above: inline styles only, forms to this origin, nothing else. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The built web app (Vite): scripts, styles, fonts and images from this origin only, no inline
 * script (Vite emits none); inline style attributes stay possible for the component library.
 */
export const WEB_APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The web app's policy with an identity provider: the sign-out form is answered by a redirect to the
 * provider's end-session endpoint, and browsers apply form-action to a form's redirects too.
 */
export function webAppCsp(identityProvider?: string): string {
  return identityProvider
    ? WEB_APP_CSP.replace("form-action 'self'", `form-action 'self' ${new URL(identityProvider).origin}`)
    : WEB_APP_CSP;
}

/** The professionals of the directory seed (DIRECTORY_SEED_FILE): the demo users of /auth/dev. */
export function demoProfessionals(seed: unknown): DemoProfessional[] {
  const list = (seed as { professionals?: unknown }).professionals;
  return Array.isArray(list)
    ? (list as DemoProfessional[]).filter((p) => typeof p?.id === 'string' && typeof p.displayName === 'string')
    : [];
}
