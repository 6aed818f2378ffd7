import type { AlertType, BassinId, Urgency } from '#concerto/contracts';

export type CaseStatus = 'opened' | 'acknowledged' | 'escalated' | 'closed';
export type MemberRole = 'reporter' | 'coordinator';

/** What a reader may see of a case: everything, its status and owner, or nothing at all. */
export type CaseAccess = 'coordinator' | 'member' | 'none';

export interface CaseMember {
  actorId: string;
  role: MemberRole;
  since: string;
}

export interface AttachedAlert {
  alertId: string;
  type: AlertType;
  urgency: Urgency;
  reporterId: string;
  /** The reporter's role in the directory (e.g. pharmacist), when the directory answered. */
  reporterRole?: string;
  at: string;
}

/**
 * An alert that landed on a case (its id is the alert's id). Each one is owned: the case's owner
 * acknowledges it within its urgency's window, or the case escalates up the bassin's chain.
 */
export interface CaseSignal {
  signalId: string;
  type: AlertType;
  urgency: Urgency;
  reporterId: string;
  reporterRole?: string;
  receivedAt: Date;
  acknowledgeBy: Date;
  acknowledgedBy?: string;
  acknowledgedAt?: Date;
  /** Where in the chain its owner sat: while pending, the case's level; once acknowledged, the level it was acknowledged at. */
  escalationLevel: 0 | 1 | 2;
}

export interface EscalationChain {
  coordinatorId: string;
  backupId: string;
  leadId: string;
}

/** How long the owner has to acknowledge, per urgency. */
export interface AcknowledgementPolicy {
  urgentMs: number;
  normalMs: number;
}

export interface CaseState {
  id: string;
  personRef: string;
  bassinId: BassinId;
  bassinNeedsConfirmation: boolean;
  type: AlertType;
  urgency: Urgency;
  status: CaseStatus;
  ownerId: string;
  escalationChain: EscalationChain;
  escalationLevel: 0 | 1 | 2;
  acknowledgeBy: Date;
  acknowledgedBy?: string;
  acknowledgedAt?: Date;
  deadline?: Date;
  members: CaseMember[];
  alerts: AttachedAlert[];
  signals: CaseSignal[];
  openedAt: Date;
  version: number;
}
