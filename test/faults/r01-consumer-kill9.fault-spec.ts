/**
 * §7b R1 — consumer crash mid-batch: `kill -9` the cases service (the consumer of alerts.alert.v1)
 * at seeded random moments while alerts keep arriving, and again while it catches up on its
 * backlog after a restart (before its handler, inside the transaction, after the commit but before
 * the offset commit: wherever the SIGKILL lands). Every accepted alert must have its effect exactly
 * once: duplicate deliveries are allowed, duplicate effects are not (inbox).
 */
import {
  ALERTS_TOPIC,
  expectExactlyOnce,
  groupLag,
  histogram,
  log,
  makeInputs,
  Prng,
  restoreStack,
  runLoad,
  seeds,
  servicePid,
  settle,
  sleep,
  stack,
  useFaultContext,
  withDeadline,
} from './fault-kit.js';

const INPUTS = 60;
const KILLS = 3;

describe('R1 kill -9 of the consuming service (cases) during a burst of alerts', () => {
  const context = useFaultContext();

  it.each(seeds())('seed %i: lost = 0, duplicate effects = 0', async (seed) => {
    const { db, admin } = context();
    const rng = new Prng(seed);
    const started = Date.now();
    log(`R1 seed=${seed}: ${INPUTS} alerts over ~20 s, ${KILLS} × kill -9 cases`);
    await settle(db, admin, 60000);
    const inputs = makeInputs('r1', seed, INPUTS, rng, { attachShare: 0.15 });
    const kills: string[] = [];
    let recoveredMs = 0;
    let appliedBeforeKill = 0;

    try {
      await withDeadline('R1', 200000, async () => {
        const load = runLoad(inputs, { concurrency: 3, paceMs: 330, rng, retryForMs: 30000, started });
        // First kill while the burst is running. Each restart is then killed again as soon as the
        // restarted consumer has applied its first backlog messages (new rows in cases.inbox) plus a
        // seeded 0–150 ms: in the middle of a batch, with effects committed and offsets not yet.
        await sleep(rng.int(1500, 6000));
        for (let k = 0; k < KILLS; k++) {
          const lag = await groupLag(admin, 'cases.intake', ALERTS_TOPIC).catch(() => -1);
          const at = Date.now() - started;
          const pid = servicePid('cases');
          if (k === 0 || !pid) {
            await stack.kill9('cases');
          } else {
            process.kill(pid, 'SIGKILL'); // stack.sh kill9 would wait for the `start` below to release its lock
          }
          const { rows } = await db.query<{ now: Date }>('SELECT now() AS now');
          const killedAt = rows[0].now;
          kills.push(
            `${(at / 1000).toFixed(1)}s(lag ${lag}${k > 0 ? `, applied after restart ${appliedBeforeKill}` : ''})`,
          );
          log(
            `R1 kill -9 cases #${k + 1} at +${(at / 1000).toFixed(1)} s, consumer lag ${lag}${k > 0 ? `, backlog messages applied by the restarted consumer ${appliedBeforeKill}` : ''}`,
          );
          await waitGone(pid);
          await sleep(rng.int(0, 1500));
          const last = k === KILLS - 1;
          const restart = stack.start('cases', undefined, !last);
          if (!last) {
            appliedBeforeKill = 0;
            const until = Date.now() + 25000;
            while (Date.now() < until) {
              const applied = await db.query<{ n: string }>(
                `SELECT count(*) AS n FROM "cases"."inbox" WHERE "processed_at" > $1`,
                [killedAt],
              );
              appliedBeforeKill = Number(applied.rows[0].n);
              if (appliedBeforeKill > 0) {
                break;
              }
              await sleep(20);
            }
            await sleep(rng.int(0, 150));
            if (!servicePid('cases')) {
              await restart; // not started yet: kill the next one after its start
            }
          } else {
            log(`R1 cases restarted in ${(await restart).ms} ms`);
          }
        }
        await load;
        const t = Date.now();
        await settle(db, admin, 90000);
        recoveredMs = Date.now() - t;
      });
    } finally {
      // whatever happened, the checker runs on a settled system with the service back
      await restoreStack();
      await settle(db, admin, 90000).catch((e: unknown) => log(`R1 did not settle: ${String(e)}`));
    }

    await expectExactlyOnce(db, inputs, {
      scenario: 'R1',
      seed,
      started,
      extra: {
        kills: kills.join(','),
        settleAfterLoadMs: recoveredMs,
        attached: inputs.filter((i) => i.openedNewCase === false).length,
        statuses: histogram(inputs.flatMap((i) => i.statuses)),
      },
    });
  });
});

async function waitGone(pid: number | undefined): Promise<void> {
  for (let i = 0; pid && i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
}
