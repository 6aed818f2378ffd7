import { Injectable } from '@nestjs/common';
import { AppException } from '#concerto/ddd';
import { CareTeam, type ParticipantView } from '../../care-team/application/care-team.reader.js';
import { ConsentRepository } from '../../consent/domain/consent.repository.js';

export interface InviteeList {
  invitable: ParticipantView[];
  /** Not waived, but not covered by the consent. */
  left: ParticipantView[];
  flagged: boolean;
  team: ParticipantView[];
}

/** Who may be invited: not waived, and covered by the consent (the person always is, once consent allows a concertation). */
@Injectable()
export class Invitees {
  constructor(
    private readonly team: CareTeam,
    private readonly consents: ConsentRepository,
  ) {}

  async of(caseId: string): Promise<InviteeList> {
    const consent = await this.consents.load(caseId);
    if (!consent.allowsConcertation) {
      throw new AppException(
        'CONSENT_REQUIRED',
        'conflict',
        "The person's consent to a concertation is not recorded: no invitation can leave (an emergency exception needs a reason).",
      );
    }
    const team = await this.team.list(caseId);
    const invitable = team.filter((p) => !p.waived && consent.mayInvite(p.id, p.kind === 'person'));
    return {
      invitable,
      left: team.filter((p) => !p.waived && !invitable.includes(p)),
      flagged: consent.isFlagged,
      team,
    };
  }
}
