import { type NordCase, meetingSlot } from './bassin-fixture.js';

/**
 * Every route of the API description whose path names an object, mapped to the objects of the Nord
 * fixture case and a request body that passes validation. The attack specs walk /docs-json and fail
 * on a route this table does not map, so a new route is attacked without anyone remembering it.
 */
export type Request = { params: Record<string, string>; body?: object | string; contentType?: string };
export type Mapping =
  | ({ kind: 'bassin-object' } & Request)
  /** Not a bassin's object: what makes the route safe instead, and how that is checked. */
  | ({ kind: 'other'; why: string; expectStatus: number[] } & Request);

const HOURS = { mon: ['09:00-17:00'] };

/**
 * Holes this matrix found that another part of issue 14 closes. Each entry is tolerated (any status,
 * no data check) until that part is merged; then delete the entry so the route is held to 403/404.
 */
export const KNOWN_OPEN: Record<string, string> = {};

export function routeFixtures(n: NordCase): Record<string, Mapping> {
  const meeting = { ...meetingSlot(4), location: { kind: 'video' as const, label: 'https://evil.example/x' } };
  return {
    '/v1/alerts/{alertId}': { kind: 'bassin-object', params: { alertId: n.alertId } },
    '/v1/cases/{caseId}': { kind: 'bassin-object', params: { caseId: n.caseId } },
    '/v1/cases/{caseId}/timeline': { kind: 'bassin-object', params: { caseId: n.caseId } },
    '/v1/cases/{caseId}/acknowledge': { kind: 'bassin-object', params: { caseId: n.caseId }, body: {} },
    '/v1/cases/{caseId}/close': {
      kind: 'bassin-object',
      params: { caseId: n.caseId },
      body: { outcome: 'situation-stabilised', reason: 'attack' },
    },
    '/v1/cases/{caseId}/reopen': { kind: 'bassin-object', params: { caseId: n.caseId }, body: { reason: 'attack' } },
    '/v1/cases/{caseId}/transfer': {
      kind: 'bassin-object',
      params: { caseId: n.caseId },
      body: { toBassin: 'sud', reason: 'attack' },
    },
    '/v1/cases/{caseId}/bassin/confirm': {
      kind: 'bassin-object',
      params: { caseId: n.caseId },
      body: { bassinId: 'inter-bassin' },
    },
    '/v1/cases/{caseId}/consent/history': { kind: 'bassin-object', params: { caseId: n.caseId } },
    // The person's own link (issue 16, ADR 0025): only the case's bassin's coordinators make one.
    '/v1/cases/{caseId}/person-link': { kind: 'bassin-object', params: { caseId: n.caseId }, body: {} },
    '/v1/cases/{caseId}/deadlines': {
      kind: 'bassin-object',
      params: { caseId: n.caseId },
      body: { kind: 'administrative', dueAt: new Date(Date.now() + 20 * 86_400_000).toISOString() },
    },
    '/v1/cases/{caseId}/deadlines/{deadlineId}': {
      kind: 'bassin-object',
      params: { caseId: n.caseId, deadlineId: n.deadlineId },
      body: { dueAt: new Date(Date.now() + 25 * 86_400_000).toISOString() },
    },
    '/v1/cases/{caseId}/deadlines/{deadlineId}/dismiss': {
      kind: 'bassin-object',
      params: { caseId: n.caseId, deadlineId: n.deadlineId },
    },
    // One case per person (issue 15): no proposal or merge on the fixture case, so ids nobody has;
    // the bassin check comes first, so an attacker still learns nothing (404/403).
    '/v1/cases/{caseId}/possible-matches/{matchId}/confirm': {
      kind: 'bassin-object',
      params: { caseId: n.caseId, matchId: '00000000-0000-4000-8000-0000000000a1' },
    },
    '/v1/cases/{caseId}/possible-matches/{matchId}/reject': {
      kind: 'bassin-object',
      params: { caseId: n.caseId, matchId: '00000000-0000-4000-8000-0000000000a1' },
    },
    '/v1/cases/{caseId}/split': {
      kind: 'bassin-object',
      params: { caseId: n.caseId },
      body: { mergedCaseId: '00000000-0000-4000-8000-0000000000a2' },
    },
    '/v1/cases/{caseId}/person/verify': {
      kind: 'bassin-object',
      params: { caseId: n.caseId },
      body: { nationalNumber: '85.07.30-033.28', consentGiven: true },
    },
    '/v1/pages/acknowledge/{token}': {
      kind: 'other',
      why: 'the signed acknowledge link is the credential, bound to one coordinator and one signal; a tampered link names nothing',
      params: { token: 'x'.repeat(40) },
      expectStatus: [404],
    },
    '/v1/cases/{caseId}/concertations/polls': {
      kind: 'bassin-object',
      params: { caseId: n.caseId },
      body: { options: [meetingSlot(10)], closesAt: meetingSlot(7).start, location: { kind: 'video' } },
    },
    '/v1/polls/{pollId}/close': { kind: 'bassin-object', params: { pollId: n.pollId } },
    '/v1/polls/{pollId}': { kind: 'bassin-object', params: { pollId: n.pollId } },
    '/v1/polls/{pollId}/choice': { kind: 'bassin-object', params: { pollId: n.pollId }, body: { option: 0 } },
    '/v1/cases/{caseId}/consent': {
      kind: 'bassin-object',
      params: { caseId: n.caseId },
      body: { decision: 'revoked', givenBy: 'person' },
    },
    '/v1/cases/{caseId}/participants': {
      kind: 'bassin-object',
      params: { caseId: n.caseId },
      body: { kind: 'relative', displayName: 'Intruder', email: 'intruder@example.test' },
    },
    '/v1/cases/{caseId}/participants/{participantId}': {
      kind: 'bassin-object',
      params: { caseId: n.caseId, participantId: n.participants.relative },
      body: { email: 'intruder@example.test' },
    },
    '/v1/calendars/{ownerId}/weekly-hours': {
      kind: 'bassin-object',
      params: { ownerId: n.participants.relative },
      body: HOURS,
    },
    '/v1/calendars/{ownerId}/busy': {
      kind: 'bassin-object',
      params: { ownerId: n.participants.relative },
      body: { blocks: [] },
    },
    '/v1/calendars/{ownerId}/busy.ics': {
      kind: 'bassin-object',
      params: { ownerId: n.participants.relative },
      body: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n',
      contentType: 'text/calendar',
    },
    '/v1/duty/me': {
      kind: 'other',
      why: "the caller's own duty switch: it names no object, a coordinator or lead only ever changes their own row (on duty is the default, so the clean body changes nothing)",
      params: {},
      body: { onDuty: true },
      expectStatus: [200, 403],
    },
    '/v1/bassins/{bassinId}/rooms': {
      kind: 'other',
      why: "rooms are a bassin's public facilities (no personal data): any signed-in user lists them; only the bassin's coordinators add one",
      params: { bassinId: 'nord' },
      body: { name: 'Intruder room', capacity: 4, stepFree: false },
      expectStatus: [200, 403],
    },
    '/v1/cases/{caseId}/concertations/slot-search': {
      kind: 'bassin-object',
      params: { caseId: n.caseId },
      body: { durationMinutes: 60 },
    },
    '/v1/cases/{caseId}/concertations': { kind: 'bassin-object', params: { caseId: n.caseId }, body: meeting },
    // After the meeting (issue 17). The fixture has no record nor item: the record is written by the
    // attacker's request if the bassin check failed (it must not), items use an id nobody has.
    '/v1/concertations/{concertationId}/record': {
      kind: 'bassin-object',
      params: { concertationId: n.concertationId },
      body: { held: false },
    },
    '/v1/cases/{caseId}/action-items': {
      kind: 'bassin-object',
      params: { caseId: n.caseId },
      body: { kind: 'deadline', title: 'attack', owner: { organisationId: 'org-attack' }, dueOn: '2099-01-01' },
    },
    '/v1/cases/{caseId}/exit-summary': { kind: 'bassin-object', params: { caseId: n.caseId } },
    '/v1/cases/{caseId}/next-review': { kind: 'bassin-object', params: { caseId: n.caseId } },
    '/v1/action-items/{itemId}/done': {
      kind: 'bassin-object',
      params: { itemId: '00000000-0000-4000-8000-0000000000b1' },
    },
    '/v1/action-items/{itemId}/blocked': {
      kind: 'bassin-object',
      params: { itemId: '00000000-0000-4000-8000-0000000000b1' },
      body: { reason: 'language' },
    },
    '/v1/action-items/{itemId}/hand-over': {
      kind: 'bassin-object',
      params: { itemId: '00000000-0000-4000-8000-0000000000b1' },
      body: { owner: { organisationId: 'org-attack' } },
    },
    '/v1/action-items/{itemId}/hand-over-candidates': { kind: 'bassin-object', params: { itemId: n.actionItemId } },
    '/v1/action-items/{itemId}/confirm-received': {
      kind: 'bassin-object',
      params: { itemId: '00000000-0000-4000-8000-0000000000b1' },
    },
    '/v1/concertations/{id}': { kind: 'bassin-object', params: { id: n.concertationId } },
    '/v1/concertations/{id}/reschedule': { kind: 'bassin-object', params: { id: n.concertationId }, body: meeting },
    '/v1/concertations/{id}/cancel': { kind: 'bassin-object', params: { id: n.concertationId } },
    '/v1/concertations/{id}/invitations/{invitationId}/answer': {
      kind: 'bassin-object',
      params: { id: n.concertationId, invitationId: n.invitationId },
      body: { answer: 'accepted', channel: 'phone' },
    },
    '/v1/rsvp/{token}': {
      kind: 'other',
      why: 'the signed answer link is the credential (no account); a tampered link names nothing',
      params: { token: `${n.rsvp.accept.slice(0, -2)}xx` },
      body: {},
      expectStatus: [404],
    },
    '/v1/polls/answers/{token}': {
      kind: 'other',
      why: 'the signed answer link is the credential (no account); a tampered link names nothing',
      params: { token: `${n.pollAnswerToken.slice(0, -2)}xx` },
      body: { answers: ['yes', 'yes'] },
      expectStatus: [404],
    },
    '/v1/cases/{caseId}/tasks': { kind: 'bassin-object', params: { caseId: n.caseId } },
    '/v1/cases/{caseId}/tasks/{taskId}/letter': {
      kind: 'bassin-object',
      params: { caseId: n.caseId, taskId: n.taskId },
    },
    '/v1/cases/{caseId}/tasks/{taskId}/letter-posted': {
      kind: 'bassin-object',
      params: { caseId: n.caseId, taskId: n.taskId },
    },
    // The fixture's task is a letter: the Nord coordinator would get 409 (not a call); others get 404 first.
    '/v1/cases/{caseId}/tasks/{taskId}/calls': {
      kind: 'bassin-object',
      params: { caseId: n.caseId, taskId: n.taskId },
      body: { outcome: 'reached' },
    },
    '/v1/dev/mailbox/{id}': {
      kind: 'bassin-object',
      // When the development mailbox is not served, any id answers 404.
      params: { id: n.mailboxMessageId ?? 'not-served' },
    },
  };
}
