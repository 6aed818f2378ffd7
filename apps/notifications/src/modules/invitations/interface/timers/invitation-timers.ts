import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type DueTimer, type TimerHandler } from '#concerto/timers';
import { MEETING_REMINDER_TIMER, NO_ANSWER_TIMER } from '../../../../notifications.tokens.js';
import { ChaseUnansweredInvitationCommand } from '../../application/commands/chase-unanswered-invitation/chase-unanswered-invitation.command.js';
import { SendMeetingRemindersCommand } from '../../application/commands/send-meeting-reminders/send-meeting-reminders.command.js';
import type { EscalationStep, MeetingReminderKind } from '../../domain/invitation-planning.js';

/** The durable timers of invitations: each one, when it fires, becomes one command run in the firing transaction. */
@Injectable()
export class InvitationTimers {
  constructor(private readonly commands: CommandBus) {}

  /** One handler per timer kind, bound by the service lifecycle. */
  handlers(): Record<string, TimerHandler> {
    return {
      [MEETING_REMINDER_TIMER]: (timer) => this.meetingReminder(timer),
      [NO_ANSWER_TIMER]: (timer) => this.noAnswerCheck(timer),
    };
  }

  private async meetingReminder(timer: DueTimer): Promise<void> {
    const reminder = reminderKind(timer.payload.reminder);
    if (reminder) {
      await this.commands.execute(
        new SendMeetingRemindersCommand(timer.subjectId, Number(timer.payload.sequence), reminder),
      );
    }
  }

  private async noAnswerCheck(timer: DueTimer): Promise<void> {
    const step = escalationStep(timer.payload.step);
    if (step) {
      await this.commands.execute(
        new ChaseUnansweredInvitationCommand(timer.subjectId, Number(timer.payload.sequence), step),
      );
    }
  }
}

function reminderKind(value: unknown): MeetingReminderKind | undefined {
  return value === 'reminder-48h' || value === 'reminder-2h' ? value : undefined;
}

function escalationStep(value: unknown): EscalationStep | undefined {
  const step = Number(value);
  return step === 1 || step === 2 || step === 3 ? step : undefined;
}
