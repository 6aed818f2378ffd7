import type { PossibleMatchReasonCode } from '#concerto/contracts';

export interface PossibleMatchProposal {
  matchId: string;
  personRef: string;
  caseId: string;
  otherPersonRef: string;
  otherCaseId: string;
  reasons: PossibleMatchReasonCode[];
  createdAt: Date;
}

/** Port: the proposals the intake made (one per pair of persons), ambient transaction. */
export abstract class PossibleMatchRepository {
  /** False when the pair was already proposed (either way round). */
  abstract propose(proposal: PossibleMatchProposal): Promise<boolean>;
}
