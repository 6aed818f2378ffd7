import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { CloseOutcome } from '../../../domain/case.types.js';

export interface CaseLifecycleView {
  caseId: string;
  status: string;
  bassinId: string;
  referenceBassin: string;
  ownerId: string;
  closeOutcome?: string;
  closedAt?: string;
  /** Signals the owner must still acknowledge. */
  pendingSignals: number;
}

/** A coordinator of the case's bassin closes it, with an outcome from the controlled list. */
export class CloseCaseCommand extends Command<CaseLifecycleView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly outcome: CloseOutcome,
    readonly reason: string,
    /** Why the case closes with action items still open; without it, open items refuse the close (409). */
    readonly openItemsOverride?: string,
  ) {
    super();
  }
}
