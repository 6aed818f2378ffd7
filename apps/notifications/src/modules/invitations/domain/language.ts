/** The languages every message is written in. Brussels is bilingual; English serves everyone else. */
export const SERVED_LANGUAGES = ['fr', 'nl', 'en'] as const;
export type ServedLanguage = (typeof SERVED_LANGUAGES)[number];

export interface LanguageChoice {
  /** The language the message is written in. */
  language: ServedLanguage;
  /** The recipient's own preferred language, kept as given (any BCP 47 tag, e.g. "es", "pl"). */
  preferredLanguage: string;
  /** True when the preferred language is none of the served ones: an interpreter or cultural mediator should be arranged. */
  interpreterNeeded: boolean;
}

export function isServedLanguage(value: string): value is ServedLanguage {
  return (SERVED_LANGUAGES as readonly string[]).includes(value);
}

/**
 * Picks the language of a message: the recipient's language when it is French, Dutch or English
 * ("nl-BE" counts as Dutch), else the configured fallback (French by default), with the
 * interpreter flag raised. The preferred language is never overwritten.
 */
export function selectLanguage(preferred: string | undefined, fallback: ServedLanguage = 'fr'): LanguageChoice {
  const tag = (preferred ?? '').trim();
  const base = tag.toLowerCase().split(/[-_]/)[0];
  if (isServedLanguage(base)) {
    return { language: base, preferredLanguage: tag, interpreterNeeded: false };
  }
  // No language recorded: write in the fallback, but do not claim an interpreter is needed.
  return { language: fallback, preferredLanguage: tag, interpreterNeeded: tag.length > 0 };
}

/** Locale used for dates and times: Belgian French and Dutch, British English (day before month, 24-hour clock). */
export const DATE_LOCALE: Record<ServedLanguage, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };
