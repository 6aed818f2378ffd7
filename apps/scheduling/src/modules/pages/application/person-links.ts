import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  isShortPersonToken,
  type PersonLinkClaims,
  PersonLinkSigner,
  type PersonLinkVerification,
} from '#concerto/auth';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { CareTeam } from '../../care-team/application/care-team.reader.js';
import { PersonLinkStore } from './person-link-store.js';

/** The SHA-256 of a short person token, as the store keeps it. */
export function hashPersonToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Who may hold the person's own link: the person, their legal representative, or a relative at their table. */
export const PERSON_LINK_KINDS: readonly string[] = ['person', 'legal-representative', 'relative'];

/** The person's own links: whose page a link opens, and who holds it, while it holds. */
@Injectable()
export class PersonLinks {
  constructor(
    private readonly signer: PersonLinkSigner,
    private readonly team: CareTeam,
    private readonly store: PersonLinkStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A signed token (handed over by the coordinator) or a short one (sent to the holder). */
  private async claimsOf(token: string): Promise<PersonLinkVerification> {
    if (!isShortPersonToken(token)) {
      return this.signer.verify(token);
    }
    const link = await this.store.findByTokenHash(hashPersonToken(token));
    if (!link) {
      return { ok: false, reason: 'bad-signature' };
    }
    if (this.clock.now().getTime() >= link.expiresAt.getTime()) {
      return { ok: false, reason: 'expired' };
    }
    const claims: PersonLinkClaims = {
      caseId: link.caseId,
      participantId: link.participantId,
      linkId: link.linkId,
      expiresAt: link.expiresAt,
    };
    return { ok: true, claims };
  }

  async verify(token: string) {
    const verified = await this.claimsOf(token);
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
