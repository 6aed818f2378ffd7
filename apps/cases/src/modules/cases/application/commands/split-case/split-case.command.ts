import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

export interface CaseSplitView {
  caseId: string;
  restoredCaseId: string;
  splitAt: string;
}

/** Undoes a wrong merge: the merged case is a case of its own again, with its own history. */
export class SplitCaseCommand extends Command<CaseSplitView> {
  constructor(
    readonly caseId: string,
    readonly mergedCaseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
