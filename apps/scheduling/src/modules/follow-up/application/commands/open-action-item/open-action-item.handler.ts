import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { CaseViewProjection } from '../../../../case-view/domain/case-view.projection.js';
import { ActionItem } from '../../../domain/action-item.aggregate.js';
import { brusselsDay } from '../../../domain/brussels-calendar.js';
import { FollowUpSettings } from '../../follow-up-policy.js';
import { FollowUpStore } from '../../follow-up-store.js';
import { RecordWriter } from '../../record-writer.js';
import { toActionItemView } from '../../record.view.js';
import { OpenActionItemCommand } from './open-action-item.command.js';

@CommandHandler(OpenActionItemCommand)
export class OpenActionItemHandler implements ICommandHandler<OpenActionItemCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: CaseAccess,
    private readonly deadlines: CaseViewProjection,
    private readonly writer: RecordWriter,
    private readonly store: FollowUpStore,
    private readonly settings: FollowUpSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, principal, input }: OpenActionItemCommand) {
    await this.access.requireCoordinator(caseId, principal, 'open-action-item', 'create');
    return this.uow.run(async () => {
      const now = this.clock.now();
      let dueOn = input.dueOn;
      if (input.deadlineId) {
        const deadline = await this.deadlines.deadline(caseId, input.deadlineId);
        if (!deadline?.active) {
          throw new AppException('DEADLINE_NOT_FOUND', 'invalid', 'No active deadline with this id on the case.', {
            field: 'deadlineId',
          });
        }
        dueOn = brusselsDay(deadline.dueAt);
      }
      if (!dueOn) {
        throw new AppException('DUE_DATE_INVALID', 'invalid', 'Give a due date or a case deadline.', {
          field: 'dueOn',
        });
      }
      const team = await this.writer.team(caseId);
      const item = ActionItem.open(
        {
          id: randomUUID(),
          caseId,
          ...(input.deadlineId ? { deadlineId: input.deadlineId } : {}),
          kind: input.kind,
          title: input.title,
          owner: this.writer.owner(input.owner, team, 'owner'),
          dueOn: this.writer.dueOn(dueOn, now, 'dueOn'),
          openedBy: principal.userId,
          openedAt: now,
        },
        this.settings.policy,
        now,
      );
      await this.store.addItem(item);
      return toActionItemView(item);
    });
  }
}
