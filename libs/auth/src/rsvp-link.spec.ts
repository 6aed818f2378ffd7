import { ManualClock } from '#concerto/ddd';
import { type RsvpGrant, RsvpLinkSigner } from './rsvp-link.js';

const KEY = { id: 'k1', secret: 'a-test-secret-that-is-long-enough-32b!' };
const NOW = new Date('2026-10-20T10:00:00Z');

const grant = (over: Partial<RsvpGrant> = {}): RsvpGrant => ({
  invitationId: 'inv-1',
  meetingId: 'meet-1',
  meetingSequence: 2,
  action: 'accept',
  expiresAt: new Date('2026-10-27T09:00:00Z'),
  ...over,
});

describe('RSVP links', () => {
  let clock: ManualClock;
  let signer: RsvpLinkSigner;
  beforeEach(() => {
    clock = new ManualClock(NOW);
    signer = new RsvpLinkSigner([KEY], clock);
  });

  it('should accept a fresh link for its own action, meeting and sequence', () => {
    const token = signer.sign(grant());
    const result = signer.verify(token, {
      action: 'accept',
      meetingId: 'meet-1',
      invitationId: 'inv-1',
      currentSequence: 2,
    });
    expect(result).toEqual({
      ok: true,
      claims: {
        invitationId: 'inv-1',
        meetingId: 'meet-1',
        meetingSequence: 2,
        action: 'accept',
        expiresAt: new Date('2026-10-27T09:00:00Z'),
        keyId: 'k1',
      },
    });
  });

  it('should carry ids only, no personal data, and be URL-safe', () => {
    const token = signer.sign(grant());
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const claims = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(Object.keys(claims).sort()).toEqual(['a', 'e', 'i', 'k', 'm', 'p', 's', 'v']);
    expect(() => signer.sign(grant({ invitationId: 'simone.peeters@example.org' }))).toThrow();
    expect(() => signer.sign(grant({ meetingId: 'Simone Peeters' }))).toThrow();
  });

  it('should refuse a tampered payload or signature', () => {
    const token = signer.sign(grant({ action: 'decline' }));
    const [payload, sig] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${Buffer.from(JSON.stringify({ ...claims, a: 'accept' })).toString('base64url')}.${sig}`;
    expect(signer.verify(forged, { action: 'accept', currentSequence: 2 })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const flipped = sig.slice(0, -2) + (sig.at(-2) === 'A' ? 'B' : 'A') + sig.at(-1);
    expect(signer.verify(`${payload}.${flipped}`, { action: 'decline', currentSequence: 2 })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(signer.verify(`${payload}.${sig.slice(0, 10)}`, { action: 'decline', currentSequence: 2 })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('should refuse a link signed with another secret', () => {
    const other = new RsvpLinkSigner([{ id: 'k1', secret: 'another-secret-that-is-long-enough-32b' }], clock);
    expect(signer.verify(other.sign(grant()), { action: 'accept', currentSequence: 2 })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('should refuse garbage', () => {
    for (const token of [
      '',
      'abc',
      'a.b.c',
      '!!.??',
      `${Buffer.from('not json').toString('base64url')}.abc`,
      'x'.repeat(5000),
    ]) {
      expect(signer.verify(token, { action: 'accept', currentSequence: 2 })).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('should expire at the expiry time, by the injected clock', () => {
    const token = signer.sign(grant());
    clock.set(new Date('2026-10-27T08:59:59Z'));
    expect(signer.verify(token, { action: 'accept', currentSequence: 2 }).ok).toBe(true);
    clock.set(new Date('2026-10-27T09:00:00Z'));
    expect(signer.verify(token, { action: 'accept', currentSequence: 2 })).toEqual({ ok: false, reason: 'expired' });
  });

  it('should refuse reuse for another action', () => {
    const decline = signer.sign(grant({ action: 'decline' }));
    expect(signer.verify(decline, { action: 'accept', currentSequence: 2 })).toEqual({
      ok: false,
      reason: 'wrong-action',
    });
    expect(signer.verify(decline, { action: 'written-input', currentSequence: 2 })).toEqual({
      ok: false,
      reason: 'wrong-action',
    });
  });

  it('should refuse another meeting or another invitation', () => {
    const token = signer.sign(grant());
    expect(signer.verify(token, { action: 'accept', meetingId: 'meet-2', currentSequence: 2 })).toEqual({
      ok: false,
      reason: 'wrong-meeting',
    });
    expect(signer.verify(token, { action: 'accept', invitationId: 'inv-2', currentSequence: 2 })).toEqual({
      ok: false,
      reason: 'wrong-invitation',
    });
  });

  it('should make links of an older meeting version stale, unless the change keeps answers valid', () => {
    const token = signer.sign(grant({ meetingSequence: 2 }));
    expect(signer.verify(token, { action: 'accept', currentSequence: 3 })).toEqual({
      ok: false,
      reason: 'stale-sequence',
    });
    expect(signer.verify(token, { action: 'accept', currentSequence: 3, validFromSequence: 2 }).ok).toBe(true);
    expect(signer.verify(token, { action: 'accept', currentSequence: 1 })).toEqual({
      ok: false,
      reason: 'unknown-sequence',
    });
  });

  it('should verify links of a previous key after a rotation and refuse unknown keys', () => {
    const old = signer.sign(grant());
    const rotated = new RsvpLinkSigner([{ id: 'k2', secret: 'the-new-secret-that-is-long-enough-32b' }, KEY], clock);
    expect(rotated.verify(old, { action: 'accept', currentSequence: 2 }).ok).toBe(true);
    expect(rotated.peek(rotated.sign(grant()))?.keyId).toBe('k2');
    const onlyNew = new RsvpLinkSigner([{ id: 'k2', secret: 'the-new-secret-that-is-long-enough-32b' }], clock);
    expect(onlyNew.verify(old, { action: 'accept', currentSequence: 2 })).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('should refuse short secrets', () => {
    expect(() => new RsvpLinkSigner([{ id: 'k', secret: 'short' }], clock)).toThrow(/32 bytes/);
  });

  it('should build three single-purpose links', () => {
    const links = signer.links('https://concerto.example/v1/rsvp', {
      invitationId: 'inv-1',
      meetingId: 'meet-1',
      meetingSequence: 2,
      expiresAt: new Date('2026-10-27T09:00:00Z'),
    });
    expect(links.acceptUrl).toMatch(/^https:\/\/concerto\.example\/v1\/rsvp\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const token = (url: string) => new URL(url).pathname.split('/').pop() as string;
    expect(signer.verify(token(links.acceptUrl), { action: 'accept', currentSequence: 2 }).ok).toBe(true);
    expect(signer.verify(token(links.declineUrl), { action: 'decline', currentSequence: 2 }).ok).toBe(true);
    expect(signer.verify(token(links.writtenInputUrl), { action: 'written-input', currentSequence: 2 }).ok).toBe(true);
    expect(signer.verify(token(links.writtenInputUrl), { action: 'accept', currentSequence: 2 })).toEqual({
      ok: false,
      reason: 'wrong-action',
    });
  });

  it('should peek only at authentic tokens', () => {
    expect(signer.peek(signer.sign(grant()))?.meetingId).toBe('meet-1');
    expect(signer.peek('abc.def')).toBeUndefined();
  });
});
