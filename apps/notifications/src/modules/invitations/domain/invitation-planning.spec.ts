import { brusselsLocal } from '#concerto/ddd';
import {
  audienceOf,
  brusselsInstant,
  channelOrder,
  escalationAction,
  fallbackChannel,
  nextEscalationStep,
  noAnswerCheckAt,
  plannedReminders,
  primaryChannel,
  purposeOf,
  reminderChannel,
  reminderTimes,
  wantsMeetingReminder,
  writtenInputAckChannel,
} from './invitation-planning.js';

const HOUR = 3600_000;

describe('reminder times (Europe/Brussels)', () => {
  it('should remind two days before at the same wall-clock time, and two hours before', () => {
    // Thursday 26 November 2026, 10:00 CET.
    const start = new Date('2026-11-26T09:00:00Z');
    const [r48, r2] = reminderTimes(start);
    expect(r48).toEqual({ kind: 'reminder-48h', at: new Date('2026-11-24T09:00:00Z') });
    expect(r2).toEqual({ kind: 'reminder-2h', at: new Date('2026-11-26T07:00:00Z') });
  });

  it('should keep the wall-clock time across the end of summer time (49 hours of real time)', () => {
    // Summer time ends on Sunday 25 October 2026 at 03:00 CEST. Meeting Monday 26 October, 10:00 CET.
    const start = new Date('2026-10-26T09:00:00Z');
    const [r48, r2] = reminderTimes(start);
    expect(r48.at.toISOString()).toBe('2026-10-24T08:00:00.000Z'); // Saturday 10:00 CEST
    expect(brusselsLocal(r48.at)).toMatchObject({ day: 24, hour: 10, minute: 0 });
    expect(start.getTime() - r48.at.getTime()).toBe(49 * HOUR);
    expect(r2.at.toISOString()).toBe('2026-10-26T07:00:00.000Z'); // 08:00 CET
  });

  it('should keep the wall-clock time across the start of summer time (47 hours of real time)', () => {
    // Summer time starts on Sunday 29 March 2026 at 02:00 CET. Meeting Monday 30 March, 14:30 CEST.
    const start = new Date('2026-03-30T12:30:00Z');
    const [r48, r2] = reminderTimes(start);
    expect(r48.at.toISOString()).toBe('2026-03-28T13:30:00.000Z'); // Saturday 14:30 CET
    expect(start.getTime() - r48.at.getTime()).toBe(47 * HOUR);
    // Two hours of real time, even across the jump: 12:30 CEST is 10:30 UTC.
    expect(r2.at.toISOString()).toBe('2026-03-30T10:30:00.000Z');
    const early = new Date('2026-03-29T01:30:00Z'); // Sunday 03:30 CEST, right after the jump
    expect(reminderTimes(early)[1].at.toISOString()).toBe('2026-03-28T23:30:00.000Z'); // Sunday 00:30 CET
  });

  it('should cross month and year boundaries', () => {
    const start = new Date('2027-01-01T10:00:00Z'); // Friday 1 January, 11:00 CET
    expect(reminderTimes(start)[0].at.toISOString()).toBe('2026-12-30T10:00:00.000Z');
  });

  it('should plan only the reminders still ahead', () => {
    const start = new Date('2026-11-26T09:00:00Z');
    expect(plannedReminders(start, new Date('2026-11-23T08:00:00Z')).map((r) => r.kind)).toEqual([
      'reminder-48h',
      'reminder-2h',
    ]);
    expect(plannedReminders(start, new Date('2026-11-25T08:00:00Z')).map((r) => r.kind)).toEqual(['reminder-2h']);
    expect(plannedReminders(start, new Date('2026-11-26T08:00:00Z'))).toEqual([]);
  });

  it('should turn Brussels wall-clock times into instants in both seasons', () => {
    expect(brusselsInstant({ year: 2026, month: 7, day: 1, hour: 9, minute: 0, second: 0 }).toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
    expect(brusselsInstant({ year: 2026, month: 12, day: 1, hour: 9, minute: 0, second: 0 }).toISOString()).toBe(
      '2026-12-01T08:00:00.000Z',
    );
    expect(brusselsInstant({ year: 2026, month: 11, day: 0, hour: 9, minute: 0, second: 0 }).toISOString()).toBe(
      '2026-10-31T08:00:00.000Z',
    );
  });

  it('should remind those who accepted or have not answered, never those who declined or sent written input', () => {
    expect([undefined, 'accepted', 'declined', 'written-input'].map((a) => wantsMeetingReminder(a as never))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('should send the 2-hour reminder by text message when possible, else on the best automatic channel', () => {
    expect(reminderChannel('reminder-48h', ['email', 'sms'])).toBe('email');
    expect(reminderChannel('reminder-2h', ['email', 'sms'])).toBe('sms');
    expect(reminderChannel('reminder-2h', ['email'])).toBe('email');
    expect(reminderChannel('reminder-48h', ['sms'])).toBe('sms');
    expect(reminderChannel('reminder-48h', ['letter'])).toBeUndefined();
    expect(reminderChannel('reminder-2h', ['phone-call'])).toBeUndefined();
  });
});

describe('channel fallback order', () => {
  it('should try e-mail, then text message, then a letter, then a phone call by the coordinator', () => {
    expect(channelOrder(['sms', 'email'])).toEqual(['email', 'sms', 'phone-call']);
    expect(channelOrder(['email'])).toEqual(['email', 'phone-call']);
    expect(channelOrder(['letter'])).toEqual(['letter']);
    expect(channelOrder(['phone-call'])).toEqual(['phone-call']);
    expect(channelOrder([])).toEqual(['phone-call']);
  });

  it('should send invitations on the best channel', () => {
    expect(primaryChannel(['sms', 'email'])).toBe('email');
    expect(primaryChannel(['sms'])).toBe('sms');
    expect(primaryChannel(['letter'])).toBe('letter');
    expect(primaryChannel(['phone-call'])).toBe('phone-call');
  });

  it('should fall back to the next channel not tried yet, and to the coordinator last', () => {
    expect(fallbackChannel(['email', 'sms'], ['email'], 'invitation')).toBe('sms');
    expect(fallbackChannel(['email', 'sms'], ['email', 'sms'], 'invitation')).toBe('phone-call');
    expect(fallbackChannel(['email'], ['email'], 'cancellation')).toBe('phone-call');
    expect(fallbackChannel(['email'], ['email', 'phone-call'], 'update')).toBeUndefined();
    // A reminder that bounced does not become a task for the coordinator.
    expect(fallbackChannel(['email', 'sms'], ['email'], 'reminder-48h')).toBe('sms');
    expect(fallbackChannel(['email'], ['email'], 'reminder-2h')).toBeUndefined();
    // Nor does a bounced acknowledgement of written input.
    expect(fallbackChannel(['email', 'sms'], ['email'], 'written-input-ack')).toBe('sms');
    expect(fallbackChannel(['email', 'letter'], ['email'], 'written-input-ack')).toBeUndefined();
  });
});

describe('acknowledgement of written input', () => {
  it('should acknowledge written input only, on the best automatic channel', () => {
    expect(writtenInputAckChannel('written-input', ['sms', 'email'])).toBe('email');
    expect(writtenInputAckChannel('written-input', ['letter', 'sms'])).toBe('sms');
    expect(writtenInputAckChannel('accepted', ['email'])).toBeUndefined();
    expect(writtenInputAckChannel('declined', ['email'])).toBeUndefined();
  });

  it('should not acknowledge by letter or phone call (no coordinator task for a thank-you)', () => {
    expect(writtenInputAckChannel('written-input', ['letter'])).toBeUndefined();
    expect(writtenInputAckChannel('written-input', ['phone-call'])).toBeUndefined();
    expect(writtenInputAckChannel('written-input', [])).toBeUndefined();
  });
});

describe('no-answer escalation', () => {
  it('should remind on another of the invitee’s channels first', () => {
    expect(escalationAction(1, ['email', 'sms'], ['email'])).toEqual({
      step: 1,
      action: 'remind-on-another-channel',
      channel: 'sms',
    });
    expect(escalationAction(1, ['email', 'sms'], ['sms'], ['email'])).toEqual({
      step: 1,
      action: 'remind-on-another-channel',
      channel: 'sms',
    });
  });

  it('should remind on the same channel when the invitee has no other', () => {
    expect(escalationAction(1, ['email'], ['email'])).toMatchObject({ channel: 'email' });
    expect(escalationAction(1, ['letter'], ['letter'])).toMatchObject({ channel: 'letter' });
    expect(escalationAction(1, ['email'], [])).toMatchObject({ channel: 'email' });
  });

  it('should propose a substitute, then alert the coordinator', () => {
    expect(escalationAction(2, ['email'], ['email'])).toEqual({ step: 2, action: 'propose-substitute' });
    expect(escalationAction(3, ['email'], ['email'])).toEqual({ step: 3, action: 'alert-coordinator' });
  });

  it('should propose substitutes for professionals only', () => {
    expect([
      nextEscalationStep(1, 'professional'),
      nextEscalationStep(2, 'professional'),
      nextEscalationStep(3, 'professional'),
    ]).toEqual([2, 3, undefined]);
    expect(nextEscalationStep(1, 'person')).toBe(3);
    expect(nextEscalationStep(1, 'family')).toBe(3);
    expect(nextEscalationStep(1, 'unknown')).toBe(3);
  });

  it('should look again after the configured hours, at the latest an hour before the meeting, never after it started', () => {
    const start = new Date('2026-11-26T09:00:00Z');
    expect(noAnswerCheckAt(new Date('2026-11-23T08:00:00Z'), start, 24)?.toISOString()).toBe(
      '2026-11-24T08:00:00.000Z',
    );
    expect(noAnswerCheckAt(new Date('2026-11-25T20:00:00Z'), start, 24)?.toISOString()).toBe(
      '2026-11-26T08:00:00.000Z',
    );
    // Less than an hour left: at once (the chain compresses rather than alerting after the fact).
    expect(noAnswerCheckAt(new Date('2026-11-26T08:30:00Z'), start, 24)?.toISOString()).toBe(
      '2026-11-26T08:30:00.000Z',
    );
    expect(noAnswerCheckAt(start, start, 24)).toBeUndefined();
  });
});

describe('audience and purpose', () => {
  it('should write to professionals in the professional register and to everyone else in easy-to-read language', () => {
    expect(
      ['professional', 'person', 'relative', 'legal-representative', 'trusted-person', 'unknown', undefined].map(
        audienceOf,
      ),
    ).toEqual(['professional', 'person', 'family', 'family', 'family', 'unknown', 'unknown']);
  });

  it('should map message kinds to the purposes of the delivery events', () => {
    expect(
      [
        'invitation',
        'update',
        'cancellation',
        'reminder-48h',
        'reminder-2h',
        'no-answer-reminder',
        'written-input-ack',
      ].map((k) => purposeOf(k as never)),
    ).toEqual([
      'invitation',
      'update',
      'cancellation',
      'reminder',
      'reminder',
      'no-answer-reminder',
      'written-input-ack',
    ]);
  });
});
