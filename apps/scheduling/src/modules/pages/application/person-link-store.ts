/** One person link as it was made: ids and dates only (the token is derived, its hash kept). */
export interface StoredPersonLink {
  id: string;
  linkId: string;
  caseId: string;
  participantId: string;
  expiresAt: Date;
  issuedBy: string;
  issuedAt: Date;
}

/** Port: the person links made, found by id (the card) or by a short token's hash (the page). */
export abstract class PersonLinkStore {
  abstract save(link: StoredPersonLink, tokenHash: string): Promise<void>;
  abstract find(id: string): Promise<StoredPersonLink | undefined>;
  abstract findByTokenHash(tokenHash: string): Promise<StoredPersonLink | undefined>;
}
