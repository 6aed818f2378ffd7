import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { coordinatesBassin, type Principal } from '#concerto/auth';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog, queryRows } from '#concerto/persistence';

export interface CaseView {
  caseId: string;
  bassinId: string;
  personRef: string;
  deadline?: Date;
  ownerId: string;
}

/**
 * Concertations are organised by the bassin's coordinators. Every access is audited; anyone
 * else is told the case does not exist.
 */
@Injectable()
export class CaseAccessService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async find(caseId: string, manager?: EntityManager): Promise<CaseView | undefined> {
    const [row] = await queryRows<{ case_id: string; bassin_id: string; person_ref: string; deadline: Date | null; owner_id: string }>(
      manager ?? this.uow.manager,
      `SELECT * FROM "scheduling"."case_view" WHERE "case_id" = $1`,
      [caseId],
    );
    return row
      ? { caseId: row.case_id, bassinId: row.bassin_id, personRef: row.person_ref, deadline: row.deadline ? new Date(row.deadline) : undefined, ownerId: row.owner_id }
      : undefined;
  }

  async requireCoordinator(caseId: string, principal: Principal, purpose: string, action: 'read' | 'update' | 'create' = 'update'): Promise<CaseView> {
    const view = await this.find(caseId);
    const allowed = !!view && coordinatesBassin(principal, view.bassinId);
    await this.audit.record({
      actorId: principal.userId,
      action: allowed ? action : 'denied',
      subjectType: 'case',
      subjectId: caseId,
      purpose,
      outcome: allowed ? 'allowed' : 'denied',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
    if (!view || !allowed) {
      throw new AppException('CASE_NOT_FOUND', 'not-found', 'No such case.');
    }
    return view;
  }
}
