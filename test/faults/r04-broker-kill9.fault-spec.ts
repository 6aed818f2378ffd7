/**
 * §7b R4 — broker crash: `kill -9` the Kafka broker while alerts keep coming in, restart it a few
 * seconds later. The intake keeps answering 201 (the outbox holds the events), the relays retry,
 * every outbox row is eventually published, and every accepted alert opens or joins its case once.
 */
import {
  expectExactlyOnce,
  histogram,
  infra,
  log,
  makeInputs,
  Prng,
  restoreStack,
  runLoad,
  seeds,
  settle,
  sleep,
  useFaultContext,
  withDeadline,
} from './fault-kit.js';

const INPUTS = 40;

describe('R4 kill -9 of the Kafka broker during load', () => {
  const context = useFaultContext();

  it.each(seeds())('seed %i: every outbox row published, lost = 0, duplicate effects = 0', async (seed) => {
    const { db, admin } = context();
    const rng = new Prng(seed);
    const started = Date.now();
    await settle(db, admin, 60000);
    const inputs = makeInputs('r4', seed, INPUTS, rng, { attachShare: 0.1 });
    const killAfter = rng.int(2000, 6000);
    const downFor = rng.int(2000, 8000);
    log(
      `R4 seed=${seed}: ${INPUTS} alerts over ~16 s; kill -9 kafka at +${killAfter} ms, start it again ${downFor} ms later`,
    );
    let outageMs = 0;
    let acceptedDuringOutage = 0;
    let pendingAtRestart = 0;
    let settleMs = 0;

    try {
      await withDeadline('R4', 200000, async () => {
        const load = runLoad(inputs, { concurrency: 2, paceMs: 400, rng, retryForMs: 30000, started });
        await sleep(killAfter);
        const killedAt = Date.now();
        await infra.kill9('kafka');
        await sleep(downFor);
        const { rows } = await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM "alerts"."outbox" WHERE "published_at" IS NULL`,
        );
        pendingAtRestart = Number(rows[0].n);
        const restart = await infra.start('kafka');
        const backAt = Date.now();
        outageMs = backAt - killedAt;
        acceptedDuringOutage = inputs.filter(
          (i) =>
            i.acceptedAtMs !== undefined && i.acceptedAtMs >= killedAt - started && i.acceptedAtMs <= backAt - started,
        ).length;
        log(
          `R4 broker back after ${outageMs} ms (start took ${restart.ms} ms); ${pendingAtRestart} alerts.outbox rows waiting; ${acceptedDuringOutage} alerts accepted meanwhile`,
        );
        await load;
        settleMs = await settle(db, admin, 120000);
      });
    } finally {
      await restoreStack();
      await settle(db, admin, 120000).catch((e: unknown) => log(`R4 did not settle: ${String(e)}`));
    }

    const unpublished = await db.query<{ s: string; n: string }>(
      `SELECT 'alerts' AS s, count(*) AS n FROM "alerts"."outbox" WHERE "published_at" IS NULL UNION ALL SELECT 'cases', count(*) FROM "cases"."outbox" WHERE "published_at" IS NULL`,
    );
    await expectExactlyOnce(db, inputs, {
      scenario: 'R4',
      seed,
      started,
      extra: {
        brokerOutageMs: outageMs,
        acceptedDuringOutage,
        outboxWaitingAtRestart: pendingAtRestart,
        settleAfterLoadMs: settleMs,
        unpublishedAtEnd: unpublished.rows.map((r) => `${r.s}:${r.n}`).join(','),
        statuses: histogram(inputs.flatMap((i) => i.statuses)),
      },
    });
    expect(unpublished.rows.map((r) => Number(r.n))).toEqual([0, 0]);
  });
});
