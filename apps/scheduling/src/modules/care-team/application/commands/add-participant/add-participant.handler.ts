import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CONFIG, type ConcertoConfig, LIMITS } from '#concerto/config';
import { DIRECTORY_READ_API, type DirectoryReadApi } from '#concerto/contracts';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { crowdWarning, messageLanguage, requireSeatLeft } from '../../../domain/care-team.js';
import { CareTeamRepository } from '../../../domain/care-team.repository.js';
import { CareTeam } from '../../care-team.reader.js';
import { AddParticipantCommand } from './add-participant.command.js';

@CommandHandler(AddParticipantCommand)
export class AddParticipantHandler implements ICommandHandler<AddParticipantCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: CaseAccess,
    private readonly participants: CareTeamRepository,
    private readonly team: CareTeam,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, principal, input }: AddParticipantCommand) {
    await this.access.requireCoordinator(caseId, principal, 'add-participant');
    let displayName = input.displayName;
    let organisationId: string | undefined;
    let role = input.role;
    let language = input.language;
    if (input.kind === 'professional') {
      if (!input.professionalId) {
        throw new AppException(
          'PROFESSIONAL_ID_REQUIRED',
          'invalid',
          'A professional participant must reference the directory (professionalId).',
        );
      }
      const pro = await this.directory.findProfessional(input.professionalId);
      if (!pro) {
        throw new AppException('PROFESSIONAL_NOT_FOUND', 'invalid', 'No professional with this id in the directory.', {
          field: 'professionalId',
        });
      }
      displayName ??= pro.displayName;
      organisationId = pro.organisationId;
      role ??= pro.role;
      language ??= pro.languages[0];
    } else if (input.kind === 'person') {
      throw new AppException(
        'PERSON_ALREADY_PARTICIPANT',
        'conflict',
        'The person is a participant by default; update their participation instead.',
      );
    } else if (!displayName) {
      throw new AppException('DISPLAY_NAME_REQUIRED', 'invalid', 'An informal participant needs a name.', {
        field: 'displayName',
      });
    }
    const lang = language ?? 'fr';
    const id = randomUUID();
    await this.uow.run(async () => {
      requireSeatLeft(await this.participants.sizeForUpdate(caseId), LIMITS.careTeam.maxParticipants);
      await this.participants.add(
        {
          id,
          caseId,
          kind: input.kind,
          ...(role ? { role } : {}),
          ...(input.professionalId ? { professionalId: input.professionalId } : {}),
          ...(organisationId ? { organisationId } : {}),
          displayName: displayName,
          language: lang,
          interpreterNeeded: messageLanguage(lang).interpreterNeeded,
          required: input.required ?? false,
          waived: input.waived ?? false,
          needsStepFreeAccess: input.needsStepFreeAccess ?? false,
          contact: { email: input.email, phone: input.phone, postalAddress: input.postalAddress },
        },
        principal.userId,
        this.clock.now(),
      );
    });
    const team = await this.team.list(caseId);
    const warning = crowdWarning(team.filter((p) => !p.waived).length, this.config.MAX_COMFORTABLE_TABLE_SIZE);
    return { participant: team.find((p) => p.id === id)!, warnings: warning ? [warning] : [] };
  }
}
