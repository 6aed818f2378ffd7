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
  at: string;
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
  openedAt: Date;
  version: number;
}
