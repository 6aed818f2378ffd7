import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ParticipantKind } from '../../../domain/care-team.js';
import type { ParticipantView } from '../../care-team.reader.js';

export interface AddParticipantInput {
  kind: ParticipantKind;
  professionalId?: string;
  role?: string;
  displayName?: string;
  language?: string;
  email?: string;
  phone?: string;
  postalAddress?: string;
  required?: boolean;
  waived?: boolean;
  needsStepFreeAccess?: boolean;
}

/** A professional from the directory or an informal participant (never listed in the directory) joins the table. */
export class AddParticipantCommand extends Command<{ participant: ParticipantView; warnings: string[] }> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly input: AddParticipantInput,
  ) {
    super();
  }
}
