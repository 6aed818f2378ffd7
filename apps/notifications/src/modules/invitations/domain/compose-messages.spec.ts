import { calendarMethodFor, composeEmail, composeLetter, composeSms, idempotencyKey } from './compose-messages.js';
import { planDelivery } from './delivery-plan.js';
import type { MeetingDetails, Recipient } from './meeting.js';

const meeting: MeetingDetails = {
  meetingId: 'meet-1',
  sequence: 4,
  start: new Date('2026-06-10T12:00:00Z'),
  end: new Date('2026-06-10T13:00:00Z'),
  location: { kind: 'room', label: 'Salle du bassin Sud' },
  organizer: { name: 'Anne Dupont', email: 'anne@bassin.test', phone: '02 123 45 67' },
};
const nurse: Recipient = {
  invitationId: 'inv-n',
  name: 'Karin Janssens',
  audience: 'professional',
  required: false,
  preferredLanguage: 'nl',
  email: 'karin@thuisverpleging.test',
  phone: '+32470111222',
};

describe('message composition', () => {
  it('should give each message a stable idempotency key of ids only', () => {
    expect(idempotencyKey('invitation', 'email', meeting, 'inv-n')).toBe('invitation:email:meet-1:4:inv-n');
    expect(
      composeEmail({ kind: 'invitation', meeting, recipient: nurse }, { uidDomain: 'c.test', now: new Date() })
        .idempotencyKey,
    ).toBe('invitation:email:meet-1:4:inv-n');
    expect(composeSms({ kind: 'invitation', meeting, recipient: nurse }, {}).idempotencyKey).toBe(
      'invitation:sms:meet-1:4:inv-n',
    );
  });

  it('should attach a calendar to invitations, updates and cancellations only', () => {
    expect(calendarMethodFor('invitation')).toBe('REQUEST');
    expect(calendarMethodFor('update')).toBe('REQUEST');
    expect(calendarMethodFor('cancellation')).toBe('CANCEL');
    expect(calendarMethodFor('reminder-48h')).toBeUndefined();
    expect(
      composeEmail({ kind: 'reminder-2h', meeting, recipient: nurse }, { uidDomain: 'c.test', now: new Date() })
        .calendar,
    ).toBeUndefined();
  });

  it('should write a short text message in the recipient language and Brussels time', () => {
    const sms = composeSms({ kind: 'reminder-2h', meeting, recipient: nurse }, {});
    expect(sms.text).toBe('Overleg vandaag om 14:00, Salle du bassin Sud.\nAnne Dupont');
    expect(sms.to).toBe('+32470111222');
  });

  it('should honour an interpreter flag recorded on the case even for a served language', () => {
    const m = composeEmail(
      { kind: 'invitation', meeting, recipient: { ...nurse, interpreterNeeded: true } },
      { uidDomain: 'c.test', now: new Date() },
    );
    expect(m.meta.interpreterNeeded).toBe(true);
    expect(m.text).toContain('Er wordt een tolk of interculturele bemiddelaar voorzien.');
  });

  it('should use the configured fallback language', () => {
    const m = composeEmail(
      { kind: 'invitation', meeting, recipient: { ...nurse, preferredLanguage: 'pl' } },
      { uidDomain: 'c.test', now: new Date(), fallbackLanguage: 'en' },
    );
    expect(m.language).toBe('en');
    expect(m.meta).toMatchObject({ preferredLanguage: 'pl', interpreterNeeded: true });
  });
});

describe('date poll messages', () => {
  const poll = {
    options: [
      { start: new Date('2026-06-10T12:00:00Z'), end: new Date('2026-06-10T13:00:00Z') },
      { start: new Date('2026-06-11T07:30:00Z'), end: new Date('2026-06-11T08:30:00Z') },
    ],
    closesAt: new Date('2026-06-09T10:00:00Z'),
    answerUrl: 'https://concerto.test/v1/polls/answers/tok',
  };
  const person: Recipient = {
    invitationId: 'inv-p',
    name: 'Simone Peeters',
    audience: 'person',
    required: true,
    preferredLanguage: 'fr',
    email: 'simone@example.test',
    postalAddress: { lines: ['Rue de la Paix 12', '1180 Uccle'] },
  };

  it('should list every proposed date in Brussels time with the answer link and the closing date, without a calendar object', () => {
    const m = composeEmail(
      { kind: 'poll-invitation', meeting, recipient: nurse, poll },
      { uidDomain: 'c.test', now: new Date() },
    );
    expect(m.calendar).toBeUndefined();
    expect(m.subject).toBe('Welke data passen u? Multidisciplinair overleg');
    expect(m.text).toContain('1. woensdag 10 juni 2026, 14:00 – 15:00\n2. donderdag 11 juni 2026, 09:30 – 10:30');
    expect(m.text).toContain('https://concerto.test/v1/polls/answers/tok');
    expect(m.text).toContain('vóór dinsdag 9 juni 2026, 12:00');
    expect(composeSms({ kind: 'poll-invitation', meeting, recipient: nurse, poll }, {}).text).toBe(
      // GSM-7 has no ó: the text message spells it plainly (one such letter would switch it to UCS-2)
      'Overleg: welke data passen u? Antwoord voor dinsdag 9 juni 2026, 12:00: https://concerto.test/v1/polls/answers/tok\nAnne Dupont',
    );
  });

  it('should write the person an easy-to-read letter without the link, saying how to answer by phone', () => {
    const letter = composeLetter(
      { kind: 'poll-invitation', meeting, recipient: person, poll },
      { now: new Date('2026-06-01T08:00:00Z') },
    );
    const text = letter.lines.join('\n');
    expect(letter.subject).toBe('Quand pouvez-vous venir à une réunion ?');
    expect(text).toContain('1. mercredi 10 juin 2026, 14:00 – 15:00');
    expect(text).not.toContain('/v1/polls/answers/');
    expect(text).toContain('Pour répondre, téléphonez à Anne Dupont. Le numéro est le 02 123 45 67.');
  });
});

describe('delivery plan', () => {
  it('should send e-mail and text messages automatically', () => {
    expect(planDelivery({ email: 'a@b.test', phone: '+32470111222' })).toEqual({
      automatic: ['email', 'sms'],
      coordinatorTasks: [],
    });
  });

  it('should give the coordinator a call or a letter for people without e-mail or mobile phone', () => {
    expect(planDelivery({ phone: '+3222223333', phoneAcceptsSms: false })).toEqual({
      automatic: [],
      coordinatorTasks: ['phone-call'],
    });
    expect(planDelivery({ postalAddress: { lines: ['Rue de la Paix 3', '1030 Schaerbeek'] } })).toEqual({
      automatic: [],
      coordinatorTasks: ['post-letter'],
    });
    expect(
      planDelivery({ phone: '+3222223333', phoneAcceptsSms: false, postalAddress: { lines: ['x'] } }).coordinatorTasks,
    ).toEqual(['phone-call', 'post-letter']);
    expect(planDelivery({})).toEqual({ automatic: [], coordinatorTasks: ['reach-through-network'] });
  });
});
