import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { AuditedAccess, AuditLog } from '#concerto/persistence';
import { CaseRepository } from '../../../domain/case.repository.js';
import { CaseTimelineRepository } from '../../../domain/case-timeline.repository.js';
import { CaseMergeRepository } from '../../../domain/merges/case-merge.repository.js';
import { CaseChanges } from '../../case-changes.js';
import { coordinatorOnly, otherCaseFor } from '../merge-access.js';
import { type CaseSplitView, SplitCaseCommand } from './split-case.command.js';

/**
 * The merge stays on record (split by whom, when); the restored case shows its own alerts,
 * signals and timeline again, and later alerts about its person open or join it, not the survivor.
 */
@CommandHandler(SplitCaseCommand)
export class SplitCaseHandler implements ICommandHandler<SplitCaseCommand> {
  constructor(
    private readonly access: AuditedAccess,
    private readonly cases: CaseRepository,
    private readonly merges: CaseMergeRepository,
    private readonly timelines: CaseTimelineRepository,
    private readonly audit: AuditLog,
    private readonly uow: UnitOfWork,
    private readonly changes: CaseChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ caseId, mergedCaseId, principal }: SplitCaseCommand): Promise<CaseSplitView> {
    const now = this.clock.now();
    return this.access.check(coordinatorOnly(this.cases, caseId, principal, 'split-case'), async ({ subject: c }) => {
      const merge = await this.merges.activeMergeOf(mergedCaseId);
      if (!merge || merge.survivorCaseId !== caseId) {
        throw new AppException('MERGE_NOT_FOUND', 'not-found', 'This case holds no such merged case.');
      }
      const restored = await otherCaseFor(this.cases, mergedCaseId, principal);
      const actorId = principal.userId;
      // The signals the merge brought go back with their case, acknowledged or not; the pending ones
      // escalate there again, each with its own due time.
      const back = c.giveBackSignalsOf(mergedCaseId, now);
      restored.receiveSignals(caseId, back, 'split', now);
      await this.changes.save(c, actorId);
      await this.changes.save(restored, actorId);
      await this.merges.recordSplit({ ...merge, splitBy: actorId, splitAt: now });
      await this.timelines.append({
        caseId,
        at: now,
        kind: 'case.split',
        actorId,
        details: { restoredCaseId: mergedCaseId },
      });
      await this.timelines.append({
        caseId: mergedCaseId,
        at: now,
        kind: 'case.split',
        actorId,
        details: { splitFrom: caseId },
      });
      await this.audit.record({
        actorId,
        action: 'update',
        subjectType: 'case',
        subjectId: mergedCaseId,
        purpose: 'split-case',
        outcome: 'allowed',
        correlationId: currentCorrelationId(),
        at: now,
      });
      await this.uow.emit(
        'case.split',
        caseId,
        { caseId, restoredCaseId: mergedCaseId, splitBy: actorId, splitAt: now.toISOString() },
        { correlationId: currentCorrelationId(), occurredAt: now },
      );
      return { caseId, restoredCaseId: mergedCaseId, splitAt: now.toISOString() };
    });
  }
}
