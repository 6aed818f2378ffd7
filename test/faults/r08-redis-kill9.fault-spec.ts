/**
 * §7b R8 — Redis crash with AOF everysec, then lost jobs. The cases service runs with
 * ACK_TIMEOUT_URGENT_MINUTES=1 and TIMER_SWEEP_INTERVAL_MS=1000 (stack.sh passes the caller's
 * ConcertoConfig variables through), so urgent cases escalate one minute after they open.
 *   1. urgent alerts open cases (each with a durable timer row and a BullMQ delayed job);
 *   2. `infra.sh kill9 redis` at a seeded moment right after the last job was added (inside the
 *      AOF's one-second window), more urgent alerts while Redis is down (their job cannot be added),
 *      `infra.sh start redis` (AOF reload);
 *   3. the jobs of some pending timers are then deleted from Redis ("Redis lost them") and the
 *      service restarts: the reconciler must re-add every pending timer's job under the same job id
 *      (the timer id);
 *   4. past the deadline, each case escalated exactly once, to the bassin's backup, not early.
 */
import { Redis } from 'ioredis';
import {
  eventually,
  histogram,
  infra,
  log,
  makeInputs,
  printProblems,
  Prng,
  REDIS_PASSWORD,
  REDIS_PORT,
  restoreStack,
  seeds,
  settle,
  sleep,
  stack,
  submit,
  summary,
  useFaultContext,
  withDeadline,
} from './fault-kit.js';

const FAULT = { ACK_TIMEOUT_URGENT_MINUTES: '1', TIMER_SWEEP_INTERVAL_MS: '1000' };
const ACK_DEADLINE_TIMER = 'case.acknowledgement-deadline';
const QUEUE = 'cases-timers';
const BEFORE = 6;
const DURING = 2;

interface TimerRow {
  id: string;
  subject_id: string;
  due_at: Date;
  fired_at: Date | null;
  level: number;
}

describe('R8 Redis kill -9 (AOF everysec) and lost jobs: every pending escalation fires exactly once', () => {
  const context = useFaultContext();
  let redis: Redis | undefined;

  afterAll(() => redis?.disconnect());

  it.each(seeds())('seed %i: no timer lost, none fired twice or early', async (seed) => {
    const { db, admin } = context();
    const rng = new Prng(seed);
    const started = Date.now();
    await settle(db, admin, 60000);
    const inputs = makeInputs('r8', seed, BEFORE + DURING, rng, { urgent: true });
    const killDelay = rng.int(0, 900);
    const downFor = rng.int(2000, 5000);
    log(
      `R8 seed=${seed}: ${BEFORE} urgent alerts, kill -9 redis ${killDelay} ms after the last job, ${DURING} alerts while down (${downFor} ms), then jobs deleted and reconciled`,
    );
    let survivedAof = '';
    let reconciled = '';
    let deleted = 0;
    const timersOf = async (caseIds: string[]) =>
      (
        await db.query<TimerRow>(
          `SELECT "id"::text,"subject_id","due_at","fired_at",("payload"->>'level')::int AS level FROM "cases"."timers" WHERE "kind" = $1 AND "subject_id" = ANY($2::text[])`,
          [ACK_DEADLINE_TIMER, caseIds],
        )
      ).rows;
    const jobExists = async (timerIds: string[]) => {
      const r =
        redis ??
        (redis = new Redis({
          host: '127.0.0.1',
          port: REDIS_PORT,
          password: REDIS_PASSWORD,
          lazyConnect: true,
          maxRetriesPerRequest: 3,
        }));
      const out = new Map<string, boolean>();
      for (const id of timerIds) {
        // a pending delayed job: its hash and its entry in the delayed set, under the timer's id
        const [hash, delayed] = await Promise.all([
          r.exists(`bull:${QUEUE}:${id}`),
          r.zscore(`bull:${QUEUE}:delayed`, id),
        ]);
        out.set(id, hash === 1 && delayed !== null);
      }
      return out;
    };

    try {
      await withDeadline('R8', 240000, async () => {
        await stack.restart('cases', FAULT);
        const first = inputs.slice(0, BEFORE);
        await Promise.all(first.map((i) => submit(i, 20000, started)));
        const firstCases = first.flatMap((i) => (i.caseId ? [i.caseId] : []));
        await eventually('timer rows of the first cases', 30000, async () => {
          if ((await timersOf(firstCases)).length < firstCases.length) {
            throw new Error('not yet');
          }
        });
        await sleep(killDelay);
        await infra.kill9('redis');
        const during = inputs.slice(BEFORE);
        await Promise.all(during.map((i) => submit(i, 20000, started)));
        await sleep(downFor);
        await infra.start('redis');
        const allCases = inputs.flatMap((i) => (i.caseId ? [i.caseId] : []));
        const pending = await eventually('timer rows of every case', 30000, async () => {
          const rows = await timersOf(allCases);
          if (rows.length < allCases.length) {
            throw new Error(`${rows.length}/${allCases.length} timer rows`);
          }
          return rows;
        });
        const afterAof = await jobExists(pending.map((t) => t.id));
        survivedAof = `${[...afterAof.values()].filter(Boolean).length}/${pending.length}`;
        log(`R8 after the AOF reload: ${survivedAof} pending timers still have their BullMQ job`);

        // Redis loses jobs: delete the jobs of a seeded half of the pending timers, then restart.
        const victims = pending.filter(() => rng.chance(0.5));
        const r = redis!;
        for (const t of victims) {
          await r.del(`bull:${QUEUE}:${t.id}`);
          await r.zrem(`bull:${QUEUE}:delayed`, t.id);
        }
        deleted = victims.length;
        await stack.restart('cases', FAULT);
        const stillPending = (await timersOf(allCases)).filter((t) => !t.fired_at);
        const afterReconcile = await jobExists(stillPending.map((t) => t.id));
        reconciled = `${[...afterReconcile.values()].filter(Boolean).length}/${stillPending.length}`;
        log(
          `R8 ${deleted} jobs deleted; after the restart the reconciler re-added: ${reconciled} pending timers have a job with their own id`,
        );
        expect([...afterReconcile.values()].every(Boolean)).toBe(true);

        // Past the deadline (+ sweep), every case escalated once.
        const lastDue = Math.max(...pending.map((t) => new Date(t.due_at).getTime()));
        await eventually(
          'every case escalated to level 1',
          Math.max(0, lastDue - Date.now()) + 30000,
          async () => {
            const { rows } = await db.query<{ n: string }>(
              `SELECT count(*) AS n FROM "cases"."cases" WHERE "case_id" = ANY($1::uuid[]) AND "escalation_level" >= 1`,
              [allCases],
            );
            if (Number(rows[0].n) < allCases.length) {
              throw new Error(`${rows[0].n}/${allCases.length} escalated`);
            }
          },
          500,
        );
        await settle(db, admin, 60000);
      });
    } finally {
      await restoreStack();
      await settle(db, admin, 60000).catch((e: unknown) => log(`R8 did not settle: ${String(e)}`));
    }

    // The checker: per case, exactly one case.escalated per level, level 1 to the backup, never before the deadline.
    const caseIds = inputs.flatMap((i) => (i.caseId ? [i.caseId] : []));
    const timers = await timersOf(caseIds);
    const { rows: escalations } = await db.query<{ case_id: string; level: number; to: string; at: string }>(
      `SELECT "envelope"->'data'->>'caseId' AS case_id, ("envelope"->'data'->>'level')::int AS level, "envelope"->'data'->>'escalatedTo' AS "to", "envelope"->'data'->>'escalatedAt' AS at
         FROM "cases"."outbox" WHERE "envelope"->>'type' = 'case.escalated' AND "envelope"->'data'->>'caseId' = ANY($1::text[])`,
      [caseIds],
    );
    const { rows: chains } = await db.query<{ case_id: string; backup: string }>(
      `SELECT "case_id"::text, "escalation_chain"->>'backupId' AS backup FROM "cases"."cases" WHERE "case_id" = ANY($1::uuid[])`,
      [caseIds],
    );
    const problems: string[] = [];
    let lost = 0;
    let duplicates = 0;
    const lateness: number[] = [];
    for (const caseId of caseIds) {
      const level0 = timers.filter((t) => t.subject_id === caseId && t.level === 0);
      const l1 = escalations.filter((e) => e.case_id === caseId && e.level === 1);
      const l2 = escalations.filter((e) => e.case_id === caseId && e.level === 2);
      if (level0.length !== 1) {
        problems.push(`case ${caseId}: ${level0.length} level-0 timers`);
      }
      if (l1.length === 0) {
        lost++;
        problems.push(`MISSED escalation of case ${caseId}`);
      }
      if (l1.length > 1 || l2.length > 1) {
        duplicates += Math.max(0, l1.length - 1) + Math.max(0, l2.length - 1);
        problems.push(`DUPLICATE escalation of case ${caseId}: level 1 ×${l1.length}, level 2 ×${l2.length}`);
      }
      const backup = chains.find((c) => c.case_id === caseId)?.backup;
      if (l1[0] && l1[0].to !== backup) {
        problems.push(`case ${caseId} escalated to ${l1[0].to}, not to the backup ${backup}`);
      }
      const t = level0[0];
      if (t && l1[0]) {
        const late = new Date(l1[0].at).getTime() - new Date(t.due_at).getTime();
        lateness.push(late);
        if (late < 0) {
          problems.push(`EARLY escalation of case ${caseId}: ${-late} ms before its deadline`);
        }
      }
    }
    summary({
      scenario: 'R8',
      seed,
      inputs: inputs.length,
      accepted: caseIds.length,
      lost,
      duplicates,
      ms: Date.now() - started,
      extra: {
        jobsAfterAofReload: survivedAof,
        jobsDeleted: deleted,
        jobsAfterReconcile: reconciled,
        maxLatenessMs: lateness.length ? Math.max(...lateness) : -1,
        escalatedTo: histogram(escalations.filter((e) => e.level === 1).map((e) => e.to as unknown as number)),
        statuses: histogram(inputs.flatMap((i) => i.statuses)),
      },
    });
    printProblems(problems);
    expect(caseIds).toHaveLength(inputs.length);
    expect(problems).toEqual([]);
    expect(lost).toBe(0);
    expect(duplicates).toBe(0);
  });
});
