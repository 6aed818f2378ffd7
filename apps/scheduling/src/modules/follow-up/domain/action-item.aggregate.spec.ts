import { BusinessRuleViolation } from '#concerto/ddd';
import { ActionItem, type FollowUpPolicy } from './action-item.aggregate.js';
import { ConcertationRecord } from './concertation-record.aggregate.js';

const policy: FollowUpPolicy = { reminderDaysBefore: 2, graceWorkingDays: 3, hour: 9, holidays: {} };
const opened = (kind: 'task' | 'referral' | 'deadline', dueOn = '2027-05-05', now = new Date('2027-04-29T10:00:00Z')) =>
  ActionItem.open(
    {
      id: 'i1',
      caseId: 'c1',
      kind,
      title: 'x',
      owner: { participantId: 'p1' },
      dueOn,
      openedBy: 'coord',
      openedAt: now,
    },
    policy,
    now,
  );

describe('an action item', () => {
  it('should be reminded before and on the due date, then escalated after three working days past Ascension', () => {
    const item = opened('task');
    expect(item.nextTimer(policy)?.toISOString()).toBe('2027-05-03T07:00:00.000Z');
    item.advance(new Date('2027-05-03T07:00:00Z'));
    expect(item.nextTimer(policy)?.toISOString()).toBe('2027-05-05T07:00:00.000Z');
    item.advance(new Date('2027-05-05T07:00:00Z'));
    expect(item.nextTimer(policy)?.toISOString()).toBe('2027-05-11T07:00:00.000Z');
    expect(item.advance(new Date('2027-05-11T07:00:00Z'))).toEqual({ raiseFollowUp: false });
    expect(item.nextTimer(policy)).toBeUndefined();
    expect(item.pullEvents().map((e) => e.name)).toEqual([
      'action.opened',
      'action.reminder-due',
      'action.reminder-due',
      'action.escalated',
    ]);
  });

  it('should skip the early reminder when the due date is too close', () => {
    const item = opened('task', '2027-04-30');
    expect(item.nextTimer(policy)?.toISOString()).toBe('2027-04-30T07:00:00.000Z');
  });

  it('should ask for the referent’s follow-up task once a hard deadline is missed, the next working day', () => {
    const item = opened('deadline', '2027-05-05');
    item.advance(new Date());
    item.advance(new Date());
    expect(item.nextTimer(policy)?.toISOString()).toBe('2027-05-07T07:00:00.000Z'); // Thursday 6 is Ascension
    expect(item.advance(new Date())).toEqual({ raiseFollowUp: true });
  });

  it('should wait for the referent to confirm a referral, and stop its timer once over', () => {
    const item = opened('referral');
    item.markDone('gp', new Date());
    expect(item.snapshot.status).toBe('awaiting-confirmation');
    expect(item.active).toBe(true);
    item.confirmReceived('referent', new Date());
    expect(item.snapshot.status).toBe('received');
    expect(item.nextTimer(policy)).toBeUndefined();
    expect(() => item.markDone('gp', new Date())).toThrow(BusinessRuleViolation);
    expect(() => opened('task').confirmReceived('referent', new Date())).toThrow(BusinessRuleViolation);
  });

  it('should reopen a blocked item when it is handed over', () => {
    const item = opened('task');
    item.block('no-transport', 'p1', new Date());
    expect(item.snapshot).toMatchObject({ status: 'blocked', blockedReason: 'no-transport' });
    item.handOver({ organisationId: 'org-x' }, 'p1', new Date());
    expect(item.snapshot).toMatchObject({ status: 'open', owner: { organisationId: 'org-x' } });
    expect(item.snapshot.blockedReason).toBeUndefined();
  });
});

describe('a concertation record', () => {
  const base = {
    id: 'r1',
    concertationId: 'm1',
    caseId: 'c1',
    attendance: [],
    wishes: [],
    decisions: [],
    actionItemIds: [],
    writtenInputFrom: [],
    recordedBy: 'coord',
    recordedAt: new Date('2027-04-29T10:00:00Z'),
  };

  it('should name every missing field of a held meeting, and accept a meeting not held as is', () => {
    expect(() => ConcertationRecord.write({ ...base, held: true }, '2027-04-29', 7)).toThrow(
      expect.objectContaining({
        details: { missing: ['attendance', 'wishes', 'decisions', 'actionItems', 'referent', 'nextReview'] },
      }),
    );
    expect(ConcertationRecord.write({ ...base, held: false }, '2027-04-29', 7).snapshot.locksOn).toBe('2027-05-06');
  });

  it('should need a reason to amend once locked, and count versions', () => {
    const record = ConcertationRecord.write({ ...base, held: false }, '2027-04-29', 7);
    record.amend({ ...base, held: false }, 'coord', new Date(), '2027-05-01', undefined);
    expect(record.snapshot.version).toBe(2);
    expect(() => record.amend({ ...base, held: false }, 'coord', new Date(), '2027-05-06', undefined)).toThrow(
      BusinessRuleViolation,
    );
    record.amend({ ...base, held: false }, 'coord', new Date(), '2027-05-06', 'Wrong attendance');
    expect(record.snapshot.version).toBe(3);
  });
});
