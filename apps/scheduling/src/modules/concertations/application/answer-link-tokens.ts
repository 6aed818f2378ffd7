import { Inject, Injectable } from '@nestjs/common';
import {
  checkRsvpClaims,
  hashRsvpToken,
  isShortRsvpToken,
  type RsvpClaims,
  type RsvpExpectation,
  type RsvpGrant,
  RsvpLinkSigner,
  type RsvpVerification,
} from '#concerto/auth';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { AnswerLinkStore } from './answer-link-store.js';

/**
 * Answer-link tokens of invitations and date polls (ADR 0011, "Short links"). Messages carry the
 * short form, 22 characters, so that an invitation text message fits in two segments; its grant
 * is kept here under the token's hash. The signed form of older messages is still accepted until
 * it expires. Both pass the same checks: one action, one invitation, one meeting version, expiry.
 */
@Injectable()
export class AnswerLinkTokens {
  constructor(
    private readonly signer: RsvpLinkSigner,
    private readonly store: AnswerLinkStore,
    private readonly uow: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Issues (or re-issues: same grant, same token) the short token of one grant. */
  async issue(grant: RsvpGrant): Promise<string> {
    const token = this.signer.shortToken(grant);
    await this.uow.run(() => this.store.save(hashRsvpToken(token), grant));
    return token;
  }

  /** The three answer links of one invitation for one version of the meeting: `{baseUrl}/{token}`. */
  async links(
    baseUrl: string,
    grant: Omit<RsvpGrant, 'action'>,
  ): Promise<Record<'acceptUrl' | 'declineUrl' | 'writtenInputUrl', string>> {
    const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
    const url = async (action: RsvpGrant['action']) => `${base}${await this.issue({ ...grant, action })}`;
    return {
      acceptUrl: await url('accept'),
      declineUrl: await url('decline'),
      writtenInputUrl: await url('written-input'),
    };
  }

  /** The grant behind a token, short or signed, without checking time, action or sequence. */
  async peek(token: string): Promise<RsvpClaims | undefined> {
    if (!isShortRsvpToken(token)) {
      return this.signer.peek(token);
    }
    const grant = await this.store.find(hashRsvpToken(token));
    return grant ? { ...grant, keyId: 'short' } : undefined;
  }

  async verify(token: string, expected: RsvpExpectation): Promise<RsvpVerification> {
    if (!isShortRsvpToken(token)) {
      return this.signer.verify(token, expected);
    }
    const claims = await this.peek(token);
    return claims ? checkRsvpClaims(claims, expected, this.clock.now()) : { ok: false, reason: 'malformed' };
  }
}
