/**
 * R1b — the service that owns the timers killed -9 while action-item reminders come due (issue 17:
 * "reminders survive … a service kill"). Scheduling fires each item's `action.follow-up` timer in
 * a transaction that marks the row fired, moves the item to its next step and writes the
 * `action.reminder-due` event to its outbox; notifications turns the event into one message per
 * recipient (unique key) and sends it through its deliveries ledger.
 *   1. a case whose home nurse owns ITEMS action items, each told to her;
 *   2. the development clock moves just past their reminder before the due day; scheduling is
 *      killed -9 at a seeded moment inside the timer sweep's window and, for a seeded half of the
 *      seeds, notifications too a seeded moment later (mid-send); both are started again;
 *   3. after recovery the clock moves past the due day's step, and scheduling is killed -9 once more
 *      right away, before its sweep had the chance to fire it;
 *   4. per item and step: one `action.reminder-due` event, one message, one e-mail in the mailbox.
 */
import { readStackClockOffset, setStackClockOffset } from '../stack/stack-client.js';
import {
  log,
  printProblems,
  Prng,
  restoreStack,
  seeds,
  sleep,
  stack,
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

describe('R1b scheduling (and notifications) kill -9 while action-item reminders are due: each sent exactly once', () => {
  const context = useFaultContext();

  it.each(seeds())('seed %i: no reminder missed, none sent twice', async (seed) => {
    const { db } = context();
    const rng = new Prng(seed);
    const started = Date.now();
    const baseOffset = await readStackClockOffset();
    const killDelay = rng.int(0, 5000);
    const alsoNotifications = rng.chance(0.5);
    const notifierDelay = rng.int(0, 1500);
    log(
      `R1b seed=${seed}: ${ITEMS} items, kill -9 scheduling ${killDelay} ms after their reminder came due${alsoNotifications ? `, notifications ${notifierDelay} ms later` : ''}; then again at the due day`,
    );
    let setup: FollowUpSetup | undefined;
    let sentAtKill = -1;
    try {
      await withDeadline('R1b', 180000, async () => {
        setup = await prepareItems(db, `r1b-${seed}`, ITEMS);
        await passNextStep(db, setup.items);
        await sleep(killDelay);
        sentAtKill = await sentCount(db, setup.items, 'before-due');
        await stack.kill9('scheduling');
        if (alsoNotifications) {
          await sleep(notifierDelay);
          await stack.kill9('notifications');
          await stack.start('notifications');
        }
        await stack.start('scheduling');
        await awaitReminders(db, setup.items, 'before-due', 60000);
        await passNextStep(db, setup.items);
        await stack.kill9('scheduling');
        await stack.start('scheduling');
        await awaitReminders(db, setup.items, 'due', 60000);
      });
    } finally {
      await setStackClockOffset(baseOffset).catch((e: unknown) => log(`R1b could not reset the clock: ${String(e)}`));
      await restoreStack();
      if (setup) {
        await closeCase(setup).catch((e: unknown) => log(`R1b could not close the seed's case: ${String(e)}`));
      }
    }
    const check = await checkReminders(db, setup!, ['before-due', 'due']);
    summary({
      scenario: 'R1b',
      seed,
      inputs: ITEMS * 2,
      accepted: ITEMS * 2,
      lost: check.missed,
      duplicates: check.duplicates,
      ms: Date.now() - started,
      extra: {
        killDelayMs: killDelay,
        sentAtKill,
        notificationsKilled: alsoNotifications,
        'events/messages/emails': check.counts,
      },
    });
    printProblems(check.problems);
    expect(check.problems).toEqual([]);
    expect(check.missed).toBe(0);
    expect(check.duplicates).toBe(0);
  });
});
