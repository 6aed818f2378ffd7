import { BusinessRuleViolation } from '#concerto/ddd';
import {
  Concertation,
  ConcertationCancelledEvent,
  ConcertationRescheduledEvent,
  ConcertationScheduledEvent,
  InvitationAnsweredEvent,
} from './concertation.aggregate.js';

const now = new Date('2026-11-23T09:00:00Z');
const at = (h: number) => new Date(now.getTime() + h * 3600_000);
const room = { kind: 'room' as const, roomId: 'r-1', label: 'Salle Nord' };
const schedule = (deadline?: Date) =>
  Concertation.schedule(
    {
      id: 'm-1',
      caseId: 'c-1',
      start: at(48),
      end: at(49),
      location: room,
      invitations: [
        { id: 'i-1', participantId: 'p-person', required: true },
        { id: 'i-2', participantId: 'p-gp', required: true },
      ],
      createdBy: 'coord-nord',
      deadline,
    },
    now,
  );

describe(Concertation.name, () => {
  it('should schedule before the hard deadline only', () => {
    expect(schedule(at(72)).pullEvents()).toEqual([expect.any(ConcertationScheduledEvent)]);
    expect(() => schedule(at(48.5))).toThrow(BusinessRuleViolation);
  });

  it('should record an answer for the current version and refuse a stale one', () => {
    const m = schedule();
    expect(m.answer('i-1', 0, 'accepted', undefined, now)).toBe('recorded');
    m.reschedule(at(50), at(51), room, now);
    expect(m.snapshot.sequence).toBe(1);
    expect(m.snapshot.invitations.find((i) => i.id === 'i-1')?.status).toBe('pending');
    expect(m.answer('i-2', 0, 'declined', undefined, now)).toBe('stale');
    expect(m.answer('i-2', 1, 'written-input', 'I agree with home nursing twice a day', now)).toBe('recorded');
    expect(m.pullEvents().map((e) => e.constructor)).toEqual([
      ConcertationScheduledEvent,
      InvitationAnsweredEvent,
      ConcertationRescheduledEvent,
      InvitationAnsweredEvent,
    ]);
  });

  it('should keep written input across a reschedule', () => {
    const m = schedule();
    m.answer('i-2', 0, 'written-input', 'Input', now);
    m.reschedule(at(50), at(51), room, now);
    expect(m.snapshot.invitations.find((i) => i.id === 'i-2')).toMatchObject({
      status: 'written-input',
      writtenInput: 'Input',
    });
  });

  it('should cancel once, raise the sequence and refuse later answers', () => {
    const m = schedule();
    m.cancel(now);
    expect(m.snapshot.sequence).toBe(1);
    expect(m.pullEvents().at(-1)).toBeInstanceOf(ConcertationCancelledEvent);
    expect(() => m.answer('i-1', 1, 'accepted', undefined, now)).toThrow(BusinessRuleViolation);
    expect(() => m.cancel(now)).toThrow(BusinessRuleViolation);
  });
});
