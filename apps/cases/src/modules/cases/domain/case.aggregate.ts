import { AggregateRoot, AppException, type BusinessRule } from '#concerto/ddd';
import type { AlertType, BassinId, Urgency } from '#concerto/contracts';
import type {
  AcknowledgementPolicy,
  AttachedAlert,
  CaseAccess,
  CaseSignal,
  CaseState,
  CloseOutcome,
  EscalationChain,
  ReferenceBassin,
} from './case.types.js';
import { INTER_BASSIN } from './case.types.js';
import {
  AlertAttachedEvent,
  CaseAcknowledgedEvent,
  CaseBassinConfirmedEvent,
  CaseClosedEvent,
  type CaseEvent,
  CaseEscalatedEvent,
  CaseOpenedEvent,
  CaseReopenedEvent,
  CaseTransferredEvent,
  SignalsMovedInEvent,
  SignalsMovedOutEvent,
} from './events/case-events.js';
import {
  CaseMustBeClosedRule,
  CaseMustBeOpenRule,
  ReferenceIsOwnBassinOrNoneRule,
  SignalsNotYetAcknowledgedRule,
  SomethingToAcknowledgeRule,
  TransferToAnotherBassinRule,
} from './rules/case-rules.js';

export interface OpenCaseProps {
  caseId: string;
  personRef: string;
  bassinId: BassinId;
  bassinNeedsConfirmation: boolean;
  escalationChain: EscalationChain;
  deadline?: Date;
  alert: AttachedAlert;
  /** The person's closed case this one follows (a new alert after it closed never rejoins it). */
  previousCaseId?: string;
}

/** Where a transfer sends the case: the receiving bassin and its duty roster. */
export interface TransferTarget {
  toBassin: BassinId;
  escalationChain: EscalationChain;
  /** The id of the handover signal the receiving owner must acknowledge. */
  handoverSignalId: string;
}

/**
 * A coordination case: who owns the worrying situation of one person, until when it must be
 * acknowledged, and who escalates if nobody does. No clinical content lives here.
 */
/** A case closes when no action item is open, or with an explicit reason for leaving them (issue 17). */
class NoOpenActionItemsOrOverrideRule implements BusinessRule {
  readonly code = 'OPEN_ACTION_ITEMS';
  readonly message: string;
  constructor(
    private readonly count: number,
    private readonly override: string | undefined,
  ) {
    this.message = `${count} action item(s) are still open: close them, or give openItemsOverride (why they stay open).`;
  }
  isBroken(): boolean {
    return this.count > 0 && !this.override;
  }
}

export class Case extends AggregateRoot<string, CaseEvent> {
  private constructor(private state: CaseState) {
    super(state.id);
  }

  static open(props: OpenCaseProps, now: Date, policy: AcknowledgementPolicy): Case {
    const urgency = props.alert.urgency;
    const signal = newSignal(props.alert, now, policy, 0);
    const c = new Case({
      id: props.caseId,
      personRef: props.personRef,
      bassinId: props.bassinId,
      bassinNeedsConfirmation: props.bassinNeedsConfirmation,
      referenceBassin: props.bassinId,
      type: props.alert.type,
      urgency,
      status: 'opened',
      ownerId: props.escalationChain.coordinatorId,
      escalationChain: props.escalationChain,
      escalationLevel: 0,
      acknowledgeBy: signal.acknowledgeBy,
      deadline: props.deadline,
      members: [
        { actorId: props.alert.reporterId, role: 'reporter', since: now.toISOString() },
        { actorId: props.escalationChain.coordinatorId, role: 'coordinator', since: now.toISOString() },
      ],
      alerts: [props.alert],
      signals: [signal],
      openedAt: now,
      ...(props.previousCaseId ? { previousCaseId: props.previousCaseId } : {}),
      version: 0,
    });
    c.addEvent(
      new CaseOpenedEvent(c.id, now, props.alert.alertId, c.state.ownerId, { ...signal }, props.previousCaseId),
    );
    return c;
  }

  static restore(state: CaseState): Case {
    return new Case(state);
  }

  get snapshot(): Readonly<CaseState> {
    return this.state;
  }

  /** The signals nobody has acknowledged yet, oldest first. */
  get pendingSignals(): CaseSignal[] {
    return this.state.signals.filter((s) => !s.acknowledgedAt);
  }

  /** The earliest acknowledgement due among the pending signals (none when all are acknowledged). */
  get nextAcknowledgementDue(): Date | undefined {
    return earliest(this.pendingSignals.map((s) => s.acknowledgeBy));
  }

  /**
   * Another alert about the same person joins this case: a new signal that the owner must
   * acknowledge within its urgency's window, or the case escalates as for an opening alert.
   * An urgent alert makes the case urgent (it never goes back: R25) and its urgent window is the
   * one that runs. A hard deadline it carries (a discharge date, often known only to the hospital
   * that raises the second alert) becomes the case's when the case has none or a later one.
   * Returns false when the alert was already attached (redelivery).
   */
  attachAlert(alert: AttachedAlert, now: Date, policy: AcknowledgementPolicy, deadline?: Date): boolean {
    this.checkRule(new CaseMustBeOpenRule(this.state.status));
    if (this.state.alerts.some((a) => a.alertId === alert.alertId)) {
      return false;
    }
    this.state.alerts.push(alert);
    this.addMember(alert.reporterId, 'reporter', now);
    const signal = newSignal(alert, now, policy, this.state.escalationLevel);
    this.state.signals.push(signal);
    const urgencyRaised = alert.urgency === 'urgent' && this.state.urgency !== 'urgent';
    if (urgencyRaised) {
      this.state.urgency = 'urgent';
    }
    this.state.acknowledgeBy = this.nextAcknowledgementDue ?? this.state.acknowledgeBy;
    const deadlineSet = deadline !== undefined && (this.state.deadline === undefined || deadline < this.state.deadline);
    if (deadlineSet) {
      this.state.deadline = deadline;
    }
    this.addEvent(
      new AlertAttachedEvent(this.id, now, alert, urgencyRaised, deadlineSet ? deadline : undefined, { ...signal }),
    );
    return true;
  }

  /**
   * A named coordinator of the bassin takes ownership of the signals named (all pending ones by
   * default) and of the case. Naming a signal already acknowledged, or acknowledging when nothing
   * is pending, is a conflict: an acknowledgement is never silently repeated.
   * Returns the signals acknowledged.
   */
  acknowledge(coordinatorId: string, now: Date, signalIds?: readonly string[]): CaseSignal[] {
    this.checkRule(new CaseMustBeOpenRule(this.state.status));
    let targets: CaseSignal[];
    if (signalIds === undefined) {
      targets = this.pendingSignals;
      this.checkRule(new SomethingToAcknowledgeRule(targets.length));
    } else {
      const ids = [...new Set(signalIds)];
      const unknown = ids.filter((id) => !this.state.signals.some((s) => s.signalId === id));
      if (unknown.length > 0) {
        throw new AppException('SIGNAL_NOT_FOUND', 'not-found', `No such signal on this case: ${unknown.join(', ')}.`);
      }
      targets = this.state.signals.filter((s) => ids.includes(s.signalId));
      this.checkRule(new SignalsNotYetAcknowledgedRule(targets.filter((s) => s.acknowledgedAt).map((s) => s.signalId)));
    }
    for (const signal of targets) {
      signal.acknowledgedBy = coordinatorId;
      signal.acknowledgedAt = now;
      signal.escalationLevel = this.state.escalationLevel;
    }
    const s = this.state;
    s.status = 'acknowledged';
    s.acknowledgedBy = coordinatorId;
    s.acknowledgedAt = now;
    s.ownerId = coordinatorId;
    // The owner's place in the chain: a later signal escalates from there (the lead is the last step).
    s.escalationLevel = chainLevelOf(coordinatorId, s.escalationChain);
    for (const pending of this.pendingSignals) {
      pending.escalationLevel = s.escalationLevel;
    }
    s.acknowledgeBy = this.nextAcknowledgementDue ?? s.acknowledgeBy;
    this.addMember(coordinatorId, 'coordinator', now);
    this.addEvent(
      new CaseAcknowledgedEvent(
        this.id,
        now,
        coordinatorId,
        s.escalationLevel,
        targets.map((t) => t.signalId),
      ),
    );
    return targets.map((t) => ({ ...t }));
  }

  /**
   * Called when a signal's acknowledgement window closes: the case and every pending signal move
   * to the backup coordinator, then to the bassin lead, each with a new window. Returns false if
   * there is nothing to do (acknowledged, closed, a stale timer, or already with the lead).
   * Without a signal id (a timer set before signals existed), the oldest pending signal is meant.
   */
  escalateIfUnacknowledged(
    expectedLevel: number,
    now: Date,
    policy: AcknowledgementPolicy,
    signalId?: string,
  ): boolean {
    const s = this.state;
    const signal =
      signalId === undefined ? this.pendingSignals[0] : this.pendingSignals.find((p) => p.signalId === signalId);
    if (
      !signal ||
      s.status === 'closed' ||
      s.escalationLevel !== expectedLevel ||
      signal.escalationLevel !== expectedLevel ||
      s.escalationLevel >= 2 ||
      now < signal.acknowledgeBy
    ) {
      return false;
    }
    const level = (s.escalationLevel + 1) as 1 | 2;
    const previousOwnerId = s.ownerId;
    s.escalationLevel = level;
    s.ownerId = level === 1 ? s.escalationChain.backupId : s.escalationChain.leadId;
    s.status = 'escalated';
    const pending = this.pendingSignals;
    for (const p of pending) {
      p.escalationLevel = level;
      p.acknowledgeBy = new Date(now.getTime() + ackWindow(p.urgency, policy));
    }
    s.acknowledgeBy = this.nextAcknowledgementDue ?? s.acknowledgeBy;
    this.addMember(s.ownerId, 'coordinator', now);
    this.addEvent(
      new CaseEscalatedEvent(
        this.id,
        now,
        level,
        s.ownerId,
        previousOwnerId,
        level < 2 ? s.acknowledgeBy : undefined,
        signal.signalId,
        pending.map((p) => p.signalId),
      ),
    );
    return true;
  }

  /**
   * A coordinator closes the case, with an outcome from the controlled list and a short reason.
   * Only ever by hand: no timer, consumer or rule calls this (R25). Pending signals stay visible
   * but no longer escalate.
   */
  close(
    coordinatorId: string,
    outcome: CloseOutcome,
    reason: string,
    now: Date,
    openActionItems: { count: number; override?: string } = { count: 0 },
  ): void {
    this.checkRule(new CaseMustBeOpenRule(this.state.status));
    this.checkRule(new NoOpenActionItemsOrOverrideRule(openActionItems.count, openActionItems.override));
    const s = this.state;
    s.status = 'closed';
    s.closedAt = now;
    s.closeOutcome = outcome;
    this.addEvent(
      new CaseClosedEvent(this.id, now, coordinatorId, outcome, reason, this.reporterIds, openActionItems.override),
    );
  }

  /**
   * A coordinator reopens a closed case: it goes back to its owner, and each signal still pending
   * gets a new window from now (its old one ran while nobody was asked to look).
   */
  reopen(coordinatorId: string, reason: string, now: Date, policy: AcknowledgementPolicy): void {
    this.checkRule(new CaseMustBeClosedRule(this.state.status));
    const s = this.state;
    for (const p of this.pendingSignals) {
      p.acknowledgeBy = new Date(now.getTime() + ackWindow(p.urgency, policy));
    }
    s.status = this.pendingSignals.length === 0 ? 'acknowledged' : s.escalationLevel > 0 ? 'escalated' : 'opened';
    s.closedAt = undefined;
    s.closeOutcome = undefined;
    s.acknowledgeBy = this.nextAcknowledgementDue ?? s.acknowledgeBy;
    this.addMember(coordinatorId, 'coordinator', now);
    this.addEvent(new CaseReopenedEvent(this.id, now, coordinatorId, reason));
  }

  /**
   * The case moves to another bassin with its whole history (same id, same timeline). The receiving
   * bassin's coordinator on duty owns it and must acknowledge it: a handover signal, and every
   * signal still pending, start a new window at the bottom of the new chain. The former bassin's
   * coordinators are no longer members (they lose access); reporters stay.
   */
  transfer(by: string, target: TransferTarget, reason: string, now: Date, policy: AcknowledgementPolicy): void {
    this.checkRule(new CaseMustBeOpenRule(this.state.status));
    this.checkRule(new TransferToAnotherBassinRule(this.state.bassinId, target.toBassin));
    const s = this.state;
    const fromBassin = s.bassinId;
    const previousOwnerId = s.ownerId;
    s.bassinId = target.toBassin;
    s.bassinNeedsConfirmation = false;
    if (s.referenceBassin !== INTER_BASSIN) {
      s.referenceBassin = target.toBassin;
    }
    s.escalationChain = target.escalationChain;
    s.escalationLevel = 0;
    s.ownerId = target.escalationChain.coordinatorId;
    s.status = 'opened';
    for (const p of this.pendingSignals) {
      p.escalationLevel = 0;
      p.acknowledgeBy = new Date(now.getTime() + ackWindow(p.urgency, policy));
    }
    const handover: CaseSignal = {
      signalId: target.handoverSignalId,
      type: s.type,
      urgency: s.urgency,
      reporterId: by,
      receivedAt: now,
      acknowledgeBy: new Date(now.getTime() + ackWindow(s.urgency, policy)),
      escalationLevel: 0,
      origin: 'transfer',
    };
    s.signals.push(handover);
    s.acknowledgeBy = this.nextAcknowledgementDue ?? handover.acknowledgeBy;
    s.members = s.members.filter((m) => m.role !== 'coordinator');
    this.addMember(s.ownerId, 'coordinator', now);
    this.addEvent(
      new CaseTransferredEvent(
        this.id,
        now,
        by,
        fromBassin,
        target.toBassin,
        previousOwnerId,
        s.ownerId,
        reason,
        { ...handover },
        s.referenceBassin,
      ),
    );
  }

  /**
   * A coordinator confirms the case's bassin (one routed by a fallback needs it), or sets a
   * reference bassin (R16): the case's own bassin, or `inter-bassin`. Moving the case to another
   * bassin is a transfer, done first by the caller.
   */
  confirmBassin(coordinatorId: string, referenceBassin: ReferenceBassin, now: Date): void {
    this.checkRule(new CaseMustBeOpenRule(this.state.status));
    this.checkRule(new ReferenceIsOwnBassinOrNoneRule(this.state.bassinId, referenceBassin));
    const s = this.state;
    const previous = s.referenceBassin;
    s.bassinNeedsConfirmation = false;
    s.referenceBassin = referenceBassin;
    this.addEvent(new CaseBassinConfirmedEvent(this.id, now, coordinatorId, s.bassinId, referenceBassin, previous));
  }

  /**
   * Merge: this case folds into `survivorId`, and its pending signals go with it (they escalate and
   * page there, never here any more). Acknowledged signals stay as history. Returns the signals
   * moved (copies), for the survivor's `receiveSignals`.
   */
  handOverPendingSignals(survivorId: string, now: Date): CaseSignal[] {
    return this.moveOut(this.pendingSignals, survivorId, 'merge', now);
  }

  /**
   * Split: the signals that came from `restoredCaseId` when it merged go back to it, pending or
   * acknowledged meanwhile (acknowledged ones keep who acknowledged them). Returns copies.
   */
  giveBackSignalsOf(restoredCaseId: string, now: Date): CaseSignal[] {
    const theirs = this.state.signals.filter((g) => g.movedFromCaseId === restoredCaseId);
    return this.moveOut(theirs, restoredCaseId, 'split', now);
  }

  /**
   * Signals from another case land here (a merge's pending signals, or a split's restored ones):
   * each keeps its urgency and due time; the pending ones sit at this case's level of its chain, so
   * they escalate along it. An urgent one makes the case urgent; nothing lowers it (R25).
   */
  receiveSignals(fromCaseId: string, signals: readonly CaseSignal[], cause: 'merge' | 'split', now: Date): void {
    if (signals.length === 0) {
      return;
    }
    const s = this.state;
    const arrived = signals.map<CaseSignal>((g) => {
      const { movedFromCaseId: _from, ...rest } = g;
      return {
        ...rest,
        ...(g.acknowledgedAt ? {} : { escalationLevel: s.escalationLevel }),
        ...(cause === 'merge' ? { movedFromCaseId: fromCaseId } : {}),
      };
    });
    s.signals.push(...arrived);
    const urgencyRaised = arrived.some((g) => !g.acknowledgedAt && g.urgency === 'urgent') && s.urgency !== 'urgent';
    if (urgencyRaised) {
      s.urgency = 'urgent';
    }
    s.acknowledgeBy = this.nextAcknowledgementDue ?? s.acknowledgeBy;
    this.addEvent(
      new SignalsMovedInEvent(
        this.id,
        now,
        fromCaseId,
        cause,
        arrived.map((g) => ({ ...g })),
        urgencyRaised,
      ),
    );
  }

  private moveOut(signals: CaseSignal[], toCaseId: string, cause: 'merge' | 'split', now: Date): CaseSignal[] {
    if (signals.length === 0) {
      return [];
    }
    const ids = new Set(signals.map((g) => g.signalId));
    this.state.signals = this.state.signals.filter((g) => !ids.has(g.signalId));
    this.state.acknowledgeBy = this.nextAcknowledgementDue ?? this.state.acknowledgeBy;
    this.addEvent(new SignalsMovedOutEvent(this.id, now, toCaseId, cause, [...ids]));
    return signals.map((g) => ({ ...g }));
  }

  /** Everyone who raised an alert about this case (ids, each once). */
  get reporterIds(): string[] {
    return [...new Set(this.state.alerts.map((a) => a.reporterId))];
  }

  get isClosed(): boolean {
    return this.state.status === 'closed';
  }

  get isAcknowledged(): boolean {
    return this.state.acknowledgedBy !== undefined;
  }

  /** The pending signals whose window still leads somewhere (the lead is the last step). */
  get signalsAwaitingEscalation(): CaseSignal[] {
    return this.state.status === 'closed' || this.state.escalationLevel >= 2 ? [] : this.pendingSignals;
  }

  /**
   * Who may see the case: the bassin's coordinators and lead see everything; members (reporters)
   * see its status and owner; everyone else is told it does not exist.
   */
  accessOf(actorId: string, coordinatesItsBassin: boolean): CaseAccess {
    if (coordinatesItsBassin) {
      return 'coordinator';
    }
    return this.isMember(actorId) ? 'member' : 'none';
  }

  isMember(actorId: string): boolean {
    return this.state.members.some((m) => m.actorId === actorId);
  }

  isReporterOnly(actorId: string): boolean {
    const roles = this.state.members.filter((m) => m.actorId === actorId).map((m) => m.role);
    return roles.length > 0 && roles.every((r) => r === 'reporter');
  }

  private addMember(actorId: string, role: 'reporter' | 'coordinator', now: Date): void {
    if (!this.state.members.some((m) => m.actorId === actorId && m.role === role)) {
      this.state.members.push({ actorId, role, since: now.toISOString() });
    }
  }
}

function newSignal(alert: AttachedAlert, now: Date, policy: AcknowledgementPolicy, level: 0 | 1 | 2): CaseSignal {
  return {
    signalId: alert.alertId,
    type: alert.type,
    urgency: alert.urgency,
    reporterId: alert.reporterId,
    ...(alert.reporterRole ? { reporterRole: alert.reporterRole } : {}),
    receivedAt: now,
    acknowledgeBy: new Date(now.getTime() + ackWindow(alert.urgency, policy)),
    escalationLevel: level,
  };
}

function chainLevelOf(actorId: string, chain: EscalationChain): 0 | 1 | 2 {
  return actorId === chain.leadId ? 2 : actorId === chain.backupId ? 1 : 0;
}

function earliest(dates: Date[]): Date | undefined {
  return dates.reduce<Date | undefined>((a, b) => (a === undefined || b < a ? b : a), undefined);
}

function ackWindow(urgency: Urgency, policy: AcknowledgementPolicy): number {
  return urgency === 'urgent' ? policy.urgentMs : policy.normalMs;
}

export type { AlertType };
