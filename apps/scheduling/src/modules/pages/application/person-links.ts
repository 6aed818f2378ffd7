import { Injectable } from '@nestjs/common';
import { PersonLinkSigner } from '#concerto/auth';
import { AppException } from '#concerto/ddd';
import { CareTeam } from '../../care-team/application/care-team.reader.js';

/** Who may hold the person's own link: the person, their legal representative, or a relative at their table. */
export const PERSON_LINK_KINDS: readonly string[] = ['person', 'legal-representative', 'relative'];

/** The person's own links: whose page a link opens, and who holds it, while it holds. */
@Injectable()
export class PersonLinks {
  constructor(
    private readonly signer: PersonLinkSigner,
    private readonly team: CareTeam,
  ) {}

  async verify(token: string) {
    const verified = this.signer.verify(token);
    if (!verified.ok) {
      throw verified.reason === 'expired'
        ? new AppException('LINK_NO_LONGER_VALID', 'conflict', 'This link has expired.')
        : new AppException('LINK_NOT_FOUND', 'not-found', 'This link is not valid.');
    }
    const { claims } = verified;
    const team = await this.team.list(claims.caseId);
    const viewer = team.find((p) => p.id === claims.participantId);
    // Someone taken off the table no longer reads the person's page.
    if (!viewer || !PERSON_LINK_KINDS.includes(viewer.kind)) {
      throw new AppException('LINK_NO_LONGER_VALID', 'conflict', 'This link is no longer valid.');
    }
    const person = team.find((p) => p.kind === 'person');
    return { claims, viewer, person, team: team };
  }
}
