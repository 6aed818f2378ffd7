import type { RsvpGrant } from '#concerto/auth';

/**
 * Where the short answer-link tokens live: by the SHA-256 of the token, never the token itself,
 * so a copy of the database holds no usable link. One row per invitation, meeting version and
 * action; sending the same invitation again keeps the row and extends its expiry.
 */
export abstract class AnswerLinkStore {
  abstract save(tokenHash: string, grant: RsvpGrant): Promise<void>;
  abstract find(tokenHash: string): Promise<RsvpGrant | undefined>;
}
