import { Injectable } from '@nestjs/common';
import { type Channel, channelsFor, hasLimitedRights } from '../domain/care-team.js';
import { CareTeamRepository, type ParticipantRecord } from '../domain/care-team.repository.js';

/** A member as the use cases read it: the stored record, with what follows from it. */
export interface ParticipantView extends Omit<ParticipantRecord, 'caseId'> {
  limitedRights: boolean;
  channels: Channel[];
}

/** The care team of a case as the other use cases read it (in the open transaction, if any). */
@Injectable()
export class CareTeam {
  constructor(private readonly participants: CareTeamRepository) {}

  async list(caseId: string): Promise<ParticipantView[]> {
    return (await this.participants.list(caseId)).map(toParticipantView);
  }
}

export function toParticipantView(r: ParticipantRecord): ParticipantView {
  return {
    id: r.id,
    kind: r.kind,
    ...(r.role ? { role: r.role } : {}),
    ...(r.professionalId ? { professionalId: r.professionalId } : {}),
    ...(r.organisationId ? { organisationId: r.organisationId } : {}),
    displayName: r.displayName,
    language: r.language,
    interpreterNeeded: r.interpreterNeeded,
    required: r.required,
    waived: r.waived,
    needsStepFreeAccess: r.needsStepFreeAccess,
    limitedRights: hasLimitedRights(r.kind),
    channels: channelsFor({
      hasEmail: !!r.contact.email,
      hasPhone: !!r.contact.phone,
      hasPostalAddress: !!r.contact.postalAddress,
    }),
    contact: r.contact,
  };
}
