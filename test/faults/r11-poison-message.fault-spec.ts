/**
 * §7b R11 (and §7c 17) — poison messages published with kafkajs straight to alerts.alert.v1:
 *   (a) malformed JSON; (b) a schema-invalid envelope; (c) a valid alert.raised whose handler keeps
 *   throwing (opensCase=false for a case that does not exist: treated as "not yet", retried, then
 *   dead-lettered). Each one lands in alerts.alert.v1.dlt with the x-dlt-* error headers, after
 *   1 (permanent) or CONSUMER_MAX_ATTEMPTS tries, creates nothing, and does not hold back other
 *   keys: alerts raised at the same time keep opening their cases within a bound, and those on
 *   other partitions than (c) open theirs while (c) is still being retried.
 */
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import {
  ALERTS_TOPIC,
  checkAlertEffects,
  eventually,
  highWatermarks,
  log,
  makeInputs,
  printProblems,
  Prng,
  producer,
  type ReadMessage,
  readRange,
  restoreStack,
  seeds,
  settle,
  sleep,
  submit,
  summary,
  useFaultContext,
  withDeadline,
} from './fault-kit.js';

const DLT = `${ALERTS_TOPIC}.dlt`;
const GOOD = 12;
// Defaults of the running stack (ConcertoConfig): CONSUMER_MAX_ATTEMPTS 5, CONSUMER_RETRY_BACKOFF_MS 200.
const MAX_ATTEMPTS = Number(process.env.CONSUMER_MAX_ATTEMPTS ?? 5);
const BACKOFF_MS = Number(process.env.CONSUMER_RETRY_BACKOFF_MS ?? 200);
const RETRY_BUDGET_MS = BACKOFF_MS * (2 ** (MAX_ATTEMPTS - 1) - 1);
/** How long an alert on another key may take to open its case while a poison message is retried. */
const OTHER_KEYS_BOUND_MS = RETRY_BUDGET_MS + 10000;

describe('R11 poison messages on alerts.alert.v1', () => {
  const context = useFaultContext();

  it.each(seeds())('seed %i: dead-lettered with the error, nothing created, other keys keep flowing', async (seed) => {
    const { db, admin, kafka } = context();
    const rng = new Prng(seed);
    const started = Date.now();
    await settle(db, admin, 60000);
    const inputs = makeInputs('r11', seed, GOOD, rng, { alertsPerReporter: 6 });
    log(`R11 seed=${seed}: 3 poison messages + ${GOOD} alerts on other keys (retry budget ${RETRY_BUDGET_MS} ms)`);

    // A real alert.raised envelope, as a template for a valid but unprocessable one.
    const { rows } = await db.query<{ envelope: Record<string, any> }>(
      `SELECT "envelope" FROM "alerts"."outbox" WHERE "envelope"->>'type' = 'alert.raised' ORDER BY "seq" DESC LIMIT 1`,
    );
    expect(rows).toHaveLength(1);
    const unknownCase = randomUUID();
    const valid = {
      ...rows[0].envelope,
      id: randomUUID(),
      subject: unknownCase,
      correlationid: `r11-${seed}`,
      data: { ...rows[0].envelope.data, alertId: randomUUID(), caseId: unknownCase, opensCase: false },
    };
    const schemaInvalid = {
      specversion: '1.0',
      id: randomUUID(),
      type: 'alert.raised',
      source: '/concerto/alerts',
      data: { alertId: 'not-a-uuid', isAdmin: true },
    };
    const poison = [
      {
        kind: 'malformed-json',
        key: randomUUID(),
        value: `{"specversion":"1.0","id":"${randomUUID()}","data":{`,
        attempts: '1',
        error: /not valid JSON/,
      },
      {
        kind: 'schema-invalid',
        key: randomUUID(),
        value: JSON.stringify(schemaInvalid),
        attempts: '1',
        error: /breaks its contract/,
      },
      {
        kind: 'handler-throws',
        key: unknownCase,
        value: JSON.stringify(valid),
        attempts: String(MAX_ATTEMPTS),
        error: /does not exist yet|CASE_NOT_FOUND/,
      },
    ];
    const dltBefore = await highWatermarks(admin, DLT);
    let dead: ReadMessage[] = [];
    const openLatency: number[] = [];
    const opened = new Map<string, { acceptedAt: number; openedAt: number }>();
    let sentAt = 0;

    try {
      await withDeadline('R11', 150000, async () => {
        const p = await producer(kafka);
        try {
          sentAt = Date.now();
          await p.send({
            topic: ALERTS_TOPIC,
            acks: -1,
            messages: poison.map((m) => ({ key: m.key, value: m.value, headers: { 'ce-id': randomUUID() } })),
          });
        } finally {
          await p.disconnect();
        }
        // Other keys, raised while the poison is being retried: each must open its case within the bound.
        await Promise.all(
          inputs.map(async (input, i) => {
            await sleep(i * rng.int(50, 250));
            if (!(await submit(input, 10000, started))) {
              return;
            }
            const acceptedAt = Date.now();
            await eventually(
              `case of ${input.id} opened`,
              OTHER_KEYS_BOUND_MS + 20000,
              async () => {
                const r = await db.query(`SELECT 1 FROM "cases"."cases" WHERE "case_id" = $1`, [input.caseId]);
                if (r.rowCount !== 1) {
                  throw new Error('not yet');
                }
              },
              50,
            );
            openLatency.push(Date.now() - acceptedAt);
            opened.set(input.caseId!, { acceptedAt, openedAt: Date.now() });
          }),
        );
        dead = await eventually(
          'the 3 poison messages in the DLT',
          60000,
          async () => {
            const found = (await readRange(kafka, DLT, dltBefore, await highWatermarks(admin, DLT))).filter((m) =>
              poison.some((x) => x.key === m.key),
            );
            if (found.length < poison.length) {
              throw new Error(`${found.length}/${poison.length} dead-lettered`);
            }
            return found;
          },
          1000,
        );
        await settle(db, admin, 60000);
      });
    } finally {
      await restoreStack();
    }

    const problems: string[] = [];
    const deadLetterDelays: Record<string, number> = {};
    for (const m of poison) {
      const d = dead.filter((x) => x.key === m.key);
      if (d.length !== 1) {
        problems.push(`${m.kind}: ${d.length} dead letters`);
        continue;
      }
      const h = d[0].headers;
      deadLetterDelays[m.kind] = new Date(h['x-dlt-failed-at']).getTime() - sentAt;
      if (d[0].value !== m.value) {
        problems.push(`${m.kind}: dead letter value differs from the original`);
      }
      if (h['x-dlt-original-topic'] !== ALERTS_TOPIC) {
        problems.push(`${m.kind}: x-dlt-original-topic=${h['x-dlt-original-topic']}`);
      }
      if (h['x-dlt-consumer-group'] !== 'cases.intake') {
        problems.push(`${m.kind}: x-dlt-consumer-group=${h['x-dlt-consumer-group']}`);
      }
      if (h['x-dlt-attempts'] !== m.attempts) {
        problems.push(`${m.kind}: x-dlt-attempts=${h['x-dlt-attempts']}, expected ${m.attempts}`);
      }
      if (!m.error.test(h['x-dlt-error'] ?? '')) {
        problems.push(`${m.kind}: x-dlt-error=${h['x-dlt-error']}`);
      }
      if (!h['x-dlt-original-offset'] || !h['x-dlt-original-partition']) {
        problems.push(`${m.kind}: no original partition/offset headers`);
      }
    }
    const created = await db.query(`SELECT 1 FROM "cases"."cases" WHERE "case_id" = $1`, [unknownCase]);
    if (created.rowCount !== 0) {
      problems.push('the forged alert.raised created a case');
    }
    const inbox = await db.query(`SELECT 1 FROM "cases"."inbox" WHERE "event_id" = ANY($1::uuid[])`, [
      [valid.id, schemaInvalid.id],
    ]);
    if (inbox.rowCount !== 0) {
      problems.push('a poison message was recorded in the inbox');
    }
    const slow = openLatency.filter((ms) => ms > OTHER_KEYS_BOUND_MS);
    if (slow.length > 0) {
      problems.push(
        `${slow.length} cases on other keys took longer than ${OTHER_KEYS_BOUND_MS} ms to open: ${slow.join(',')}`,
      );
    }

    // Alerts on other partitions than the retried poison must not wait for it: each one accepted
    // well before the poison was dead-lettered (half its retry budget, ample for the pipeline) has
    // its case open before that moment. A consumer that slept on the poison held them all back.
    const throws = dead.find((m) => m.key === unknownCase);
    const poisonPartition = Number(throws?.headers['x-dlt-original-partition']);
    const poisonDeadAt = throws ? new Date(throws.headers['x-dlt-failed-at']).getTime() : 0;
    const keys = await db.query<{ k: string; case_id: string }>(
      `SELECT "message_key" AS k, "envelope"->'data'->>'caseId' AS case_id FROM "alerts"."outbox" WHERE "envelope"->>'type' = 'alert.raised' AND "envelope"->'data'->>'caseId' = ANY($1::text[])`,
      [[...opened.keys()]],
    );
    const [meta] = (await admin.fetchTopicMetadata({ topics: [ALERTS_TOPIC] })).topics;
    const partitionOf = (key: string) =>
      kafkajs.Partitioners.DefaultPartitioner()({
        topic: ALERTS_TOPIC,
        partitionMetadata: meta.partitions.map((x) => ({ ...x, partitionErrorCode: 0 })),
        message: { key, value: null },
      });
    let whileRetried = 0;
    for (const { k, case_id } of keys.rows) {
      const o = opened.get(case_id)!;
      if (partitionOf(k) === poisonPartition || o.acceptedAt > poisonDeadAt - RETRY_BUDGET_MS / 2) {
        continue;
      }
      whileRetried++;
      if (o.openedAt >= poisonDeadAt) {
        problems.push(
          `case ${case_id} (partition ${partitionOf(k)}) opened ${o.openedAt - poisonDeadAt} ms after the poison on partition ${poisonPartition} was dead-lettered`,
        );
      }
    }
    if (throws && whileRetried === 0) {
      problems.push(
        'no alert on another partition was accepted while the poison was retried: the scenario proved nothing',
      );
    }

    const check = await checkAlertEffects(db, inputs);
    summary({
      scenario: 'R11',
      seed,
      inputs: inputs.length + poison.length,
      accepted: check.accepted,
      lost: check.lost,
      duplicates: check.duplicates,
      ms: Date.now() - started,
      extra: {
        poison: poison.length,
        deadLettered: dead.length,
        deadLetterAfterMs: deadLetterDelays,
        otherKeysOpenMaxMs: openLatency.length ? Math.max(...openLatency) : -1,
        otherKeysBoundMs: OTHER_KEYS_BOUND_MS,
        otherPartitionsWhileRetried: whileRetried,
      },
    });
    printProblems([...problems, ...check.problems]);
    expect(problems).toEqual([]);
    expect(check.accepted).toBe(GOOD);
    expect(check.lost).toBe(0);
    expect(check.duplicates).toBe(0);
  });
});
