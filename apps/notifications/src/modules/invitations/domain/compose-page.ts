import { formatDate, formatTime } from '#concerto/ddd';
import { selectLanguage, type ServedLanguage } from './language.js';
import { asksAcknowledgement, caseReference, type Page, type PageText } from './page.js';
import { PAGE_TEXTS } from './templates/pages.js';

/** A page in the first of the recipient's languages that is served (else the fallback). */
export function composePage(
  page: Page,
  links: { caseUrl: string; ackUrl?: string },
  languages: readonly string[],
  fallback: ServedLanguage,
): PageText {
  const language =
    languages.map((l) => selectLanguage(l, fallback)).find((c) => !c.interpreterNeeded && c.preferredLanguage)
      ?.language ?? fallback;
  const t = PAGE_TEXTS[language];
  const values: Record<string, string> = {
    trigger: t.triggers[page.trigger],
    caseRef: caseReference(page.caseId),
    bassin: page.bassinId,
    type: page.type,
    urgency: t.urgency[page.urgency],
    dueDate: formatDate(page.dueAt, language),
    dueTime: formatTime(page.dueAt, language),
    caseUrl: links.caseUrl,
    ackUrl: links.ackUrl ?? '',
  };
  const fill = (line: string) => line.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => values[k] ?? '');
  const asks = asksAcknowledgement(page.trigger);
  return {
    language,
    subject: fill(t.subject),
    text: (asks ? t.body : t.deadlineBody).map(fill).join('\n'),
    sms: (asks ? t.sms : t.deadlineSms).map(fill).join('\n'),
  };
}
