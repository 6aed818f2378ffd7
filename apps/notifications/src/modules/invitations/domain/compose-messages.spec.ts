import { calendarMethodFor, composeEmail, composeSms, idempotencyKey } from './compose-messages.js';
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
const nurse: Recipient = { invitationId: 'inv-n', name: 'Karin Janssens', audience: 'professional', required: false, preferredLanguage: 'nl', email: 'karin@thuisverpleging.test', phone: '+32470111222' };

describe('message composition', () => {
  it('should give each message a stable idempotency key of ids only', () => {
    expect(idempotencyKey('invitation', 'email', meeting, 'inv-n')).toBe('invitation:email:meet-1:4:inv-n');
    expect(composeEmail({ kind: 'invitation', meeting, recipient: nurse }, { uidDomain: 'c.test', now: new Date() }).idempotencyKey).toBe('invitation:email:meet-1:4:inv-n');
    expect(composeSms({ kind: 'invitation', meeting, recipient: nurse }, {}).idempotencyKey).toBe('invitation:sms:meet-1:4:inv-n');
  });

  it('should attach a calendar to invitations, updates and cancellations only', () => {
    expect(calendarMethodFor('invitation')).toBe('REQUEST');
    expect(calendarMethodFor('update')).toBe('REQUEST');
    expect(calendarMethodFor('cancellation')).toBe('CANCEL');
    expect(calendarMethodFor('reminder-48h')).toBeUndefined();
    expect(composeEmail({ kind: 'reminder-2h', meeting, recipient: nurse }, { uidDomain: 'c.test', now: new Date() }).calendar).toBeUndefined();
  });

  it('should write a short text message in the recipient language and Brussels time', () => {
    const sms = composeSms({ kind: 'reminder-2h', meeting, recipient: nurse }, {});
    expect(sms.text).toBe('Overleg vandaag om 14:00, Salle du bassin Sud.\nAnne Dupont');
    expect(sms.to).toBe('+32470111222');
  });

  it('should honour an interpreter flag recorded on the case even for a served language', () => {
    const m = composeEmail({ kind: 'invitation', meeting, recipient: { ...nurse, interpreterNeeded: true } }, { uidDomain: 'c.test', now: new Date() });
    expect(m.meta.interpreterNeeded).toBe(true);
    expect(m.text).toContain('Er wordt een tolk of interculturele bemiddelaar voorzien.');
  });

  it('should use the configured fallback language', () => {
    const m = composeEmail({ kind: 'invitation', meeting, recipient: { ...nurse, preferredLanguage: 'pl' } }, { uidDomain: 'c.test', now: new Date(), fallbackLanguage: 'en' });
    expect(m.language).toBe('en');
    expect(m.meta).toMatchObject({ preferredLanguage: 'pl', interpreterNeeded: true });
  });
});

describe('delivery plan', () => {
  it('should send e-mail and text messages automatically', () => {
    expect(planDelivery({ email: 'a@b.test', phone: '+32470111222' })).toEqual({ automatic: ['email', 'sms'], coordinatorTasks: [] });
  });

  it('should give the coordinator a call or a letter for people without e-mail or mobile phone', () => {
    expect(planDelivery({ phone: '+3222223333', phoneAcceptsSms: false })).toEqual({ automatic: [], coordinatorTasks: ['phone-call'] });
    expect(planDelivery({ postalAddress: { lines: ['Rue de la Paix 3', '1030 Schaerbeek'] } })).toEqual({ automatic: [], coordinatorTasks: ['post-letter'] });
    expect(planDelivery({ phone: '+3222223333', phoneAcceptsSms: false, postalAddress: { lines: ['x'] } }).coordinatorTasks).toEqual(['phone-call', 'post-letter']);
    expect(planDelivery({})).toEqual({ automatic: [], coordinatorTasks: ['reach-through-network'] });
  });
});
