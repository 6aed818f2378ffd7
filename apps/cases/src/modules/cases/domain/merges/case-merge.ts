import { AppException } from '#concerto/ddd';

export type PossibleMatchState = 'proposed' | 'confirmed' | 'rejected';

/** The intake's proposal that the persons of two cases are one (reasons are codes, never names). */
export interface PossibleMatch {
  matchId: string;
  caseId: string;
  otherCaseId: string;
  reasons: string[];
  state: PossibleMatchState;
  foundAt: Date;
  decidedBy?: string;
  decidedAt?: Date;
}

/** A case merged into another (the survivor); split again when `splitAt` is set. */
export interface CaseMerge {
  mergeId: string;
  survivorCaseId: string;
  mergedCaseId: string;
  matchId?: string;
  mergedBy: string;
  mergedAt: Date;
  splitBy?: string;
  splitAt?: Date;
}

/** A proposal is decided once: confirming or rejecting it again is a conflict, not a replay. */
export function decide(match: PossibleMatch, decision: 'confirmed' | 'rejected', by: string, at: Date): PossibleMatch {
  if (match.state !== 'proposed') {
    throw new AppException('POSSIBLE_MATCH_DECIDED', 'conflict', `This possible match was already ${match.state}.`);
  }
  return { ...match, state: decision, decidedBy: by, decidedAt: at };
}

/**
 * The case opened first survives: its owner has been on it longest and its id is the one the
 * reporters were given first. Ties go to the smaller id so that the choice never depends on order.
 */
export function survivorOf<T extends { caseId: string; openedAt: Date }>(a: T, b: T): { survivor: T; merged: T } {
  const aFirst =
    a.openedAt.getTime() < b.openedAt.getTime() ||
    (a.openedAt.getTime() === b.openedAt.getTime() && a.caseId < b.caseId);
  return aFirst ? { survivor: a, merged: b } : { survivor: b, merged: a };
}
