// B-pipeline, the cases service's part, by hand: consumes alert.raised, and in one transaction
// records it in the inbox, opens the case (cases row), writes its timeline entry, the case.opened
// outbox row and the acknowledgement timer row, as the cases service does. After the commit it
// nudges its relay and puts the timer's delayed job in Redis (one hash + one sorted-set entry, what
// a BullMQ delayed job is).
import { Redis } from 'ioredis';
import { announce, consume, env, envelope, insertOutbox, kafka, pool, producer, Relay } from './common.mjs';

const S = 'bare_cases';
const ACK_MS = { urgent: 120 * 60000, normal: 2880 * 60000 };
const db = pool();
const k = kafka('bare-cases');
const prod = await producer(k);
const relay = new Relay(db, S, prod);
const redis = new Redis(process.env.BARE_REDIS_URL, { maxRetriesPerRequest: null });

async function openCase(c, ev, timers) {
  const a = ev.data;
  const existing = (await c.query(`SELECT case_id, version FROM ${S}.cases WHERE case_id = $1 FOR UPDATE`, [a.caseId]))
    .rows[0];
  if (existing) {
    return;
  } // attaching a further alert is not part of this pipeline (every bench alert is about a new person)
  if (!a.opensCase) {
    throw new Error(`case ${a.caseId} does not exist yet`);
  }
  const now = new Date();
  const at = now.toISOString();
  const acknowledgeBy = new Date(now.getTime() + ACK_MS[a.urgency]);
  const alert = { alertId: a.alertId, type: a.type, urgency: a.urgency, reporterId: a.reporterId, at: a.raisedAt };
  const members = [
    { actorId: a.reporterId, role: 'reporter', since: at },
    { actorId: a.escalationChain.coordinatorId, role: 'coordinator', since: at },
  ];
  await c.query(
    `INSERT INTO ${S}.cases (case_id, person_ref, bassin_id, bassin_needs_confirmation, type, urgency, status, owner_id, escalation_chain, escalation_level, acknowledge_by, acknowledged_by, acknowledged_at, deadline, members, alerts, opened_at, version)
     VALUES ($1,$2,$3,$4,$5,$6,'opened',$7,$8,0,$9,NULL,NULL,$10,$11,$12,$13,1)`,
    [
      a.caseId,
      a.personRef,
      a.bassinId,
      a.bassinNeedsConfirmation,
      a.type,
      a.urgency,
      a.escalationChain.coordinatorId,
      JSON.stringify(a.escalationChain),
      acknowledgeBy,
      a.deadline ? new Date(a.deadline) : null,
      JSON.stringify(members),
      JSON.stringify([alert]),
      now,
    ],
  );
  await c.query(`INSERT INTO ${S}.timeline (case_id, at, kind, actor_id, details) VALUES ($1,$2,$3,$4,$5)`, [
    a.caseId,
    now,
    'case.opened',
    a.reporterId,
    JSON.stringify({ ownerId: a.escalationChain.coordinatorId, alertId: a.alertId, bassinId: a.bassinId }),
  ]);
  const opened = envelope(
    '/concerto/cases',
    'case.opened',
    a.caseId,
    {
      caseId: a.caseId,
      personRef: a.personRef,
      bassinId: a.bassinId,
      bassinNeedsConfirmation: a.bassinNeedsConfirmation,
      type: a.type,
      urgency: a.urgency,
      ownerId: a.escalationChain.coordinatorId,
      openedByAlertId: a.alertId,
      acknowledgeBy: acknowledgeBy.toISOString(),
      ...(a.deadline ? { deadline: a.deadline } : {}),
      openedAt: at,
    },
    {
      correlationId: ev.correlationid,
      causationId: ev.id,
      time: at,
      dataschema: 'https://concerto.brussels/schemas/cases/case-opened/v1.json',
    },
  );
  await insertOutbox(c, S, env.caseTopic, opened);
  const timerId = crypto.randomUUID();
  await c.query(
    `INSERT INTO ${S}.timers (id, kind, subject_id, due_at, payload, correlation_id) VALUES ($1,$2,$3,$4,$5,$6)`,
    [timerId, 'case.ack-deadline', a.caseId, acknowledgeBy, JSON.stringify({ level: 0 }), ev.correlationid],
  );
  timers.push({ timerId, correlationId: ev.correlationid, dueAt: acknowledgeBy.getTime() });
}

const intake = await consume(k, {
  group: 'bare.cases.intake',
  topic: env.alertTopic,
  schema: S,
  consumerName: 'cases',
  prepare: async () => [],
  afterCommit: async (ev, timers) => {
    relay.nudge();
    for (const t of timers) {
      const key = `bare:timers:${t.timerId}`;
      await redis
        .multi()
        .hset(
          key,
          'name',
          'timer.fire',
          'data',
          JSON.stringify({ timerId: t.timerId, correlationId: t.correlationId }),
          'timestamp',
          String(Date.now()),
          'delay',
          String(t.dueAt - Date.now()),
        )
        .zadd('bare:timers:delayed', t.dueAt, t.timerId)
        .exec();
    }
  },
  apply: {
    db,
    fn: async (c, ev, timers) => {
      if (ev.type === 'alert.raised') {
        await openCase(c, ev, timers);
      }
    },
  },
});
await intake.ready;
announce('cases', async () => {
  relay.stop();
  await intake.consumer.disconnect();
  await prod.disconnect();
  redis.disconnect();
  await db.end();
});
