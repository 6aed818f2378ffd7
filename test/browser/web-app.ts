import type { Page, ScreenLanguage } from './kit.js';

/**
 * Switches the web app's language with the header's own control, as a user would. The control is found
 * by its name, not by its label: the label is itself in the language being left, which may still be
 * changing while the session loads.
 */
export async function chooseLanguage(page: Page, lang: ScreenLanguage): Promise<void> {
  await page.locator('header select[name="language"]').selectOption(lang);
  // A string, evaluated in the page: the test code itself is compiled without the DOM library.
  await page.waitForFunction(`document.documentElement.lang === '${lang}'`);
}
