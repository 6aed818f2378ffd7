import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { PersonIdentity } from '#concerto/contracts';
import type { DeadlineView } from '../../deadlines/deadline-rules.js';

export interface OwnerView {
  id: string;
  displayName?: string;
}

/** What the reporter sees: that someone owns the situation, and who. */
export interface CaseStatusView {
  caseId: string;
  view: 'reporter';
  status: string;
  urgency: string;
  bassinId: string;
  owner: OwnerView;
  acknowledgedAt?: string;
  openedAt: string;
}

/** One signal as coordinators see it: what landed, from whom, and who acknowledged it when. */
export interface SignalView {
  signalId: string;
  type: string;
  urgency: string;
  reporterId: string;
  reporterRole?: string;
  receivedAt: string;
  acknowledgeBy: string;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  escalationLevel: number;
  /** `transfer`: a handover the receiving bassin's owner acknowledges (not an alert). */
  origin?: 'transfer';
}

/** What the bassin's coordinators see. */
export interface CaseFullView extends Omit<CaseStatusView, 'view'> {
  view: 'coordinator';
  type: string;
  bassinNeedsConfirmation: boolean;
  referenceBassin: string;
  previousCaseId?: string;
  closedAt?: string;
  closeOutcome?: string;
  escalationLevel: number;
  acknowledgeBy: string;
  acknowledgedBy?: string;
  /** The earliest future active deadline (the one that steers scheduling). */
  deadline?: string;
  deadlines: DeadlineView[];
  person: (Omit<PersonIdentity, 'personRef'> & { personRef: string }) | { personRef: string; unavailable: true };
  members: Array<{ actorId: string; role: string; since: string }>;
  alerts: Array<{ alertId: string; type: string; urgency: string; reporterId: string; at: string }>;
  /** Every signal, oldest first. */
  signals: SignalView[];
  /** The signals nobody has acknowledged yet (the owner must). */
  unacknowledgedSignals: SignalView[];
  /** Cases that may be about the same person (issue 15). */
  possibleMatches: PossibleMatchView[];
  /** Set when this case was merged into another one. */
  mergedInto?: string;
  /** The cases merged into this one (their alerts and signals are listed with this case's). */
  mergedCases: string[];
}

export interface PossibleMatchView {
  matchId: string;
  otherCaseId: string;
  reasons: string[];
  state: string;
  foundAt: string;
  decidedBy?: string;
  decidedAt?: string;
}

export class GetCaseQuery extends Query<CaseStatusView | CaseFullView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}

export interface TimelineEntryView {
  at: string;
  kind: string;
  actorId: string;
  details: Record<string, unknown>;
}

export interface CaseTimelineView {
  caseId: string;
  entries: TimelineEntryView[];
  /** Coordinators only: each signal with its type, reporter and who acknowledged it when. */
  signals?: SignalView[];
}

export class GetCaseTimelineQuery extends Query<CaseTimelineView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
