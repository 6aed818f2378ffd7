import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { DeadlineView } from '../../deadlines/deadline-rules.js';

/** The case's deadlines, every state, with the one that steers scheduling now. */
export class ListCaseDeadlinesQuery extends Query<{
  caseId: string;
  steeringDeadlineId?: string;
  deadlines: DeadlineView[];
}> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
