import { BusinessRuleViolation } from '#concerto/ddd';
import { Case } from './case.aggregate.js';
import {
  AlertAttachedEvent,
  CaseAcknowledgedEvent,
  CaseEscalatedEvent,
  CaseOpenedEvent,
} from './events/case-events.js';

const policy = { urgentMs: 60 * 60_000, normalMs: 24 * 60 * 60_000 };
const t0 = new Date('2026-11-20T09:00:00Z');
const chain = { coordinatorId: 'coord-nord', backupId: 'backup-nord', leadId: 'lead-nord' };
const alert = (id: string, urgency: 'urgent' | 'normal' = 'normal', reporterId = 'pro-pharmacist') => ({
  alertId: id,
  type: 'not-seen' as const,
  urgency,
  reporterId,
  at: t0.toISOString(),
});
const open = (urgency: 'urgent' | 'normal' = 'normal') =>
  Case.open(
    {
      caseId: 'c-1',
      personRef: 'p-1',
      bassinId: 'nord',
      bassinNeedsConfirmation: false,
      escalationChain: chain,
      alert: alert('a-1', urgency),
    },
    t0,
    policy,
  );

describe(Case.name, () => {
  it('should open assigned to the coordinator on duty with the reporter as member and a deadline by urgency', () => {
    const c = open('urgent');
    expect(c.snapshot.ownerId).toBe('coord-nord');
    expect(c.isMember('pro-pharmacist')).toBe(true);
    expect(c.snapshot.acknowledgeBy).toEqual(new Date(t0.getTime() + policy.urgentMs));
    expect(c.pullEvents()).toEqual([expect.any(CaseOpenedEvent)]);
    expect(open('normal').snapshot.acknowledgeBy).toEqual(new Date(t0.getTime() + policy.normalMs));
  });

  it('should escalate to the backup, then to the bassin lead, and then stop', () => {
    const c = open();
    c.pullEvents();
    const late = new Date(t0.getTime() + policy.normalMs);
    expect(c.escalateIfUnacknowledged(0, late, policy)).toBe(true);
    expect(c.snapshot.ownerId).toBe('backup-nord');
    const later = new Date(late.getTime() + policy.normalMs);
    expect(c.escalateIfUnacknowledged(1, later, policy)).toBe(true);
    expect(c.snapshot.ownerId).toBe('lead-nord');
    expect(c.escalateIfUnacknowledged(2, new Date(later.getTime() + policy.normalMs), policy)).toBe(false);
    expect(c.pullEvents().map((e) => (e as CaseEscalatedEvent).level)).toEqual([1, 2]);
  });

  it('should not escalate before the deadline, after acknowledgement, or from a stale timer', () => {
    const early = open();
    expect(early.escalateIfUnacknowledged(0, new Date(t0.getTime() + 1000), policy)).toBe(false);
    const acked = open();
    acked.acknowledge('coord-nord', t0);
    expect(acked.escalateIfUnacknowledged(0, new Date(t0.getTime() + policy.normalMs), policy)).toBe(false);
    const stale = open();
    expect(stale.escalateIfUnacknowledged(1, new Date(t0.getTime() + policy.normalMs), policy)).toBe(false);
  });

  it('should let one coordinator acknowledge, idempotently, and refuse a second one', () => {
    const c = open();
    c.pullEvents();
    expect(c.acknowledge('coord-nord', t0)).toBe(true);
    expect(c.acknowledge('coord-nord', t0)).toBe(false);
    expect(() => c.acknowledge('backup-nord', t0)).toThrow(BusinessRuleViolation);
    expect(c.pullEvents()).toEqual([expect.any(CaseAcknowledgedEvent)]);
    expect(c.snapshot.status).toBe('acknowledged');
  });

  it('should attach a further alert once, add its reporter, and bring the deadline forward when urgent', () => {
    const c = open('normal');
    c.pullEvents();
    const later = new Date(t0.getTime() + 10 * 60_000);
    expect(c.attachAlert({ ...alert('a-2', 'urgent', 'pro-home-nurse'), at: later.toISOString() }, later, policy)).toBe(
      true,
    );
    expect(c.attachAlert({ ...alert('a-2', 'urgent', 'pro-home-nurse'), at: later.toISOString() }, later, policy)).toBe(
      false,
    );
    expect(c.isMember('pro-home-nurse')).toBe(true);
    expect(c.snapshot.urgency).toBe('urgent');
    expect(c.snapshot.acknowledgeBy).toEqual(new Date(later.getTime() + policy.urgentMs));
    expect(c.pullEvents()).toEqual([expect.any(AlertAttachedEvent)]);
  });

  it('should take the hard deadline a joining alert brings when the case has none or a later one, never a later one', () => {
    const c = open('normal');
    c.pullEvents();
    const discharge = new Date('2026-11-25T15:00:00Z');
    expect(c.attachAlert(alert('a-2'), t0, policy, discharge)).toBe(true);
    expect(c.snapshot.deadline).toEqual(discharge);
    expect((c.pullEvents()[0] as AlertAttachedEvent).deadline).toEqual(discharge);

    // A later date does not move it back (a concertation before the earliest date is before both).
    expect(c.attachAlert(alert('a-3'), t0, policy, new Date('2026-11-27T15:00:00Z'))).toBe(true);
    expect(c.snapshot.deadline).toEqual(discharge);
    expect((c.pullEvents()[0] as AlertAttachedEvent).deadline).toBeUndefined();

    const sooner = new Date('2026-11-24T10:00:00Z');
    expect(c.attachAlert(alert('a-4'), t0, policy, sooner)).toBe(true);
    expect(c.snapshot.deadline).toEqual(sooner);
    expect((c.pullEvents()[0] as AlertAttachedEvent).deadline).toEqual(sooner);
  });
});
