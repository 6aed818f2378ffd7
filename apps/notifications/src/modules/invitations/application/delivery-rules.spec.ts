import type { InvitationDeliveryCard } from '#concerto/contracts';
import { idempotencyKey } from '../domain/compose-messages.js';
import { DeliveryError } from '../domain/ports.js';
import { deliveryKey } from '../domain/delivery.js';
import { errorCode } from './commands/deliver-message/message-sender.js';
import { skipReason } from './commands/deliver-message/message-reader.js';
import { meetingOf, normalisePhone, recipientOf } from './message-input.js';

const card = (over: Partial<InvitationDeliveryCard> = {}): InvitationDeliveryCard => ({
  invitationId: '0c1f4d8e-2d8a-4c55-9d59-2f3d1c1e0a01',
  concertationId: '7d0c6f2a-0b8e-4a53-8b4f-6b1b0f3f9a02',
  caseId: 'b2d9d3a4-1a2b-4c3d-8e9f-0a1b2c3d4e03',
  bassinId: 'sud',
  sequence: 1,
  status: 'scheduled',
  start: '2026-11-25T09:00:00.000Z',
  end: '2026-11-25T10:00:00.000Z',
  location: { kind: 'video', label: 'https://meet.example.test/x' },
  organizerId: 'coord-sud',
  invitationStatus: 'sent',
  recipient: {
    id: 'p1',
    kind: 'relative',
    displayName: 'Jan Peeters',
    language: 'nl-BE',
    interpreterNeeded: false,
    required: false,
    waived: false,
    channels: ['email', 'sms'],
    contact: { email: 'jan@example.test', phone: '0032 470 12.34.56', postalAddress: 'Rue de la Paix 12, 1180 Uccle' },
  },
  links: { acceptUrl: 'http://x/a', declineUrl: 'http://x/d', writtenInputUrl: 'http://x/w' },
  ...over,
});

describe('delivery keys', () => {
  it('should use the same key format as the message composers, ids only', () => {
    const d = {
      kind: 'invitation' as const,
      channel: 'email' as const,
      concertationId: 'm1',
      sequence: 3,
      invitationId: 'i1',
    };
    expect(deliveryKey(d)).toBe(idempotencyKey('invitation', 'email', { meetingId: 'm1', sequence: 3 }, 'i1'));
    expect(deliveryKey({ ...d, channel: 'phone-call' })).toBe('invitation:phone-call:m1:3:i1');
  });
});

describe('what a queued message becomes when its job runs', () => {
  it('should send a message for the current version of the meeting', () => {
    expect(skipReason({ kind: 'update', sequence: 1 }, card())).toBeUndefined();
    expect(
      skipReason({ kind: 'cancellation', sequence: 2 }, card({ sequence: 2, status: 'cancelled' })),
    ).toBeUndefined();
  });

  it('should drop messages about an older version, a cancelled meeting or a departed invitee', () => {
    expect(skipReason({ kind: 'invitation', sequence: 0 }, card())).toBe('superseded');
    expect(skipReason({ kind: 'reminder-48h', sequence: 2 }, card({ sequence: 2, status: 'cancelled' }))).toBe(
      'cancelled',
    );
    expect(skipReason({ kind: 'invitation', sequence: 1 }, undefined)).toBe('invitation-gone');
    expect(skipReason({ kind: 'invitation', sequence: 1 }, card({ recipient: undefined }))).toBe('recipient-gone');
  });

  it('should not remind those who declined, nor chase those who answered', () => {
    expect(skipReason({ kind: 'reminder-2h', sequence: 1 }, card({ invitationStatus: 'declined' }))).toBe('answered');
    expect(skipReason({ kind: 'reminder-2h', sequence: 1 }, card({ invitationStatus: 'accepted' }))).toBeUndefined();
    expect(skipReason({ kind: 'no-answer-reminder', sequence: 1 }, card({ invitationStatus: 'accepted' }))).toBe(
      'answered',
    );
    expect(skipReason({ kind: 'no-answer-reminder', sequence: 1 }, card({ invitationStatus: 'sent' }))).toBeUndefined();
  });

  it('should acknowledge written input while the meeting keeps it, even at a new date', () => {
    expect(
      skipReason({ kind: 'written-input-ack', sequence: 1 }, card({ invitationStatus: 'written-input' })),
    ).toBeUndefined();
    // Rescheduled before the acknowledgement left: scheduling keeps written input, so it is still true.
    expect(
      skipReason({ kind: 'written-input-ack', sequence: 0 }, card({ invitationStatus: 'written-input' })),
    ).toBeUndefined();
    // ...unless the invitee answered otherwise for the new date, or the meeting was cancelled.
    expect(skipReason({ kind: 'written-input-ack', sequence: 0 }, card({ invitationStatus: 'accepted' }))).toBe(
      'superseded',
    );
    expect(
      skipReason(
        { kind: 'written-input-ack', sequence: 0 },
        card({ invitationStatus: 'written-input', sequence: 2, status: 'cancelled' }),
      ),
    ).toBe('cancelled');
  });

  it('should keep only a code of a failure: never an address or a provider’s text', () => {
    expect(errorCode(new DeliveryError('SMTP delivery failed (550)', 'email', true, 550))).toBe('email-550');
    expect(errorCode(new DeliveryError('x', 'sms', true, 21211))).toBe('sms-21211');
    expect(errorCode(new DeliveryError('x', 'email', false, 'ECONNECTION'))).toBe('email-econnection');
    expect(errorCode(new Error('The recipient has no e-mail address'))).toBe('no-email-address');
    expect(errorCode(new Error('jan@example.test rejected'))).toBe('compose-error');
  });
});

describe('from the delivery card to the composers', () => {
  it('should address the family in easy-to-read language, with a normalised phone number and the address lines', () => {
    expect(recipientOf(card())).toEqual({
      invitationId: card().invitationId,
      name: 'Jan Peeters',
      audience: 'family',
      required: false,
      preferredLanguage: 'nl-BE',
      interpreterNeeded: false,
      email: 'jan@example.test',
      phone: '+32470123456',
      postalAddress: { lines: ['Rue de la Paix 12', '1180 Uccle'] },
    });
    expect(recipientOf(card({ recipient: { ...card().recipient!, kind: 'person', required: false } })).required).toBe(
      true,
    );
    expect(normalisePhone('+32 470 00 00 01')).toBe('+32470000001');
  });

  it('should give a video link as the meeting URL', () => {
    const m = meetingOf(card(), { name: 'Coordinator', email: 'no-reply@concerto.test' });
    expect(m).toMatchObject({
      meetingId: card().concertationId,
      sequence: 1,
      location: { kind: 'video', url: 'https://meet.example.test/x' },
    });
    expect(
      meetingOf(card({ location: { kind: 'room', label: 'Salle Sud' } }), { name: 'C', email: 'c@x.test' }).location,
    ).toEqual({ kind: 'room', label: 'Salle Sud' });
  });
});
