import { composeLetter } from '../domain/compose-messages.js';
import type { MeetingDetails, Recipient } from '../domain/meeting.js';
import { unexplainedAcronyms } from '../domain/message-templates.js';
import { HtmlLetterRenderer } from './letter-renderer.js';

const meeting: MeetingDetails = {
  meetingId: 'meet-1',
  sequence: 0,
  start: new Date('2026-10-27T09:00:00Z'),
  end: new Date('2026-10-27T10:30:00Z'),
  location: { kind: 'home', label: 'Chez vous', address: 'Rue de la Paix 3, 1030 Schaerbeek' },
  organizer: { name: 'Anne Dupont', email: 'anne@bassin.test', phone: '02 123 45 67' },
};
const simone: Recipient = {
  invitationId: 'inv-s',
  name: 'Simone Peeters',
  audience: 'person',
  required: true,
  preferredLanguage: 'nl',
  postalAddress: { lines: ['Rue de la Paix 3', '1030 Schaerbeek'] },
};

describe('printable letter', () => {
  const renderer = new HtmlLetterRenderer();
  const now = new Date('2026-10-15T09:00:00Z');

  it('should be in the person language, easy to read, without links, with how to answer by phone', () => {
    const letter = composeLetter(
      {
        kind: 'invitation',
        meeting,
        recipient: simone,
        links: { acceptUrl: 'https://x.test/a', declineUrl: 'https://x.test/d', writtenInputUrl: 'https://x.test/w' },
      },
      { now, senderOrganisation: 'Bassin Nord' },
    );
    const out = renderer.render(letter);
    expect(out.contentType).toBe('text/html; charset=utf-8');
    expect(out.filename).toMatch(/^letter-[0-9a-f]{32}\.html$/);
    expect(out.body).toContain('<html lang="nl">');
    expect(out.body).toContain('Brussel, 15 oktober 2026');
    expect(out.body).toContain('Uitnodiging voor een overleg op dinsdag 27 oktober 2026');
    expect(out.body).toContain('Wanneer? Op dinsdag 27 oktober 2026, van 10:00 tot 11:30.');
    expect(out.body).toContain('Om te antwoorden, belt u Anne Dupont. Het nummer is 02 123 45 67.');
    expect(out.body).toContain('Simone Peeters<br>Rue de la Paix 3<br>1030 Schaerbeek');
    expect(out.body).toContain('font-size: 14pt');
    expect(out.body).not.toContain('http');
    expect(unexplainedAcronyms(letter.lines.join('\n'))).toEqual([]);
  });

  it('should escape HTML in names and places', () => {
    const letter = composeLetter(
      {
        kind: 'cancellation',
        meeting: { ...meeting, location: { kind: 'room', label: '<script>x</script>' } },
        recipient: { ...simone, name: 'A & B <c>', preferredLanguage: 'fr' },
      },
      { now },
    );
    const out = renderer.render(letter);
    expect(out.body).not.toContain('<script>');
    expect(out.body).toContain('A &amp; B &lt;c&gt;');
    expect(out.body).toContain('Bruxelles, le 15 octobre 2026');
  });

  it('should also give a plain-text version to read out on the phone', () => {
    const letter = composeLetter(
      { kind: 'invitation', meeting, recipient: { ...simone, preferredLanguage: 'es' } },
      { now },
    );
    expect(letter.meta).toMatchObject({ language: 'fr', interpreterNeeded: true, preferredLanguage: 'es' });
    const text = renderer.renderText(letter).body;
    expect(text).toContain('Un interprète peut vous aider pendant la réunion.');
    expect(text).toContain('Pour répondre, téléphonez à Anne Dupont. Le numéro est le 02 123 45 67.');
  });
});
