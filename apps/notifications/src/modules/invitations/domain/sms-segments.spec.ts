import { composeSms } from './compose-messages.js';
import type { MeetingDetails, Recipient } from './meeting.js';
import { isGsm7, smsSegments, toGsm7 } from './sms-segments.js';

describe('SMS segments', () => {
  it('should fit 160 GSM-7 characters in one message and 153 per segment beyond', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'gsm-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161)).segments).toBe(2);
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
    expect(smsSegments('').segments).toBe(1);
  });

  it('should count the extension characters twice and never split their escape pair', () => {
    expect(smsSegments('€'.repeat(80))).toEqual({ encoding: 'gsm-7', units: 160, segments: 1 });
    expect(smsSegments('€'.repeat(80) + 'a').segments).toBe(2);
    expect(smsSegments('[]{}\\~^|').units).toBe(16);
    // 152 septets then an escape pair: the pair moves whole to the second segment
    expect(smsSegments('a'.repeat(152) + '€' + 'a'.repeat(152)).segments).toBe(3);
    expect(smsSegments('a'.repeat(151) + '€' + 'a'.repeat(153)).segments).toBe(2);
  });

  it('should switch to UCS-2 for one character outside the alphabet: 70 per message, 67 per segment', () => {
    expect(smsSegments('’' + 'a'.repeat(69))).toEqual({ encoding: 'ucs-2', units: 70, segments: 1 });
    expect(smsSegments('’' + 'a'.repeat(70)).segments).toBe(2);
    expect(smsSegments('ê' + 'a'.repeat(133)).segments).toBe(2);
    expect(smsSegments('ê' + 'a'.repeat(134)).segments).toBe(3);
    // a surrogate pair is not split across segments
    expect(smsSegments('a'.repeat(66) + '😀' + 'a'.repeat(66)).segments).toBe(3);
  });

  it('should spell typography and missing accents in GSM-7, keeping the accents the alphabet has', () => {
    expect(toGsm7('L’équipe « à bientôt » – ça va… œuvre\u00a0!')).toBe('L\'équipe " à bientot " - ca va... oeuvre !');
    expect(isGsm7(toGsm7('Où ? Zürich, España, München, fête, naïf'))).toBe(true);
    expect(toGsm7('Où ? Zürich, España')).toBe('Où ? Zürich, España');
    expect(toGsm7('Ελένη 李')).toBe('Ελένη 李');
  });
});

describe('the invitation text message', () => {
  const meeting: MeetingDetails = {
    meetingId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    sequence: 2,
    start: new Date('2026-09-30T12:00:00Z'),
    end: new Date('2026-09-30T13:00:00Z'),
    location: { kind: 'room', label: 'Centre d’accueil Sud' },
    organizer: { name: 'Anne Dupont', email: 'anne@bassin.test', phone: '02 123 45 67' },
  };
  // A short answer link as issued by scheduling: 22 base64url characters behind the public base URL.
  const url = (c: string) => `https://concerto.example.be/v1/rsvp/${c.repeat(11)}`;
  const links = { acceptUrl: url('aZ'), declineUrl: url('-_'), writtenInputUrl: url('x9') };

  for (const preferredLanguage of ['fr', 'nl', 'en']) {
    for (const audience of ['professional', 'person', 'family'] as const) {
      it(`should fit in two GSM-7 segments (${preferredLanguage}, ${audience})`, () => {
        const recipient: Recipient = {
          invitationId: '3f2a1c9e-7b4d-4e1a-9c2f-8d6b5a4e3f21',
          name: 'Jean-Baptiste Vandermeulen',
          audience,
          required: true,
          preferredLanguage,
          phone: '+32470111222',
        };
        for (const kind of ['invitation', 'update'] as const) {
          const sms = composeSms({ kind, meeting, recipient, links, previousStart: meeting.start }, {});
          expect(sms.text).toContain(links.acceptUrl);
          expect(smsSegments(sms.text)).toEqual(expect.objectContaining({ encoding: 'gsm-7' }));
          expect(smsSegments(sms.text).segments).toBeLessThanOrEqual(2);
        }
      });
    }
  }
});
