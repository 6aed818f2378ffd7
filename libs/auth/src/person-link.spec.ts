import { ManualClock } from '#concerto/ddd';
import { PersonLinkSigner } from './person-link.js';
import { RsvpLinkSigner } from './rsvp-link.js';

const SECRET = 'a-test-secret-that-is-long-enough-32b!';
const NOW = new Date('2026-11-23T08:00:00Z');
const GRANT = {
  caseId: '6f1c2a8e-0d55-4b7f-9a31-2c9e8f0b1d22',
  participantId: '0b8e4c1a-7f3d-4e2b-8c9a-5d6e7f8a9b0c',
  expiresAt: new Date('2026-12-23T08:00:00Z'),
};

describe('person links', () => {
  let clock: ManualClock;
  let signer: PersonLinkSigner;
  beforeEach(() => {
    clock = new ManualClock(NOW);
    signer = new PersonLinkSigner(SECRET, clock);
  });

  it('should carry the case, the holder, a random link id and the expiry only', () => {
    const { token, linkId } = signer.sign(GRANT);
    const claims = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as object;
    expect(Object.keys(claims).sort()).toEqual(['c', 'e', 'n', 'w']);
    expect(signer.verify(token)).toEqual({ ok: true, claims: { ...GRANT, linkId } });
    expect(signer.sign(GRANT).linkId).not.toBe(linkId);
    expect(() => signer.sign({ ...GRANT, participantId: 'Simone Peeters' })).toThrow();
  });

  it('should refuse tampering, another key, garbage and an expired link', () => {
    const { token } = signer.sign(GRANT);
    const [payload, sig] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), w: 'someone-else' }),
    ).toString('base64url');
    expect(signer.verify(`${forged}.${sig}`)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(new PersonLinkSigner('another-secret-that-is-long-enough-32b', clock).verify(token).ok).toBe(false);
    for (const bad of ['', 'a.b', 'x'.repeat(600), '!!.??']) {
      expect(signer.verify(bad).ok).toBe(false);
    }
    clock.set(GRANT.expiresAt);
    expect(signer.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('should never pass for an answer link, nor an answer link for it, under the same secret', () => {
    const rsvp = new RsvpLinkSigner([{ id: 'k1', secret: SECRET }], clock);
    const answer = rsvp.sign({
      invitationId: 'inv-1',
      meetingId: 'meet-1',
      meetingSequence: 0,
      action: 'accept',
      expiresAt: GRANT.expiresAt,
    });
    expect(signer.verify(answer).ok).toBe(false);
    expect(rsvp.peek(signer.sign(GRANT).token)).toBeUndefined();
  });
});
