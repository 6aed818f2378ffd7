import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CoordinatorTaskRepository } from '../../../domain/coordinator-task.js';
import { CoordinatorAccess } from '../../coordinator-access.js';
import { type CoordinatorTaskView, ListCoordinatorTasksQuery, toTaskView } from './list-coordinator-tasks.query.js';

@QueryHandler(ListCoordinatorTasksQuery)
export class ListCoordinatorTasksHandler implements IQueryHandler<ListCoordinatorTasksQuery> {
  constructor(
    private readonly access: CoordinatorAccess,
    private readonly tasks: CoordinatorTaskRepository,
  ) {}

  async execute({ caseId, principal }: ListCoordinatorTasksQuery): Promise<{ tasks: CoordinatorTaskView[] }> {
    await this.access.require(caseId, principal, 'read-coordinator-tasks');
    return { tasks: (await this.tasks.listForCase(caseId)).map(toTaskView) };
  }
}
