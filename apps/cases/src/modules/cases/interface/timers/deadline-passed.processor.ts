import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { DueTimer, TimerHandler } from '#concerto/timers';
import { DEADLINE_PASSED_TIMER } from '../../../../cases.tokens.js';
import { PassCaseDeadlineCommand } from '../../application/commands/pass-case-deadline/pass-case-deadline.command.js';

/** A deadline's date came: one command, run in the firing timer's transaction. */
@Injectable()
export class DeadlinePassedProcessor {
  constructor(private readonly commands: CommandBus) {}

  handlers(): Record<string, TimerHandler> {
    return { [DEADLINE_PASSED_TIMER]: (timer) => this.fire(timer) };
  }

  private async fire(timer: DueTimer): Promise<void> {
    await this.commands.execute(new PassCaseDeadlineCommand(String(timer.payload.caseId), timer.subjectId));
  }
}
