import { InvitationCardsService } from '../../../scheduling/src/modules/concertations/interface/in-process/invitation-cards.service.js';
import { alertBody, expectEventually, type TestEngine, uniquePerson } from '#concerto/testing';

/**
 * One case of bassin Nord with everything an id can name: its alert, care team (person, a relative
 * with e-mail, a professional), consent, a scheduled meeting with answer links, a cancelled meeting,
 * a date poll, the coordinator's letter task and a captured development-mailbox message. The attack
 * specs aim at these objects from outside (another bassin, a lower role, a forged input).
 */
export interface NordCase {
  caseId: string;
  alertId: string;
  personRef: string;
  person: { givenName: string; familyName: string; birthDate: string; postalAddress: string };
  participants: { person: string; relative: string; gp: string };
  concertationId: string;
  /** The GP's invitation to the scheduled meeting. */
  invitationId: string;
  cancelledConcertationId: string;
  pollId: string;
  /** Answer links of the GP's invitation to the scheduled meeting. */
  rsvp: { accept: string; decline: string; writtenInput: string };
  pollAnswerToken: string;
  taskId: string;
  /** A dated deadline of the case, set by its coordinator. */
  deadlineId: string;
  /** An action item of the case (owned by an organisation nobody signs in for, already done: nothing left open). */
  actionItemId: string;
  /** A development-mailbox message about this case (undefined when the mailbox is not served). */
  mailboxMessageId?: string;
  roomId: string;
}

export const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

/** A meeting time `days` ahead, 10:00–11:00 UTC, on a weekday. */
export function meetingSlot(days: number): { start: string; end: string } {
  const d = new Date(Date.now() + days * 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) {
    d.setUTCDate(d.getUTCDate() + 1);
  }
  d.setUTCHours(10, 0, 0, 0);
  return { start: d.toISOString(), end: new Date(d.getTime() + 3_600_000).toISOString() };
}

export async function openNordCase(
  t: TestEngine,
  person: Record<string, unknown> = uniquePerson({ address: { postalCode: '1090' } }),
): Promise<NordCase> {
  const coord = await t.token('coord-nord');
  const as = (token: string) => ({
    post: (path: string, body: object = {}) =>
      t
        .http()
        .post(path)
        .set(...auth(token))
        .send(body),
    get: (path: string) =>
      t
        .http()
        .get(path)
        .set(...auth(token)),
  });
  const c = as(coord);
  const raised = await as(await t.token('pro-pharmacist')).post(
    '/v1/alerts',
    alertBody({}, { ...person, address: { postalCode: '1090' } }),
  );
  expect(raised.status).toBe(201);
  expect(raised.body.bassin.id).toBe('nord');
  const caseId = raised.body.caseId as string;
  const personId = await expectEventually(async () => {
    const team = await c.get(`/v1/cases/${caseId}/participants`);
    expect(team.status).toBe(200);
    expect(team.body.participants).toHaveLength(1);
    return team.body.participants[0].id as string;
  });
  const postalAddress = 'Rue des Attaques 7, 1090 Jette';
  expect(
    (
      await t
        .http()
        .patch(`/v1/cases/${caseId}/participants/${personId}`)
        .set(...auth(coord))
        .send({ postalAddress })
    ).status,
  ).toBe(200);
  const add = async (body: object) => {
    const r = await c.post(`/v1/cases/${caseId}/participants`, body);
    expect(r.status).toBe(201);
    return r.body.participant.id as string;
  };
  const relative = await add({ kind: 'relative', displayName: 'Jan Nordmann', email: 'jan.nordmann@example.test' });
  const gp = await add({ kind: 'professional', professionalId: 'pro-gp', email: 'gp@example.test' });
  const participants = { person: personId, relative, gp };
  const consent = await c.post(`/v1/cases/${caseId}/consent`, {
    decision: 'granted',
    givenBy: 'person',
    scopes: Object.values(participants).map((participantId) => ({
      participantId,
      dataCategories: ['meeting-details', 'case-status'],
    })),
  });
  expect(consent.status).toBe(200);
  const room = await c.post('/v1/bassins/nord/rooms', { name: 'Salle Nord', capacity: 8, stepFree: true });
  expect(room.status).toBe(201);

  const scheduled = await c.post(`/v1/cases/${caseId}/concertations`, {
    ...meetingSlot(3),
    location: { kind: 'room', roomId: room.body.id },
  });
  expect(scheduled.status).toBe(201);
  const concertationId = scheduled.body.concertation.id as string;
  const cancelled = await c.post(`/v1/cases/${caseId}/concertations`, {
    ...meetingSlot(5),
    location: { kind: 'video', label: 'https://meet.example.test/nord' },
  });
  expect(cancelled.status).toBe(201);
  const cancelledConcertationId = cancelled.body.concertation.id as string;
  expect((await c.post(`/v1/concertations/${cancelledConcertationId}/cancel`)).status).toBe(200);

  const poll = await c.post(`/v1/cases/${caseId}/concertations/polls`, {
    options: [meetingSlot(8), meetingSlot(9)],
    closesAt: new Date(Date.now() + 6 * 86_400_000).toISOString(),
    location: { kind: 'video', label: 'https://meet.example.test/poll' },
  });
  expect(poll.status).toBe(201);
  const pollId = poll.body.id as string;
  expect(pollId).toEqual(expect.any(String));

  const cards = t.engine.app.get(InvitationCardsService, { strict: false });
  const gpInvitation = (scheduled.body.concertation.invitations as Array<{ id: string; participantId: string }>).find(
    (i) => i.participantId === gp,
  )!;
  const card = (await cards.deliveryCard(gpInvitation.id))!;
  const rsvpToken = (url: string) => url.split('/a/')[1];
  const pollInvitations = poll.body.invitations as Array<{ id: string; participantId: string }>;
  const pollCard = (await cards.pollCard(pollInvitations.find((i) => i.participantId === gp)!.id))!;

  const taskId = await expectEventually(async () => {
    const tasks = await c.get(`/v1/cases/${caseId}/tasks`);
    expect(tasks.status).toBe(200);
    const letter = (tasks.body.tasks as Array<{ id: string; kind: string }>).find((x) => x.kind === 'post-letter');
    expect(letter).toBeDefined();
    return letter!.id;
  });

  let mailboxMessageId: string | undefined;
  const admin = as(await t.token('admin'));
  if ((await admin.get('/v1/dev/mailbox')).status === 200) {
    mailboxMessageId = await expectEventually(async () => {
      const list = await admin.get('/v1/dev/mailbox');
      expect(JSON.stringify(list.body)).toContain('jan.nordmann@example.test');
      const items = list.body.items as Array<{ id: string; to?: string }>;
      return items.find((m) => m.to === 'jan.nordmann@example.test')!.id;
    });
  }

  const personRef = (
    await t.sql<{ person_ref: string }>(`SELECT "person_ref"::text FROM "cases"."cases" WHERE "case_id" = $1`, [caseId])
  )[0].person_ref;
  const deadline = await c.post(`/v1/cases/${caseId}/deadlines`, {
    kind: 'administrative',
    dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  expect(deadline.status).toBe(201);
  const deadlineId = deadline.body.deadlineId as string;
  const item = await c.post(`/v1/cases/${caseId}/action-items`, {
    kind: 'task',
    title: 'Call the GP back',
    owner: { organisationId: 'org-fixture-nord' },
    dueOn: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
  });
  expect(item.status).toBe(201);
  expect((await c.post(`/v1/action-items/${item.body.id}/done`)).status).toBe(200);
  return {
    caseId,
    alertId: raised.body.alertId,
    personRef,
    person: {
      givenName: String(person.givenName),
      familyName: String(person.familyName),
      birthDate: String(person.birthDate),
      postalAddress,
    },
    participants,
    concertationId,
    invitationId: gpInvitation.id,
    cancelledConcertationId,
    pollId,
    rsvp: {
      accept: rsvpToken(card.links.acceptUrl),
      decline: rsvpToken(card.links.declineUrl),
      writtenInput: rsvpToken(card.links.writtenInputUrl),
    },
    pollAnswerToken: pollCard.answerUrl.split('/p/')[1],
    taskId,
    deadlineId,
    actionItemId: item.body.id as string,
    mailboxMessageId,
    roomId: room.body.id,
  };
}
