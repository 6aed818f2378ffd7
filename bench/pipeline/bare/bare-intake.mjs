// B-pipeline, the alerts service's part, by hand: `POST /v1/alerts` on a bare node:http server (same
// JSON body, same bearer-token check with jose against the same JWKS, same per-user rate limit, same
// Idempotency-Key rule), the routing call to the bare directory, and the intake transaction with the
// rows the alerts service writes: identity vault (persons, person_keys), case_index, alerts, outbox,
// audit_log, idempotency_keys. Like the alerts service it also runs its outbox relay, answers the
// identity look-up (`GET /internal/v1/persons/:ref`) and consumes case.opened into its case index.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import {
  announce,
  consume,
  env,
  envelope,
  inTransaction,
  insertOutbox,
  kafka,
  pool,
  producer,
  readBody,
  Relay,
  reply,
} from './common.mjs';

const S = 'bare_alerts';
const port = Number(process.env.BARE_INTAKE_PORT);
const directoryUrl = process.env.BARE_DIRECTORY_URL;
const internalToken = process.env.BARE_INTERNAL_TOKEN;
const secret = process.env.BARE_PSEUDONYM_SECRET;
const rateLimit = Number(process.env.BARE_RATE_LIMIT_PER_MINUTE ?? 1000000);
const jwks = createRemoteJWKSet(new URL(process.env.BARE_JWKS_URL));
const issuer = process.env.BARE_AUTH_ISSUER;
const audience = process.env.BARE_AUTH_AUDIENCE ?? 'concerto-api';

const TYPES = [
  'imminent-discharge',
  'fragile-admission',
  'not-seen',
  'deteriorating-at-home',
  'loss-of-rights',
  'prison-release',
  'suicide-risk',
  'suspected-violence',
];
const URGENT_PATHWAY = new Set(['suicide-risk', 'suspected-violence']);
const NAME = /^[\p{L}\p{M}][\p{L}\p{M}' .-]*$/u;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;
const ACTOR_ID = /^[A-Za-z0-9][A-Za-z0-9._:|@-]{0,63}$/;

const db = pool();
const k = kafka('bare-intake');
const prod = await producer(k);
const relay = new Relay(db, S, prod);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const windows = new Map();

class Problem extends Error {
  constructor(status, code) {
    super(code);
    this.status = status;
  }
}

async function principalOf(req) {
  const m = BEARER.exec(req.headers.authorization ?? '');
  if (!m) {
    throw new Problem(401, 'unauthorized');
  }
  let payload;
  try {
    ({ payload } = await jwtVerify(m[1], jwks, {
      issuer,
      audience,
      algorithms: ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'],
      requiredClaims: ['sub', 'exp'],
      clockTolerance: 30,
    }));
  } catch {
    throw new Problem(401, 'unauthorized');
  }
  if (typeof payload.sub !== 'string' || !ACTOR_ID.test(payload.sub)) {
    throw new Problem(401, 'unauthorized');
  }
  return payload.sub;
}

function rateLimited(userId) {
  const now = Date.now();
  const w = windows.get(userId);
  if (!w || now - w.start >= 60000) {
    windows.set(userId, { start: now, count: 1 });
    return false;
  }
  return ++w.count > rateLimit;
}

function pastDate(v) {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    return false;
  }
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v) && v >= '1900-01-01' && d.getTime() <= Date.now();
}

/** The request DTO's rules, by hand. */
function validate(b) {
  const bad = () => new Problem(400, 'validation-failed');
  if (!b || typeof b !== 'object' || Array.isArray(b)) {
    throw bad();
  }
  if (!TYPES.includes(b.type) || !['urgent', 'normal'].includes(b.urgency)) {
    throw bad();
  }
  const p = b.person;
  if (!p || typeof p !== 'object') {
    throw bad();
  }
  for (const f of ['givenName', 'familyName']) {
    if (typeof p[f] !== 'string') {
      throw bad();
    }
    p[f] = p[f].trim();
    if (p[f].length < 1 || p[f].length > 100 || !NAME.test(p[f])) {
      throw bad();
    }
  }
  if (p.birthDate !== undefined && !pastDate(p.birthDate)) {
    throw bad();
  }
  if (p.nationalNumber !== undefined) {
    throw bad();
  } // the bench never sends one; the checksum rule is not reproduced
  if (p.noFixedAddress !== undefined && typeof p.noFixedAddress !== 'boolean') {
    throw bad();
  }
  if (p.noFixedAddress !== true || p.address !== undefined) {
    if (
      !p.address ||
      typeof p.address !== 'object' ||
      typeof p.address.postalCode !== 'string' ||
      !/^[1-9]\d{3}$/.test(p.address.postalCode)
    ) {
      throw bad();
    }
  }
  if (
    p.preferredLanguage !== undefined &&
    (typeof p.preferredLanguage !== 'string' || !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(p.preferredLanguage))
  ) {
    throw bad();
  }
  if (b.deadline !== undefined && (typeof b.deadline !== 'string' || Number.isNaN(Date.parse(b.deadline)))) {
    throw bad();
  }
  if (b.reason !== undefined && (typeof b.reason !== 'string' || b.reason.length > 280)) {
    throw bad();
  }
  return b;
}

function canonicalJson(v) {
  if (Array.isArray(v)) {
    return `[${v.map(canonicalJson).join(',')}]`;
  }
  if (v && typeof v === 'object') {
    const e = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${e.map(([key, x]) => `${JSON.stringify(key)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const normaliseName = (n) =>
  n
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

function correlationKeys(p) {
  const name = `${normaliseName(p.givenName)}|${normaliseName(p.familyName)}`;
  const pc = p.address?.postalCode;
  const keys = [];
  if (p.birthDate && pc) {
    keys.push({ strength: 'name-birth-date-postal-code', material: `nbp:${name}|${p.birthDate}|${pc}` });
  } else if (p.birthDate) {
    keys.push({ strength: 'name-birth-date', material: `nb:${name}|${p.birthDate}` });
  } else if (pc) {
    keys.push({ strength: 'name-postal-code', material: `np:${name}|${pc}` });
  }
  return keys.map((key) => ({ ...key, hash: createHmac('sha256', secret).update(key.material).digest('hex') }));
}

function route(postalCode, correlationId) {
  const body = JSON.stringify(postalCode === undefined ? {} : { postalCode });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${directoryUrl}/internal/v1/directory/routing`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-internal-token': internalToken,
          'x-correlation-id': correlationId,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Problem(503, 'directory-unavailable')),
        );
      },
    );
    req.setTimeout(3000, () => req.destroy(new Problem(503, 'directory-unavailable')));
    req.on('error', reject);
    req.end(body);
  });
}

async function replay(reporterId, key, requestHash) {
  const { rows } = await db.query(
    `SELECT request_hash, response FROM ${S}.idempotency_keys WHERE reporter_id = $1 AND idempotency_key = $2`,
    [reporterId, key],
  );
  if (!rows[0]) {
    return undefined;
  }
  if (rows[0].request_hash !== requestHash) {
    throw new Problem(400, 'idempotency-key-reused');
  }
  return { ...rows[0].response, replayed: true };
}

async function raise(c, reporterId, input, idempotencyKey, requestHash, routing, correlationId) {
  const now = new Date();
  const urgency = URGENT_PATHWAY.has(input.type) ? 'urgent' : input.urgency;
  const p = input.person;
  // Identity vault: find the person through keyed hashes, or record a new one.
  const keys = correlationKeys(p);
  let personRef;
  for (const key of keys) {
    const { rows } = await c.query(`SELECT person_ref FROM ${S}.person_keys WHERE key_hash = $1`, [key.hash]);
    if (rows[0]) {
      personRef = rows[0].person_ref;
      break;
    }
  }
  if (!personRef) {
    personRef = randomUUID();
    await c.query(
      `INSERT INTO ${S}.persons (person_ref, given_name, family_name, birth_date, national_number, postal_code, no_fixed_address, preferred_language, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [
        personRef,
        p.givenName,
        p.familyName,
        p.birthDate ?? null,
        null,
        p.address?.postalCode ?? null,
        p.noFixedAddress === true,
        p.preferredLanguage ?? null,
        now,
      ],
    );
  }
  for (const key of keys) {
    await c.query(
      `INSERT INTO ${S}.person_keys (key_hash, strength, person_ref) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`,
      [key.hash, key.strength, personRef],
    );
  }
  const open = (
    await c.query(
      `SELECT case_id, status, owner_id, bassin_id FROM ${S}.case_index WHERE person_ref = $1 AND closed_at IS NULL FOR UPDATE`,
      [personRef],
    )
  ).rows[0];
  const caseId = open?.case_id ?? randomUUID();
  if (!open) {
    await c.query(
      `INSERT INTO ${S}.case_index (case_id, person_ref, bassin_id, status, owner_id, opened_at) VALUES ($1,$2,$3,'opened',$4,$5)`,
      [caseId, personRef, routing.bassinId, routing.escalationChain.coordinatorId, now],
    );
  }
  const alertId = randomUUID();
  await c.query(
    `INSERT INTO ${S}.alerts (alert_id, case_id, person_ref, reporter_id, type, requested_urgency, urgency, reason, deadline, bassin_id, routing_reason, opened_case, raised_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
    [
      alertId,
      caseId,
      personRef,
      reporterId,
      input.type,
      input.urgency,
      urgency,
      input.reason ?? null,
      input.deadline ? new Date(input.deadline) : null,
      open?.bassin_id ?? routing.bassinId,
      routing.reason,
      !open,
      now,
    ],
  );
  const ev = envelope(
    '/concerto/alerts',
    'alert.raised',
    caseId,
    {
      alertId,
      caseId,
      opensCase: !open,
      personRef,
      type: input.type,
      urgency,
      bassinId: routing.bassinId,
      routingReason: routing.reason,
      bassinNeedsConfirmation: routing.needsConfirmation,
      reporterId,
      escalationChain: routing.escalationChain,
      ...(input.deadline ? { deadline: new Date(input.deadline).toISOString() } : {}),
      raisedAt: now.toISOString(),
    },
    {
      correlationId,
      time: now.toISOString(),
      dataschema: 'https://concerto.brussels/schemas/alerts/alert-raised/v1.json',
    },
  );
  await insertOutbox(c, S, env.alertTopic, ev);
  await c.query(
    `INSERT INTO ${S}.audit_log (at, actor_id, action, subject_type, subject_id, purpose, outcome, correlation_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [now, reporterId, 'create', 'person', personRef, 'raise-alert', 'allowed', correlationId],
  );
  const result = {
    alertId,
    caseId,
    openedNewCase: !open,
    caseStatus: open?.status ?? 'opened',
    urgency,
    bassin: {
      id: open?.bassin_id ?? routing.bassinId,
      name: routing.bassinName,
      needsConfirmation: routing.needsConfirmation,
      routingReason: routing.reason,
      candidates: routing.candidateBassins,
    },
    owner: { id: open?.owner_id ?? routing.escalationChain.coordinatorId },
    ...(URGENT_PATHWAY.has(input.type)
      ? {
          urgentGuidance:
            input.type === 'suicide-risk'
              ? routing.urgentGuidance.suicideRisk
              : routing.urgentGuidance.suspectedViolence,
        }
      : {}),
    replayed: false,
  };
  if (idempotencyKey) {
    await c.query(
      `INSERT INTO ${S}.idempotency_keys (reporter_id, idempotency_key, request_hash, alert_id, response, created_at) VALUES ($1,$2,$3,$4,$5,$6)`,
      [reporterId, idempotencyKey, requestHash, alertId, JSON.stringify(result), now],
    );
  }
  return result;
}

async function postAlert(req, res) {
  const correlationId =
    typeof req.headers['x-correlation-id'] === 'string' ? req.headers['x-correlation-id'] : randomUUID();
  const reporterId = await principalOf(req);
  if (rateLimited(reporterId)) {
    throw new Problem(429, 'rate-limited');
  }
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
    throw new Problem(415, 'unsupported-media-type');
  }
  const text = await readBody(req, 64 * 1024);
  if (text === undefined) {
    throw new Problem(413, 'too-large');
  }
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Problem(400, 'malformed-json');
  }
  const input = validate(body);
  const idempotencyKey = req.headers['idempotency-key'];
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new Problem(400, 'validation-failed');
  }
  const requestHash = createHash('sha256').update(canonicalJson(input)).digest('hex');
  let result = idempotencyKey ? await replay(reporterId, idempotencyKey, requestHash) : undefined;
  if (!result) {
    const routing = await route(input.person.address?.postalCode, correlationId);
    for (let attempt = 1; ; attempt++) {
      try {
        result = await inTransaction(db, (c) =>
          raise(c, reporterId, input, idempotencyKey, requestHash, routing, correlationId),
        );
        relay.nudge();
        break;
      } catch (e) {
        if (e.code !== '23505' || attempt >= 4) {
          throw e;
        }
        if (idempotencyKey && (result = await replay(reporterId, idempotencyKey, requestHash))) {
          break;
        }
      }
    }
  }
  reply(res, 201, result, {
    location: `/v1/cases/${result.caseId}`,
    'x-correlation-id': correlationId,
    ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
  });
}

const PERSON = /^\/internal\/v1\/persons\/([0-9a-f-]{36})$/;

async function getPerson(req, res, ref) {
  if (req.headers['x-internal-token'] !== internalToken) {
    throw new Problem(401, 'unauthorized');
  }
  const row = (await db.query(`SELECT * FROM ${S}.persons WHERE person_ref = $1`, [ref])).rows[0];
  if (!row) {
    throw new Problem(404, 'not-found');
  }
  const bd = row.birth_date
    ? new Date(row.birth_date.getTime() - row.birth_date.getTimezoneOffset() * 60000).toISOString().slice(0, 10)
    : undefined;
  reply(res, 200, {
    personRef: row.person_ref,
    givenName: row.given_name,
    familyName: row.family_name,
    birthDate: bd,
    postalCode: row.postal_code ?? undefined,
    noFixedAddress: row.no_fixed_address,
    preferredLanguage: row.preferred_language ?? undefined,
    hasNationalNumber: row.national_number !== null,
  });
}

const server = http.createServer((req, res) => {
  const m = req.method === 'GET' ? PERSON.exec(req.url) : null;
  const work =
    req.method === 'POST' && req.url === '/v1/alerts'
      ? postAlert(req, res)
      : m
        ? getPerson(req, res, m[1])
        : Promise.reject(new Problem(404, 'not-found'));
  work.catch((e) => {
    if (!(e instanceof Problem)) {
      process.stderr.write(`intake: ${e.stack}\n`);
    }
    if (!res.headersSent) {
      reply(res, e instanceof Problem ? e.status : 500, {
        status: e instanceof Problem ? e.status : 500,
        code: e.message,
      });
    }
  });
});
server.keepAliveTimeout = 65000;

// The alerts service's case index follows case.opened (owner, bassin).
const caseStatus = await consume(k, {
  group: 'bare.alerts.case-status',
  topic: env.caseTopic,
  schema: S,
  consumerName: 'alerts',
  apply: {
    db,
    fn: async (c, ev) => {
      if (ev.type === 'case.opened') {
        await c.query(`UPDATE ${S}.case_index SET owner_id = $2, bassin_id = $3 WHERE case_id = $1`, [
          ev.data.caseId,
          ev.data.ownerId,
          ev.data.bassinId,
        ]);
      }
    },
  },
});
await caseStatus.ready;
server.listen(port, '127.0.0.1', () =>
  announce('intake', async () => {
    server.close();
    relay.stop();
    await caseStatus.consumer.disconnect();
    await prod.disconnect();
    await db.end();
  }),
);
