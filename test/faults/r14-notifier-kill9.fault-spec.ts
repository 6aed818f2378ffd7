/**
 * §7b R14 — the notifier crashes while sending invitations: `kill -9` the notifications service
 * after the e-mail provider accepted a message and before the row is marked sent. The provider
 * stub must see each invitation at least once and, deduplicated by the Message-ID that the
 * engine derives from the idempotency key, exactly once.
 *
 *   1. A real SMTP server in the test process (libs/testing) is the provider stub. It answers
 *      each DATA after a seeded 50–300 ms, so several sends are in flight at any moment.
 *   2. notifications restarts with SMTP_URL pointing at it (and TIMER_SWEEP_INTERVAL_MS=1000, so
 *      its reconciler re-enqueues lapsed rows every 10 s instead of every 50 s).
 *   3. Per seed, 3–4 cases with a team of 4–6 e-mail invitees each (one address per invitee) and
 *      consent; a meeting is scheduled per case: 12–24 invitations. 1–3 times, at a seeded count
 *      of accepted messages, the stub SIGKILLs the notifier synchronously right after writing its
 *      250 (the earliest moment the worker can know the provider accepted, long before it can
 *      commit the mark), then the service is started again with the same settings.
 *   4. A killed worker's row keeps its claim (five minutes of business time, CLAIM_LEASE_MS in
 *      deliver-message.handler.ts). Instead of waiting five real minutes per crash, the test moves the
 *      stack's development clock (ADR 0013, the clock the lease is measured with) past the lease
 *      once the wire is quiet and only dead workers hold claims, and puts it back at the end. BullMQ gives the dead
 *      worker's job back after its lock (30 s) and stalled check (30 s); the reconciler adds the
 *      others: every row is sent within SETTLE_MS.
 *   5. The check, from the inputs (one key `invitation:email:<meeting>:0:<invitation>` per
 *      invitee): the stub saw every key (else lost), every message to an invitee carried the
 *      Message-ID of its key, one distinct Message-ID per key, one `invitation.sent` per key in
 *      notifications.outbox and the row sent with that Message-ID (else duplicate). How many
 *      messages crossed the wire more than once is logged: that is allowed, it is what the
 *      Message-ID is for.
 */
import { loadConfig } from '#concerto/config';
import { startTestSmtpServer, type TestSmtpServer } from '#concerto/testing';
import { idempotencyKey } from '../../apps/notifications/src/modules/invitations/domain/compose-messages.js';
import { messageIdFor } from '../../apps/notifications/src/modules/invitations/infrastructure/mail-options.js';
import { readStackClockOffset, setStackClockOffset } from '../stack/stack-client.js';
import {
  demoUserToken,
  eventually,
  histogram,
  http,
  log,
  makeInputs,
  printProblems,
  Prng,
  restoreStack,
  seeds,
  servicePid,
  sleep,
  stack,
  submit,
  summary,
  useFaultContext,
  withDeadline,
} from './fault-kit.js';

const HOUR = 3600_000;
/** The delivery worker's claim (CLAIM_LEASE_MS): a crashed send is retried once it lapsed. */
const CLAIM_LEASE_MS = 5 * 60_000;
/** How far the clock jumps to lapse orphaned claims: the lease and a minute. */
const CLOCK_JUMP_MS = CLAIM_LEASE_MS + 60_000;
/**
 * From the last restart to every row sent: the dead worker's BullMQ job comes back after its lock
 * (30 s) and the next stalled check (30 s); the reconciler runs every 10 s; one backoff (2 s).
 */
const SETTLE_MS = 120_000;
/** No message accepted for this long while only orphaned claims are left: lapse them. */
const QUIET_MS = 3000;
/** The bounded work, the cleanup (restoreStack) and the checker: jest's top-level 120 s default is too short. */
const TEST_TIMEOUT_MS = 300_000;
const OTHER_KINDS = ['relative', 'neighbour', 'volunteer', 'trusted-person'];

interface Invitee {
  caseIndex: number;
  address: string;
  participantId: string;
  invitationId?: string;
  key?: string;
  messageId?: string;
}

interface LedgerRow {
  idempotency_key: string;
  invitation_id: string;
  channel: string;
  kind: string;
  status: string;
  attempts: number;
  claimed_until: Date | null;
  provider_message_id: string | null;
}

describe('R14 notifier kill -9 between the provider accepting an invitation and the mark', () => {
  const context = useFaultContext();

  it.each(seeds())(
    'seed %i: each invitation reaches the stub ≥ 1 time, exactly 1 per Message-ID',
    async (seed) => {
      const { db } = context();
      const rng = new Prng(seed);
      // The stub's delays on their own stream: how many messages there are does not shift the plan.
      const delays = new Prng(seed ^ 0x5eed14);
      const started = Date.now();
      const run = `r14${seed.toString(36)}${Date.now().toString(36)}`;
      const caseCount = rng.int(3, 4);
      const teamSizes = Array.from({ length: caseCount }, () => rng.int(4, 6));
      const withProfessional = teamSizes.map(() => rng.chance(0.5));
      const kills = rng.int(1, 3);
      const killAfter = Array.from({ length: kills }, () => rng.int(1, 4));
      const downMs = Array.from({ length: kills }, () => rng.int(0, 1500));
      const inputs = makeInputs('r14', seed, caseCount, rng, { alertsPerReporter: caseCount });
      const domain = loadConfig(process.env).MAIL_FROM_ADDRESS.split('@')[1];
      const baseOffset = await readStackClockOffset();
      let offset = baseOffset;
      log(
        `R14 seed=${seed}: ${caseCount} meetings of ${teamSizes.join('+')} invitees, ${kills} kill(s) after ${killAfter.join(', ')} accepted message(s), down ${downMs.join(', ')} ms`,
      );

      const invitees: Invitee[] = [];
      const byAddress = new Map<string, Invitee>();
      const byKey = new Map<string, Invitee>();
      let notifierPid: number | undefined;
      let acceptedSinceStart = 0;
      let lastAcceptAt = Date.now();
      let armed: { after: number; fire: (messageId: string) => void } | undefined;
      const killedAt: number[] = [];
      let killsInWindow = 0;
      const orphanedClaims = new Set<string>();
      let clockJumps = 0;
      // An object: assigned inside the bounded work, read in the cleanup and the checker.
      const stub: { smtp?: TestSmtpServer } = {};
      let ledger: LedgerRow[] = [];

      const ours = (to: string[]) => to.map((a) => byAddress.get(a.toLowerCase())).find((i) => i !== undefined);
      const businessNow = () => Date.now() + offset;
      const jumpClock = async (why: string) => {
        offset += CLOCK_JUMP_MS;
        clockJumps++;
        await setStackClockOffset(offset);
        log(`R14 clock +${CLOCK_JUMP_MS / 60_000} min (offset ${offset / 60_000} min): ${why}`);
      };
      const readLedger = async () =>
        (
          await db.query<LedgerRow>(
            `SELECT "idempotency_key","invitation_id","channel","kind","status","attempts","claimed_until","provider_message_id" FROM "notifications"."deliveries" WHERE "invitation_id" = ANY($1::uuid[])`,
            [invitees.flatMap((i) => (i.invitationId ? [i.invitationId] : []))],
          )
        ).rows;
      /** A row held by a killed worker: still queued, claimed before the last kill, the claim not lapsed. */
      const orphaned = (r: LedgerRow) => {
        const last = killedAt[killedAt.length - 1];
        const until = r.claimed_until ? new Date(r.claimed_until).getTime() : 0;
        return (
          r.status === 'queued' && last !== undefined && until > businessNow() && until <= last + CLAIM_LEASE_MS + 1000
        );
      };
      /** Claimed by a live worker: a claim taken after the last kill that has not lapsed. */
      const liveClaim = (r: LedgerRow) =>
        r.status === 'queued' &&
        !orphaned(r) &&
        r.claimed_until !== null &&
        new Date(r.claimed_until).getTime() > businessNow();
      /**
       * 'sent' once every expected row is; 'orphans' when the wire is quiet, a dead worker still holds
       * a claim and no live worker holds one (the other open rows wait for BullMQ's stalled check):
       * jumping then lets those stalled jobs send at once instead of finding their row busy.
       */
      const progress = async (): Promise<'sent' | 'orphans' | 'moving'> => {
        ledger = await readLedger();
        const mine = ledger.filter((r) => byKey.has(r.idempotency_key));
        if (mine.length === byKey.size && mine.every((r) => r.status === 'sent')) {
          return 'sent';
        }
        const open = mine.filter((r) => r.status !== 'sent');
        if (
          mine.length === byKey.size &&
          open.some(orphaned) &&
          !open.some(liveClaim) &&
          Date.now() - lastAcceptAt > QUIET_MS
        ) {
          return 'orphans';
        }
        return 'moving';
      };

      /** Messages the SMTP stub has received and not yet answered (held for its slow-provider delay). */
      let held = 0;
      try {
        await withDeadline('R14', 240000, async () => {
          const smtp = await startTestSmtpServer({
            beforeAccept: async () => {
              held++;
              try {
                await sleep(delays.int(50, 300)); // a slow provider: the fault, not a wait
              } finally {
                held--;
              }
            },
            onAccepted: (m) => {
              if (!ours(m.envelope.to)) {
                return; // another test's leftover message: not part of the plan
              }
              lastAcceptAt = Date.now();
              acceptedSinceStart++;
              if (armed && notifierPid && acceptedSinceStart >= armed.after) {
                // Synchronously after the 250 was written: the worker cannot have marked the row yet.
                try {
                  process.kill(notifierPid, 'SIGKILL');
                } catch {
                  // already gone
                }
                const { fire } = armed;
                armed = undefined;
                fire(m.mail.messageId ?? '');
              }
            },
          });
          stub.smtp = smtp;
          const env = { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, TIMER_SWEEP_INTERVAL_MS: '1000' };
          await stack.restart('notifications', env);
          notifierPid = servicePid('notifications');

          // Cases, teams with one address each, consent (through the gateway, as a coordinator would).
          const coord = await demoUserToken('coord-nord');
          await Promise.all(inputs.map((input) => submit(input, 20000, started)));
          expect(inputs.filter((i) => i.caseId)).toHaveLength(caseCount);
          await Promise.all(
            inputs.map(async (input, c) => {
              const caseId = input.caseId!;
              const person = await eventually(`case ${c}: the person seated by scheduling`, 30000, async () => {
                const r = await http('GET', `/v1/cases/${caseId}/participants`, coord);
                if (r.status !== 200 || r.body?.participants?.length !== 1) {
                  throw new Error(`participants: ${r.status} ${JSON.stringify(r.body)?.slice(0, 200)}`);
                }
                return r.body.participants[0].id as string;
              });
              const address = (p: number) => `${run}.c${c}.p${p}@example.test`;
              const team: Invitee[] = [{ caseIndex: c, address: address(0), participantId: person }];
              const patched = await http('PATCH', `/v1/cases/${caseId}/participants/${person}`, coord, {
                email: address(0),
              });
              expect(patched.status).toBe(200);
              for (let p = 1; p < teamSizes[c]; p++) {
                const body =
                  p === 1 && withProfessional[c]
                    ? { kind: 'professional', professionalId: 'pro-gp', email: address(p) }
                    : {
                        kind: OTHER_KINDS[p % OTHER_KINDS.length],
                        displayName: `R14 invitee ${p}`,
                        language: p % 2 ? 'fr' : 'nl',
                        email: address(p),
                      };
                const added = await http('POST', `/v1/cases/${caseId}/participants`, coord, body);
                expect(added.status).toBe(201);
                team.push({ caseIndex: c, address: address(p), participantId: added.body.participant.id });
              }
              const scopes = team.map((i) => ({ participantId: i.participantId, dataCategories: ['meeting-details'] }));
              const consent = await http('POST', `/v1/cases/${caseId}/consent`, coord, {
                decision: 'granted',
                givenBy: 'person',
                scopes,
              });
              expect(consent.status).toBe(200);
              invitees.push(...team);
            }),
          );
          for (const i of invitees) {
            byAddress.set(i.address.toLowerCase(), i);
          }

          // Armed before the meetings exist: the first kill may land on the very first message.
          let killed = new Promise<string>((fire) => (armed = { after: killAfter[0], fire }));
          const firstStart = Math.ceil((Date.now() + 4 * 24 * HOUR) / HOUR) * HOUR;
          await Promise.all(
            inputs.map(async (input, c) => {
              const start = firstStart + c * HOUR;
              const scheduled = await http('POST', `/v1/cases/${input.caseId}/concertations`, coord, {
                start: new Date(start).toISOString(),
                end: new Date(start + HOUR).toISOString(),
                location: { kind: 'video', label: `https://meet.example.test/${run}` },
              });
              expect(scheduled.status).toBe(201);
              const meetingId = scheduled.body.concertation.id as string;
              for (const inv of scheduled.body.concertation.invitations as Array<{
                id: string;
                participantId: string;
              }>) {
                const invitee = invitees.find((i) => i.participantId === inv.participantId && i.caseIndex === c);
                if (!invitee) {
                  throw new Error(`case ${c}: invitation ${inv.id} for an unknown participant ${inv.participantId}`);
                }
                invitee.invitationId = inv.id;
                invitee.key = idempotencyKey('invitation', 'email', { meetingId, sequence: 0 }, inv.id);
                invitee.messageId = messageIdFor(invitee.key, domain);
                byKey.set(invitee.key, invitee);
              }
            }),
          );
          expect(byKey.size).toBe(invitees.length);
          log(`R14 ${byKey.size} invitations scheduled in ${caseCount} meetings`);

          for (let k = 0; k < kills; k++) {
            // Wait for the stub to pull the trigger; if only orphaned claims are left, lapse them (a
            // re-sent message may then pull it); if everything is sent, there is nothing left to crash.
            // (An object: the trigger sets it from a callback, where TypeScript's narrowing cannot see it.)
            const fired: { messageId?: string } = {};
            void killed.then((id) => (fired.messageId = id));
            await eventually(
              `kill ${k + 1}: the trigger (${killAfter[k]} accepted message(s))`,
              SETTLE_MS,
              async () => {
                if (fired.messageId !== undefined) {
                  return;
                }
                const state = await progress();
                if (fired.messageId !== undefined || state === 'sent') {
                  return;
                }
                if (state === 'orphans') {
                  await jumpClock(`only orphaned claims left before kill ${k + 1}`);
                }
                throw new Error(`${ledger.filter((r) => r.status === 'sent').length}/${byKey.size} sent`);
              },
            );
            const messageId = fired.messageId;
            if (messageId === undefined) {
              armed = undefined;
              log(`R14 kill ${k + 1}: every invitation was sent before its trigger; ${k} kill(s) in all`);
              break;
            }
            const pid = notifierPid;
            await eventually('the killed notifier is gone', 10000, async () => {
              if (servicePid('notifications') !== undefined) {
                throw new Error(`notifications (pid ${pid}) still alive`);
              }
            });
            killedAt.push(businessNow());
            ledger = await readLedger();
            const trigger = [...byKey.values()].find((i) => i.messageId === messageId);
            const triggerRow = ledger.find((r) => r.idempotency_key === trigger?.key);
            if (triggerRow?.status === 'queued') {
              killsInWindow++;
            }
            const held = ledger.filter((r) => byKey.has(r.idempotency_key) && orphaned(r));
            for (const r of held) {
              orphanedClaims.add(r.idempotency_key);
            }
            log(
              `R14 kill ${k + 1}: notifications (pid ${pid}) SIGKILLed after the stub accepted ${trigger?.key ?? messageId}; its row is ${triggerRow?.status ?? 'missing'}; ${held.length} claim(s) held by the dead worker`,
            );
            await sleep(downMs[k]);
            acceptedSinceStart = 0;
            await stack.start('notifications', env);
            notifierPid = servicePid('notifications');
            if (k + 1 < kills) {
              killed = new Promise<string>((fire) => (armed = { after: killAfter[k + 1], fire }));
            }
          }

          // Settle: every invitation sent; orphaned claims are lapsed by one clock jump.
          const settleStarted = Date.now();
          await eventually(
            'every invitation marked sent',
            SETTLE_MS,
            async () => {
              const state = await progress();
              if (state === 'sent') {
                return;
              }
              if (state === 'orphans') {
                await jumpClock('only orphaned claims left after the last restart');
              }
              const open = ledger.filter((r) => byKey.has(r.idempotency_key) && r.status !== 'sent');
              throw new Error(
                `${byKey.size - open.length}/${byKey.size} sent; open: ${open.map((r) => `${r.status}/attempts=${r.attempts}`).join(', ')}`,
              );
            },
            500,
          );
          log(`R14 every invitation sent ${Date.now() - settleStarted} ms after the last restart`);
          // Every row is sent and no claim is live, so no worker starts a send; a message the stub is
          // still holding (its slow-provider delay) is the last that could arrive. Wait for none held.
          await eventually(
            'no message held by the SMTP stub',
            30000,
            async () => {
              if (held > 0) {
                throw new Error(`${held} held`);
              }
            },
            20,
          );
        });
      } finally {
        if (offset !== baseOffset) {
          await setStackClockOffset(baseOffset).catch((e: unknown) =>
            log(`R14 could not reset the clock: ${String(e)}`),
          );
        }
        try {
          await restoreStack();
        } finally {
          await stub.smtp?.close();
        }
      }

      // The checker, from the inputs: one key per invitee.
      const received = (stub.smtp?.messages ?? []).filter((m) => ours(m.envelope.to));
      const wire = new Map<string, number>();
      const ids = new Map<string, Set<string>>();
      const problems: string[] = [];
      for (const m of received) {
        const invitee = ours(m.envelope.to)!;
        const messageId = m.mail.messageId ?? '(none)';
        if (messageId !== invitee.messageId) {
          problems.push(
            `WRONG Message-ID to ${invitee.address}: ${messageId}, expected ${invitee.messageId} (${invitee.key})`,
          );
        }
        wire.set(invitee.key!, (wire.get(invitee.key!) ?? 0) + 1);
        ids.set(invitee.key!, (ids.get(invitee.key!) ?? new Set()).add(messageId));
      }
      const invitationIds = [...byKey.values()].map((i) => i.invitationId!);
      const { rows: events } = await db.query<{
        type: string;
        k: string;
        channel: string;
        purpose: string;
        sequence: string;
        n: string;
      }>(
        `SELECT "envelope"->>'type' AS type, "envelope"->'data'->>'invitationId' AS k, "envelope"->'data'->>'channel' AS channel,
              "envelope"->'data'->>'purpose' AS purpose, "envelope"->'data'->>'sequence' AS sequence, count(*) AS n
         FROM "notifications"."outbox"
        WHERE "envelope"->>'type' IN ('invitation.sent', 'invitation.failed') AND "envelope"->'data'->>'invitationId' = ANY($1::text[])
        GROUP BY 1, 2, 3, 4, 5`,
        [invitationIds],
      );
      ledger = await readLedger();
      let lost = 0;
      let duplicates = 0;
      for (const [key, invitee] of byKey) {
        const row = ledger.find((r) => r.idempotency_key === key);
        const sent = events.filter(
          (e) =>
            e.type === 'invitation.sent' &&
            e.k === invitee.invitationId &&
            e.channel === 'email' &&
            e.purpose === 'invitation' &&
            e.sequence === '0',
        );
        const sentEvents = sent.reduce((n, e) => n + Number(e.n), 0);
        const onWire = wire.get(key) ?? 0;
        const distinct = ids.get(key)?.size ?? 0;
        if (onWire === 0 || row?.status !== 'sent' || sentEvents === 0) {
          lost++;
          problems.push(
            `LOST ${key} (${invitee.address}): stub saw it ${onWire}×, row ${row ? `${row.status} attempts=${row.attempts}` : 'missing'}, invitation.sent ×${sentEvents}`,
          );
        }
        if (sentEvents > 1 || distinct > 1) {
          duplicates += Math.max(0, sentEvents - 1) + Math.max(0, distinct - 1);
          problems.push(
            `DUPLICATE ${key}: invitation.sent ×${sentEvents}, distinct Message-IDs ${[...(ids.get(key) ?? [])].join(' ')}`,
          );
        }
        if (row && row.provider_message_id !== invitee.messageId) {
          problems.push(`row ${key} marked with ${row.provider_message_id}, expected ${invitee.messageId}`);
        }
      }
      for (const r of ledger.filter((r) => !byKey.has(r.idempotency_key) && r.kind === 'invitation')) {
        problems.push(`unexpected delivery row ${r.idempotency_key} (${r.status}): another channel than e-mail?`);
      }
      for (const e of events.filter((e) => e.type === 'invitation.failed')) {
        problems.push(`invitation.failed ×${e.n} for invitation ${e.k} (${e.channel}, ${e.purpose})`);
      }
      const receivedMoreThanOnce = [...wire.values()].filter((n) => n > 1).length;
      const mine = ledger.filter((r) => byKey.has(r.idempotency_key));
      summary({
        scenario: 'R14',
        seed,
        inputs: byKey.size,
        accepted: mine.filter((r) => r.status === 'sent').length,
        lost,
        duplicates,
        ms: Date.now() - started,
        extra: {
          meetings: caseCount,
          kills: killedAt.length,
          killsBetweenAcceptAndMark: killsInWindow,
          orphanedClaims: orphanedClaims.size,
          clockJumps,
          messagesOnWire: received.length,
          distinctMessageIds: new Set(received.map((m) => m.mail.messageId)).size,
          receivedMoreThanOnce,
          // Connections the SIGKILL broke in the middle of a transaction (the stub records, never throws).
          smtpConnectionsReset: stub.smtp?.connectionErrors.length ?? 0,
          wireCopies: histogram([...byKey.keys()].map((k) => wire.get(k) ?? 0)),
          attempts: histogram(mine.map((r) => r.attempts)),
        },
      });
      printProblems(problems);
      expect(killedAt.length).toBeGreaterThanOrEqual(1);
      // the fault really happened: at least one kill landed between the provider's 250 and the mark
      expect(killsInWindow).toBeGreaterThanOrEqual(1);
      expect(receivedMoreThanOnce).toBeGreaterThanOrEqual(1);
      expect(problems).toEqual([]);
      expect(lost).toBe(0);
      expect(duplicates).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
