/**
 * §7b R6 — PostgreSQL crash: `infra.sh pg-stop-immediate` (pg_ctl stop -m immediate, no checkpoint)
 * while alerts come in and cases are read, then `infra.sh start postgres` (crash recovery). Meanwhile
 * the API answers 503 problem+json, never 500 (every status code seen is recorded); the services
 * reconnect by themselves (same pids before and after); every 201 is durable; and the requests that
 * failed left nothing behind, or everything (a commit whose answer was lost), never a part.
 */
import {
  demoUserToken,
  expectExactlyOnce,
  histogram,
  http,
  infra,
  log,
  makeInputs,
  Prng,
  eventually,
  ready,
  restoreStack,
  runLoad,
  seeds,
  servicePid,
  settle,
  sleep,
  stackServices,
  useFaultContext,
  withDeadline,
} from './fault-kit.js';

const INPUTS = 40;

describe('R6 PostgreSQL stopped abruptly (immediate) during load, then started again', () => {
  const context = useFaultContext();

  it.each(seeds())(
    'seed %i: 503 never 500, reconnect without restart, committed = durable, no partial writes',
    async (seed) => {
      const { db, admin } = context();
      const rng = new Prng(seed);
      const started = Date.now();
      await settle(db, admin, 60000);
      const inputs = makeInputs('r6', seed, INPUTS, rng, { attachShare: 0.1, alertsPerReporter: 5 });
      const stopAfter = rng.int(2000, 5000);
      const downFor = rng.int(3000, 8000);
      log(
        `R6 seed=${seed}: ${INPUTS} alerts over ~12 s; pg-stop-immediate at +${stopAfter} ms, start ${downFor} ms later`,
      );
      const services = stackServices().filter((s) => servicePid(s));
      const pidsBefore = services.map((s) => servicePid(s));
      const coordinator = await demoUserToken('coord-nord');
      const reads: Array<{ status: number; contentType?: string }> = [];
      const readiness: number[] = [];
      const badBodies: string[] = [];
      let outageMs = 0;
      let stop = false;

      try {
        await withDeadline('R6', 200000, async () => {
          const load = runLoad(inputs, { concurrency: 3, paceMs: 300, rng, retryForMs: 60000, started });
          // A reader: the cases of accepted alerts, and the gateway's /ready, all along.
          const reader = (async () => {
            while (!stop) {
              const some = inputs.filter((i) => i.caseId);
              const target =
                some.length > 0 ? some[rng.int(0, some.length - 1)].caseId : '00000000-0000-4000-8000-000000000000';
              const r = await http('GET', `/v1/cases/${target}`, coordinator);
              reads.push({ status: r.status, contentType: r.contentType });
              if (r.status >= 500 && !/^application\/problem\+json/.test(r.contentType ?? '')) {
                badBodies.push(`GET case ${r.status} ${r.contentType}`);
              }
              readiness.push((await ready()) ? 200 : 503);
              // The reader's pace, not a wait for anything: it samples reads all along the outage.
              await sleep(150);
            }
          })();
          await sleep(stopAfter);
          const stoppedAt = Date.now();
          await infra.pgStopImmediate();
          await sleep(downFor);
          const restart = await infra.start('postgres');
          outageMs = Date.now() - stoppedAt;
          log(`R6 PostgreSQL back after ${outageMs} ms (start with crash recovery took ${restart.ms} ms)`);
          const readsAtRestart = reads.length;
          await load;
          // the reader runs on until it has seen the services answer again: a case read and /ready
          await eventually('the services answer again after the restart', 60000, async () => {
            if (
              !reads.slice(readsAtRestart).some((r) => r.status !== 503) ||
              !readiness.slice(readsAtRestart).includes(200)
            ) {
              throw new Error('not yet');
            }
          });
          stop = true;
          await reader;
          await settle(db, admin, 120000);
        });
      } finally {
        stop = true;
        await restoreStack();
        await settle(db, admin, 120000).catch((e: unknown) => log(`R6 did not settle: ${String(e)}`));
      }

      const pidsAfter = services.map((s) => servicePid(s));
      const writes = inputs.flatMap((i) => i.statuses);
      await expectExactlyOnce(db, inputs, {
        scenario: 'R6',
        seed,
        started,
        problems: badBodies,
        extra: (partial) => ({
          pgOutageMs: outageMs,
          postStatuses: histogram(writes),
          getStatuses: histogram(reads.map((r) => r.status)),
          readyStatuses: histogram(readiness),
          partialWrites: partial.partial,
          committedButUnanswered: partial.committedUnanswered,
          servicesRestarted: services.filter((_, i) => pidsBefore[i] !== pidsAfter[i]).join(',') || 'none',
        }),
      });
      // never a 500 (nor a gateway 502/504): an outage is a 503 with a problem+json body
      expect(writes.filter((s) => s !== 201 && s !== 503)).toEqual([]);
      expect(reads.map((r) => r.status).filter((s) => ![200, 404, 503].includes(s))).toEqual([]);
      // the outage was seen, and the services rode it out without a restart
      expect(writes.filter((s) => s === 503).length + reads.filter((r) => r.status === 503).length).toBeGreaterThan(0);
      expect(pidsAfter).toEqual(pidsBefore);
    },
  );
});
