import { correlationKeysFor, normaliseName } from './person-correlation.js';

describe('person correlation', () => {
  it('should normalise case, accents, hyphens and spaces in names', () => {
    expect(normaliseName('  Hélène-Marie   DE  Smet ')).toBe('helene marie de smet');
  });

  it('should prefer the national number and also keep the name key', () => {
    const keys = correlationKeysFor({
      givenName: 'Simone',
      familyName: 'Peeters',
      birthDate: '1941-05-03',
      postalCode: '1090',
      nationalNumber: '85073003328',
    });
    expect(keys.map((k) => k.strength)).toEqual(['national-number', 'name-birth-date-postal-code']);
    expect(keys[0].material).toBe('niss:85073003328');
  });

  it('should produce the same key for the same person written differently', () => {
    const a = correlationKeysFor({
      givenName: 'Simone',
      familyName: 'Peeters',
      birthDate: '1941-05-03',
      postalCode: '1090',
    });
    const b = correlationKeysFor({
      givenName: 'SIMONE ',
      familyName: 'peeters',
      birthDate: '1941-05-03',
      postalCode: '1090',
    });
    expect(a).toEqual(b);
  });

  it('should produce no key for a person known only by name', () => {
    expect(correlationKeysFor({ givenName: 'Martin', familyName: 'X' })).toEqual([]);
  });
});
