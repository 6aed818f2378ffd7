import type { CaseMerge, PossibleMatch } from './case-merge.js';

/** Port: possible matches and merges of cases, in the ambient transaction of the use case. */
export abstract class CaseMergeRepository {
  /** Records a proposal once (a redelivered event changes nothing). */
  abstract recordProposal(match: PossibleMatch): Promise<void>;
  abstract findMatchForUpdate(matchId: string): Promise<PossibleMatch | undefined>;
  abstract saveDecision(match: PossibleMatch): Promise<void>;
  /** The proposals that name any of these cases, oldest first. */
  abstract matchesOf(caseIds: string[]): Promise<PossibleMatch[]>;
  /** The merge that folded this case into another, if it stands (not split). */
  abstract activeMergeOf(mergedCaseId: string): Promise<CaseMerge | undefined>;
  /** The standing merges into this survivor. */
  abstract mergesInto(survivorCaseId: string): Promise<CaseMerge[]>;
  abstract addMerge(merge: CaseMerge): Promise<void>;
  abstract recordSplit(merge: CaseMerge): Promise<void>;
}
