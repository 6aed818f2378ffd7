import type { AlertType, BassinId, Urgency } from '#concerto/contracts';

export type CaseStatus = 'opened' | 'acknowledged' | 'escalated' | 'closed';
export type MemberRole = 'reporter' | 'coordinator';

/**
 * Why a coordinator closed a case: neutral outcomes that describe the situation, never an attribute
 * held against the person (no "refused help", R25). `other` takes the short reason.
 */
export const CLOSE_OUTCOMES = [
  'situation-stabilised',
  'handed-over-to-service',
  'person-moved-out-of-region',
  'person-deceased',
  'no-coordination-needed',
  'other',
] as const;
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];

/** A case's reference bassin (R16): a bassin, or none in particular (`inter-bassin`). */
export const INTER_BASSIN = 'inter-bassin' as const;
export type ReferenceBassin = BassinId | typeof INTER_BASSIN;

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
  /** Set when the signal is not an alert but a transfer: the receiving bassin's owner must acknowledge the case. */
  origin?: 'transfer';
  /**
   * The merged case this pending signal came from (it escalates and is acknowledged here now);
   * a split sends it back there.
   */
  movedFromCaseId?: string;
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
  /**
   * The bassin the case refers to (R16), which can differ from the one routed by the address; by
   * default the case's bassin. `inter-bassin`: none in particular (the leads of every bassin see it).
   */
  referenceBassin: ReferenceBassin;
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
  /** The closed case of the same person this one follows, when a new alert came after it closed. */
  previousCaseId?: string;
  closedAt?: Date;
  closeOutcome?: CloseOutcome;
  version: number;
}
