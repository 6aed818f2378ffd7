import { composePersonLink, personLinkChannel } from './compose-person-link.js';

const input = {
  recipientName: 'Simone Peeters',
  forPerson: true,
  url: 'https://concerto.example.test/me/AAAAAAAAAAAAAAAAAAAAAA',
  expiresAt: new Date('2026-12-23T08:00:00Z'),
  phone: '+32 2 000 00 99',
};

describe("the person's link message", () => {
  it('should pick e-mail, else SMS, else a letter to print', () => {
    expect(personLinkChannel({ email: 'a@example.test', phone: '+32470000000' })).toBe('email');
    expect(personLinkChannel({ phone: '+32470000000' })).toBe('sms');
    expect(personLinkChannel({})).toBe('letter');
  });

  it.each(['fr', 'nl', 'en'] as const)('should carry the link on its own line and its end date in %s', (lang) => {
    const m = composePersonLink(input, lang);
    expect(m.text.split('\n')).toContain(input.url);
    expect(m.text).toMatch(/2026/);
    expect(m.sms).toContain(input.url);
    expect(m.sms.length).toBeLessThan(160);
  });

  it('should tell a close one it is the page of their close one, without the withdrawal', () => {
    const m = composePersonLink({ ...input, forPerson: false }, 'nl');
    expect(m.text).toContain('de pagina van uw naaste');
    expect(m.text).not.toContain('toestemming intrekken');
  });
});
