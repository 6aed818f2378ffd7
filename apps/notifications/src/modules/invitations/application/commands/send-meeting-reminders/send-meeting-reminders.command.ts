import { Command } from '@nestjs/cqrs';
import type { MeetingReminderKind } from '../../../domain/invitation-planning.js';

/** Two days or two hours before the meeting: a reminder to everyone still coming (or not yet answered). */
export class SendMeetingRemindersCommand extends Command<void> {
  constructor(
    readonly concertationId: string,
    readonly sequence: number,
    readonly reminder: MeetingReminderKind,
  ) {
    super();
  }
}
