import { checkRsvpClaims, hashRsvpToken, isShortRsvpToken, RsvpLinkSigner } from './rsvp-link.js';

const clock = { now: () => new Date('2026-06-01T10:00:00Z') };
const grant = { invitationId: 'inv-1', meetingId: 'meet-1', meetingSequence: 2, action: 'accept' as const };

describe('short answer-link tokens', () => {
  const signer = new RsvpLinkSigner([{ id: 'k1', secret: 'a'.repeat(32) }], clock);

  it('should be 22 base64url characters, the same for the same grant, different for any other', () => {
    const token = signer.shortToken(grant);
    expect(isShortRsvpToken(token)).toBe(true);
    expect(signer.shortToken(grant)).toBe(token);
    const others = [
      signer.shortToken({ ...grant, action: 'decline' }),
      signer.shortToken({ ...grant, meetingSequence: 3 }),
      signer.shortToken({ ...grant, invitationId: 'inv-2' }),
      new RsvpLinkSigner([{ id: 'k1', secret: 'b'.repeat(32) }], clock).shortToken(grant),
    ];
    expect(new Set([token, ...others]).size).toBe(5);
    // nothing about the grant can be read back
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toMatch(/inv|meet|accept/);
  });

  it('should not be mistaken for a signed token, nor a signed one for it', () => {
    expect(isShortRsvpToken(signer.sign({ ...grant, expiresAt: new Date('2026-07-01T00:00:00Z') }))).toBe(false);
    expect(signer.peek(signer.shortToken(grant))).toBeUndefined();
    expect(isShortRsvpToken('a'.repeat(21))).toBe(false);
    expect(isShortRsvpToken('a'.repeat(23))).toBe(false);
    expect(isShortRsvpToken('a'.repeat(21) + '.')).toBe(false);
  });

  it('should be stored as a hash that is not the token', () => {
    const token = signer.shortToken(grant);
    expect(hashRsvpToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRsvpToken(token)).not.toContain(token);
  });

  it('should pass the same checks as a signed token once its grant is known', () => {
    const claims = { ...grant, keyId: 'store', expiresAt: new Date('2026-06-10T00:00:00Z') };
    const now = clock.now();
    expect(checkRsvpClaims(claims, { action: 'accept', currentSequence: 2 }, now).ok).toBe(true);
    expect(checkRsvpClaims(claims, { action: 'decline', currentSequence: 2 }, now)).toEqual({
      ok: false,
      reason: 'wrong-action',
    });
    expect(checkRsvpClaims(claims, { action: 'accept', currentSequence: 3 }, now)).toEqual({
      ok: false,
      reason: 'stale-sequence',
    });
    expect(checkRsvpClaims(claims, { action: 'accept', currentSequence: 2 }, new Date('2026-06-10T00:00:00Z'))).toEqual(
      { ok: false, reason: 'expired' },
    );
  });
});
