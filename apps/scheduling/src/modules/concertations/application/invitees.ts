import { Injectable } from '@nestjs/common';
import { AppException } from '#concerto/ddd';
import { CareTeam, type ParticipantView } from '../../care-team/application/care-team.reader.js';
import type { Consent } from '../../consent/domain/consent.aggregate.js';
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
    const consent = await this.requireConsent(caseId);
    const team = await this.team.list(caseId);
    const invitable = team.filter((p) => !p.waived && consent.mayInvite(p.id, p.kind === 'person'));
    return {
      invitable,
      left: team.filter((p) => !p.waived && !invitable.includes(p)),
      flagged: consent.isFlagged,
      team,
    };
  }

  /** The case's consent, if it allows a concertation now; else the 409 every scheduling write answers (never recorded, refused or withdrawn alike). */
  async requireConsent(caseId: string): Promise<Consent> {
    const consent = await this.consents.load(caseId);
    if (!consent.allowsConcertation) {
      throw new AppException(
        'CONSENT_REQUIRED',
        'conflict',
        "The person's consent does not allow a concertation: no invitation can leave (an emergency exception needs a reason).",
      );
    }
    return consent;
  }

  /**
   * Whether the consent still covers this participant of the case: what answer links and the
   * cards read by the notifications service check, so that a withdrawal stops them at once.
   */
  async covers(caseId: string, participantId: string): Promise<boolean> {
    const consent = await this.consents.load(caseId);
    if (!consent.allowsConcertation) {
      return false;
    }
    const participant = (await this.team.list(caseId)).find((p) => p.id === participantId);
    return !!participant && consent.mayInvite(participant.id, participant.kind === 'person');
  }
}
