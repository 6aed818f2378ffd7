import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { DueTimer, TimerHandler } from '#concerto/timers';
import { ACK_DEADLINE_TIMER } from '../../../../cases.tokens.js';
import { EscalateCaseCommand } from '../../application/commands/escalate-case/escalate-case.command.js';

/** A due acknowledgement deadline (of one signal) becomes one command, run in the firing timer's transaction. */
@Injectable()
export class AcknowledgementDeadlineProcessor {
  constructor(private readonly commands: CommandBus) {}

  handlers(): Record<string, TimerHandler> {
    return { [ACK_DEADLINE_TIMER]: (timer) => this.fire(timer) };
  }

  private async fire(timer: DueTimer): Promise<void> {
    const signalId = typeof timer.payload.signalId === 'string' ? timer.payload.signalId : undefined;
    await this.commands.execute(new EscalateCaseCommand(timer.subjectId, Number(timer.payload.level ?? 0), signalId));
  }
}
