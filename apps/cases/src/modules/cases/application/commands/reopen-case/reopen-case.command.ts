import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { CaseLifecycleView } from '../close-case/close-case.command.js';

/** A coordinator of the case's bassin reopens a closed case. */
export class ReopenCaseCommand extends Command<CaseLifecycleView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly reason: string,
  ) {
    super();
  }
}
