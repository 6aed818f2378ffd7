/**
 * R8b — Redis killed -9 (AOF everysec) while action-item reminders come due (issue 17: "reminders
 * survive a Redis loss"). Scheduling keeps each item's `action.follow-up` timer as a row with a
 * BullMQ job; notifications queues each message's delivery in BullMQ too. Redis holds no truth:
 *   1. a case whose home nurse owns ITEMS action items, each told to her;
 *   2. the development clock moves just past their reminder before the due day, and Redis is
 *      killed -9 at a seeded moment inside the timer sweep's window, kept down a seeded while,
 *      then restarted from its AOF;
 *   3. after recovery the clock moves past the due day's step too (timers and queues as Redis
 *      came back);
 *   4. per item and step: one `action.reminder-due` event, one message, one e-mail in the mailbox.
 */
import { readStackClockOffset, setStackClockOffset } from '../stack/stack-client.js';
import {
  infra,
  log,
  printProblems,
  Prng,
  restoreStack,
  seeds,
  sleep,
  summary,
  useFaultContext,
  withDeadline,
} from './fault-kit.js';
import {
  awaitReminders,
  checkReminders,
  closeCase,
  type FollowUpSetup,
  passNextStep,
  prepareItems,
  sentCount,
} from './follow-up-kit.js';

const ITEMS = 5;

describe('R8b Redis kill -9 while action-item reminders are due: each reminder sent exactly once', () => {
  const context = useFaultContext();

  it.each(seeds())('seed %i: no reminder missed, none sent twice', async (seed) => {
    const { db } = context();
    const rng = new Prng(seed);
    const started = Date.now();
    const baseOffset = await readStackClockOffset();
    const killDelay = rng.int(0, 5000);
    const downFor = rng.int(1500, 4000);
    log(
      `R8b seed=${seed}: ${ITEMS} items, kill -9 redis ${killDelay} ms after their reminder came due, down ${downFor} ms`,
    );
    let setup: FollowUpSetup | undefined;
    let sentAtKill = -1;
    try {
      await withDeadline('R8b', 150000, async () => {
        setup = await prepareItems(db, `r8b-${seed}`, ITEMS);
        await passNextStep(db, setup.items);
        await sleep(killDelay);
        sentAtKill = await sentCount(db, setup.items, 'before-due');
        await infra.kill9('redis');
        await sleep(downFor);
        await infra.start('redis');
        await awaitReminders(db, setup.items, 'before-due', 60000);
        await passNextStep(db, setup.items);
        await awaitReminders(db, setup.items, 'due', 60000);
      });
    } finally {
      await setStackClockOffset(baseOffset).catch((e: unknown) => log(`R8b could not reset the clock: ${String(e)}`));
      await restoreStack();
      if (setup) {
        await closeCase(setup).catch((e: unknown) => log(`R8b could not close the seed's case: ${String(e)}`));
      }
    }
    const check = await checkReminders(db, setup!, ['before-due', 'due']);
    summary({
      scenario: 'R8b',
      seed,
      inputs: ITEMS * 2,
      accepted: ITEMS * 2,
      lost: check.missed,
      duplicates: check.duplicates,
      ms: Date.now() - started,
      extra: { killDelayMs: killDelay, sentAtKill, downForMs: downFor, 'events/messages/emails': check.counts },
    });
    printProblems(check.problems);
    expect(check.problems).toEqual([]);
    expect(check.missed).toBe(0);
    expect(check.duplicates).toBe(0);
  });
});
