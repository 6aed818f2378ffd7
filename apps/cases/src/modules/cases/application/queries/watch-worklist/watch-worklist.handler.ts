import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { filter, type Observable } from 'rxjs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { INTER_BASSIN } from '../../../domain/case.types.js';
import { type WorklistChange, WorklistFeed } from '../../worklist-feed.js';
import { worklistScope } from '../list-cases/list-cases.handler.js';
import { WatchWorklistQuery } from './watch-worklist.query.js';

@QueryHandler(WatchWorklistQuery)
export class WatchWorklistHandler implements IQueryHandler<WatchWorklistQuery> {
  constructor(
    private readonly feed: WorklistFeed,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ principal, bassin }: WatchWorklistQuery): Promise<Observable<WorklistChange>> {
    let scope: ReturnType<typeof worklistScope>;
    try {
      scope = worklistScope(principal);
    } catch (error) {
      await this.record(principal.userId, 'denied');
      throw error;
    }
    await this.record(principal.userId, 'allowed');
    const { visibleBassins: visible, seesInterBassin } = scope;
    // The same cases as the worklist: the reader's bassins, and inter-bassin cases for a lead (R16).
    const sees = (c: WorklistChange) =>
      visible === undefined ||
      visible.includes(c.bassinId) ||
      (seesInterBassin === true && c.referenceBassin === INTER_BASSIN);
    return this.feed.changes.pipe(filter((c) => sees(c) && (!bassin || c.bassinId === bassin)));
  }

  private record(actorId: string, outcome: 'allowed' | 'denied'): Promise<void> {
    return this.audit.record({
      actorId,
      action: 'read',
      subjectType: 'principal',
      subjectId: actorId,
      purpose: 'watch-worklist',
      outcome,
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
  }
}
