import { AppException, BusinessRuleViolation } from '#concerto/ddd';
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

  it('should acknowledge every pending signal by default, and refuse to repeat an acknowledgement', () => {
    const c = open();
    c.pullEvents();
    expect(c.acknowledge('coord-nord', t0).map((g) => g.signalId)).toEqual(['a-1']);
    expect(() => c.acknowledge('coord-nord', t0)).toThrow(BusinessRuleViolation);
    expect(() => c.acknowledge('backup-nord', t0, ['a-1'])).toThrow(BusinessRuleViolation);
    expect(() => c.acknowledge('coord-nord', t0, ['nope'])).toThrow(AppException);
    expect(c.pullEvents()).toEqual([expect.any(CaseAcknowledgedEvent)]);
    expect(c.snapshot.status).toBe('acknowledged');
    expect(c.snapshot.signals[0]).toMatchObject({ acknowledgedBy: 'coord-nord', acknowledgedAt: t0 });
  });

  it('should make an alert joining an acknowledged case a new pending signal that escalates if not acknowledged', () => {
    const c = open();
    c.acknowledge('coord-nord', t0);
    c.pullEvents();
    const later = new Date(t0.getTime() + 60 * 60_000);
    expect(c.attachAlert({ ...alert('a-2'), at: later.toISOString() }, later, policy)).toBe(true);
    expect(c.pendingSignals.map((g) => g.signalId)).toEqual(['a-2']);
    expect(c.nextAcknowledgementDue).toEqual(new Date(later.getTime() + policy.normalMs));
    const events = c.pullEvents();
    expect(events).toEqual([expect.any(AlertAttachedEvent)]);
    expect((events[0] as AlertAttachedEvent).signal).toMatchObject({ signalId: 'a-2', escalationLevel: 0 });

    // Not yet due, or another signal's stale timer: nothing.
    expect(c.escalateIfUnacknowledged(0, new Date(later.getTime() + 1000), policy, 'a-2')).toBe(false);
    expect(c.escalateIfUnacknowledged(0, new Date(later.getTime() + policy.normalMs), policy, 'a-1')).toBe(false);
    const due = new Date(later.getTime() + policy.normalMs);
    expect(c.escalateIfUnacknowledged(0, due, policy, 'a-2')).toBe(true);
    expect(c.snapshot).toMatchObject({ ownerId: 'backup-nord', escalationLevel: 1, status: 'escalated' });
    const [escalated] = c.pullEvents() as CaseEscalatedEvent[];
    expect(escalated).toMatchObject({ level: 1, overdueSignalId: 'a-2', pendingSignalIds: ['a-2'] });
    expect(c.pendingSignals[0]).toMatchObject({
      escalationLevel: 1,
      acknowledgeBy: new Date(due.getTime() + policy.normalMs),
    });

    // The backup acknowledges the named signal; a further signal would now escalate to the lead.
    expect(c.acknowledge('backup-nord', due, ['a-2']).map((g) => g.signalId)).toEqual(['a-2']);
    expect(c.snapshot).toMatchObject({ ownerId: 'backup-nord', escalationLevel: 1, status: 'acknowledged' });
    expect(c.pendingSignals).toEqual([]);
  });

  it('should acknowledge only the signals named, and leave the others pending', () => {
    const c = open();
    c.attachAlert(alert('a-2'), t0, policy);
    c.pullEvents();
    expect(c.acknowledge('coord-nord', t0, ['a-2']).map((g) => g.signalId)).toEqual(['a-2']);
    expect(c.pendingSignals.map((g) => g.signalId)).toEqual(['a-1']);
    expect((c.pullEvents()[0] as CaseAcknowledgedEvent).signalIds).toEqual(['a-2']);
  });

  it('should raise the urgency with an urgent signal and its urgent window, and never lower it (R25)', () => {
    const c = open('normal');
    c.acknowledge('coord-nord', t0);
    const later = new Date(t0.getTime() + 10 * 60_000);
    c.attachAlert(alert('a-2', 'urgent'), later, policy);
    expect(c.snapshot.urgency).toBe('urgent');
    expect(c.nextAcknowledgementDue).toEqual(new Date(later.getTime() + policy.urgentMs));
    c.attachAlert(alert('a-3', 'normal'), later, policy);
    expect(c.snapshot.urgency).toBe('urgent');
    expect(c.nextAcknowledgementDue).toEqual(new Date(later.getTime() + policy.urgentMs));
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
