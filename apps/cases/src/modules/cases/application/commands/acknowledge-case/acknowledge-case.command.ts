import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

export interface AcknowledgedSignalView {
  signalId: string;
  type: string;
  urgency: string;
  receivedAt: string;
}

export interface CaseAcknowledgedView {
  caseId: string;
  status: string;
  ownerId: string;
  acknowledgedAt: string;
  /** What this acknowledgement covered. */
  acknowledged: AcknowledgedSignalView[];
  /** Signals still waiting for an acknowledgement (when only some were named). */
  pendingSignals: number;
}

/** A coordinator acknowledges the signals named, or every pending one when `signalIds` is undefined. */
export class AcknowledgeCaseCommand extends Command<CaseAcknowledgedView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly signalIds?: readonly string[],
  ) {
    super();
  }
}
