import { type CaseConsent, consentCovers } from './case-consent.js';

const at = new Date('2026-11-23T10:00:00Z');
const consent = (status: CaseConsent['status'], participantIds?: string[]): CaseConsent => ({
  caseId: 'case-1',
  status,
  ...(participantIds ? { participantIds } : {}),
  changedAt: at,
});

describe(consentCovers.name, () => {
  it('should leave scheduling the only word until a consent change is heard', () => {
    expect(consentCovers(undefined, { participantId: 'p-gp', participantKind: 'professional' })).toBe(true);
  });

  it('should stop every message, the person’s included, once the consent is revoked or refused', () => {
    for (const status of ['revoked', 'refused'] as const) {
      expect(consentCovers(consent(status, []), { participantKind: 'person' })).toBe(false);
      expect(consentCovers(consent(status, []), { participantId: 'p-gp', participantKind: 'professional' })).toBe(
        false,
      );
      // A date-poll message (no invitation view): the case-wide status decides.
      expect(consentCovers(consent(status, []), {})).toBe(false);
    }
  });

  it('should cover the person and the named participants only, while the consent allows a concertation', () => {
    const granted = consent('granted', ['p-gp']);
    expect(consentCovers(granted, { participantId: 'p-person', participantKind: 'person' })).toBe(true);
    expect(consentCovers(granted, { participantId: 'p-gp', participantKind: 'professional' })).toBe(true);
    expect(consentCovers(granted, { participantId: 'p-nurse', participantKind: 'professional' })).toBe(false);
    expect(consentCovers(consent('emergency-exception', ['p-nurse']), { participantId: 'p-nurse' })).toBe(true);
  });
});
