import { isShortPersonToken, PersonLinkSigner } from './person-link.js';

const clock = { now: () => new Date('2026-11-23T08:00:00Z') };

describe('short person-link tokens', () => {
  const signer = new PersonLinkSigner('k'.repeat(32), clock);

  it('should be 22 characters, the same for the same link, different for another link or key', () => {
    const token = signer.shortToken('link-1');
    expect(isShortPersonToken(token)).toBe(true);
    expect(signer.shortToken('link-1')).toBe(token);
    expect(signer.shortToken('link-2')).not.toBe(token);
    expect(new PersonLinkSigner('j'.repeat(32), clock).shortToken('link-1')).not.toBe(token);
  });

  it('should never be taken for a signed token, nor a signed one for it', () => {
    const { token } = signer.sign({ caseId: 'c1', participantId: 'p1', expiresAt: new Date('2026-12-01T00:00:00Z') });
    expect(isShortPersonToken(token)).toBe(false);
    expect(signer.verify(signer.shortToken('link-1')).ok).toBe(false);
  });
});
