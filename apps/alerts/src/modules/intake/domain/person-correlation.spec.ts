import { confusableSkeleton, correlationKeysFor, normaliseName } from './person-correlation.js';

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
    expect(keys.map((k) => k.strength)).toEqual(['national-number', 'name-birth-date', 'name-birth-date-postal-code']);
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

  it('should join on name and birth date whether or not a postal code is given (issue 15)', () => {
    const withPostalCode = correlationKeysFor({
      givenName: 'Martin',
      familyName: 'Lejeune',
      birthDate: '1968-02-11',
      postalCode: '1000',
    });
    const without = correlationKeysFor({ givenName: 'Martin', familyName: 'Lejeune', birthDate: '1968-02-11' });
    expect(without).toEqual([{ strength: 'name-birth-date', material: 'nb:martin|lejeune|1968-02-11' }]);
    expect(withPostalCode[0]).toEqual(without[0]);
    // No birth date: no joining key (a namesake of the same commune is as likely); a coordinator decides.
    expect(correlationKeysFor({ givenName: 'Martin', familyName: 'Lejeune', postalCode: '1000' })).toEqual([]);
  });

  it('should produce no key for a person known only by name', () => {
    expect(correlationKeysFor({ givenName: 'Martin', familyName: 'X' })).toEqual([]);
  });

  describe('confusable skeleton (UTS #39, issue 14)', () => {
    it('should replace Cyrillic and Greek look-alike letters by the Latin letters they look like', () => {
      expect(confusableSkeleton('\u041Carie')).toBe('Marie'); // Cyrillic capital Em
      expect(confusableSkeleton('P\u0435\u0435t\u0435rs')).toBe('Peeters'); // Cyrillic small ie
      expect(confusableSkeleton('\u0406van')).toBe('Ivan'); // Cyrillic I, not the l of UTS #39's prototype
      expect(confusableSkeleton('\u039Fscar')).toBe('Oscar'); // Greek capital Omicron
      // A look-alike with an accent: NFD first, so the base letter is found and the accent kept.
      expect(confusableSkeleton('H\u0451l\u0451ne')).toBe('He\u0308le\u0308ne'); // Cyrillic small yo
    });

    it('should leave Latin names and letters without a Latin look-alike as they are (in NFD)', () => {
      for (const name of ['Marie', 'Hélène', 'Søren', 'Yıldız', 'Ilse', 'Émile']) {
        expect(confusableSkeleton(name)).toBe(name.normalize('NFD'));
      }
      expect(confusableSkeleton('\u043Ca\u0448a')).toBe('\u043Caw' + 'a'); // small em has no Latin twin; sha looks like w
    });

    it('should give a look-alike name the key of the Latin name, and keep the earlier key after it', () => {
      const person = { birthDate: '1941-05-03', postalCode: '1090' };
      const latin = correlationKeysFor({ givenName: 'Marie', familyName: 'Peeters', ...person });
      const mixed = correlationKeysFor({ givenName: '\u041Carie', familyName: 'Peeters', ...person });
      expect(mixed[0]).toEqual(latin[0]);
      expect(normaliseName('\u041C\u0410RIE')).toBe('marie');
      // The key it had before skeletons (to find a person recorded then), never for a Latin name.
      expect(mixed).toHaveLength(4);
      expect(mixed[2].material).toBe('nb:\u043Carie|peeters|1941-05-03');
      expect(latin.map((k) => k.material)).toEqual([
        'nb:marie|peeters|1941-05-03',
        'nbp:marie|peeters|1941-05-03|1090',
      ]);
    });
  });
});
