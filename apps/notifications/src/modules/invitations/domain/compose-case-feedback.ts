import type { CaseFeedback } from './case-feedback.js';
import { selectLanguage, type ServedLanguage } from './language.js';
import { caseReference, type PageText } from './page.js';
import { FEEDBACK_TEXTS } from './templates/case-feedback.js';

/** A reporter's feedback in the first of their languages that is served (else the fallback): the case's reference and status only. */
export function composeCaseFeedback(
  feedback: Pick<CaseFeedback, 'caseId' | 'kind'>,
  languages: readonly string[],
  fallback: ServedLanguage,
): PageText {
  const language =
    languages.map((l) => selectLanguage(l, fallback)).find((c) => !c.interpreterNeeded && c.preferredLanguage)
      ?.language ?? fallback;
  const t = FEEDBACK_TEXTS[language];
  const fill = (line: string) => line.replace(/\{\{caseRef\}\}/g, caseReference(feedback.caseId));
  return {
    language,
    subject: fill(t.subject[feedback.kind]),
    text: t.body[feedback.kind].map(fill).join('\n'),
    sms: fill(t.sms[feedback.kind]),
  };
}
