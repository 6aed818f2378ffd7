import {
  blockingKeysFor,
  editDistance,
  InMemoryCorrelation,
  normalisePhone,
  possibleMatchReasons,
} from './person-matching.js';

describe('person matching (possible matches, issue 15)', () => {
  const martin = { givenName: 'Martin', familyName: 'Lejeune', birthDate: '1968-02-11' };

  it('should count a transposition as one edit', () => {
    expect(editDistance('janssens', 'jansesns')).toBe(1);
    expect(editDistance('peeters', 'peters')).toBe(1);
    expect(editDistance('dubois', 'dupont')).toBeGreaterThan(2);
  });

  it('should propose a misspelt, swapped or look-alike name with the same birth date, never a join', () => {
    expect(possibleMatchReasons(martin, { ...martin, familyName: 'Lejeunne' }, false)).toEqual(['name-typo']);
    expect(possibleMatchReasons(martin, { ...martin, givenName: 'Lejeune', familyName: 'Martin' }, false)).toEqual([
      'swapped-names',
    ]);
    expect(
      possibleMatchReasons({ ...martin, familyName: 'Yildiz' }, { ...martin, familyName: 'Yıldız' }, false),
    ).toEqual(['confusable-letter']);
  });

  it('should not propose two different names, or two birth dates', () => {
    expect(possibleMatchReasons(martin, { ...martin, familyName: 'Dubois' }, false)).toEqual([]);
    expect(possibleMatchReasons(martin, { ...martin, familyName: 'Lejeunne', birthDate: '1968-02-12' }, true)).toEqual(
      [],
    );
  });

  it('should propose a person with no birth date only on a shared phone or the very same name', () => {
    const noDate = { givenName: 'Martin', familyName: 'Lejeun' };
    expect(possibleMatchReasons(noDate, martin, true)).toEqual(['phone-without-birth-date']);
    expect(possibleMatchReasons(noDate, martin, false)).toEqual([]);
    expect(possibleMatchReasons({ givenName: 'martin', familyName: 'LEJEUNE' }, martin, false)).toEqual([
      'name-without-birth-date',
    ]);
  });

  it('should read one Belgian phone number written several ways as one', () => {
    expect(normalisePhone('0470 12 34 56')).toBe('32470123456');
    expect(normalisePhone('+32 470 12.34.56')).toBe('32470123456');
    expect(normalisePhone('0032470123456')).toBe('32470123456');
    expect(normalisePhone('12')).toBeUndefined();
  });

  it('should block on the birth date, the phone and the unordered name', () => {
    expect(blockingKeysFor({ ...martin, phone: '0470123456' }).map((k) => k.material)).toEqual([
      'bd:1968-02-11',
      'ph:32470123456',
      'nm:lejeune martin',
    ]);
  });

  it('should join with and without a postal code, and propose a misspelling', () => {
    const c = new InMemoryCorrelation();
    const first = c.correlate({ ...martin, postalCode: '1000' });
    expect(c.correlate(martin)).toEqual({ kind: 'joined', personId: first.personId });
    const typo = c.correlate({ ...martin, familyName: 'Lejeunne' });
    expect(typo).toMatchObject({
      kind: 'new',
      possibleMatches: [{ personId: first.personId, reasons: ['name-typo'] }],
    });
  });
});
