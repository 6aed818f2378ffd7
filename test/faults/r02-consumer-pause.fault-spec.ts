/**
 * §7b R2 — a consumer paused past its session timeout (a zombie): `kill -STOP` the cases service
 * for 45 s while alerts keep arriving, then `kill -CONT`. The broker expires the frozen member
 * after 10 s; when the process wakes up it still holds the batch it was handling, possibly an open
 * transaction, and offsets it believes it may commit. Its commits are refused (its generation is
 * gone), so it must rejoin and take the messages again from the last committed offsets: duplicate
 * deliveries are expected, duplicate effects are not (inbox), and nothing may be lost.
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
  useFaultContext,
  withDeadline,
} from './fault-kit.js';

const INPUTS = 40;
const PAUSE_MS = 45000;

describe('R2 cases paused (SIGSTOP) past its session timeout during a burst of alerts, then resumed', () => {
  const context = useFaultContext();

  it.each(seeds())('seed %i: the zombie rejoins; lost = 0, duplicate effects = 0', async (seed) => {
    const { db, admin } = context();
    const rng = new Prng(seed);
    const started = Date.now();
    log(`R2 seed=${seed}: ${INPUTS} alerts over ~13 s, cases paused ${PAUSE_MS / 1000} s`);
    await settle(db, admin, 60000);
    const inputs = makeInputs('r2', seed, INPUTS, rng, { attachShare: 0.15 });
    let pid: number | undefined;
    let lagAtResume = -1;
    let caughtUpMs = 0;

    try {
      await withDeadline('R2', 200000, async () => {
        const load = runLoad(inputs, { concurrency: 3, paceMs: 330, rng, retryForMs: 30000, started });
        await sleep(rng.int(1000, 5000));
        pid = servicePid('cases');
        if (!pid) {
          throw new Error('cases is not running');
        }
        process.kill(pid, 'SIGSTOP');
        log(`R2 cases (pid ${pid}) stopped at +${((Date.now() - started) / 1000).toFixed(1)} s`);
        await sleep(PAUSE_MS);
        lagAtResume = await groupLag(admin, 'cases.intake', ALERTS_TOPIC).catch(() => -1);
        process.kill(pid, 'SIGCONT');
        pid = undefined;
        log(`R2 cases resumed, consumer lag ${lagAtResume}`);
        await load;
        const t = Date.now();
        await settle(db, admin, 90000);
        caughtUpMs = Date.now() - t;
      });
    } finally {
      if (pid) {
        process.kill(pid, 'SIGCONT');
      }
      await restoreStack();
      await settle(db, admin, 90000).catch((e: unknown) => log(`R2 did not settle: ${String(e)}`));
    }

    await expectExactlyOnce(db, inputs, {
      scenario: 'R2',
      seed,
      started,
      extra: {
        pausedMs: PAUSE_MS,
        lagAtResume,
        settledAfterLoadMs: caughtUpMs,
        statuses: histogram(inputs.flatMap((i) => i.statuses)),
      },
    });
  });
});
