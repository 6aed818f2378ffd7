import { type Html, html } from './html.js';
import { languageName, PAGE_LANGUAGES, type PageLanguage } from './languages.js';
import { TEXTS } from './texts.js';

/**
 * The frame of every token page: one column, the page's language on <html lang>, a plain link per
 * other language (same page, ?lang=xx), and the single small stylesheet. No script anywhere.
 */
export function layout(
  lang: PageLanguage,
  title: string,
  body: Html,
  options: { languageLinks?: boolean; css?: string } = {},
): string {
  const links =
    options.languageLinks === false
      ? ''
      : html`<nav class="lang" aria-label="${TEXTS[lang].languages}">
          ${PAGE_LANGUAGES.map((l) =>
            l === lang
              ? html`<a href="?lang=${l}" lang="${l}" hreflang="${l}" aria-current="page">${languageName(l)}</a>`
              : html`<a href="?lang=${l}" lang="${l}" hreflang="${l}">${languageName(l)}</a>`,
          )}
        </nav>`;
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${title} · Concerto</title>
        <link rel="stylesheet" href="${options.css ?? 'pages.css'}" />
      </head>
      <body>
        ${links}
        <main>${body}</main>
      </body>
    </html> `.value;
}

/** A page for a link that does not (or no longer) work, in the three languages: we may not know the reader's. */
export function trilingualProblem(
  kind: 'gone' | 'unknown' | 'cancelled' | 'poll-closed' | 'me-gone',
  phone: string | undefined,
): string {
  const sections = PAGE_LANGUAGES.map((l) => {
    const t = TEXTS[l];
    const heading =
      kind === 'gone'
        ? t.linkGone
        : kind === 'unknown'
          ? t.linkUnknown
          : kind === 'cancelled'
            ? t.cancelled
            : kind === 'poll-closed'
              ? t.pollClosed
              : t.meGone;
    return html`<section lang="${l}" class="card warn">
      <h2>${heading}</h2>
      ${kind === 'gone' ? html`<p>${t.linkGoneWhy}</p>` : ''}
      <p>${phone ? t.call(t.coordination, phone) : t.callNoPhone}</p>
    </section>`;
  });
  return layout(
    'fr',
    `${TEXTS.fr.linkGone} / ${TEXTS.nl.linkGone} / ${TEXTS.en.linkGone}`,
    html`<h1>Concerto</h1>
      ${sections}`,
    {
      languageLinks: false,
    },
  );
}
