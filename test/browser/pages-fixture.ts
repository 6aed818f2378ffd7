import { alertBody, expectEventually, type TestEngine } from '#concerto/testing';

/**
 * A case for the token pages' browser specs (issue 16): Simone Peeters (Dutch-speaking), her son Jan
 * (e-mail), her GP; consent that shares the meeting with Jan and the GP; a meeting in a step-free
 * room three days from now (the browser target runs on the real clock).
 */
export interface PagesCase {
  caseId: string;
  concertationId: string;
  start: Date;
  ids: { person: string; relative: string; gp: string };
  coordinatorToken: string;
}

export async function pagesCase(t: TestEngine): Promise<PagesCase> {
  const coord = await t.token('coord-sud');
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];
  const post = (path: string, body: object) =>
    t
      .http()
      .post(path)
      .set(...auth(coord))
      .send(body);
  const day = 86_400_000;
  const start = new Date(Math.ceil((Date.now() + 3 * day) / day) * day + 9 * 3600_000);
  const res = await t
    .http()
    .post('/v1/alerts')
    .set(...auth(await t.token('pro-hospital-nurse')))
    .send(
      alertBody(
        { type: 'imminent-discharge', urgency: 'urgent', deadline: new Date(start.getTime() + 7 * day).toISOString() },
        { givenName: 'Simone', familyName: 'Peeters', address: { postalCode: '1180' }, preferredLanguage: 'nl' },
      ),
    );
  const caseId: string = res.body.caseId;
  let person = '';
  await expectEventually(async () => {
    const team = await t
      .http()
      .get(`/v1/cases/${caseId}/participants`)
      .set(...auth(coord));
    expect(team.body.participants).toHaveLength(1);
    person = team.body.participants[0].id;
  });
  await t
    .http()
    .get(`/v1/cases/${caseId}`)
    .set(...auth(coord));
  const relative = (
    await post(`/v1/cases/${caseId}/participants`, {
      kind: 'relative',
      displayName: 'Jan Peeters',
      language: 'nl',
      email: 'jan.peeters@example.test',
    })
  ).body.participant.id;
  const gp = (
    await post(`/v1/cases/${caseId}/participants`, {
      kind: 'professional',
      professionalId: 'pro-gp',
      email: 'gp@example.test',
    })
  ).body.participant.id;
  await post(`/v1/cases/${caseId}/consent`, {
    decision: 'granted',
    givenBy: 'person',
    scopes: [
      { participantId: gp, dataCategories: ['meeting-details', 'care-team'] },
      { participantId: relative, dataCategories: ['meeting-details'] },
    ],
  });
  const room = await post('/v1/bassins/sud/rooms', {
    name: 'Salle Sud (rez-de-chaussée)',
    capacity: 10,
    stepFree: true,
  });
  const meeting = await post(`/v1/cases/${caseId}/concertations`, {
    start: start.toISOString(),
    end: new Date(start.getTime() + 3600_000).toISOString(),
    location: { kind: 'room', roomId: room.body.id },
  });
  if (meeting.status !== 201) {
    throw new Error(`scheduling failed: ${meeting.status} ${JSON.stringify(meeting.body)}`);
  }
  return {
    caseId,
    concertationId: meeting.body.concertation.id,
    start,
    ids: { person, relative, gp },
    coordinatorToken: coord,
  };
}

/** What Brussels' clock shows for `at`, as the pages print it (hour:minute). */
export function brusselsClock(at: Date): string {
  return new Intl.DateTimeFormat('nl-BE', { timeZone: 'Europe/Brussels', hour: '2-digit', minute: '2-digit' }).format(
    at,
  );
}
