import { AggregateRoot } from '#concerto/ddd';
import type { AlertType, BassinId, Urgency } from '#concerto/contracts';
import type { AcknowledgementPolicy, AttachedAlert, CaseAccess, CaseState, EscalationChain } from './case.types.js';
import {
  AlertAttachedEvent,
  CaseAcknowledgedEvent,
  type CaseEvent,
  CaseEscalatedEvent,
  CaseOpenedEvent,
} from './events/case-events.js';
import { CaseMustBeOpenRule, OnlyOneCoordinatorAcknowledgesRule } from './rules/case-rules.js';

export interface OpenCaseProps {
  caseId: string;
  personRef: string;
  bassinId: BassinId;
  bassinNeedsConfirmation: boolean;
  escalationChain: EscalationChain;
  deadline?: Date;
  alert: AttachedAlert;
}

/**
 * A coordination case: who owns the worrying situation of one person, until when it must be
 * acknowledged, and who escalates if nobody does. No clinical content lives here.
 */
export class Case extends AggregateRoot<string, CaseEvent> {
  private constructor(private state: CaseState) {
    super(state.id);
  }

  static open(props: OpenCaseProps, now: Date, policy: AcknowledgementPolicy): Case {
    const urgency = props.alert.urgency;
    const c = new Case({
      id: props.caseId,
      personRef: props.personRef,
      bassinId: props.bassinId,
      bassinNeedsConfirmation: props.bassinNeedsConfirmation,
      type: props.alert.type,
      urgency,
      status: 'opened',
      ownerId: props.escalationChain.coordinatorId,
      escalationChain: props.escalationChain,
      escalationLevel: 0,
      acknowledgeBy: new Date(now.getTime() + ackWindow(urgency, policy)),
      deadline: props.deadline,
      members: [
        { actorId: props.alert.reporterId, role: 'reporter', since: now.toISOString() },
        { actorId: props.escalationChain.coordinatorId, role: 'coordinator', since: now.toISOString() },
      ],
      alerts: [props.alert],
      openedAt: now,
      version: 0,
    });
    c.addEvent(new CaseOpenedEvent(c.id, now, props.alert.alertId, c.state.ownerId));
    return c;
  }

  static restore(state: CaseState): Case {
    return new Case(state);
  }

  get snapshot(): Readonly<CaseState> {
    return this.state;
  }

  /**
   * Another alert about the same person joins this case. An urgent alert makes the case
   * urgent and, while nobody has acknowledged it, brings the acknowledgement deadline forward.
   * A hard deadline it carries (a discharge date, often known only to the hospital that raises
   * the second alert) becomes the case's when the case has none or a later one: a concertation
   * before the earliest known date is before all of them.
   * Returns false when the alert was already attached (redelivery).
   */
  attachAlert(alert: AttachedAlert, now: Date, policy: AcknowledgementPolicy, deadline?: Date): boolean {
    this.checkRule(new CaseMustBeOpenRule(this.state.status));
    if (this.state.alerts.some((a) => a.alertId === alert.alertId)) {
      return false;
    }
    this.state.alerts.push(alert);
    this.addMember(alert.reporterId, 'reporter', now);
    const urgencyRaised = alert.urgency === 'urgent' && this.state.urgency !== 'urgent';
    if (urgencyRaised) {
      this.state.urgency = 'urgent';
      if (!this.isAcknowledged) {
        const sooner = new Date(now.getTime() + ackWindow('urgent', policy));
        if (sooner < this.state.acknowledgeBy) {
          this.state.acknowledgeBy = sooner;
        }
      }
    }
    const deadlineSet = deadline !== undefined && (this.state.deadline === undefined || deadline < this.state.deadline);
    if (deadlineSet) {
      this.state.deadline = deadline;
    }
    this.addEvent(new AlertAttachedEvent(this.id, now, alert, urgencyRaised, deadlineSet ? deadline : undefined));
    return true;
  }

  /** A named coordinator takes ownership. Acknowledging twice by the same person changes nothing. */
  acknowledge(coordinatorId: string, now: Date): boolean {
    this.checkRule(new CaseMustBeOpenRule(this.state.status));
    this.checkRule(new OnlyOneCoordinatorAcknowledgesRule(this.state.acknowledgedBy, coordinatorId));
    if (this.state.acknowledgedBy === coordinatorId) {
      return false;
    }
    this.state.status = 'acknowledged';
    this.state.acknowledgedBy = coordinatorId;
    this.state.acknowledgedAt = now;
    this.state.ownerId = coordinatorId;
    this.addMember(coordinatorId, 'coordinator', now);
    this.addEvent(new CaseAcknowledgedEvent(this.id, now, coordinatorId, this.state.escalationLevel));
    return true;
  }

  /**
   * Called when the acknowledgement deadline passes: the case moves to the backup coordinator,
   * then to the bassin lead. Returns false if there is nothing to do (acknowledged, closed,
   * a stale timer, or already with the lead).
   */
  escalateIfUnacknowledged(expectedLevel: number, now: Date, policy: AcknowledgementPolicy): boolean {
    const s = this.state;
    if (
      this.isAcknowledged ||
      s.status === 'closed' ||
      s.escalationLevel !== expectedLevel ||
      s.escalationLevel >= 2 ||
      now < s.acknowledgeBy
    ) {
      return false;
    }
    const level = (s.escalationLevel + 1) as 1 | 2;
    const previousOwnerId = s.ownerId;
    s.escalationLevel = level;
    s.ownerId = level === 1 ? s.escalationChain.backupId : s.escalationChain.leadId;
    s.status = 'escalated';
    s.acknowledgeBy = new Date(now.getTime() + ackWindow(s.urgency, policy));
    this.addMember(s.ownerId, 'coordinator', now);
    this.addEvent(
      new CaseEscalatedEvent(this.id, now, level, s.ownerId, previousOwnerId, level < 2 ? s.acknowledgeBy : undefined),
    );
    return true;
  }

  get isAcknowledged(): boolean {
    return this.state.acknowledgedBy !== undefined;
  }

  get needsAcknowledgementTimer(): boolean {
    return !this.isAcknowledged && this.state.status !== 'closed' && this.state.escalationLevel < 2;
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

function ackWindow(urgency: Urgency, policy: AcknowledgementPolicy): number {
  return urgency === 'urgent' ? policy.urgentMs : policy.normalMs;
}

export type { AlertType };
