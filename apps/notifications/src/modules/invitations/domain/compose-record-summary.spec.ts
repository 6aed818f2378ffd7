import { unexplainedAcronyms } from './message-templates.js';
import { composeRecordSummary, summaryRecipients, type SummaryCandidate } from './compose-record-summary.js';
import { RECORD_SUMMARY_TEXTS } from './templates/record-summary.js';

const MAX_WORDS_PER_SENTENCE = 16;

function sentenceLengths(text: string): number[] {
  return text
    .replace(/\{\{\w+\}\}/g, 'X')
    .split(/[.?!:]\s|\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => s.split(/\s+/).length);
}

describe('the easy-read summary of a record (R31, R19)', () => {
  const texts = Object.entries(RECORD_SUMMARY_TEXTS).flatMap(([language, t]) =>
    [t.subject, ...t.intro, t.decisionsTitle, t.decision, t.actionsTitle, t.action, ...t.closing, t.sms].map(
      (text) => ({ where: `${language}: ${text}`, text }),
    ),
  );

  it(`should keep every sentence of every template at ${MAX_WORDS_PER_SENTENCE} words or fewer`, () => {
    for (const { where, text } of texts) {
      expect({ where, short: Math.max(0, ...sentenceLengths(text)) <= MAX_WORDS_PER_SENTENCE }).toEqual({
        where,
        short: true,
      });
    }
  });

  it('should use no acronym without its meaning', () => {
    for (const { where, text } of texts) {
      expect({ where, acronyms: unexplainedAcronyms(text) }).toEqual({ where, acronyms: [] });
    }
    // The linter itself: an acronym needs its meaning at first use.
    expect(unexplainedAcronyms('Ga naar het OCMW.')).toEqual(['OCMW']);
    expect(
      unexplainedAcronyms('Ga naar het OCMW (openbaar centrum voor maatschappelijk welzijn). Het OCMW helpt.'),
    ).toEqual([]);
  });

  it('should tell Simone in Dutch what was decided and who does what by when', () => {
    const summary = composeRecordSummary(
      {
        recipientName: 'Simone Peeters',
        meetingDate: new Date('2027-04-29T08:00:00Z'),
        decisions: ['Thuisverpleging twee keer per week'],
        actions: [{ who: 'De thuisverpleegkundige', what: 'Start de bezoeken', dueOn: '2027-05-05' }],
        referentName: 'Sofie, maatschappelijk werker',
        referentPhone: '+32 470 00 00 09',
        reviewOn: '2027-06-15',
      },
      'nl',
    );
    expect(summary.subject).toBe('Wat we samen hebben afgesproken');
    expect(summary.text).toContain('Dit hebben we beslist:\n- Thuisverpleging twee keer per week');
    expect(summary.text).toContain('- De thuisverpleegkundige: Start de bezoeken. Ten laatste op');
    expect(summary.text).toContain('5 mei 2027');
    expect(summary.text).toContain('15 juni 2027');
    expect(summary.text).toContain('+32 470 00 00 09');
  });

  it('should drop the lines whose values are unknown', () => {
    const summary = composeRecordSummary(
      { recipientName: 'Simone', meetingDate: new Date(), decisions: [], actions: [], referentName: 'Sofie' },
      'fr',
    );
    expect(summary.text).not.toMatch(/\{\{|appeler cette personne|de nouveau ensemble/);
  });

  it('should send it only to the person and the close ones the consent covers, by letter without e-mail', () => {
    const c = (over: Partial<SummaryCandidate>): SummaryCandidate => ({
      participantId: over.kind ?? 'x',
      kind: 'person',
      dataCategories: [],
      hasEmail: false,
      hasPhone: false,
      hasPostalAddress: true,
      ...over,
    });
    const team = [
      c({ kind: 'person' }),
      c({ kind: 'relative', dataCategories: ['case-status'], hasEmail: true }),
      c({ kind: 'trusted-person', dataCategories: ['meeting-details'] }),
      c({ kind: 'professional', dataCategories: ['case-status'], hasEmail: true }),
    ];
    expect(summaryRecipients(true, team).map((r) => [r.kind, r.channel])).toEqual([
      ['person', 'letter'],
      ['relative', 'email'],
    ]);
    expect(summaryRecipients(false, team)).toEqual([]);
  });
});

describe('every person-facing template of the notifications service (R31)', () => {
  const strings = (value: unknown, where: string): Array<{ where: string; text: string }> =>
    typeof value === 'string'
      ? [{ where, text: value }]
      : value && typeof value === 'object'
        ? Object.entries(value).flatMap(([k, v]) => strings(v, `${where}.${k}`))
        : [];

  // Pages go to coordinators on duty (professionals, short alarms such as "URGENT"): not person-facing.
  it('should use no acronym without its meaning, in any catalogue', async () => {
    const catalogues = {
      invitations: (await import('./message-templates.js')).CATALOGUE,
      feedback: (await import('./templates/case-feedback.js')).FEEDBACK_TEXTS,
      summary: RECORD_SUMMARY_TEXTS,
      actionItems: (await import('./templates/action-items.js')).ACTION_ITEM_TEXTS,
    };
    for (const { where, text } of strings(catalogues, 'templates')) {
      expect({ where, acronyms: unexplainedAcronyms(text) }).toEqual({ where, acronyms: [] });
    }
  });
});
