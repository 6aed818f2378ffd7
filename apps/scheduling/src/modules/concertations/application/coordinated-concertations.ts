import { Inject, Injectable } from '@nestjs/common';
import { coordinatesBassin, type Principal } from '#concerto/auth';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { CaseAccess, type CaseView } from '../../case-view/application/case-access.js';
import type { Concertation } from '../domain/concertation.aggregate.js';
import { ConcertationRepository } from '../domain/concertation.repository.js';

/**
 * Loads a concertation for one of its bassin's coordinators (locked for an update), audits the
 * access, allowed or denied, and tells anyone else it does not exist.
 */
@Injectable()
export class CoordinatedConcertations {
  constructor(
    private readonly concertations: ConcertationRepository,
    private readonly access: CaseAccess,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async load(
    concertationId: string,
    principal: Principal,
    purpose: string,
    action: 'read' | 'update' = 'update',
  ): Promise<{ meeting: Concertation; view: CaseView }> {
    const meeting = await this.concertations.find(concertationId, { forUpdate: action === 'update' });
    const view = meeting ? await this.access.find(meeting.snapshot.caseId) : undefined;
    const allowed = !!view && coordinatesBassin(principal, view.bassinId);
    await this.audit.record({
      actorId: principal.userId,
      action: allowed ? action : 'denied',
      subjectType: 'case',
      subjectId: view?.caseId ?? concertationId,
      purpose,
      outcome: allowed ? 'allowed' : 'denied',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
    if (!meeting || !view || !allowed) {
      throw new AppException('CONCERTATION_NOT_FOUND', 'not-found', 'No such concertation.');
    }
    return { meeting, view };
  }
}
