import { Injectable } from '@nestjs/common';
import type { Principal } from '#concerto/auth';
import { AppException } from '#concerto/ddd';
import { AuditedAccess } from '#concerto/persistence';
import { CaseRepository } from '../../domain/case.repository.js';
import type { CaseDeadline } from '../../domain/deadlines/case-deadline.js';
import { CaseDeadlineRepository } from '../../domain/deadlines/case-deadline.repository.js';
import { DeadlineChanges } from './deadline-changes.js';
import { coordinatorOfCase } from '../case-access.js';
import { type DeadlineView, deadlineView } from './deadline-rules.js';

/**
 * A coordinator's change to one deadline of a case (correct, dismiss): the audited access check,
 * the deadline loaded for update, the change, and what it leaves behind, in one place.
 */
@Injectable()
export class CoordinatorDeadlineEdit {
  constructor(
    private readonly access: AuditedAccess,
    private readonly cases: CaseRepository,
    private readonly deadlines: CaseDeadlineRepository,
    private readonly changes: DeadlineChanges,
  ) {}

  apply(
    edit: { caseId: string; deadlineId: string; principal: Principal; purpose: string; verb: string },
    change: (deadline: CaseDeadline) => void,
  ): Promise<DeadlineView> {
    const { caseId, deadlineId, principal } = edit;
    return this.access.check(
      {
        actorId: principal.userId,
        subjectType: 'case',
        subjectId: caseId,
        purpose: edit.purpose,
        action: 'update',
        load: () => this.cases.findForUpdate(caseId),
        // The case's bassin coordinators, and for an inter-bassin case every bassin's lead (R16).
        decide: coordinatorOfCase(principal),
        notFound: { code: 'CASE_NOT_FOUND', message: 'No such case.' },
        forbidden: {
          code: 'DEADLINE_FORBIDDEN',
          message: `Only a coordinator of the case's bassin ${edit.verb} its deadlines.`,
        },
      },
      async ({ subject: c }) => {
        const deadline = await this.deadlines.findForUpdate(caseId, deadlineId);
        if (!deadline) {
          throw new AppException('DEADLINE_NOT_FOUND', 'not-found', 'No such deadline on this case.');
        }
        change(deadline);
        await this.changes.save(deadline, c.snapshot.ownerId);
        return deadlineView(deadline);
      },
    );
  }
}
