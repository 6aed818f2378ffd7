import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { AuditedAccess, AuditLog } from '#concerto/persistence';
import { CaseRepository } from '../../../domain/case.repository.js';
import { CaseTimelineRepository } from '../../../domain/case-timeline.repository.js';
import { decide, survivorOf } from '../../../domain/merges/case-merge.js';
import { CaseMergeRepository } from '../../../domain/merges/case-merge.repository.js';
import { CaseChanges } from '../../case-changes.js';
import { coordinatorOnly, otherCaseFor } from '../merge-access.js';
import { DecidePossibleMatchCommand, type PossibleMatchDecisionView } from './decide-possible-match.command.js';

/**
 * Confirming merges the two cases: the one opened first survives and shows both histories, the
 * other is marked merged into it (`case.merged`), and later alerts about either person join the
 * survivor, which takes over the merged case's pending signals and their timers. Rejecting keeps them apart for good (the pair is not proposed again). Both audited.
 */
@CommandHandler(DecidePossibleMatchCommand)
export class DecidePossibleMatchHandler implements ICommandHandler<DecidePossibleMatchCommand> {
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

  execute({ caseId, matchId, principal, decision }: DecidePossibleMatchCommand): Promise<PossibleMatchDecisionView> {
    const now = this.clock.now();
    const purpose = decision === 'confirmed' ? 'confirm-possible-match' : 'reject-possible-match';
    return this.access.check(coordinatorOnly(this.cases, caseId, principal, purpose), async ({ subject: c }) => {
      const match = await this.merges.findMatchForUpdate(matchId);
      if (!match || (match.caseId !== caseId && match.otherCaseId !== caseId)) {
        throw new AppException('POSSIBLE_MATCH_NOT_FOUND', 'not-found', 'No such possible match on this case.');
      }
      const other = await otherCaseFor(
        this.cases,
        match.caseId === caseId ? match.otherCaseId : match.caseId,
        principal,
      );
      const decided = decide(match, decision, principal.userId, now);
      await this.merges.saveDecision(decided);
      const actorId = principal.userId;
      if (decision === 'rejected') {
        for (const id of [c.snapshot.id, other.snapshot.id]) {
          await this.timelines.append({
            caseId: id,
            at: now,
            kind: 'case.possible-match-rejected',
            actorId,
            details: { matchId },
          });
        }
        return { matchId, state: 'rejected' };
      }
      const { survivor, merged } = survivorOf(
        { caseId: c.snapshot.id, openedAt: c.snapshot.openedAt },
        { caseId: other.snapshot.id, openedAt: other.snapshot.openedAt },
      );
      for (const id of [survivor.caseId, merged.caseId]) {
        if (await this.merges.activeMergeOf(id)) {
          throw new AppException(
            'CASE_ALREADY_MERGED',
            'conflict',
            'One of these cases is already merged into another.',
          );
        }
      }
      if ((await this.merges.mergesInto(merged.caseId)).length > 0) {
        throw new AppException(
          'CASE_HAS_MERGES',
          'conflict',
          'The case to merge already holds merged cases: split them first, or confirm from the other side.',
        );
      }
      await this.merges.addMerge({
        mergeId: randomUUID(),
        survivorCaseId: survivor.caseId,
        mergedCaseId: merged.caseId,
        matchId,
        mergedBy: actorId,
        mergedAt: now,
      });
      await this.timelines.append({
        caseId: survivor.caseId,
        at: now,
        kind: 'case.merged',
        actorId,
        details: { mergedCaseId: merged.caseId, matchId },
      });
      await this.timelines.append({
        caseId: merged.caseId,
        at: now,
        kind: 'case.merged',
        actorId,
        details: { mergedInto: survivor.caseId, matchId },
      });
      // The merged case's pending signals are the survivor's now: they escalate and page there, and
      // its owner acknowledges them; the merged case keeps no timer and pages nobody any more.
      const [survivorCase, mergedCase] = survivor.caseId === c.snapshot.id ? [c, other] : [other, c];
      const moved = mergedCase.handOverPendingSignals(survivorCase.snapshot.id, now);
      survivorCase.receiveSignals(mergedCase.snapshot.id, moved, 'merge', now);
      await this.changes.save(mergedCase, actorId);
      await this.changes.save(survivorCase, actorId);
      // The access check audited the case named in the route; the other one changes too.
      await this.audit.record({
        actorId,
        action: 'update',
        subjectType: 'case',
        subjectId: other.snapshot.id,
        purpose: 'merge-cases',
        outcome: 'allowed',
        correlationId: currentCorrelationId(),
        at: now,
      });
      await this.uow.emit(
        'case.merged',
        survivor.caseId,
        {
          caseId: survivor.caseId,
          mergedCaseId: merged.caseId,
          matchId,
          mergedBy: actorId,
          mergedAt: now.toISOString(),
        },
        { correlationId: currentCorrelationId(), occurredAt: now },
      );
      return { matchId, state: 'confirmed', caseId: survivor.caseId, mergedCaseId: merged.caseId };
    });
  }
}
