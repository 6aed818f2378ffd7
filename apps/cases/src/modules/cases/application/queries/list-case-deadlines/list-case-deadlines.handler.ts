import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { AuditedAccess } from '#concerto/persistence';
import { CaseRepository } from '../../../domain/case.repository.js';
import { steeringDeadline } from '../../../domain/deadlines/case-deadline.js';
import { CaseDeadlineRepository } from '../../../domain/deadlines/case-deadline.repository.js';
import { deadlineView } from '../../deadlines/deadline-rules.js';
import { ListCaseDeadlinesQuery } from './list-case-deadlines.query.js';
import { coordinatesCase } from '../../case-access.js';

@QueryHandler(ListCaseDeadlinesQuery)
export class ListCaseDeadlinesHandler implements IQueryHandler<ListCaseDeadlinesQuery> {
  constructor(
    private readonly access: AuditedAccess,
    private readonly cases: CaseRepository,
    private readonly deadlines: CaseDeadlineRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, principal }: ListCaseDeadlinesQuery) {
    await this.access.check({
      actorId: principal.userId,
      subjectType: 'case',
      subjectId: caseId,
      purpose: 'read-case-deadlines',
      action: 'read',
      load: () => this.cases.find(caseId),
      // Dates steer the team's work: coordinators and the case's members see them, strangers nothing.
      decide: (c) =>
        c.accessOf(principal.userId, coordinatesCase(principal, c)) === 'none'
          ? { denied: 'not-found' }
          : { granted: true },
      notFound: { code: 'CASE_NOT_FOUND', message: 'No such case.' },
    });
    const all = await this.deadlines.ofCase(caseId);
    const steering = steeringDeadline(all, this.clock.now());
    return {
      caseId,
      ...(steering ? { steeringDeadlineId: steering.id } : {}),
      deadlines: all.map(deadlineView),
    };
  }
}
