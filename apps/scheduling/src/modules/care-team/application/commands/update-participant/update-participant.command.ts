import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ParticipantView } from '../../care-team.reader.js';
import type { AddParticipantInput } from '../add-participant/add-participant.command.js';

export type ParticipantPatch = Partial<
  Pick<
    AddParticipantInput,
    'email' | 'phone' | 'postalAddress' | 'language' | 'required' | 'waived' | 'needsStepFreeAccess'
  >
>;

export class UpdateParticipantCommand extends Command<ParticipantView> {
  constructor(
    readonly caseId: string,
    readonly participantId: string,
    readonly principal: Principal,
    readonly patch: ParticipantPatch,
  ) {
    super();
  }
}
