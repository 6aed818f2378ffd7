import { selectLanguage, SERVED_LANGUAGES } from './language.js';
import {
  CATALOGUE,
  FORBIDDEN_PLACEHOLDER,
  MESSAGE_KINDS,
  meetingTimeVars,
  PLACEHOLDERS,
  placeholdersIn,
  REGISTERS,
  renderLines,
  renderMessage,
  renderSnippet,
  type TemplateVars,
  unexplainedAcronyms,
} from './message-templates.js';

/** Every piece of template text with a label saying where it comes from. */
function allTexts(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const lang of SERVED_LANGUAGES) {
    for (const reg of REGISTERS) {
      for (const kind of MESSAGE_KINDS) {
        const t = CATALOGUE[lang].templates[kind][reg];
        out.push([`${lang}/${kind}/${reg}/subject`, t.subject]);
        t.body.forEach((l, i) => out.push([`${lang}/${kind}/${reg}/body[${i}]`, l]));
        t.sms.forEach((l, i) => out.push([`${lang}/${kind}/${reg}/sms[${i}]`, l]));
      }
      for (const [name, text] of Object.entries(CATALOGUE[lang].snippets[reg])) {
        out.push([`${lang}/snippet/${reg}/${name}`, text]);
      }
    }
  }
  return out;
}

const fullVars = (over: TemplateVars = {}): TemplateVars => ({
  recipientName: 'Simone Peeters',
  ...meetingTimeVars(new Date('2026-10-27T09:00:00Z'), new Date('2026-10-27T10:30:00Z'), 'fr'),
  location: 'Salle du bassin Nord',
  locationAddress: 'Rue Haute 12, 1000 Bruxelles',
  organizerName: 'Anne Dupont',
  organizerPhone: '02 123 45 67',
  organizerEmail: 'anne.dupont@bassin-nord.example',
  acceptUrl: 'https://concerto.example/rsvp/accept?token=a',
  declineUrl: 'https://concerto.example/rsvp/decline?token=d',
  writtenInputUrl: 'https://concerto.example/rsvp/written-input?token=w',
  previousDate: 'lundi 26 octobre 2026',
  previousStartTime: '14:00',
  replyBy: 'vendredi 23 octobre 2026',
  pollOptions: '1. mardi 27 octobre 2026, 10:00 – 11:30\n2. mercredi 28 octobre 2026, 14:00 – 15:30',
  pollUrl: 'https://concerto.example/v1/polls/answers/p',
  closesOn: 'lundi 26 octobre 2026, 12:00',
  ...over,
});

describe('message templates', () => {
  it('should exist for every kind, register and language, with a subject, a body and a text message', () => {
    for (const lang of SERVED_LANGUAGES) {
      for (const kind of MESSAGE_KINDS) {
        for (const reg of REGISTERS) {
          const t = CATALOGUE[lang].templates[kind]?.[reg];
          expect(t).toBeDefined();
          expect(t.subject.trim().length).toBeGreaterThan(0);
          expect(t.body.join('').trim().length).toBeGreaterThan(0);
          expect(t.sms.join('').trim().length).toBeGreaterThan(0);
        }
      }
      expect(Object.keys(CATALOGUE[lang].snippets.professional).sort()).toEqual(
        Object.keys(CATALOGUE.fr.snippets.professional).sort(),
      );
      expect(Object.keys(CATALOGUE[lang].snippets['easy-read']).sort()).toEqual(
        Object.keys(CATALOGUE.fr.snippets.professional).sort(),
      );
    }
  });

  it('should use the same placeholders in the three languages of each template', () => {
    for (const kind of MESSAGE_KINDS) {
      for (const reg of REGISTERS) {
        const used = (lang: (typeof SERVED_LANGUAGES)[number]) => {
          const t = CATALOGUE[lang].templates[kind][reg];
          return [...new Set(placeholdersIn([t.subject, ...t.body, ...t.sms].join('\n')))].sort();
        };
        expect({ kind, reg, nl: used('nl') }).toEqual({ kind, reg, nl: used('fr') });
        expect({ kind, reg, en: used('en') }).toEqual({ kind, reg, en: used('fr') });
      }
    }
  });

  it('should contain no unexplained acronym (R31)', () => {
    const problems = allTexts()
      .map(([where, text]) => [where, unexplainedAcronyms(text)] as const)
      .filter(([, found]) => found.length > 0);
    expect(problems).toEqual([]);
  });

  it('should lint acronyms the way the plain-language rule says', () => {
    expect(unexplainedAcronyms('Le CPAS vous aide.')).toEqual(['CPAS']);
    expect(
      unexplainedAcronyms("Le CPAS (centre public d'action sociale) vous aide. Le CPAS est à Schaerbeek."),
    ).toEqual([]);
    expect(unexplainedAcronyms('Het OCMW en de GP.')).toEqual(['OCMW', 'GP']);
    expect(unexplainedAcronyms('Please RSVP.')).toEqual(['RSVP']);
    expect(unexplainedAcronyms('E-mail, Bonjour, {{organizerName}}, 10:00')).toEqual([]);
  });

  it('should only use known placeholders, none of which can carry health or case content', () => {
    for (const [where, text] of allTexts()) {
      for (const name of placeholdersIn(text)) {
        expect({ where, name, known: (PLACEHOLDERS as readonly string[]).includes(name) }).toEqual({
          where,
          name,
          known: true,
        });
      }
    }
    expect(PLACEHOLDERS.filter((p) => FORBIDDEN_PLACEHOLDER.test(p))).toEqual([]);
    // the guard itself catches the obvious leaks
    for (const leak of [
      'diagnosis',
      'healthNotes',
      'reason',
      'alertSummary',
      'writtenInput',
      'caseTitle',
      'medicalHistory',
      'notes',
    ]) {
      expect(FORBIDDEN_PLACEHOLDER.test(leak)).toBe(true);
    }
  });

  it('should keep easy-to-read sentences short', () => {
    for (const [where, text] of allTexts().filter(([w]) => w.includes('/easy-read/'))) {
      const sentences = text
        .replace(/\{\{[^}]+\}\}/g, 'X')
        .split(/[.?!]\s/)
        .map((s) => s.trim().split(/\s+/).length);
      expect({ where, longest: Math.max(...sentences) <= 16 }).toEqual({ where, longest: true });
    }
  });

  it('should render an invitation in French, dropping lines whose optional values are missing', () => {
    const m = renderMessage(
      'invitation',
      'easy-read',
      'fr',
      fullVars({ locationAddress: undefined, writtenInputUrl: undefined }),
    );
    expect(m.subject).toBe('Invitation à une réunion le mardi 27 octobre 2026');
    expect(m.text).toContain('Quand ? Le mardi 27 octobre 2026, de 10:00 à 11:30.');
    expect(m.text).not.toContain('Adresse');
    expect(m.text).not.toContain('Écrivez-le ici');
    expect(m.text).not.toMatch(/\{\{|\}\}/);
    expect(m.text).not.toMatch(/\n\n\n/);
    expect(m.sms).toContain('https://concerto.example/rsvp/accept?token=a');
  });

  it('should refuse to render without a required value or with an unknown placeholder', () => {
    expect(() => renderMessage('invitation', 'professional', 'nl', fullVars({ location: undefined }))).toThrow(
      /location/,
    );
    expect(() => renderLines(['Motif : {{diagnosis}}'], fullVars())).toThrow(/Unknown placeholder/);
  });

  it('should render dates in the recipient language and Brussels time', () => {
    // 18:30 UTC on 28 March 2026 is 19:30 in Brussels (CET); the day after, 18:30 UTC is 20:30 (CEST)
    expect(meetingTimeVars(new Date('2026-03-28T18:30:00Z'), new Date('2026-03-28T19:30:00Z'), 'fr')).toEqual({
      date: 'samedi 28 mars 2026',
      startTime: '19:30',
      endTime: '20:30',
    });
    expect(meetingTimeVars(new Date('2026-03-29T18:30:00Z'), new Date('2026-03-29T19:30:00Z'), 'nl')).toEqual({
      date: 'zondag 29 maart 2026',
      startTime: '20:30',
      endTime: '21:30',
    });
    expect(meetingTimeVars(new Date('2026-12-31T23:30:00Z'), new Date('2027-01-01T00:30:00Z'), 'en')).toEqual({
      date: 'Friday 1 January 2027',
      startTime: '00:30',
      endTime: '01:30',
    });
  });

  it('should render every template in every language without leftovers', () => {
    for (const lang of SERVED_LANGUAGES) {
      for (const kind of MESSAGE_KINDS) {
        for (const reg of REGISTERS) {
          const m = renderMessage(
            kind,
            reg,
            lang,
            fullVars({ interpreterNote: renderSnippet(lang, reg, 'interpreterNote', {}) }),
          );
          expect(`${m.subject}\n${m.text}\n${m.sms}`).not.toMatch(/\{\{|\}\}|undefined/);
        }
      }
    }
  });
});

describe('language selection', () => {
  it.each([
    ['fr', 'fr', false],
    ['nl-BE', 'nl', false],
    ['EN', 'en', false],
    ['es', 'fr', true],
    ['pl', 'fr', true],
  ])('should write to a recipient speaking %s in %s (interpreter: %s)', (preferred, language, interpreterNeeded) => {
    expect(selectLanguage(preferred)).toEqual({ language, preferredLanguage: preferred, interpreterNeeded });
  });

  it('should use the configured fallback and keep the preferred language', () => {
    expect(selectLanguage('ar', 'nl')).toEqual({ language: 'nl', preferredLanguage: 'ar', interpreterNeeded: true });
  });

  it('should not ask for an interpreter when no language is recorded', () => {
    expect(selectLanguage(undefined)).toEqual({ language: 'fr', preferredLanguage: '', interpreterNeeded: false });
  });
});
