import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '#concerto/ddd';

/**
 * Answer links for people without an account: each link does one thing (accept, decline, or
 * "I cannot come, here is my written input") for one invitation to one version of one meeting,
 * until it expires. The token is an HMAC-SHA256 signature over ids only: no name, address,
 * language or anything about the person is inside, so a forwarded or logged link leaks nothing
 * but the fact that an invitation exists.
 *
 * Format: base64url(JSON claims) "." base64url(HMAC-SHA256(key, "concerto.rsvp.v1." + claims)).
 * The domain prefix keeps these signatures from ever being valid for another kind of token that
 * might share the key. Several keys can be configured: the first signs, all verify (rotation).
 *
 * Short form (what messages carry since issue 16): 22 random-looking base64url characters with
 * nothing inside, stored hashed by the issuing service with the same grant; the signed form
 * stays valid until it expires, so messages sent before keep working (ADR 0011).
 *
 * The page behind a link should show a confirmation button (POST) rather than act on GET:
 * mail security scanners open links before people do.
 */

export const RSVP_ACTIONS = ['accept', 'decline', 'written-input', 'poll'] as const;
export type RsvpAction = (typeof RSVP_ACTIONS)[number];

export const RSVP_TOKEN_VERSION = 1;
const PURPOSE = 'rsvp';
const SIGNING_PREFIX = 'concerto.rsvp.v1.';
const SHORT_PREFIX = 'concerto.rsvp.short.v1.';
const MAX_TOKEN_LENGTH = 1024;
export const SHORT_TOKEN_LENGTH = 22;
const SHORT_TOKEN = /^[A-Za-z0-9_-]{22}$/;

/** A short answer-link token (no claims inside: resolved by its hash in the issuing service). */
export function isShortRsvpToken(token: unknown): token is string {
  return typeof token === 'string' && SHORT_TOKEN.test(token);
}

/** The SHA-256 of a short token, as the issuing service stores it: a database read gives no usable link. */
export function hashRsvpToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The checks every answer link passes once its grant is known (from a signature or from the
 * issuing service's store): not expired, this action, this meeting and invitation, this version.
 */
export function checkRsvpClaims(claims: RsvpClaims, expected: RsvpExpectation, now: Date): RsvpVerification {
  const fail = (reason: RsvpFailureReason): RsvpVerification => ({ ok: false, reason });
  if (now.getTime() >= claims.expiresAt.getTime()) {
    return fail('expired');
  }
  if (claims.action !== expected.action) {
    return fail('wrong-action');
  }
  if (expected.meetingId !== undefined && claims.meetingId !== expected.meetingId) {
    return fail('wrong-meeting');
  }
  if (expected.invitationId !== undefined && claims.invitationId !== expected.invitationId) {
    return fail('wrong-invitation');
  }
  if (claims.meetingSequence > expected.currentSequence) {
    return fail('unknown-sequence');
  }
  if (claims.meetingSequence < (expected.validFromSequence ?? expected.currentSequence)) {
    return fail('stale-sequence');
  }
  return { ok: true, claims };
}
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface RsvpKey {
  /** Short key id written into tokens so the right key is found after a rotation. */
  id: string;
  /** At least 32 bytes of secret material. */
  secret: string | Buffer;
}

export interface RsvpGrant {
  invitationId: string;
  meetingId: string;
  /** The meeting's sequence when the link was made. */
  meetingSequence: number;
  action: RsvpAction;
  expiresAt: Date;
}

export interface RsvpClaims extends RsvpGrant {
  keyId: string;
}

export type RsvpFailureReason =
  | 'malformed'
  | 'unknown-key'
  | 'bad-signature'
  | 'unsupported-version'
  | 'wrong-purpose'
  | 'expired'
  | 'wrong-action'
  | 'wrong-meeting'
  | 'wrong-invitation'
  | 'stale-sequence'
  | 'unknown-sequence';

export type RsvpVerification = { ok: true; claims: RsvpClaims } | { ok: false; reason: RsvpFailureReason };

export interface RsvpExpectation {
  /** The action of the endpoint the link was opened on: a decline link cannot accept. */
  action: RsvpAction;
  /** When known (e.g. from the URL or the invitation), the token must be for this meeting / invitation. */
  meetingId?: string;
  invitationId?: string;
  /** The meeting's current sequence: a link made for a later version than this cannot exist. */
  currentSequence: number;
  /**
   * Links made before this sequence are stale. Equal to currentSequence when every change asks
   * for new answers (a new date); lower when a change does not (e.g. a corrected room name).
   */
  validFromSequence?: number;
}

interface WireClaims {
  v: number;
  p: string;
  k: string;
  i: string;
  m: string;
  s: number;
  a: string;
  e: number;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

export class RsvpLinkSigner {
  private readonly keys: Map<string, Buffer>;
  private readonly signingKeyId: string;

  constructor(
    keys: readonly RsvpKey[],
    private readonly clock: Clock,
  ) {
    if (keys.length === 0) {
      throw new Error('At least one RSVP signing key is required');
    }
    this.keys = new Map();
    for (const k of keys) {
      const secret = Buffer.isBuffer(k.secret) ? k.secret : Buffer.from(k.secret, 'utf8');
      if (secret.length < 32) {
        throw new Error(`RSVP key ${k.id} is shorter than 32 bytes`);
      }
      if (!ID.test(k.id) || this.keys.has(k.id)) {
        throw new Error('RSVP key ids must be unique plain identifiers');
      }
      this.keys.set(k.id, secret);
    }
    this.signingKeyId = keys[0].id;
  }

  sign(grant: RsvpGrant): string {
    if (!ID.test(grant.invitationId) || !ID.test(grant.meetingId)) {
      throw new Error('RSVP links carry plain ids only');
    }
    if (!Number.isInteger(grant.meetingSequence) || grant.meetingSequence < 0) {
      throw new Error('Meeting sequence must be a non-negative integer');
    }
    if (!(RSVP_ACTIONS as readonly string[]).includes(grant.action)) {
      throw new Error('Unknown RSVP action');
    }
    const exp = Math.floor(grant.expiresAt.getTime() / 1000);
    if (!Number.isFinite(exp)) {
      throw new Error('Invalid expiry');
    }
    const claims: WireClaims = {
      v: RSVP_TOKEN_VERSION,
      p: PURPOSE,
      k: this.signingKeyId,
      i: grant.invitationId,
      m: grant.meetingId,
      s: grant.meetingSequence,
      a: grant.action,
      e: exp,
    };
    const payload = b64url(JSON.stringify(claims));
    return `${payload}.${this.mac(this.keys.get(this.signingKeyId) as Buffer, payload)}`;
  }

  /**
   * The three answer links of one invitation, for one version of the meeting:
   * `{baseUrl}/{token}` (e.g. base "https://…/v1/rsvp"); the action is inside the token, so
   * the page behind it (GET shows, POST confirms) knows what the link does.
   */
  links(
    baseUrl: string,
    grant: Omit<RsvpGrant, 'action'>,
  ): Record<'acceptUrl' | 'declineUrl' | 'writtenInputUrl', string> {
    const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    const url = (action: RsvpAction) => new URL(this.sign({ ...grant, action }), base).toString();
    return { acceptUrl: url('accept'), declineUrl: url('decline'), writtenInputUrl: url('written-input') };
  }

  verify(token: string, expected: RsvpExpectation): RsvpVerification {
    const authentic = this.authentic(token);
    if (typeof authentic === 'string') {
      return { ok: false, reason: authentic };
    }
    return checkRsvpClaims(authentic, expected, this.clock.now());
  }

  /**
   * A short answer-link token (ADR 0011, "Short links"): 22 base64url characters (132 bits)
   * derived by HMAC from the grant's ids, sequence and action, so that sending the same
   * invitation again gives the same link. Nothing can be read from it: the service keeps a hash
   * of it with the grant and its expiry, and resolves it with that (see isShortRsvpToken).
   */
  shortToken(grant: Omit<RsvpGrant, 'expiresAt'>): string {
    if (!ID.test(grant.invitationId) || !ID.test(grant.meetingId)) {
      throw new Error('RSVP links carry plain ids only');
    }
    if (!(RSVP_ACTIONS as readonly string[]).includes(grant.action)) {
      throw new Error('Unknown RSVP action');
    }
    return createHmac('sha256', this.keys.get(this.signingKeyId) as Buffer)
      .update(`${SHORT_PREFIX}${grant.invitationId}.${grant.meetingId}.${grant.meetingSequence}.${grant.action}`)
      .digest('base64url')
      .slice(0, SHORT_TOKEN_LENGTH);
  }

  /**
   * The claims of a token whose signature is good, without checking time, action or sequence:
   * lets the answer page find the meeting and invitation, then call verify with the meeting's
   * current sequence.
   */
  peek(token: string): RsvpClaims | undefined {
    const authentic = this.authentic(token);
    return typeof authentic === 'string' ? undefined : authentic;
  }

  private authentic(
    token: string,
  ):
    | RsvpClaims
    | Extract<
        RsvpFailureReason,
        'malformed' | 'unknown-key' | 'bad-signature' | 'unsupported-version' | 'wrong-purpose'
      > {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      return 'malformed';
    }
    const parts = token.split('.');
    if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) {
      return 'malformed';
    }
    const [payload, signature] = parts;
    let claims: Partial<WireClaims>;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<WireClaims>;
    } catch {
      return 'malformed';
    }
    if (typeof claims !== 'object' || claims === null || typeof claims.k !== 'string') {
      return 'malformed';
    }
    const key = this.keys.get(claims.k);
    if (!key) {
      return 'unknown-key';
    }
    const expectedMac = Buffer.from(this.mac(key, payload), 'base64url');
    const givenMac = Buffer.from(signature, 'base64url');
    // the re-encoding check refuses non-canonical spellings of the same signature bytes
    if (
      givenMac.length !== expectedMac.length ||
      !timingSafeEqual(givenMac, expectedMac) ||
      givenMac.toString('base64url') !== signature
    ) {
      return 'bad-signature';
    }
    // From here on the claims are ours.
    if (claims.v !== RSVP_TOKEN_VERSION) {
      return 'unsupported-version';
    }
    if (claims.p !== PURPOSE) {
      return 'wrong-purpose';
    }
    const { i, m, s, a, e } = claims;
    if (
      typeof i !== 'string' ||
      typeof m !== 'string' ||
      typeof s !== 'number' ||
      typeof e !== 'number' ||
      typeof a !== 'string' ||
      !(RSVP_ACTIONS as readonly string[]).includes(a)
    ) {
      return 'malformed';
    }
    return {
      invitationId: i,
      meetingId: m,
      meetingSequence: s,
      action: a as RsvpAction,
      expiresAt: new Date(e * 1000),
      keyId: claims.k,
    };
  }

  private mac(key: Buffer, payload: string): string {
    return createHmac('sha256', key)
      .update(SIGNING_PREFIX + payload)
      .digest('base64url');
  }
}
