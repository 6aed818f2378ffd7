import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { BassinId } from '#concerto/contracts';
import type { CaseLifecycleView } from '../close-case/close-case.command.js';

/** A coordinator of the case's bassin (or its lead) moves the case to another bassin. */
export class TransferCaseCommand extends Command<CaseLifecycleView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly toBassin: BassinId,
    readonly reason: string,
  ) {
    super();
  }
}
