import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type CoordinatorTask, CoordinatorTaskRepository } from '../../../domain/coordinator-task.js';
import { CoordinatorAccess } from '../../coordinator-access.js';
import { type CoordinatorTaskView, ListCoordinatorTasksQuery } from './list-coordinator-tasks.query.js';

@QueryHandler(ListCoordinatorTasksQuery)
export class ListCoordinatorTasksHandler implements IQueryHandler<ListCoordinatorTasksQuery> {
  constructor(
    private readonly access: CoordinatorAccess,
    private readonly tasks: CoordinatorTaskRepository,
  ) {}

  async execute({ caseId, principal }: ListCoordinatorTasksQuery): Promise<{ tasks: CoordinatorTaskView[] }> {
    await this.access.require(caseId, principal, 'read-coordinator-tasks');
    return { tasks: (await this.tasks.listForCase(caseId)).map(toView) };
  }
}

function toView(t: CoordinatorTask): CoordinatorTaskView {
  return {
    id: t.id,
    kind: t.kind,
    status: t.status,
    invitationId: t.invitationId,
    concertationId: t.concertationId,
    sequence: t.sequence,
    ...(t.messageKind ? { messageKind: t.messageKind } : {}),
    ...(t.language ? { language: t.language } : {}),
    ...(t.letterId ? { letterUrl: `/v1/cases/${t.caseId}/tasks/${t.id}/letter` } : {}),
    ...(t.candidates ? { candidates: t.candidates } : {}),
    createdAt: t.createdAt.toISOString(),
    ...(t.closedAt ? { closedAt: t.closedAt.toISOString() } : {}),
  };
}
