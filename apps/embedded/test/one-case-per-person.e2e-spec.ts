import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

type Json = Record<string, any>;

/**
 * Issue 15, point 5: one case per person. The same name and birth date meet with or without a
 * postal code; a misspelt name is a possible match a coordinator confirms (merge, both histories
 * on the survivor) or rejects; a wrong merge can be split; a pseudonymous person can be tied to
 * a verified national number with consent (R29).
 */
describe('one case per person (embedded)', () => {
  let t: TestEngine;
  let pharmacist: string;
  let nurse: string;
  let coordinator: string;

  beforeAll(async () => {
    t = await startTestEngine();
    [pharmacist, nurse, coordinator] = await Promise.all([
      t.token('pro-pharmacist'),
      t.token('pro-home-nurse'),
      t.token('coord-nord'),
    ]);
  });
  afterAll(() => t?.close());

  const raise = async (reporter: string, person: Json) => {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${reporter}`)
      .send(alertBody({}, person));
    expect(res.status).toBe(201);
    return res.body as { caseId: string; alertId: string; openedNewCase: boolean };
  };
  const view = async (caseId: string, token = coordinator) =>
    (await t.http().get(`/v1/cases/${caseId}`).set('Authorization', `Bearer ${token}`)).body as Json;
  const timeline = async (caseId: string) =>
    (await t.http().get(`/v1/cases/${caseId}/timeline`).set('Authorization', `Bearer ${coordinator}`)).body as Json;
  const post = (path: string, body: Json = {}, token = coordinator) =>
    t.http().post(path).set('Authorization', `Bearer ${token}`).send(body);
  /** Waits until the case shows a proposal naming the other case. */
  const proposalBetween = async (caseId: string, otherCaseId: string): Promise<Json> => {
    let match: Json | undefined;
    await expectEventually(async () => {
      match = (await view(caseId)).possibleMatches?.find((m: Json) => m.otherCaseId === otherCaseId);
      expect(match).toBeDefined();
    });
    return match!;
  };

  it('should join an alert without a postal code to the case opened with one, and the other way round', async () => {
    const martin = uniquePerson({ givenName: 'Martin', birthDate: '1961-04-17', address: { postalCode: '1090' } });
    const first = await raise(pharmacist, martin);
    const homeless = await raise(nurse, { ...martin, address: undefined, noFixedAddress: true });
    expect(homeless).toMatchObject({ caseId: first.caseId, openedNewCase: false });

    const other = uniquePerson({ givenName: 'Jan', birthDate: '1962-05-18', address: undefined, noFixedAddress: true });
    const withoutFirst = await raise(pharmacist, other);
    const withLater = await raise(nurse, { ...other, noFixedAddress: false, address: { postalCode: '1090' } });
    expect(withLater).toMatchObject({ caseId: withoutFirst.caseId, openedNewCase: false });
  });

  it('should propose a misspelt name as a possible match, merge on confirm with both histories, and split again', async () => {
    const person = uniquePerson({ givenName: 'Lejeune', birthDate: '1963-06-19' });
    const first = await raise(pharmacist, person);
    // One letter doubled: not the same key, so a second case, and a proposal rather than a silent join.
    const misspelt = await raise(nurse, { ...person, givenName: 'Lejeunne' });
    expect(misspelt.openedNewCase).toBe(true);
    expect(misspelt.caseId).not.toBe(first.caseId);
    const match = await proposalBetween(misspelt.caseId, first.caseId);
    expect(match).toMatchObject({ state: 'proposed', reasons: ['name-typo'] });
    // Both cases show it.
    await proposalBetween(first.caseId, misspelt.caseId);
    // Reason codes and ids only: no name in the proposal.
    expect(JSON.stringify(match)).not.toContain('Lejeun');

    // A reporter may not decide.
    expect(
      (await post(`/v1/cases/${misspelt.caseId}/possible-matches/${match.matchId}/confirm`, {}, nurse)).status,
    ).toBe(403);

    const confirmed = await post(`/v1/cases/${misspelt.caseId}/possible-matches/${match.matchId}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ state: 'confirmed', caseId: first.caseId, mergedCaseId: misspelt.caseId });
    expect((await post(`/v1/cases/${misspelt.caseId}/possible-matches/${match.matchId}/confirm`)).status).toBe(409);

    const survivor = await view(first.caseId);
    expect(survivor.mergedCases).toEqual([misspelt.caseId]);
    expect(survivor.alerts.map((a: Json) => a.alertId)).toEqual(
      expect.arrayContaining([first.alertId, misspelt.alertId]),
    );
    expect(survivor.signals.map((s: Json) => s.signalId)).toEqual(
      expect.arrayContaining([first.alertId, misspelt.alertId]),
    );
    expect((await view(misspelt.caseId)).mergedInto).toBe(first.caseId);
    // The worklist lists the person once: through the survivor, until a split restores the other.
    const listed = async () =>
      (
        (await t.http().get('/v1/cases?bassin=nord&limit=100').set('Authorization', `Bearer ${coordinator}`)).body
          .items as Json[]
      ).map((i) => i.caseId);
    expect(await listed()).toContain(first.caseId);
    expect(await listed()).not.toContain(misspelt.caseId);
    const history = await timeline(first.caseId);
    expect(history.entries.filter((e: Json) => e.kind === 'case.opened')).toHaveLength(2);
    expect(history.entries.map((e: Json) => e.kind)).toContain('case.merged');

    // Later alerts about the misspelt person join the survivor.
    await expectEventually(async () =>
      expect((await raise(nurse, { ...person, givenName: 'Lejeunne' })).caseId).toBe(first.caseId),
    );

    const split = await post(`/v1/cases/${first.caseId}/split`, { mergedCaseId: misspelt.caseId });
    expect(split.status).toBe(200);
    expect(split.body).toMatchObject({ caseId: first.caseId, restoredCaseId: misspelt.caseId });
    const restored = await view(misspelt.caseId);
    expect(restored.mergedInto).toBeUndefined();
    expect(restored.alerts.map((a: Json) => a.alertId)).toContain(misspelt.alertId);
    expect((await view(first.caseId)).mergedCases).toEqual([]);
    expect(await listed()).toContain(misspelt.caseId);
    expect((await view(first.caseId)).alerts.map((a: Json) => a.alertId)).not.toContain(misspelt.alertId);
    expect((await timeline(misspelt.caseId)).entries.map((e: Json) => e.kind)).toContain('case.split');
    expect((await post(`/v1/cases/${first.caseId}/split`, { mergedCaseId: misspelt.caseId })).status).toBe(404);
    await expectEventually(async () =>
      expect((await raise(nurse, { ...person, givenName: 'Lejeunne' })).caseId).toBe(misspelt.caseId),
    );

    // Audited: the merge and the split, on both cases.
    for (const purpose of ['confirm-possible-match', 'merge-cases', 'split-case']) {
      const rows = await t.sql<{ subject_id: string }>(
        `SELECT "subject_id" FROM "cases"."audit_log" WHERE "purpose" = $1 AND "outcome" = 'allowed'`,
        [purpose],
      );
      expect(rows.map((r) => r.subject_id)).toEqual(
        expect.arrayContaining([purpose === 'confirm-possible-match' ? misspelt.caseId : expect.any(String)]),
      );
    }
  });

  it('should propose swapped names and keep the cases apart when the coordinator rejects', async () => {
    const person = uniquePerson({ givenName: 'Annelies', birthDate: '1964-07-20' });
    const first = await raise(pharmacist, person);
    const swapped = await raise(nurse, { ...person, givenName: person.familyName, familyName: 'Annelies' });
    expect(swapped.caseId).not.toBe(first.caseId);
    const match = await proposalBetween(swapped.caseId, first.caseId);
    expect(match.reasons).toEqual(['swapped-names']);

    const rejected = await post(`/v1/cases/${first.caseId}/possible-matches/${match.matchId}/reject`);
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ matchId: match.matchId, state: 'rejected' });
    expect((await view(first.caseId)).mergedCases).toEqual([]);
    expect((await view(swapped.caseId)).mergedInto).toBeUndefined();
    expect((await view(first.caseId)).possibleMatches).toEqual([
      expect.objectContaining({ matchId: match.matchId, state: 'rejected', decidedBy: 'coord-nord' }),
    ]);
    expect((await post(`/v1/cases/${first.caseId}/possible-matches/${match.matchId}/confirm`)).status).toBe(409);
    // An unknown match on this case: 404.
    expect((await post(`/v1/cases/${first.caseId}/possible-matches/${crypto.randomUUID()}/confirm`)).status).toBe(404);
  });

  it('should propose an alert without a birth date that gives the same phone', async () => {
    const person = uniquePerson({ givenName: 'Youssef', birthDate: '1965-08-21', phone: '0470 12 34 56' });
    const first = await raise(pharmacist, person);
    const noDate = await raise(nurse, { ...person, birthDate: undefined, phone: '+32 470 12.34.56' });
    expect(noDate.caseId).not.toBe(first.caseId);
    const match = await proposalBetween(noDate.caseId, first.caseId);
    expect(match.reasons).toEqual(['phone-without-birth-date']);
  });

  it('should tie a pseudonymous person to a verified national number only with consent', async () => {
    const person = uniquePerson({ givenName: 'Piotr', birthDate: '1985-07-30' });
    const first = await raise(pharmacist, person);
    await expectEventually(async () => expect((await view(first.caseId)).status).toBe('opened'));
    expect((await view(first.caseId)).person.hasNationalNumber).toBe(false);

    const path = `/v1/cases/${first.caseId}/person/verify`;
    const noConsent = await post(path, { nationalNumber: '85.07.30-033.28', consentGiven: false });
    expect(noConsent.status).toBe(422);
    expect((await post(path, { nationalNumber: '85.07.30-033.28' })).status).toBe(400);
    expect((await post(path, { nationalNumber: '85.07.30-033.29', consentGiven: true })).status).toBe(422);
    // The reporter is a member of the case, not a coordinator.
    expect((await post(path, { nationalNumber: '85.07.30-033.28', consentGiven: true }, pharmacist)).status).toBe(403);

    const verified = await post(path, { nationalNumber: '85.07.30-033.28', consentGiven: true });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ caseId: first.caseId, verified: true });
    expect((await view(first.caseId)).person.hasNationalNumber).toBe(true);
    expect(JSON.stringify(await timeline(first.caseId))).not.toContain('85073003328');

    // A later alert giving only the number (another name spelling) joins the person's case.
    const byNumber = await raise(nurse, { ...person, familyName: 'Someone-Else', nationalNumber: '85073003328' });
    expect(byNumber.caseId).toBe(first.caseId);
  });
});
