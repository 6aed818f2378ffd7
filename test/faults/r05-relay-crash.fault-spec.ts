/**
 * §7b R5 — the outbox relay crashes between publish and mark. The alerts service runs with the
 * fault hook FAULT_EXIT_AFTER_PUBLISH_PROBABILITY=1 (ConcertoConfig, fault tests only): its relay
 * exits the process (exit 137, no shutdown hooks) right after Kafka accepted a batch of
 * alert.raised and before the rows are marked published. Each crash round raises a few alerts
 * (clients retry with the same Idempotency-Key until they get their 201), then the service comes
 * back without the hook and publishes the rows a second time (after the crashed relay's lease ran
 * out, if it held one: 30 s). The cases consumer must absorb those duplicate deliveries: duplicate effects = 0.
 */
import {
  ALERTS_TOPIC,
  eventually,
  expectExactlyOnce,
  highWatermarks,
  histogram,
  log,
  makeInputs,
  Prng,
  readRange,
  restoreStack,
  seeds,
  servicePid,
  settle,
  stack,
  submit,
  useFaultContext,
  withDeadline,
} from './fault-kit.js';

const FAULT = { FAULT_EXIT_AFTER_PUBLISH_PROBABILITY: '1' };

describe('R5 outbox relay crash between publish and mark (alerts service)', () => {
  const context = useFaultContext();

  it.each(seeds())('seed %i: rows re-published, consumers dedupe, duplicate effects = 0', async (seed) => {
    const { db, admin, kafka } = context();
    const rng = new Prng(seed);
    const started = Date.now();
    await settle(db, admin, 60000);
    const rounds = rng.int(2, 3);
    const sizes = Array.from({ length: rounds }, () => rng.int(2, 6));
    const inputs = makeInputs(
      'r5',
      seed,
      sizes.reduce((a, b) => a + b, 0),
      rng,
      { alertsPerReporter: 1 },
    );
    log(`R5 seed=${seed}: ${rounds} crash rounds of ${sizes.join('+')} alerts, relay armed to exit after publish`);
    const before = await highWatermarks(admin, ALERTS_TOPIC);
    let crashes = 0;
    let unmarkedRows = -1;
    let deliveries = new Map<string, number>();

    try {
      await withDeadline('R5', 240000, async () => {
        let offset = 0;
        for (let r = 0; r < rounds; r++) {
          const batch = inputs.slice(offset, offset + sizes[r]);
          offset += sizes[r];
          // Armed start. A leftover row whose lease ran out could crash it before /ready: tolerated.
          await stack.restart('alerts', FAULT, true);
          const pid = servicePid('alerts');
          await Promise.all(batch.map((input) => submit(input, 3000, started)));
          // From round 2 on, the previous crash may have left the outbox's lease held (30 s, when
          // rows were waiting behind the crashed batch): the restarted relay publishes nothing
          // before it ran out, then starts again from the crashed batch.
          await eventually('the armed relay exits after its first publish', 45000, async () => {
            if (pid && servicePid('alerts') === pid) {
              throw new Error(`alerts (pid ${pid}) still running`);
            }
          });
          crashes++;
          log(
            `R5 round ${r + 1}: alerts exited after publishing (pid ${pid}); ${batch.filter((i) => i.alertId).length}/${batch.length} answered 201 before the crash`,
          );
        }
        // Back without the hook; clients that got no answer retry with their Idempotency-Key.
        await stack.restart('alerts');
        await Promise.all(inputs.filter((i) => !i.alertId).map((input) => submit(input, 30000, started)));
        // The crashed relay's lease, if any, runs out, then the rows are published again, and marked.
        await settle(db, admin, 90000);
        const { rows } = await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM "alerts"."outbox" WHERE "published_at" IS NULL AND "envelope"->'data'->>'alertId' = ANY($1::text[])`,
          [inputs.flatMap((i) => (i.alertId ? [i.alertId] : []))],
        );
        unmarkedRows = Number(rows[0].n);
        const after = await highWatermarks(admin, ALERTS_TOPIC);
        const ids = new Set(inputs.map((i) => i.alertId));
        deliveries = new Map();
        for (const m of await readRange(kafka, ALERTS_TOPIC, before, after)) {
          const alertId = (JSON.parse(m.value) as { data?: { alertId?: string } }).data?.alertId;
          if (alertId && ids.has(alertId)) {
            deliveries.set(alertId, (deliveries.get(alertId) ?? 0) + 1);
          }
        }
      });
    } finally {
      await restoreStack();
      await settle(db, admin, 90000).catch((e: unknown) => log(`R5 did not settle: ${String(e)}`));
    }

    const delivered = [...deliveries.values()];
    const duplicateDeliveries = delivered.reduce((n, d) => n + Math.max(0, d - 1), 0);
    const republishedRows = delivered.filter((d) => d > 1).length;
    await expectExactlyOnce(db, inputs, {
      scenario: 'R5',
      seed,
      started,
      extra: {
        crashes,
        outboxRowsRepublished: republishedRows,
        outboxRowsUnmarked: unmarkedRows,
        duplicateDeliveriesOnTopic: duplicateDeliveries,
        statuses: histogram(inputs.flatMap((i) => i.statuses)),
      },
    });
    expect(crashes).toBe(rounds);
    // the fault really happened: rows published, not marked, published again, then marked
    expect(republishedRows).toBeGreaterThan(0);
    expect(duplicateDeliveries).toBeGreaterThanOrEqual(republishedRows);
    expect(unmarkedRows).toBe(0);
  });
});
