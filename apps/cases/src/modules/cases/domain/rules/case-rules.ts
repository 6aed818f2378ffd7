import type { BusinessRule } from '#concerto/ddd';
import type { BassinId } from '#concerto/contracts';
import { type CaseStatus, INTER_BASSIN, type ReferenceBassin } from '../case.types.js';

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

export class CaseMustBeClosedRule implements BusinessRule {
  readonly code = 'CASE_NOT_CLOSED';
  readonly message = 'The case is not closed.';
  constructor(private readonly status: CaseStatus) {}
  isBroken(): boolean {
    return this.status !== 'closed';
  }
}

export class TransferToAnotherBassinRule implements BusinessRule {
  readonly code = 'SAME_BASSIN';
  readonly message = 'The case is already in that bassin.';
  constructor(
    private readonly from: string,
    private readonly to: string,
  ) {}
  isBroken(): boolean {
    return this.from === this.to;
  }
}

export class ReferenceIsOwnBassinOrNoneRule implements BusinessRule {
  readonly code = 'REFERENCE_BASSIN_NOT_HELD';
  readonly message = "A reference bassin is the case's own bassin or inter-bassin; transfer the case to move it.";
  constructor(
    private readonly bassinId: BassinId,
    private readonly reference: ReferenceBassin,
  ) {}
  isBroken(): boolean {
    return this.reference !== INTER_BASSIN && this.reference !== this.bassinId;
  }
}
