export const PAGE_LANGUAGES = ['fr', 'nl', 'en'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

const LOCALES: Record<PageLanguage, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };
const NAMES: Record<PageLanguage, string> = { fr: 'Français', nl: 'Nederlands', en: 'English' };

/** The page's language: the one asked for in the link (?lang=), else the reader's own, else French. */
export function pageLanguage(asked: unknown, own?: string): PageLanguage {
  for (const l of [asked, own]) {
    if (typeof l === 'string' && (PAGE_LANGUAGES as readonly string[]).includes(l.toLowerCase())) {
      return l.toLowerCase() as PageLanguage;
    }
  }
  return 'fr';
}

export function languageName(lang: PageLanguage): string {
  return NAMES[lang];
}

/** Dates and times as people in Belgium read them: Europe/Brussels, whatever the server's zone. */
export function brusselsDateTime(lang: PageLanguage, at: Date | string): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'Europe/Brussels',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(at));
}

export function brusselsTime(lang: PageLanguage, at: Date | string): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'Europe/Brussels',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(at));
}

export function brusselsDate(lang: PageLanguage, at: Date | string): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'Europe/Brussels',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(at));
}
