import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException } from '#concerto/ddd';
import { WithdrawConsentAsPersonCommand } from '../../../../consent/application/commands/withdraw-consent-as-person/withdraw-consent-as-person.command.js';
import { PersonLinks } from '../../person-links.js';
import { WithdrawConsentFromPersonPageCommand } from './withdraw-consent-from-person-page.command.js';

@CommandHandler(WithdrawConsentFromPersonPageCommand)
export class WithdrawConsentFromPersonPageHandler implements ICommandHandler<WithdrawConsentFromPersonPageCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly links: PersonLinks,
  ) {}

  async execute({ token }: WithdrawConsentFromPersonPageCommand): Promise<void> {
    const { claims, viewer } = await this.links.verify(token);
    if (viewer.kind !== 'person' && viewer.kind !== 'legal-representative') {
      throw new AppException(
        'NOT_THE_PERSON',
        'forbidden',
        'Only the person or their legal representative withdraws the consent.',
      );
    }
    await this.commands.execute(
      new WithdrawConsentAsPersonCommand(
        claims.caseId,
        `person-link:${claims.linkId}`,
        viewer.kind === 'legal-representative' ? 'legal-representative' : 'person',
      ),
    );
  }
}
