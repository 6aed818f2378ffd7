import { formatDate } from '#concerto/ddd';
import type { ActionTrigger } from './follow-up-message.js';
import type { ServedLanguage } from './language.js';
import type { BlockerReasonV1 } from '#concerto/contracts';
import { ACTION_ITEM_TEXTS, BLOCKER_REASON_TEXTS } from './templates/action-items.js';

export interface ComposedActionMessage {
  language: ServedLanguage;
  subject: string;
  text: string;
  sms: string;
}

/** A Brussels calendar day, noon: the same date whatever the summer or winter offset. */
const dayDate = (day: string) => new Date(`${day}T12:00:00Z`);

/** The message about an action item, in one language; the referent's due-day message differs from the owner's. */
export function composeActionMessage(
  trigger: ActionTrigger,
  toReferent: boolean,
  item: { title: string; dueOn: string; link: string; blockedReason?: string },
  language: ServedLanguage,
): ComposedActionMessage {
  const t = ACTION_ITEM_TEXTS[language][trigger === 'action-due' && toReferent ? 'action-due-referent' : trigger];
  const vars: Record<string, string> = {
    title: item.title,
    dueDate: formatDate(dayDate(item.dueOn), language),
    link: item.link,
    reason: item.blockedReason ? (BLOCKER_REASON_TEXTS[language][item.blockedReason as BlockerReasonV1] ?? '') : '',
  };
  const fill = (s: string) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');
  return { language, subject: fill(t.subject), text: fill(t.text), sms: fill(t.sms) };
}
