import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { hasRole, type Principal, Role } from '#concerto/auth';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { CaseWorklist, type WorklistPosition, type WorklistRow } from '../../ports/case-worklist.js';
import { ListCasesQuery, type WorklistView } from './list-cases.query.js';
import { encodeCursor } from './worklist-cursor.js';

/**
 * The bassins a reader's worklist covers: a coordinator's or lead's own bassins, every bassin for
 * an administrator. Anyone else has no worklist (403).
 */
export function worklistScope(principal: Principal): { visibleBassins?: readonly string[]; seesInterBassin?: boolean } {
  if (hasRole(principal, Role.admin)) {
    return {};
  }
  if (hasRole(principal, Role.coordinator, Role.bassinLead)) {
    // Inter-bassin cases (R16) belong to no bassin in particular: the leads of every bassin see them.
    return {
      visibleBassins: principal.bassins,
      seesInterBassin: hasRole(principal, Role.bassinLead) && principal.bassins.length > 0,
    };
  }
  throw new AppException('WORKLIST_FORBIDDEN', 'forbidden', "Only a bassin's coordinators and lead have a worklist.");
}

@QueryHandler(ListCasesQuery)
export class ListCasesHandler implements IQueryHandler<ListCasesQuery> {
  constructor(
    private readonly worklist: CaseWorklist,
    private readonly audit: AuditLog,
    private readonly uow: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ principal, criteria }: ListCasesQuery): Promise<WorklistView> {
    const now = this.clock.now();
    let scope: ReturnType<typeof worklistScope>;
    try {
      scope = worklistScope(principal);
    } catch (error) {
      await this.record(principal, 'principal', principal.userId, 'denied', now);
      throw error;
    }
    const rows = await this.worklist.page({
      ...scope,
      bassin: criteria.bassin,
      status: criteria.status,
      urgency: criteria.urgency,
      ownerId: criteria.ownerIsMe ? principal.userId : undefined,
      hasUnacknowledgedSignals: criteria.hasUnacknowledgedSignals,
      overdue: criteria.overdue,
      deadlineBefore: criteria.deadlineBefore,
      needsBassinConfirmation: criteria.needsBassinConfirmation,
      now,
      // One more than asked tells whether another page follows.
      limit: criteria.limit + 1,
      after: criteria.after,
    });
    const counts = await this.worklist.counts({ ...scope, bassin: criteria.bassin, now });
    const page = rows.slice(0, criteria.limit);
    // Every read is on record: who listed the worklist, and each case it showed them.
    await this.uow.run(async () => {
      await this.record(principal, 'principal', principal.userId, 'allowed', now);
      for (const row of page) {
        await this.record(principal, 'case', row.caseId, 'allowed', now);
      }
    });
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        caseId: r.caseId,
        bassinId: r.bassinId,
        status: r.status,
        urgency: r.urgency,
        type: r.type,
        ownerId: r.ownerId,
        escalationLevel: r.escalationLevel,
        unacknowledgedSignals: r.pendingSignals,
        ...(r.nextAcknowledgementDue ? { nextAcknowledgementDue: r.nextAcknowledgementDue.toISOString() } : {}),
        ...(r.deadline ? { deadline: r.deadline.toISOString() } : {}),
        ...(r.dueAt ? { dueAt: r.dueAt.toISOString() } : {}),
        dueKind: r.dueKind,
        overdue: r.overdue,
        needsBassinConfirmation: r.needsBassinConfirmation,
        openedAt: r.openedAt.toISOString(),
      })),
      ...(rows.length > criteria.limit && last ? { nextCursor: encodeCursor(positionOf(last)) } : {}),
      counts,
    };
  }

  private record(
    principal: Principal,
    subjectType: 'principal' | 'case',
    subjectId: string,
    outcome: 'allowed' | 'denied',
    at: Date,
  ): Promise<void> {
    return this.audit.record({
      actorId: principal.userId,
      action: 'read',
      subjectType,
      subjectId,
      purpose: 'read-worklist',
      outcome,
      correlationId: currentCorrelationId(),
      at,
    });
  }
}

function positionOf(row: WorklistRow): WorklistPosition {
  return { urgent: row.urgency === 'urgent', dueAt: row.dueAt?.toISOString() ?? null, caseId: row.caseId };
}
