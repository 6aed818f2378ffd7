import { Case } from './case.aggregate.js';
import { SignalsMovedInEvent, SignalsMovedOutEvent } from './events/case-events.js';

const policy = { urgentMs: 60 * 60_000, normalMs: 24 * 60 * 60_000 };
const t0 = new Date('2026-11-20T09:00:00Z');
const later = new Date(t0.getTime() + 10 * 60_000);
const chain = { coordinatorId: 'coord-nord', backupId: 'backup-nord', leadId: 'lead-nord' };
const open = (caseId: string, alertId: string, urgency: 'urgent' | 'normal', at: Date) =>
  Case.open(
    {
      caseId,
      personRef: `p-${caseId}`,
      bassinId: 'nord',
      bassinNeedsConfirmation: false,
      escalationChain: chain,
      alert: { alertId, type: 'not-seen', urgency, reporterId: 'pro-pharmacist', at: at.toISOString() },
    },
    at,
    policy,
  );

describe('signals across a merge and a split', () => {
  it('should move the pending signals to the survivor with their due time, at its level, and make it urgent', () => {
    const survivor = open('a', 'alert-a', 'normal', t0);
    survivor.acknowledge('backup-nord', t0);
    const merged = open('b', 'alert-b', 'urgent', later);
    survivor.pullEvents();
    merged.pullEvents();

    const moved = merged.handOverPendingSignals('a', later);
    survivor.receiveSignals('b', moved, 'merge', later);

    expect(merged.pendingSignals).toEqual([]);
    expect(merged.signalsAwaitingEscalation).toEqual([]);
    expect(merged.pullEvents()).toEqual([expect.any(SignalsMovedOutEvent)]);
    const [signal] = survivor.pendingSignals;
    expect(signal).toMatchObject({
      signalId: 'alert-b',
      urgency: 'urgent',
      acknowledgeBy: new Date(later.getTime() + policy.urgentMs),
      // The survivor's owner is the backup (level 1): the moved signal escalates from there.
      escalationLevel: 1,
      movedFromCaseId: 'b',
    });
    expect(survivor.snapshot.urgency).toBe('urgent');
    expect(survivor.snapshot.acknowledgeBy).toEqual(signal.acknowledgeBy);
    const [event] = survivor.pullEvents();
    expect(event).toBeInstanceOf(SignalsMovedInEvent);
    expect(event).toMatchObject({ fromCaseId: 'b', cause: 'merge', urgencyRaised: true });
  });

  it('should never lower the survivor’s urgency, and escalate a moved signal there when its window runs out', () => {
    const survivor = open('a', 'alert-a', 'urgent', t0);
    const merged = open('b', 'alert-b', 'normal', later);
    survivor.receiveSignals('b', merged.handOverPendingSignals('a', later), 'merge', later);
    expect(survivor.snapshot.urgency).toBe('urgent');
    survivor.acknowledge('coord-nord', later, ['alert-a']);
    const due = new Date(later.getTime() + policy.normalMs);
    expect(survivor.escalateIfUnacknowledged(0, due, policy, 'alert-b')).toBe(true);
    expect(survivor.snapshot.ownerId).toBe('backup-nord');
    expect(merged.escalateIfUnacknowledged(0, due, policy, 'alert-b')).toBe(false);
  });

  it('should give back on a split the signals the merge brought, acknowledged or not, and only those', () => {
    const survivor = open('a', 'alert-a', 'normal', t0);
    const merged = open('b', 'alert-b', 'normal', later);
    survivor.receiveSignals('b', merged.handOverPendingSignals('a', later), 'merge', later);
    survivor.acknowledge('coord-nord', later, ['alert-a']);

    const back = survivor.giveBackSignalsOf('b', later);
    merged.receiveSignals('a', back, 'split', later);

    expect(survivor.snapshot.signals.map((s) => s.signalId)).toEqual(['alert-a']);
    expect(merged.pendingSignals.map((s) => s.signalId)).toEqual(['alert-b']);
    expect(merged.pendingSignals[0].movedFromCaseId).toBeUndefined();
    expect(merged.signalsAwaitingEscalation.map((s) => s.signalId)).toEqual(['alert-b']);
  });
});
