import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { DeadlineKind } from '#concerto/contracts';
import type { DeadlineView } from '../../deadlines/deadline-rules.js';

/** A coordinator or a member of the case adds a dated item (entitled roles only for discharge and release). */
export class SetCaseDeadlineCommand extends Command<DeadlineView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly kind: DeadlineKind,
    readonly dueAt: string,
  ) {
    super();
  }
}
