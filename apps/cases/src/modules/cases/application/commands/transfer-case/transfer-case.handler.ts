import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type BassinId, DIRECTORY_READ_API, type DirectoryReadApi } from '#concerto/contracts';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { AuditedAccess } from '#concerto/persistence';
import { ACKNOWLEDGEMENT_POLICY } from '../../../../../cases.tokens.js';
import type { TransferTarget } from '../../../domain/case.aggregate.js';
import { CaseRepository } from '../../../domain/case.repository.js';
import type { AcknowledgementPolicy } from '../../../domain/case.types.js';
import { coordinatorOfCase } from '../../case-access.js';
import { CaseChanges } from '../../case-changes.js';
import { lifecycleView } from '../../case-lifecycle-view.js';
import type { CaseLifecycleView } from '../close-case/close-case.command.js';
import { TransferCaseCommand } from './transfer-case.command.js';

/** Reads the receiving bassin's duty roster (before any transaction): who will own the case there. */
export async function transferTarget(directory: DirectoryReadApi, toBassin: BassinId): Promise<TransferTarget> {
  const escalationChain = await directory.dutyRoster(toBassin);
  if (!escalationChain) {
    throw new AppException('BASSIN_UNSTAFFED', 'invalid', 'The receiving bassin has nobody on duty to own the case.');
  }
  return { toBassin, escalationChain, handoverSignalId: randomUUID() };
}

@CommandHandler(TransferCaseCommand)
export class TransferCaseHandler implements ICommandHandler<TransferCaseCommand> {
  constructor(
    private readonly access: AuditedAccess,
    private readonly cases: CaseRepository,
    private readonly changes: CaseChanges,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(ACKNOWLEDGEMENT_POLICY) private readonly policy: AcknowledgementPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, principal, toBassin, reason }: TransferCaseCommand): Promise<CaseLifecycleView> {
    const target = await transferTarget(this.directory, toBassin);
    const now = this.clock.now();
    return this.access.check(
      {
        actorId: principal.userId,
        subjectType: 'case',
        subjectId: caseId,
        purpose: 'transfer-case',
        action: 'update',
        load: () => this.cases.findForUpdate(caseId),
        decide: coordinatorOfCase(principal),
        notFound: { code: 'CASE_NOT_FOUND', message: 'No such case.' },
        forbidden: {
          code: 'TRANSFER_FORBIDDEN',
          message: "Only a coordinator of the case's bassin can transfer it.",
        },
      },
      async ({ subject: c }) => {
        c.transfer(principal.userId, target, reason, now, this.policy);
        await this.changes.save(c, principal.userId);
        return lifecycleView(c);
      },
    );
  }
}
