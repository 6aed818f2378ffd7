/**
 * §7b R12 — duplicate inputs: the same alert delivered 2–5 times gives one alert and one case.
 *   (a) a client that retries with the same Idempotency-Key, one retry after the other;
 *   (b) a concurrent double-submit (all copies at once, same key);
 *   (c) a producer-level duplicate: the alert.raised envelope already published is published again
 *       with kafkajs, straight to alerts.alert.v1 (same event id, same key).
 */
import {
  type AlertInput,
  ALERTS_TOPIC,
  expectExactlyOnce,
  highWatermarks,
  histogram,
  log,
  makeInputs,
  Prng,
  producer,
  readRange,
  seeds,
  settle,
  submit,
  useFaultContext,
  withDeadline,
} from './fault-kit.js';

const PER_KIND = 4;

describe('R12 duplicate inputs (client retry, double submit, producer duplicate)', () => {
  const context = useFaultContext();

  it.each(seeds())('seed %i: one alert, one case per input, whatever the number of copies', async (seed) => {
    const { db, admin, kafka } = context();
    const rng = new Prng(seed);
    const started = Date.now();
    log(`R12 seed=${seed} (FAULT_SEED=${seed} reproduces the copy counts)`);
    await settle(db, admin, 60000);

    // one reporter per input: up to 5 copies each stay far below the per-user intake rate limit
    const inputs = makeInputs('r12', seed, PER_KIND * 3, rng, { alertsPerReporter: 1 });
    const copies = inputs.map(() => rng.int(2, 5));
    const retried = inputs.slice(0, PER_KIND);
    const doubleSubmitted = inputs.slice(PER_KIND, 2 * PER_KIND);
    const republished = inputs.slice(2 * PER_KIND);
    const firstAnswers = new Map<string, string[]>();
    let deliveries = 0;
    let producerDuplicates = 0;

    await withDeadline('R12', 150000, async () => {
      // (a) sequential client retries
      for (const [n, input] of retried.entries()) {
        const seen: string[] = [];
        for (let k = 0; k < copies[n]; k++) {
          const copy: AlertInput = { ...input, statuses: [] };
          await submit(copy, 10000);
          input.statuses.push(...copy.statuses);
          deliveries++;
          if (copy.alertId) {
            seen.push(copy.alertId);
            input.alertId ??= copy.alertId;
            input.caseId ??= copy.caseId;
          }
        }
        firstAnswers.set(input.id, seen);
      }
      // (b) concurrent copies with the same key
      await Promise.all(
        doubleSubmitted.map(async (input, j) => {
          const n = PER_KIND + j;
          const all = Array.from({ length: copies[n] }, () => ({ ...input, statuses: [] as number[] }));
          await Promise.all(all.map((copy) => submit(copy, 10000)));
          deliveries += all.length;
          for (const copy of all) {
            input.statuses.push(...copy.statuses);
            if (copy.alertId) {
              input.alertId ??= copy.alertId;
              input.caseId ??= copy.caseId;
            }
          }
          firstAnswers.set(
            input.id,
            all.flatMap((c) => (c.alertId ? [c.alertId] : [])),
          );
        }),
      );
      // (c) once over HTTP, then the published envelope again, straight into Kafka
      for (const input of republished) {
        expect(await submit(input, 10000)).toBe(true);
        deliveries++;
        firstAnswers.set(input.id, input.alertId ? [input.alertId] : []);
      }
      await settle(db, admin, 60000);
      const before = await highWatermarks(admin, ALERTS_TOPIC);
      const p = await producer(kafka);
      try {
        for (const [j, input] of republished.entries()) {
          const n = 2 * PER_KIND + j;
          const { rows } = await db.query<{ envelope: Record<string, any>; message_key: string }>(
            `SELECT "envelope","message_key" FROM "alerts"."outbox" WHERE "envelope"->>'type' = 'alert.raised' AND "envelope"->'data'->>'alertId' = $1`,
            [input.alertId],
          );
          expect(rows).toHaveLength(1);
          const env = rows[0].envelope;
          const again = Array.from({ length: copies[n] - 1 }, () => ({
            key: rows[0].message_key,
            value: JSON.stringify(env),
            headers: { 'ce-id': String(env.id) },
          }));
          await p.send({ topic: ALERTS_TOPIC, acks: -1, messages: again });
          producerDuplicates += again.length;
          deliveries += again.length;
        }
      } finally {
        await p.disconnect();
      }
      const settledMs = await settle(db, admin, 60000);
      const after = await highWatermarks(admin, ALERTS_TOPIC);
      // Every copy really reached the topic (the consumer saw it: settle() waited for lag 0).
      const onTopic = await readRange(kafka, ALERTS_TOPIC, before, after);
      const ids = new Set(republished.map((i) => i.alertId));
      const copiesOnTopic = onTopic.filter((m) => ids.has(JSON.parse(m.value)?.data?.alertId)).length;
      expect(copiesOnTopic).toBe(producerDuplicates);
      log(
        `R12 republished ${producerDuplicates} alert.raised copies (${copiesOnTopic} read back from ${ALERTS_TOPIC}); settled in ${settledMs} ms`,
      );
    });

    const answersDiffer = [...firstAnswers.entries()].filter(([, ids]) => new Set(ids).size > 1);
    const statuses = histogram(inputs.flatMap((i) => i.statuses));
    await expectExactlyOnce(db, inputs, {
      scenario: 'R12',
      seed,
      started,
      problems: answersDiffer.map(([id, a]) => `DIFFERENT ANSWERS ${id}: ${a.join(',')}`),
      extraDuplicates: answersDiffer.length,
      extra: { deliveries, producerDuplicates, copies: copies.join(','), statuses },
    });
    expect(Object.keys(statuses)).toEqual(['201']);
    // one case per input: every input is about its own person
    expect(new Set(inputs.map((i) => i.caseId)).size).toBe(inputs.length);
  });
});
