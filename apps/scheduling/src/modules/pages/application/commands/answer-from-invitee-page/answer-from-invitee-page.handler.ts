import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException } from '#concerto/ddd';
import { AnswerLinkTokens } from '../../../../concertations/application/answer-link-tokens.js';
import { AnswerInvitationCommand } from '../../../../concertations/application/commands/answer-invitation/answer-invitation.command.js';
import { AnswerFromInviteePageCommand } from './answer-from-invitee-page.command.js';

/**
 * Records the answer exactly as POST /v1/rsvp/<token> does: the page's token is checked there
 * (signature, expiry, meeting version, consent), through the link of the chosen answer, which is
 * the same invitation, meeting version and expiry as the link that opened the page.
 */
@CommandHandler(AnswerFromInviteePageCommand)
export class AnswerFromInviteePageHandler implements ICommandHandler<AnswerFromInviteePageCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly links: AnswerLinkTokens,
  ) {}

  async execute({ token, choice, writtenInput }: AnswerFromInviteePageCommand) {
    const claims = await this.links.peek(token);
    if (!claims || claims.action === 'poll') {
      throw new AppException('LINK_NOT_FOUND', 'not-found', 'This link is not valid.');
    }
    const sameInvitation =
      claims.action === choice
        ? token
        : await this.links.issue({
            invitationId: claims.invitationId,
            meetingId: claims.meetingId,
            meetingSequence: claims.meetingSequence,
            expiresAt: claims.expiresAt,
            action: choice,
          });
    return await this.commands.execute(new AnswerInvitationCommand(sameInvitation, writtenInput));
  }
}
