import { Command } from '@nestjs/cqrs';
import type { ConcertationScheduledV1 } from '#concerto/contracts';
import type { InviteeProfiles } from '../../queries/describe-invitees/describe-invitees.query.js';

/** A meeting as concertation.scheduled and concertation.rescheduled give it. */
export type PlannedMeeting = Pick<
  ConcertationScheduledV1,
  'concertationId' | 'caseId' | 'sequence' | 'start' | 'end' | 'invitations'
>;

/** A meeting was fixed (no previous start) or moved: (updated) invitations go out, reminders are re-planned. */
export class PlanMeetingInvitationsCommand extends Command<void> {
  constructor(
    readonly meeting: PlannedMeeting,
    readonly previousStart: string | undefined,
    readonly invitees: InviteeProfiles,
  ) {
    super();
  }
}
