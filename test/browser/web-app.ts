import type { Page, ScreenLanguage } from './kit.js';

const LANGUAGE_LABEL: Record<ScreenLanguage, RegExp> = { fr: /^Langue$/, nl: /^Taal$/, en: /^Language$/ };
const LANGUAGE_NAME: Record<ScreenLanguage, string> = { fr: 'Français', nl: 'Nederlands', en: 'English' };

/** Switches the web app's language with the header's own control, as a user would. */
export async function chooseLanguage(page: Page, lang: ScreenLanguage): Promise<void> {
  const current = (await page.getAttribute('html', 'lang')) as ScreenLanguage;
  await page.getByLabel(LANGUAGE_LABEL[current]).selectOption({ label: LANGUAGE_NAME[lang] });
  // A string, evaluated in the page: the test code itself is compiled without the DOM library.
  await page.waitForFunction(`document.documentElement.lang === '${lang}'`);
}
