import { en, type MessageKey, type Messages } from './en.js';
import { fr } from './fr.js';
import { nl } from './nl.js';

export type Language = 'fr' | 'nl' | 'en';
export const LANGUAGES: readonly Language[] = ['fr', 'nl', 'en'];
export const CATALOGUES: Record<Language, Messages> = { fr, nl, en };
/** Every date and time a user reads is in Brussels time, whatever the browser's zone. */
export const TIME_ZONE = 'Europe/Brussels';
export type { MessageKey };

const STORAGE_KEY = 'concerto.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'fr' || value === 'nl' || value === 'en';
}

/** The language chosen in this browser (only the language is ever stored, never a token). */
export function storedLanguage(): Language | undefined {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}

/** The first supported language of a BCP 47 tag ("nl-BE" → nl), else French (Brussels' default). */
export function languageOf(tag: string | undefined): Language {
  const base = tag?.slice(0, 2).toLowerCase();
  return isLanguage(base) ? base : 'fr';
}
