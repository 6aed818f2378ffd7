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

/** Acknowledging with nothing pending would only repeat an old acknowledgement: say so. */
export class SomethingToAcknowledgeRule implements BusinessRule {
  readonly code = 'NO_PENDING_SIGNALS';
  readonly message = 'Every signal of the case is already acknowledged.';
  constructor(private readonly pending: number) {}
  isBroken(): boolean {
    return this.pending === 0;
  }
}

export class SignalsNotYetAcknowledgedRule implements BusinessRule {
  readonly code = 'SIGNAL_ALREADY_ACKNOWLEDGED';
  readonly message: string;
  constructor(private readonly alreadyAcknowledged: readonly string[]) {
    this.message = `Already acknowledged: ${alreadyAcknowledged.join(', ')}.`;
  }
  isBroken(): boolean {
    return this.alreadyAcknowledged.length > 0;
  }
}
