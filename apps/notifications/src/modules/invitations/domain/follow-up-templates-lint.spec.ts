import { SERVED_LANGUAGES } from './language.js';
import { unexplainedAcronyms } from './message-templates.js';
import { ACTION_ITEM_TEXTS, BLOCKER_REASON_TEXTS } from './templates/action-items.js';

const MAX_WORDS_PER_SENTENCE = 16;

/** Every text of the action items' messages, the blocked and done news and the blockers in words included. */
function texts(): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  for (const language of SERVED_LANGUAGES) {
    for (const [trigger, t] of Object.entries(ACTION_ITEM_TEXTS[language])) {
      for (const part of ['subject', 'text', 'sms'] as const) {
        out.push({ where: `${language}/${trigger}/${part}`, text: t[part] });
      }
    }
    for (const [reason, text] of Object.entries(BLOCKER_REASON_TEXTS[language])) {
      out.push({ where: `${language}/blocker/${reason}`, text });
    }
  }
  return out;
}

const sentenceLengths = (text: string) =>
  text
    .replace(/\{\{\w+\}\}/g, 'X')
    .split(/[.?!:]\s|\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => s.split(/\s+/).length);

describe('the follow-up texts to owners, referents and coordinators (R31 lint)', () => {
  it(`should keep every sentence at ${MAX_WORDS_PER_SENTENCE} words or fewer`, () => {
    for (const { where, text } of texts()) {
      expect({ where, short: Math.max(0, ...sentenceLengths(text)) <= MAX_WORDS_PER_SENTENCE }).toEqual({
        where,
        short: true,
      });
    }
  });

  it('should use no acronym without its meaning', () => {
    for (const { where, text } of texts()) {
      expect({ where, acronyms: unexplainedAcronyms(text) }).toEqual({ where, acronyms: [] });
    }
  });

  it('should say every controlled blocker (R23) in the three languages', () => {
    for (const language of SERVED_LANGUAGES) {
      expect(Object.keys(BLOCKER_REASON_TEXTS[language]).sort()).toEqual(Object.keys(BLOCKER_REASON_TEXTS.en).sort());
    }
  });
});
