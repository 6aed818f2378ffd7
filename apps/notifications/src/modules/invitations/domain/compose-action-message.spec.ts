import { composeActionMessage } from './compose-action-message.js';
import type { ActionTrigger } from './follow-up-message.js';
import { SERVED_LANGUAGES } from './language.js';
import { ACTION_ITEM_TEXTS } from './templates/action-items.js';

const TRIGGERS: ActionTrigger[] = [
  'action-opened',
  'action-handed-over',
  'action-before-due',
  'action-due',
  'action-escalated',
  'action-no-owner',
  'action-blocked',
  'action-done',
];
const item = {
  title: 'Start home nursing visits',
  dueOn: '2027-05-05',
  link: 'https://concerto.test/my-actions',
  blockedReason: 'no-transport',
};

describe("an action item's messages to its owner, referent and coordinator (R11)", () => {
  it('should exist in French, Dutch and English for every trigger, the referent’s due-day message included', () => {
    for (const language of SERVED_LANGUAGES) {
      expect(Object.keys(ACTION_ITEM_TEXTS[language]).sort()).toEqual([...TRIGGERS, 'action-due-referent'].sort());
    }
  });

  it('should give the title, the due day in the reader’s language and the link, with no placeholder left', () => {
    const dates = { fr: '5 mai 2027', nl: '5 mei 2027', en: '5 May 2027' } as const;
    for (const language of SERVED_LANGUAGES) {
      for (const trigger of TRIGGERS) {
        for (const toReferent of [false, true]) {
          const m = composeActionMessage(trigger, toReferent, item, language);
          expect(m.language).toBe(language);
          expect(`${m.subject}${m.text}${m.sms}`).not.toContain('{{');
          expect(m.text).toContain(item.title);
          expect(m.text).toContain(item.link);
          expect(m.sms).toContain(item.link);
          if (trigger !== 'action-due') {
            expect(m.text).toContain(dates[language]);
          }
        }
      }
    }
  });

  it('should tell the referent, on the due day, that they follow the item rather than own it', () => {
    expect(composeActionMessage('action-due', true, item, 'nl').subject).toBe(
      'Een actie van uw dossier vervalt vandaag',
    );
    expect(composeActionMessage('action-due', false, item, 'nl').subject).toBe(
      'Herinnering: een actie vervalt vandaag',
    );
  });
});
