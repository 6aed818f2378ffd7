import { channelsFor, crowdWarning, hasLimitedRights, messageLanguage } from './care-team.js';

describe('care team rules', () => {
  it('should serve FR, NL and EN directly and flag an interpreter for any other language', () => {
    expect(messageLanguage('nl-BE')).toEqual({ language: 'nl', interpreterNeeded: false });
    expect(messageLanguage('es')).toEqual({ language: 'fr', interpreterNeeded: true });
    expect(messageLanguage('pl', 'nl')).toEqual({ language: 'nl', interpreterNeeded: true });
  });

  it('should reach people without e-mail or phone by letter, or by a phone-call task', () => {
    expect(channelsFor({ hasEmail: true, hasPhone: true, hasPostalAddress: true })).toEqual(['email', 'sms']);
    expect(channelsFor({ hasEmail: false, hasPhone: false, hasPostalAddress: true })).toEqual(['letter']);
    expect(channelsFor({ hasEmail: false, hasPhone: false, hasPostalAddress: false })).toEqual(['phone-call']);
  });

  it('should give informal participants limited rights', () => {
    expect(hasLimitedRights('relative')).toBe(true);
    expect(hasLimitedRights('professional')).toBe(false);
    expect(hasLimitedRights('person')).toBe(false);
  });

  it('should warn past the comfortable table size only', () => {
    expect(crowdWarning(8, 8)).toBeUndefined();
    expect(crowdWarning(9, 8)).toMatch(/9 people/);
  });
});
