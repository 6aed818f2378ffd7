import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AppException } from '#concerto/ddd';
import { CoordinatorTaskRepository } from '../../../domain/coordinator-task.js';
import { LetterArchive } from '../../../domain/letter-archive.js';
import { CoordinatorAccess } from '../../coordinator-access.js';
import { GetTaskLetterQuery } from './get-task-letter.query.js';

@QueryHandler(GetTaskLetterQuery)
export class GetTaskLetterHandler implements IQueryHandler<GetTaskLetterQuery> {
  constructor(
    private readonly access: CoordinatorAccess,
    private readonly tasks: CoordinatorTaskRepository,
    private readonly letters: LetterArchive,
  ) {}

  async execute({ caseId, taskId, principal }: GetTaskLetterQuery): Promise<{ contentType: string; body: Buffer }> {
    await this.access.require(caseId, principal, 'read-letter');
    const task = await this.tasks.findForCase(caseId, taskId);
    const letter = task?.letterId ? await this.letters.read(task.letterId) : undefined;
    if (!letter) {
      throw new AppException('LETTER_NOT_FOUND', 'not-found', 'No letter for this task.');
    }
    return letter;
  }
}
