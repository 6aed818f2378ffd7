import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type ConcertoConfig } from '#concerto/config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// RFC 4648 base32 in lower case: mail systems may change the case of a local part, so the id must not depend on it.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const LOCAL_PART = /^reply\+([a-z2-7]{26})$/;

/**
 * The reply address of each invitation (ADR 0023): `reply+<id>@<domain>`, the ORGANIZER of its
 * calendar objects, so the iTIP REPLY of the invitee's calendar app comes back to the engine.
 *
 * The id is the invitation id (a random UUID, 16 bytes) encrypted with AES-128 under a key derived
 * from RSVP_LINK_SECRET: one block, a pseudo-random permutation, so the id looks random, tells
 * nothing about the invitation or the person, cannot be guessed or derived from another one, and
 * needs no table (decrypting gives the invitation id back; a made-up id decrypts to noise that
 * names no invitation). It is stable for the life of the invitation, as calendar clients expect
 * of an ORGANIZER. It is only a mailbox name: an answer sent to it is recorded only when the
 * REPLY's ATTENDEE is the invitee the address was issued for.
 */
@Injectable()
export class ReplyAddresses {
  private readonly key: Buffer | undefined;
  readonly domain: string;

  constructor(@Inject(CONFIG) config: ConcertoConfig) {
    this.domain = (config.INBOUND_REPLY_DOMAIN ?? config.MAIL_FROM_ADDRESS.split('@')[1]).toLowerCase();
    this.key =
      config.INBOUND_SMTP_PORT > 0 && config.RSVP_LINK_SECRET
        ? Buffer.from(hkdfSync('sha256', config.RSVP_LINK_SECRET, 'concerto', 'concerto.reply-address.v1', 16))
        : undefined;
  }

  /** Whether invitations get a reply address at all (the inbound listener is on). */
  get enabled(): boolean {
    return this.key !== undefined;
  }

  /** The reply address of an invitation, or undefined when the listener is off. */
  addressFor(invitationId: string): string | undefined {
    if (!this.key || !UUID.test(invitationId)) {
      return undefined;
    }
    const cipher = createCipheriv('aes-128-ecb', this.key, null).setAutoPadding(false);
    const block = Buffer.concat([cipher.update(Buffer.from(invitationId.replace(/-/g, ''), 'hex')), cipher.final()]);
    return `reply+${base32(block)}@${this.domain}`;
  }

  /**
   * The invitation id an address stands for, if it is one of ours (right domain, right shape);
   * whether that invitation exists is for the caller to find out. Case-insensitive, as mail is.
   */
  invitationOf(address: string): string | undefined {
    if (!this.key || address.length > 254) {
      return undefined;
    }
    const at = address.lastIndexOf('@');
    const local = address.slice(0, at).toLowerCase();
    const domain = address.slice(at + 1).toLowerCase();
    const m = LOCAL_PART.exec(local);
    if (at < 0 || domain !== this.domain || !m) {
      return undefined;
    }
    const bytes = unbase32(m[1]);
    if (!bytes) {
      return undefined;
    }
    const decipher = createDecipheriv('aes-128-ecb', this.key, null).setAutoPadding(false);
    const hex = Buffer.concat([decipher.update(bytes), decipher.final()]).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) {
    out += ALPHABET[(value << (5 - bits)) & 31];
  }
  return out;
}

/** 26 characters back to 16 bytes; undefined for a non-canonical spelling (the 2 spare bits must be 0). */
function unbase32(text: string): Buffer | undefined {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    value = ((value << 5) | ALPHABET.indexOf(ch)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  if (out.length !== 16 || (value & ((1 << bits) - 1)) !== 0) {
    return undefined;
  }
  return Buffer.from(out);
}
