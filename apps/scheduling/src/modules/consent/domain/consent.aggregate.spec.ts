import { BusinessRuleViolation } from '#concerto/ddd';
import { Consent, ConsentChangedEvent } from './consent.aggregate.js';

const now = new Date('2026-11-23T10:00:00Z');

describe(Consent.name, () => {
  it('should start restricted: no concertation, nobody invited', () => {
    const c = Consent.notRecorded('case-1');
    expect(c.allowsConcertation).toBe(false);
    expect(c.mayInvite('p-gp', false)).toBe(false);
    expect(c.mayInvite('p-person', true)).toBe(false);
  });

  it('should allow inviting exactly the participants the person agreed to, with their data categories', () => {
    const c = Consent.notRecorded('case-1');
    c.grant(
      'person',
      [{ participantId: 'p-gp', dataCategories: ['meeting-details', 'case-status'] }],
      'coord-nord',
      now,
    );
    expect(c.mayInvite('p-gp', false)).toBe(true);
    expect(c.mayInvite('p-neighbour', false)).toBe(false);
    expect(c.mayInvite('p-person', true)).toBe(true);
    expect(c.mayShare('p-gp', 'meeting-details')).toBe(true);
    expect(c.mayShare('p-gp', 'contact-details')).toBe(false);
    expect(c.pullEvents()).toEqual([expect.any(ConsentChangedEvent)]);
  });

  it('should stop all sharing when revoked or refused', () => {
    const c = Consent.notRecorded('case-1');
    c.grant('person', [{ participantId: 'p-gp', dataCategories: ['meeting-details'] }], 'coord-nord', now);
    c.revoke('coord-nord', now);
    expect(c.mayInvite('p-gp', false)).toBe(false);
    expect(c.mayShare('p-gp', 'meeting-details')).toBe(false);
    const r = Consent.notRecorded('case-2');
    r.refuse('legal-representative', 'coord-nord', now);
    expect(r.allowsConcertation).toBe(false);
  });

  it('should accept an emergency exception only with a reason, and flag it', () => {
    const c = Consent.notRecorded('case-1');
    expect(() => c.invokeEmergencyException('', ['p-gp'], 'coord-nord', now)).toThrow(BusinessRuleViolation);
    c.invokeEmergencyException('Person unreachable, discharge tomorrow, lives alone', ['p-gp'], 'coord-nord', now);
    expect(c.isFlagged).toBe(true);
    expect(c.mayInvite('p-gp', false)).toBe(true);
  });
});
