import { type CoordinatorTask, markLetterPosted, recordCall } from './coordinator-task.js';

const at = new Date('2026-11-23T10:00:00Z');
const task = (kind: CoordinatorTask['kind'], extra: Partial<CoordinatorTask> = {}): CoordinatorTask => ({
  id: 't1',
  caseId: 'c1',
  invitationId: 'i1',
  concertationId: 'm1',
  sequence: 0,
  kind,
  status: 'open',
  createdAt: new Date('2026-11-23T08:00:00Z'),
  attempts: 0,
  ...extra,
});

describe('coordinator tasks that close', () => {
  it('should keep a call task open after no answer or a voicemail, counting each call', () => {
    expect(recordCall(task('phone-call'), 'no-answer', 'coord', at)).toEqual({
      status: 'open',
      attempts: 1,
      outcome: 'no-answer',
      lastAttemptAt: at,
    });
    expect(recordCall(task('phone-call', { attempts: 1 }), 'voicemail-left', 'coord', at).attempts).toBe(2);
  });

  it('should close a call task when the invitee is reached, refuses, or the number is wrong', () => {
    for (const outcome of ['reached', 'refused', 'wrong-number'] as const) {
      expect(recordCall(task('phone-call', { attempts: 2 }), outcome, 'coord', at)).toEqual({
        status: 'done',
        attempts: 3,
        outcome,
        lastAttemptAt: at,
        closedBy: 'coord',
        closedAt: at,
      });
    }
  });

  it('should close a letter task once posted', () => {
    expect(markLetterPosted(task('post-letter'), 'coord', at)).toMatchObject({
      status: 'done',
      outcome: 'posted',
      attempts: 1,
      closedBy: 'coord',
    });
  });

  it('should refuse the wrong kind of task and a task no longer open', () => {
    expect(() => recordCall(task('post-letter'), 'reached', 'coord', at)).toThrow(/not a phone call/);
    expect(() => markLetterPosted(task('phone-call'), 'coord', at)).toThrow(/not a letter/);
    expect(() => markLetterPosted(task('no-answer'), 'coord', at)).toThrow(/not a letter/);
    for (const status of ['done', 'superseded', 'cancelled', 'resolved'] as const) {
      expect(() => recordCall(task('phone-call', { status }), 'reached', 'coord', at)).toThrow(/already/);
    }
  });
});
