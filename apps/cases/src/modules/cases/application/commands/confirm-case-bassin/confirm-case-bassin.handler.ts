import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DIRECTORY_READ_API, type DirectoryReadApi } from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { AuditedAccess } from '#concerto/persistence';
import { ACKNOWLEDGEMENT_POLICY } from '../../../../../cases.tokens.js';
import type { TransferTarget } from '../../../domain/case.aggregate.js';
import { CaseRepository } from '../../../domain/case.repository.js';
import { type AcknowledgementPolicy, INTER_BASSIN } from '../../../domain/case.types.js';
import { coordinatorOfCase } from '../../case-access.js';
import { CaseChanges } from '../../case-changes.js';
import { lifecycleView } from '../../case-lifecycle-view.js';
import type { CaseLifecycleView } from '../close-case/close-case.command.js';
import { transferTarget } from '../transfer-case/transfer-case.handler.js';
import { ConfirmCaseBassinCommand } from './confirm-case-bassin.command.js';

const CHANGE_REASON = 'bassin changed at confirmation';

@CommandHandler(ConfirmCaseBassinCommand)
export class ConfirmCaseBassinHandler implements ICommandHandler<ConfirmCaseBassinCommand> {
  constructor(
    private readonly access: AuditedAccess,
    private readonly cases: CaseRepository,
    private readonly changes: CaseChanges,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(ACKNOWLEDGEMENT_POLICY) private readonly policy: AcknowledgementPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, principal, bassinId }: ConfirmCaseBassinCommand): Promise<CaseLifecycleView> {
    // Another bassin's roster is read before the transaction; whether it is needed is known once the case is.
    const target: TransferTarget | undefined =
      bassinId === undefined || bassinId === INTER_BASSIN ? undefined : await transferTarget(this.directory, bassinId);
    const now = this.clock.now();
    return this.access.check(
      {
        actorId: principal.userId,
        subjectType: 'case',
        subjectId: caseId,
        purpose: 'confirm-case-bassin',
        action: 'update',
        load: () => this.cases.findForUpdate(caseId),
        decide: coordinatorOfCase(principal),
        notFound: { code: 'CASE_NOT_FOUND', message: 'No such case.' },
        forbidden: {
          code: 'CONFIRM_BASSIN_FORBIDDEN',
          message: "Only a coordinator of the case's bassin can confirm it.",
        },
      },
      async ({ subject: c }) => {
        if (target && target.toBassin !== c.snapshot.bassinId) {
          c.transfer(principal.userId, target, CHANGE_REASON, now, this.policy);
        }
        c.confirmBassin(principal.userId, bassinId ?? c.snapshot.bassinId, now);
        await this.changes.save(c, principal.userId);
        return lifecycleView(c);
      },
    );
  }
}
