import { formatDate } from '#concerto/ddd';
import type { ServedLanguage } from './language.js';
import { RECORD_SUMMARY_TEXTS } from './templates/record-summary.js';

export type SummaryChannel = 'email' | 'letter' | 'sms';

/** Who may receive the easy-read summary of a record (R19): the consent decides. */
export interface SummaryCandidate {
  participantId: string;
  kind: 'person' | 'legal-representative' | 'relative' | 'trusted-person' | 'professional' | 'neighbour' | 'volunteer';
  /** The data categories the person's consent shares with this participant. */
  dataCategories: readonly string[];
  hasEmail: boolean;
  hasPhone: boolean;
  hasPostalAddress: boolean;
}

const CLOSE_ONES = ['legal-representative', 'relative', 'trusted-person'] as const;

/**
 * The person (when their consent stands) and the close ones their consent shares the case's status
 * with; professionals hear of their own items on their channel, never through this summary.
 */
export function summaryRecipients(
  consentGranted: boolean,
  candidates: readonly SummaryCandidate[],
): Array<SummaryCandidate & { channel: SummaryChannel }> {
  if (!consentGranted) {
    return [];
  }
  return candidates
    .filter(
      (c) =>
        c.kind === 'person' ||
        ((CLOSE_ONES as readonly string[]).includes(c.kind) && c.dataCategories.includes('case-status')),
    )
    .flatMap((c) => {
      const channel = summaryChannel(c);
      return channel ? [{ ...c, channel }] : [];
    });
}

/** E-mail when there is an address; a printed letter for a person without e-mail; a text message last. */
export function summaryChannel(
  c: Pick<SummaryCandidate, 'hasEmail' | 'hasPhone' | 'hasPostalAddress'>,
): SummaryChannel | undefined {
  return c.hasEmail ? 'email' : c.hasPostalAddress ? 'letter' : c.hasPhone ? 'sms' : undefined;
}

export interface RecordSummaryInput {
  recipientName: string;
  meetingDate: Date;
  decisions: readonly string[];
  actions: ReadonlyArray<{ who: string; what: string; dueOn: string }>;
  referentName: string;
  referentPhone?: string;
  reviewOn?: string;
}

export interface RecordSummaryText {
  language: ServedLanguage;
  subject: string;
  /** The e-mail body and the letter's text alike. */
  text: string;
  sms: string;
}

const fill = (line: string, vars: Record<string, string | undefined>): string | undefined => {
  let missing = false;
  const out = line.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) {
      missing = true;
      return '';
    }
    return value;
  });
  return missing ? undefined : out;
};

/** A Brussels calendar day, noon: the same date whatever the summer or winter offset. */
const dayDate = (day: string) => new Date(`${day}T12:00:00Z`);

/** The easy-read summary of what was decided and who does what by when, in one language. */
export function composeRecordSummary(input: RecordSummaryInput, language: ServedLanguage): RecordSummaryText {
  const t = RECORD_SUMMARY_TEXTS[language];
  const vars = {
    recipientName: input.recipientName,
    date: formatDate(input.meetingDate, language),
    referentName: input.referentName,
    referentPhone: input.referentPhone,
    reviewDate: input.reviewOn ? formatDate(dayDate(input.reviewOn), language) : undefined,
  };
  const lines = (source: readonly string[]) => source.flatMap((l) => fill(l, vars) ?? []);
  const body = [
    ...lines(t.intro),
    ...(input.decisions.length > 0
      ? ['', t.decisionsTitle, ...input.decisions.flatMap((d) => fill(t.decision, { decision: d }) ?? [])]
      : []),
    ...(input.actions.length > 0
      ? [
          '',
          t.actionsTitle,
          ...input.actions.flatMap(
            (a) =>
              fill(t.action, { who: a.who, action: a.what, dueDate: formatDate(dayDate(a.dueOn), language) }) ?? [],
          ),
        ]
      : []),
    '',
    ...lines(t.closing),
  ];
  return { language, subject: t.subject, text: body.join('\n'), sms: fill(t.sms, vars) ?? fill(t.subject, vars)! };
}
