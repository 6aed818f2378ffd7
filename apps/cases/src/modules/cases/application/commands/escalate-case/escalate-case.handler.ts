import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { ACKNOWLEDGEMENT_POLICY } from '../../../../../cases.tokens.js';
import { CaseRepository } from '../../../domain/case.repository.js';
import type { AcknowledgementPolicy } from '../../../domain/case.types.js';
import { CaseChanges } from '../../case-changes.js';
import { EscalateCaseCommand } from './escalate-case.command.js';

export const ESCALATION_ACTOR = 'system:escalation';

/** Runs in the firing timer's transaction (ambient). */
@CommandHandler(EscalateCaseCommand)
export class EscalateCaseHandler implements ICommandHandler<EscalateCaseCommand> {
  constructor(
    private readonly cases: CaseRepository,
    private readonly changes: CaseChanges,
    @Inject(ACKNOWLEDGEMENT_POLICY) private readonly policy: AcknowledgementPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, expectedLevel, signalId }: EscalateCaseCommand): Promise<void> {
    const c = await this.cases.findForUpdate(caseId);
    if (c && c.escalateIfUnacknowledged(expectedLevel, this.clock.now(), this.policy, signalId)) {
      await this.changes.save(c, ESCALATION_ACTOR);
    }
  }
}
