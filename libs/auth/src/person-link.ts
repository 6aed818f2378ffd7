import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '#concerto/ddd';

/**
 * The person's own link (/me/<token>): the person, or a family member seated at their table,
 * reads their page without an account. Like the answer links, the token carries ids only (the
 * case, the participant it was made for, a random link id for the audit trail) and an expiry,
 * signed with HMAC-SHA256 under its own domain prefix so it can never pass for an answer link
 * (or the reverse) even when both share the key.
 */

const SIGNING_PREFIX = 'concerto.person.v1.';
const SHORT_PREFIX = 'concerto.person-short.v1.';
const SHORT_TOKEN = /^[A-Za-z0-9_-]{22}$/;

/** A short person-link token (22 characters, no dot): the issuing service resolves it from its store. */
export function isShortPersonToken(token: unknown): token is string {
  return typeof token === 'string' && SHORT_TOKEN.test(token);
}
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_TOKEN_LENGTH = 512;

export interface PersonLinkGrant {
  caseId: string;
  /** The participant (the person, their representative or a relative) the link was made for. */
  participantId: string;
  expiresAt: Date;
}

export interface PersonLinkClaims extends PersonLinkGrant {
  /** Random id of this link: the audit trail names it instead of the reader. */
  linkId: string;
}

export type PersonLinkVerification =
  { ok: true; claims: PersonLinkClaims } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

export class PersonLinkSigner {
  private readonly secret: Buffer;

  constructor(
    secret: string | Buffer,
    private readonly clock: Clock,
  ) {
    this.secret = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, 'utf8');
    if (this.secret.length < 32) {
      throw new Error('The person-link key is shorter than 32 bytes');
    }
  }

  sign(grant: PersonLinkGrant): { token: string; linkId: string } {
    if (!ID.test(grant.caseId) || !ID.test(grant.participantId)) {
      throw new Error('Person links carry plain ids only');
    }
    const linkId = randomBytes(9).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        c: grant.caseId,
        w: grant.participantId,
        n: linkId,
        e: Math.floor(grant.expiresAt.getTime() / 1000),
      }),
    ).toString('base64url');
    return { token: `${payload}.${this.mac(payload)}`, linkId };
  }

  /**
   * The short form of a link sent to the person (an SMS must stay short, a letter is typed by
   * hand): derived from the link's id, so reading the message again gives the same token; the
   * service stores only its hash with the grant (like the answer links' short form, ADR 0011).
   */
  shortToken(linkId: string): string {
    if (!ID.test(linkId)) {
      throw new Error('Person links carry plain ids only');
    }
    return createHmac('sha256', this.secret)
      .update(SHORT_PREFIX + linkId)
      .digest('base64url')
      .slice(0, 22);
  }

  verify(token: string): PersonLinkVerification {
    if (
      typeof token !== 'string' ||
      token.length > MAX_TOKEN_LENGTH ||
      !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)
    ) {
      return { ok: false, reason: 'malformed' };
    }
    const [payload, signature] = token.split('.');
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, reason: 'bad-signature' };
    }
    let wire: { c?: unknown; w?: unknown; n?: unknown; e?: unknown };
    try {
      wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof wire;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (
      typeof wire.c !== 'string' ||
      typeof wire.w !== 'string' ||
      typeof wire.n !== 'string' ||
      typeof wire.e !== 'number'
    ) {
      return { ok: false, reason: 'malformed' };
    }
    const expiresAt = new Date(wire.e * 1000);
    if (this.clock.now().getTime() >= expiresAt.getTime()) {
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, claims: { caseId: wire.c, participantId: wire.w, linkId: wire.n, expiresAt } };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret)
      .update(SIGNING_PREFIX + payload)
      .digest('base64url');
  }
}
