import { startTestEngine, type TestEngine } from '#concerto/testing';
import { auth, type NordCase, openNordCase } from './bassin-fixture.js';
import { KNOWN_OPEN, routeFixtures } from './route-fixtures.js';

/**
 * Quality bar §7c-8 (what each role sees, field by field), -22 (an audit row for every read of
 * personal data and every denied attempt) and -24 (Cache-Control: no-store on personal data).
 */

/** Every field path of a JSON answer (arrays as `[]`), sorted: the shape a role is shown. */
const fieldsOf = (v: unknown, p = ''): string[] => {
  const walk = (x: unknown, q: string): string[] =>
    x && typeof x === 'object'
      ? Array.isArray(x)
        ? x.flatMap((i) => walk(i, `${q}[]`))
        : Object.entries(x).flatMap(([k, y]) => [`${q}${q ? '.' : ''}${k}`, ...walk(y, `${q}${q ? '.' : ''}${k}`)])
      : [];
  return [...new Set(walk(v, p))].sort();
};

const CASE_REPORTER = [
  'bassinId',
  'caseId',
  'openedAt',
  'owner',
  'owner.displayName',
  'owner.id',
  'status',
  'urgency',
  'view',
];
const CASE_COORDINATOR = [
  ...CASE_REPORTER,
  'acknowledgeBy',
  'alerts',
  'alerts[].alertId',
  'alerts[].at',
  'alerts[].reporterId',
  'alerts[].type',
  'alerts[].urgency',
  'bassinNeedsConfirmation',
  'escalationLevel',
  'members',
  'members[].actorId',
  'members[].role',
  'members[].since',
  'person',
  'person.birthDate',
  'person.familyName',
  'person.givenName',
  'person.hasNationalNumber',
  'person.noFixedAddress',
  'person.personRef',
  'person.postalCode',
  'person.preferredLanguage',
  'type',
  // Issue 15: dated deadlines and the signals each waiting for an acknowledgement.
  'deadline',
  'deadlines',
  'deadlines[].createdAt',
  'deadlines[].deadlineId',
  'deadlines[].dueAt',
  'deadlines[].kind',
  'deadlines[].source',
  'deadlines[].source.actorId',
  'deadlines[].source.kind',
  'deadlines[].state',
  'deadlines[].updatedAt',
  // Issue 15, a case's whole life: its reference bassin (R16).
  'referenceBassin',
  'signals',
  'signals[].acknowledgeBy',
  'signals[].escalationLevel',
  'signals[].receivedAt',
  'signals[].reporterId',
  'signals[].reporterRole',
  'signals[].signalId',
  'signals[].type',
  'signals[].urgency',
  'unacknowledgedSignals',
  'unacknowledgedSignals[].acknowledgeBy',
  'unacknowledgedSignals[].escalationLevel',
  'unacknowledgedSignals[].receivedAt',
  'unacknowledgedSignals[].reporterId',
  'unacknowledgedSignals[].reporterRole',
  'unacknowledgedSignals[].signalId',
  'unacknowledgedSignals[].type',
  'unacknowledgedSignals[].urgency',
  // Issue 15, one case per person: proposals (ids and reason codes) and merges (case ids).
  'mergedCases',
  'possibleMatches',
].sort();
const TIMELINE_REPORTER = [
  'caseId',
  'entries',
  'entries[].actorId',
  'entries[].at',
  'entries[].details',
  'entries[].details.ownerId',
  'entries[].kind',
];
const TIMELINE_COORDINATOR = [
  ...TIMELINE_REPORTER,
  'entries[].details.alertId',
  'entries[].details.bassinId',
  // Issue 15: signal and deadline entries, and the signals with who acknowledged them.
  'entries[].details.acknowledgeBy',
  'entries[].details.deadlineId',
  'entries[].details.dueAt',
  'entries[].details.kind',
  'entries[].details.reporterId',
  'entries[].details.reporterRole',
  'entries[].details.signalId',
  'entries[].details.source',
  'entries[].details.source.kind',
  'entries[].details.type',
  'entries[].details.urgency',
  'signals',
  'signals[].acknowledgeBy',
  'signals[].escalationLevel',
  'signals[].receivedAt',
  'signals[].reporterId',
  'signals[].reporterRole',
  'signals[].signalId',
  'signals[].type',
  'signals[].urgency',
].sort();
const ALERT = ['alertId', 'bassinId', 'caseId', 'openedCase', 'raisedAt', 'reason', 'reporterId', 'type', 'urgency'];
const CARE_TEAM = [
  'participants',
  'participants[].channels',
  'participants[].contact',
  'participants[].contact.email',
  'participants[].contact.postalAddress',
  'participants[].displayName',
  'participants[].id',
  'participants[].interpreterNeeded',
  'participants[].kind',
  'participants[].language',
  'participants[].limitedRights',
  'participants[].needsStepFreeAccess',
  'participants[].organisationId',
  'participants[].professionalId',
  'participants[].required',
  'participants[].role',
  'participants[].waived',
  'warnings',
];
const MEETING = [
  'caseId',
  'end',
  'id',
  'invitations',
  'invitations[].displayName',
  'invitations[].id',
  'invitations[].participantId',
  'invitations[].required',
  'invitations[].status',
  'location',
  'location.kind',
  'location.label',
  'location.roomId',
  'sequence',
  'start',
  'status',
];

// Fields that identify the person beyond a pseudonym; none may reach a role below the bassin's coordinators.
const IDENTIFYING =
  /(^|\.)(givenName|familyName|birthDate|nationalNumber|niss|address|postalAddress|postalCode|phone|email|person)(\.|$)/i;

describe('attacks: field-level views, audit of every read and denial, no-store (embedded)', () => {
  let t: TestEngine;
  let nord: NordCase;

  beforeAll(async () => {
    t = await startTestEngine();
    nord = await openNordCase(t);
  });
  afterAll(() => t?.close());

  const get = async (user: string, path: string) =>
    t
      .http()
      .get(path)
      .set(...auth(await t.token(user)));

  it('should show each role exactly its fields of the case, timeline, alert, care team and meeting', async () => {
    const views: Array<[string, string, number, string[] | undefined]> = [
      // The reporter (a professional outside the care team): that someone owns the situation, and who.
      ['pro-pharmacist', `/v1/cases/${nord.caseId}`, 200, CASE_REPORTER],
      ['pro-pharmacist', `/v1/cases/${nord.caseId}/timeline`, 200, TIMELINE_REPORTER],
      ['pro-pharmacist', `/v1/alerts/${nord.alertId}`, 200, ALERT],
      ['pro-pharmacist', `/v1/cases/${nord.caseId}/participants`, 404, undefined],
      ['pro-pharmacist', `/v1/concertations/${nord.concertationId}`, 404, undefined],
      // A professional on the care team has no account view of the case: their invitation link shows what consent shares.
      ['pro-gp', `/v1/cases/${nord.caseId}`, 404, undefined],
      ['pro-gp', `/v1/cases/${nord.caseId}/participants`, 404, undefined],
      ['pro-gp', `/v1/concertations/${nord.concertationId}`, 404, undefined],
      ['coord-nord', `/v1/cases/${nord.caseId}`, 200, CASE_COORDINATOR],
      ['coord-nord', `/v1/cases/${nord.caseId}/timeline`, 200, TIMELINE_COORDINATOR],
      ['coord-nord', `/v1/alerts/${nord.alertId}`, 200, ALERT],
      ['coord-nord', `/v1/cases/${nord.caseId}/participants`, 200, CARE_TEAM],
      ['coord-nord', `/v1/concertations/${nord.concertationId}`, 200, MEETING],
      ['lead-nord', `/v1/cases/${nord.caseId}`, 200, CASE_COORDINATOR],
      ['lead-nord', `/v1/cases/${nord.caseId}/participants`, 200, CARE_TEAM],
      ['lead-nord', `/v1/concertations/${nord.concertationId}`, 200, MEETING],
      // A case's meetings and polls: the same rule as one meeting; counts and times, no identifying field.
      ['pro-pharmacist', `/v1/cases/${nord.caseId}/concertations`, 404, undefined],
      ['pro-gp', `/v1/cases/${nord.caseId}/concertations`, 404, undefined],
      ['pro-gp', `/v1/polls/${nord.pollId}`, 404, undefined],
      ['coord-nord', `/v1/cases/${nord.caseId}/concertations`, 200, undefined],
      ['coord-nord', `/v1/cases/${nord.caseId}/concertations/polls`, 200, undefined],
      // The administrator runs the platform, not the cases.
      ['admin', `/v1/cases/${nord.caseId}`, 404, undefined],
      ['admin', `/v1/cases/${nord.caseId}/participants`, 404, undefined],
      ['admin', `/v1/alerts/${nord.alertId}`, 404, undefined],
    ];
    for (const [user, path, status, fields] of views) {
      const res = await get(user, path);
      const label = `${user} ${path.replace(/[0-9a-f-]{36}/g, ':id')}`;
      expect([label, res.status]).toEqual([label, status]);
      if (fields) {
        expect([label, fieldsOf(res.body)]).toEqual([label, [...fields].sort()]);
      }
      if (!user.startsWith('coord-') && !user.startsWith('lead-')) {
        expect([label, fieldsOf(res.body).filter((f) => IDENTIFYING.test(f))]).toEqual([label, []]);
        expect([label, res.text.includes(nord.person.familyName)]).toEqual([label, false]);
      }
    }
    // Even the coordinators get no national number and no street address of the person in the case view.
    const full = (await get('coord-nord', `/v1/cases/${nord.caseId}`)).body;
    expect(full.person.hasNationalNumber).toEqual(expect.any(Boolean));
    expect(JSON.stringify(full)).not.toContain(nord.person.postalAddress);
  });

  const auditRows = async (actor: string) =>
    (
      await Promise.all(
        ['alerts', 'cases', 'scheduling', 'notifications', 'directory'].map((s) =>
          t.sql<{ id: number; outcome: string; purpose: string }>(
            `SELECT "id", "outcome", "purpose", '${s}' AS "schema" FROM "${s}"."audit_log" WHERE "actor_id" = $1`,
            [actor],
          ),
        ),
      )
    ).flat();

  it('should write an audit row for every read of a route that returns personal data, and for every denied attempt', async () => {
    const paths = (await t.http().get('/docs-json')).body.paths as Record<string, Record<string, unknown>>;
    const mapped = routeFixtures(nord);
    const reads = Object.keys(paths).filter(
      (p) => 'get' in paths[p] && p in mapped && mapped[p].kind === 'bassin-object' && !(p in KNOWN_OPEN),
    );
    expect(reads.length).toBeGreaterThanOrEqual(8);
    for (const path of reads) {
      const url = path.replace(/\{([^}]+)\}/g, (_, n: string) => mapped[path].params[n]);
      for (const [user, outcome] of [
        ['coord-nord', 'allowed'],
        ['coord-sud', 'denied'],
        ['pro-gp', 'denied'],
      ] as const) {
        const before = await auditRows(user);
        const res = await get(user, url);
        // A role that may never read a route is told so (403); anyone else finds nothing (404).
        expect([path, user, outcome === 'allowed' ? res.status === 200 : [403, 404].includes(res.status)]).toEqual([
          path,
          user,
          true,
        ]);
        const after = await auditRows(user);
        const added = after.filter((r) => !before.some((b) => b.id === r.id && b.purpose === r.purpose));
        expect([path, user, added.map((r) => r.outcome)]).toEqual([path, user, expect.arrayContaining([outcome])]);
      }
    }
  });

  it('should answer Cache-Control: no-store and no CORS grant on every route, answers and refusals alike', async () => {
    const paths = (await t.http().get('/docs-json')).body.paths as Record<string, Record<string, unknown>>;
    const mapped = routeFixtures(nord);
    for (const path of Object.keys(paths).filter((p) => 'get' in paths[p])) {
      const url = path.replace(/\{([^}]+)\}/g, (_, n: string) => mapped[path]?.params[n] ?? 'x');
      for (const user of ['coord-nord', 'coord-sud', undefined]) {
        const req = t.http().get(url).set('Origin', 'https://evil.example');
        const res = user ? await req.set(...auth(await t.token(user))) : await req;
        expect([path, user, res.headers['cache-control']]).toEqual([path, user, 'no-store']);
        // No CORS: a page of another origin cannot read any answer with the user's browser.
        expect([path, user, res.headers['access-control-allow-origin']]).toEqual([path, user, undefined]);
      }
    }
  });
});
