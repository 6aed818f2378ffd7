import { alertBody, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

/**
 * Issue 14, defect 7: a Cyrillic look-alike letter in a name opened a second case for the same
 * person. Names are folded to their confusable skeleton (UTS #39) before correlation.
 */
describe('confusable names (embedded)', () => {
  let t: TestEngine;
  let pharmacist: string;
  let nurse: string;

  beforeAll(async () => {
    t = await startTestEngine();
    [pharmacist, nurse] = await Promise.all([t.token('pro-pharmacist'), t.token('pro-home-nurse')]);
  });
  afterAll(() => t?.close());

  const raise = (token: string, person: Record<string, unknown>) =>
    t.http().post('/v1/alerts').set('Authorization', `Bearer ${token}`).send(alertBody({}, person));

  it('should join an alert about "Маrie" (Cyrillic М) with the same birth date to the case of "Marie"', async () => {
    const marie = uniquePerson({ givenName: 'Marie', birthDate: '1938-02-14', address: { postalCode: '1083' } });
    const first = await raise(pharmacist, marie);
    expect(first.status).toBe(201);

    const cyrillicEm = await raise(nurse, { ...marie, givenName: '\u041Carie' });
    expect(cyrillicEm.status).toBe(201);
    expect(cyrillicEm.body).toMatchObject({ caseId: first.body.caseId, openedNewCase: false });

    // Cyrillic а and е in the given name, a Cyrillic Р opening the family name: the same person again.
    const moreLookAlikes = await raise(nurse, {
      ...marie,
      givenName: 'M\u0430ri\u0435',
      familyName: String(marie.familyName).replace(/^P/, '\u0420'),
    });
    expect(moreLookAlikes.body).toMatchObject({ caseId: first.body.caseId, openedNewCase: false });

    // Another birth date is another person, look-alike or not.
    const other = await raise(nurse, { ...marie, givenName: '\u041Carie', birthDate: '1938-02-15' });
    expect(other.body.caseId).not.toBe(first.body.caseId);
  });

  it('should keep a name written in Cyrillic apart from a Latin name it does not look like', async () => {
    const maria = uniquePerson({ givenName: 'Maria', birthDate: '1940-03-01', address: { postalCode: '1083' } });
    const latin = await raise(pharmacist, maria);
    // "Мария" reads Maria, but looks like "Mapия": its р looks like a p and its я like no Latin letter.
    const cyrillic = await raise(nurse, { ...maria, givenName: '\u041C\u0430\u0440\u0438\u044F' });
    expect(cyrillic.status).toBe(201);
    expect(cyrillic.body.caseId).not.toBe(latin.body.caseId);
  });
});
