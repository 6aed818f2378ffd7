import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { messageLanguage } from '../../../domain/care-team.js';
import { CareTeamRepository } from '../../../domain/care-team.repository.js';
import { CareTeam } from '../../care-team.reader.js';
import { UpdateParticipantCommand } from './update-participant.command.js';

@CommandHandler(UpdateParticipantCommand)
export class UpdateParticipantHandler implements ICommandHandler<UpdateParticipantCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: CaseAccess,
    private readonly participants: CareTeamRepository,
    private readonly team: CareTeam,
  ) {}

  async execute({ caseId, participantId, principal, patch }: UpdateParticipantCommand) {
    await this.access.requireCoordinator(caseId, principal, 'update-participant');
    const current = (await this.participants.list(caseId)).find((p) => p.id === participantId);
    if (!current) {
      throw new AppException('PARTICIPANT_NOT_FOUND', 'not-found', 'No such participant in this case.');
    }
    const lang = patch.language ?? current.language;
    await this.uow.run(() =>
      this.participants.update({
        ...current,
        contact: {
          email: patch.email ?? current.contact.email,
          phone: patch.phone ?? current.contact.phone,
          postalAddress: patch.postalAddress ?? current.contact.postalAddress,
        },
        language: lang,
        interpreterNeeded: messageLanguage(lang).interpreterNeeded,
        required: patch.required ?? current.required,
        waived: patch.waived ?? current.waived,
        needsStepFreeAccess: patch.needsStepFreeAccess ?? current.needsStepFreeAccess,
      }),
    );
    return (await this.team.list(caseId)).find((p) => p.id === participantId)!;
  }
}
