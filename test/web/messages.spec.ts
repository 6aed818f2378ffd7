import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { en } from '../../apps/web/src/i18n/en.js';
import { fr } from '../../apps/web/src/i18n/fr.js';
import { nl } from '../../apps/web/src/i18n/nl.js';

/** The ICU arguments a message uses ({name}, plurals, dates), which every translation must use too. */
function argumentsOf(elements: MessageFormatElement[]): string[] {
  return elements
    .flatMap((e) => (e.type === TYPE.literal || e.type === TYPE.pound ? [] : [(e as { value: string }).value]))
    .sort();
}

describe('the web app message catalogues', () => {
  const catalogues: Record<string, Record<string, string>> = { fr, nl, en };
  const keys = Object.keys(en).sort();

  it.each(['fr', 'nl'])('%s has every English key and no other', (language) => {
    expect(Object.keys(catalogues[language]).sort()).toEqual(keys);
  });

  it.each(['fr', 'nl', 'en'])('%s: every message is valid ICU with the same arguments as English', (language) => {
    for (const key of keys) {
      const message = catalogues[language][key];
      expect({ key, message: message.trim().length > 0 }).toEqual({ key, message: true });
      expect({ key, args: argumentsOf(parse(message)) }).toEqual({
        key,
        args: argumentsOf(parse(en[key as keyof typeof en])),
      });
    }
  });
});
