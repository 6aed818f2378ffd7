import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { DutyRegister } from '../../ports/duty-register.js';
import { type DutyStatus, SetOwnDutyCommand } from './set-own-duty.command.js';

/**
 * Off duty, a coordinator is not paged and their backup is: the switch is theirs, audited
 * with the change, so who was reachable when can be told afterwards.
 */
@CommandHandler(SetOwnDutyCommand)
export class SetOwnDutyHandler implements ICommandHandler<SetOwnDutyCommand> {
  constructor(
    private readonly duty: DutyRegister,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(cmd: SetOwnDutyCommand): Promise<DutyStatus> {
    const found = await this.duty.setOnDuty({
      professionalId: cmd.professionalId,
      onDuty: cmd.onDuty,
      at: this.clock.now(),
      correlationId: currentCorrelationId(),
    });
    if (!found) {
      throw new AppException('PROFESSIONAL_NOT_FOUND', 'not-found', 'You are not in the directory.');
    }
    return { professionalId: cmd.professionalId, onDuty: cmd.onDuty };
  }
}
