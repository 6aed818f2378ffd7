import { alertBody, expectEventually } from '#concerto/testing';
import type { BrowserTarget } from './kit.js';

/**
 * A case for the token pages' browser specs (issue 16): Simone Peeters (Dutch-speaking), her son Jan
 * (e-mail), her GP; consent that shares the meeting with Jan and the GP; a meeting in a step-free
 * room three days from the target's business time. Everything goes through the target's HTTP API, so
 * it works against the embedded engine and against the stack's gateway alike.
 */
export interface PagesCase {
  caseId: string;
  concertationId: string;
  start: Date;
  ids: { person: string; relative: string; gp: string };
  /** The coordinator of the case (a demo user: target.api.call(…, { as: coordinator })). */
  coordinator: string;
  /** Jan's address: unique per run on the stack, where earlier runs' e-mails stay in the mailbox. */
  relativeEmail: string;
}

export async function pagesCase(target: BrowserTarget): Promise<PagesCase> {
  const coordinator = 'coord-sud';
  const post = async (path: string, body: object) => {
    const res = await target.api.call('POST', path, { as: coordinator, body });
    if (res.status >= 300) {
      throw new Error(`POST ${path}: ${res.status} ${res.text}`);
    }
    return res;
  };
  const day = 86_400_000;
  const now = (await target.clock.now()).getTime();
  const start = new Date(Math.ceil((now + 3 * day) / day) * day + 9 * 3600_000);
  const relativeEmail = `${target.unique('jan.peeters')}@example.test`;
  const res = await target.api.call('POST', '/v1/alerts', {
    as: 'pro-hospital-nurse',
    body: alertBody(
      { type: 'imminent-discharge', urgency: 'urgent', deadline: new Date(start.getTime() + 7 * day).toISOString() },
      {
        givenName: 'Simone',
        familyName: target.unique('Peeters'),
        address: { postalCode: '1180' },
        preferredLanguage: 'nl',
      },
    ),
  });
  if (res.status !== 201) {
    throw new Error(`alert refused: ${res.status} ${res.text}`);
  }
  const caseId: string = res.body.caseId;
  let person = '';
  await expectEventually(async () => {
    const team = await target.api.call('GET', `/v1/cases/${caseId}/participants`, { as: coordinator });
    expect(team.body.participants).toHaveLength(1);
    person = team.body.participants[0].id;
  });
  // The coordinator opens the file: the person's page lists this read.
  expect((await target.api.call('GET', `/v1/cases/${caseId}`, { as: coordinator })).status).toBe(200);
  const relative = (
    await post(`/v1/cases/${caseId}/participants`, {
      kind: 'relative',
      displayName: 'Jan Peeters',
      language: 'nl',
      email: relativeEmail,
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
    name: target.unique('Salle Sud (rez-de-chaussée)'),
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
    coordinator,
    relativeEmail,
  };
}

/** What Brussels' clock shows for `at`, as the pages print it (hour:minute). */
export function brusselsClock(at: Date): string {
  return new Intl.DateTimeFormat('nl-BE', { timeZone: 'Europe/Brussels', hour: '2-digit', minute: '2-digit' }).format(
    at,
  );
}
