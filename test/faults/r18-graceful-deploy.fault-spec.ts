/**
 * §7b R18 — graceful deploy: while alerts keep arriving, each consuming service is stopped with
 * SIGTERM and started again, one after the other, as a rolling update would (cases, scheduling,
 * notifications, then alerts, which is also the intake: clients meet 503 and retry). A graceful
 * stop finishes the message in hand and commits its offset before the process exits, so:
 * - right after each stop, the group's committed offsets split its topic exactly where the
 *   service's inbox ends: every event before them applied, none after (an event applied but not
 *   committed would be delivered again after the restart; one committed but not applied, lost);
 * - no stop needs SIGKILL;
 * - at the end, every accepted alert had its effect once in every service (lost = 0, duplicates = 0).
 */
import {
  ALERTS_TOPIC,
  CASES_TOPIC,
  expectExactlyOnce,
  highWatermarks,
  histogram,
  log,
  makeInputs,
  type Offsets,
  Prng,
  readRange,
  restoreStack,
  runLoad,
  seeds,
  type Service,
  settle,
  sleep,
  stack,
  useFaultContext,
  withDeadline,
} from './fault-kit.js';

const INPUTS = 48;

/** The service, the consumer group it runs, the topic that group reads, and the inbox it writes. */
const ROLLING_UPDATE: { svc: Service; group: string; topic: string }[] = [
  { svc: 'cases', group: 'cases.intake', topic: ALERTS_TOPIC },
  { svc: 'scheduling', group: 'scheduling.case-view', topic: CASES_TOPIC },
  { svc: 'notifications', group: 'notifications.case-view', topic: CASES_TOPIC },
  { svc: 'alerts', group: 'alerts.case-status', topic: CASES_TOPIC },
];

describe('R18 graceful deploy: SIGTERM to each service during a burst of alerts', () => {
  const context = useFaultContext();

  it.each(seeds())(
    'seed %i: offsets committed at each stop match the effects applied; lost = 0, duplicate effects = 0',
    async (seed) => {
      const { db, admin, kafka } = context();
      const rng = new Prng(seed);
      const started = Date.now();
      log(
        `R18 seed=${seed}: ${INPUTS} alerts over ~16 s, rolling restart of ${ROLLING_UPDATE.map((r) => r.svc).join(', ')}`,
      );
      await settle(db, admin, 60000);
      const from = new Map<string, Offsets>([
        [ALERTS_TOPIC, await highWatermarks(admin, ALERTS_TOPIC)],
        [CASES_TOPIC, await highWatermarks(admin, CASES_TOPIC)],
      ]);
      const inputs = makeInputs('r18', seed, INPUTS, rng, { attachShare: 0.15 });
      const problems: string[] = [];
      const stops: string[] = [];

      try {
        await withDeadline('R18', 240000, async () => {
          const load = runLoad(inputs, { concurrency: 3, paceMs: 330, rng, retryForMs: 60000, started });
          for (const step of ROLLING_UPDATE) {
            await sleep(rng.int(1000, 3000));
            const stopped = await stack.stop(step.svc);
            if (/SIGKILL/.test(stopped.output)) {
              problems.push(`${step.svc} did not stop on SIGTERM`);
            }
            const split = await committedSplit(step.svc, step.group, step.topic, from.get(step.topic)!);
            stops.push(`${step.svc} ${stopped.ms}ms(${split.before} applied and committed, ${split.after} waiting)`);
            log(
              `R18 ${step.svc} stopped in ${stopped.ms} ms: committed offsets of ${step.group} split ${split.before} applied / ${split.after} not yet`,
            );
            problems.push(...split.problems);
            await stack.start(step.svc);
          }
          await load;
          await settle(db, admin, 90000);
        });
      } finally {
        await restoreStack();
        await settle(db, admin, 90000).catch((e: unknown) => log(`R18 did not settle: ${String(e)}`));
      }

      /**
       * With the service stopped (one consumer per group here), nothing moves its offsets or its
       * inbox: read its topic from the scenario's start to now and compare, message by message.
       */
      async function committedSplit(svc: Service, group: string, topic: string, start: Offsets) {
        const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        const commit = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
        const messages = await readRange(kafka, topic, start, await highWatermarks(admin, topic));
        const ids = messages.map((m) => m.headers['ce-id']);
        const { rows } = await db.query<{ event_id: string }>(
          `SELECT "event_id"::text FROM "${svc}"."inbox" WHERE "event_id" = ANY($1::uuid[])`,
          [ids],
        );
        const applied = new Set(rows.map((r) => r.event_id));
        const out = { before: 0, after: 0, problems: [] as string[] };
        for (const m of messages) {
          const isCommitted = BigInt(m.offset) < (commit.get(m.partition) ?? -1n);
          const isApplied = applied.has(m.headers['ce-id']);
          if (isCommitted && !isApplied) {
            out.problems.push(
              `${svc}: ${topic}/${m.partition}/${m.offset} committed by ${group} but never applied (lost)`,
            );
          } else if (!isCommitted && isApplied) {
            out.problems.push(
              `${svc}: ${topic}/${m.partition}/${m.offset} applied but its offset not committed at the stop (delivered again after the restart)`,
            );
          }
          out[isApplied ? 'before' : 'after']++;
        }
        return out;
      }

      const statuses = histogram(inputs.flatMap((i) => i.statuses));
      const serverErrors = Object.keys(statuses).filter((s) => Number(s) >= 500 && s !== '503');
      if (serverErrors.length > 0) {
        problems.push(`answers other than 503 during the restarts: ${serverErrors.join(', ')}`);
      }
      await expectExactlyOnce(db, inputs, {
        scenario: 'R18',
        seed,
        started,
        problems,
        extra: { stops: stops.join(', '), statuses },
      });
    },
  );
});
