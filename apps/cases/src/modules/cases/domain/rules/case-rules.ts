import type { BusinessRule } from '#concerto/ddd';
import type { CaseStatus } from '../case.types.js';

export class CaseMustBeOpenRule implements BusinessRule {
  readonly code = 'CASE_CLOSED';
  readonly message = 'The case is closed.';
  constructor(private readonly status: CaseStatus) {}
  isBroken(): boolean {
    return this.status === 'closed';
  }
}

export class OnlyOneCoordinatorAcknowledgesRule implements BusinessRule {
  readonly code = 'CASE_ALREADY_ACKNOWLEDGED';
  readonly message: string;
  constructor(
    private readonly acknowledgedBy: string | undefined,
    private readonly candidate: string,
  ) {
    this.message = `The case was already acknowledged by ${acknowledgedBy ?? 'someone'}.`;
  }
  isBroken(): boolean {
    return this.acknowledgedBy !== undefined && this.acknowledgedBy !== this.candidate;
  }
}
