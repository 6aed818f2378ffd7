import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

export interface PossibleMatchDecisionView {
  matchId: string;
  state: 'confirmed' | 'rejected';
  /** Confirmed: the case that now holds both histories. */
  caseId?: string;
  /** Confirmed: the case merged into it. */
  mergedCaseId?: string;
}

/** A coordinator confirms (the two cases merge) or rejects a possible match. */
export class DecidePossibleMatchCommand extends Command<PossibleMatchDecisionView> {
  constructor(
    readonly caseId: string,
    readonly matchId: string,
    readonly principal: Principal,
    readonly decision: 'confirmed' | 'rejected',
  ) {
    super();
  }
}
