import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { AppException } from '#concerto/ddd';
import type { Page } from '../../domain/page.js';

/** What an acknowledge link is bound to: one page, so one signal, one recipient, until the signal is due. */
export interface PageLinkClaims {
  pageId: string;
  caseId: string;
  signalId: string;
  recipientId: string;
  expiresAt: Date;
}

/** A separate prefix: an answer link's signature (same key) is never valid here, nor the reverse. */
const SIGNING_PREFIX = 'concerto.page-ack.v1.';
const MAX_TOKEN_LENGTH = 1024;

/**
 * The links of a page (ADR 0011's answer links, for coordinators): the case's address (sign-in
 * required) and a single-use acknowledge link, an HMAC-SHA256 over ids and the expiry only.
 */
@Injectable()
export class PageLinks {
  constructor(@Inject(CONFIG) private readonly config: ConcertoConfig) {}

  caseUrl(caseId: string): string {
    return `${this.base()}/v1/cases/${caseId}`;
  }

  ackUrl(page: Page): string {
    return `${this.base()}/v1/pages/acknowledge/${this.sign(page)}`;
  }

  sign(page: Page): string {
    const claims = b64(
      JSON.stringify({
        p: page.id,
        c: page.caseId,
        s: page.signalId,
        r: page.recipientId,
        e: Math.floor(page.dueAt.getTime() / 1000),
      }),
    );
    return `${claims}.${this.mac(claims)}`;
  }

  /** The claims of a well-signed token (expiry not checked here); a 404 problem otherwise. */
  verify(token: string): PageLinkClaims {
    const invalid = new AppException('PAGE_LINK_INVALID', 'not-found', 'This acknowledge link is not valid.');
    if (
      typeof token !== 'string' ||
      token.length > MAX_TOKEN_LENGTH ||
      !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)
    ) {
      throw invalid;
    }
    const [claims, mac] = token.split('.');
    const expected = Buffer.from(this.mac(claims), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw invalid;
    }
    try {
      const c = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (
        typeof c.p !== 'string' ||
        typeof c.c !== 'string' ||
        typeof c.s !== 'string' ||
        typeof c.r !== 'string' ||
        typeof c.e !== 'number'
      ) {
        throw invalid;
      }
      return { pageId: c.p, caseId: c.c, signalId: c.s, recipientId: c.r, expiresAt: new Date(c.e * 1000) };
    } catch {
      throw invalid;
    }
  }

  private mac(claims: string): string {
    const secret = this.config.RSVP_LINK_SECRET;
    if (!secret || secret.length < 32) {
      throw new AppException(
        'PAGE_LINKS_UNCONFIGURED',
        'unavailable',
        'RSVP_LINK_SECRET is required to sign page links.',
      );
    }
    return createHmac('sha256', secret)
      .update(SIGNING_PREFIX + claims)
      .digest('base64url');
  }

  private base(): string {
    return this.config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  }
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
