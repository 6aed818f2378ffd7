import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import {
  type CaseOpenedV1,
  type ConcertationCancelledV1,
  type ConcertationProposedV1,
  type ConcertationRescheduledV1,
  type ConcertationScheduledV1,
  DIRECTORY_READ_API,
  type DirectoryReadApi,
  INVITATION_CARDS_API,
  type InvitationAnsweredV1,
  type InvitationCardsApi,
} from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import type { TransactionScope } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { type DueTimer, DurableTimers } from '#concerto/timers';
import { MEETING_REMINDER_TIMER, NO_ANSWER_TIMER } from '../../../notifications.tokens.js';
import {
  audienceOf,
  escalationAction,
  type EscalationStep,
  type InvitationChannel,
  type MeetingReminderKind,
  nextEscalationStep,
  noAnswerCheckAt,
  plannedReminders,
  primaryChannel,
  reminderChannel,
  wantsMeetingReminder,
  writtenInputAckChannel,
} from '../domain/invitation-planning.js';
import { DeliveryLedger, type InvitationViewRow } from './delivery-ledger.js';

const S = 'notifications';

/** What was read from other services before the transaction, per invitation (ids only). */
export interface PreparedInvitee {
  participantKind?: string;
  professionalId?: string;
  /** Same organisation, same role: candidate substitutes (directory ids). Undefined when unknown. */
  colleagues?: string[];
  bassinId?: string;
}
export type PreparedInvitees = Map<string, PreparedInvitee>;

/**
 * Turns scheduling's events into messages to send (delivery rows and their jobs), meeting
 * reminders and no-answer checks (durable timers), and runs those timers. Everything here
 * happens inside one transaction of the notifications schema; reads from other services are
 * made before it (see `prepare`).
 */
@Injectable()
export class InvitationPlanner {
  private readonly logger = new Logger(InvitationPlanner.name);

  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly timers: DurableTimers,
    @Inject(INVITATION_CARDS_API) private readonly cards: InvitationCardsApi,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Before the transaction: who each invitee is (the kind of participant, for the register and
   * the escalation chain) and who could stand in for a professional. A read that fails leaves
   * the value unknown; the messages themselves read the card again when they are sent.
   */
  async prepare(invitationIds: string[]): Promise<PreparedInvitees> {
    const prepared: PreparedInvitees = new Map();
    for (const id of invitationIds) {
      const card = await this.cards.deliveryCard(id).catch((error: unknown) => {
        this.logger.warn({ msg: 'delivery card not available while planning; planning from the event', error: String(error) });
        return undefined;
      });
      const r = card?.recipient;
      let colleagues: string[] | undefined;
      if (r?.kind === 'professional' && r.professionalId) {
        colleagues = await this.directory
          .findColleagues(r.professionalId)
          .then((list) => list.map((p) => p.id))
          .catch(() => undefined);
      }
      prepared.set(id, { participantKind: r?.kind, professionalId: r?.professionalId, colleagues, bassinId: card?.bassinId });
    }
    return prepared;
  }

  async caseOpened(scope: TransactionScope, d: CaseOpenedV1): Promise<void> {
    await scope.manager.query(`INSERT INTO "${S}"."case_view" ("case_id","bassin_id","opened_at") VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`, [d.caseId, d.bassinId, d.openedAt]);
  }

  /** A meeting was fixed or moved: (updated) invitations on each invitee's best channel, reminders re-planned. */
  async meetingPlanned(scope: TransactionScope, d: ConcertationScheduledV1 | ConcertationRescheduledV1, rescheduled: boolean, prepared: PreparedInvitees): Promise<void> {
    const now = this.clock.now();
    const start = new Date(d.start);
    for (const inv of d.invitations) {
      const view = await this.view(scope, inv.invitationId);
      if (view && view.sequence > d.sequence) {
        continue; // an older event, redelivered late: the newer one has been applied
      }
      const p = prepared.get(inv.invitationId) ?? {};
      if (p.bassinId) {
        await scope.manager.query(`INSERT INTO "${S}"."case_view" ("case_id","bassin_id","opened_at") VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`, [d.caseId, p.bassinId, now]);
      }
      // Written input stays useful whatever the date; attendance answers must be given again (as in scheduling).
      const keepAnswer = view?.answer === 'written-input';
      await scope.manager.query(
        `INSERT INTO "${S}"."invitation_view" ("invitation_id","concertation_id","case_id","participant_id","participant_kind","professional_id","required","channels","sequence",
           "meeting_status","start_at","end_at","previous_start_at","substitute_candidates","escalation_step","updated_at")
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'scheduled',$10,$11,$12,$13,0,$14)
         ON CONFLICT ("invitation_id") DO UPDATE SET
           "participant_kind" = CASE WHEN $5 = 'unknown' THEN "invitation_view"."participant_kind" ELSE $5 END,
           "professional_id" = COALESCE($6, "invitation_view"."professional_id"),
           "required" = $7, "channels" = $8, "sequence" = $9, "meeting_status" = 'scheduled', "start_at" = $10, "end_at" = $11, "previous_start_at" = $12,
           "substitute_candidates" = COALESCE($13, "invitation_view"."substitute_candidates"),
           "answer" = CASE WHEN $15 THEN "invitation_view"."answer" ELSE NULL END,
           "answered_sequence" = CASE WHEN $15 THEN "invitation_view"."answered_sequence" ELSE NULL END,
           "answered_at" = CASE WHEN $15 THEN "invitation_view"."answered_at" ELSE NULL END,
           "escalation_step" = 0, "updated_at" = $14`,
        [
          inv.invitationId,
          d.concertationId,
          d.caseId,
          inv.participantId,
          p.participantKind ?? 'unknown',
          p.professionalId ?? null,
          inv.required,
          JSON.stringify(inv.channels),
          d.sequence,
          start,
          new Date(d.end),
          rescheduled ? new Date((d as ConcertationRescheduledV1).previousStart) : null,
          p.colleagues ? JSON.stringify(p.colleagues) : null,
          now,
          keepAnswer,
        ],
      );
      await this.timers.cancel(scope, inv.invitationId, NO_ANSWER_TIMER);
      await this.ledger.queue(scope, {
        invitationId: inv.invitationId,
        concertationId: d.concertationId,
        caseId: d.caseId,
        sequence: d.sequence,
        kind: rescheduled ? 'update' : 'invitation',
        channel: primaryChannel(inv.channels),
      });
    }
    await this.timers.cancel(scope, d.concertationId, MEETING_REMINDER_TIMER);
    for (const r of plannedReminders(start, now)) {
      await this.timers.schedule(scope, { kind: MEETING_REMINDER_TIMER, subjectId: d.concertationId, dueAt: r.at, payload: { sequence: d.sequence, reminder: r.kind } });
    }
    if (rescheduled) {
      // Letters and calls about the old date, substitutes and alerts for it: moot now.
      await this.ledger.closeTasks(scope, { concertationId: d.concertationId, olderThanSequence: d.sequence }, 'superseded');
    }
  }

  /**
   * A date poll was opened: each invitee is asked for the dates that suit them, on their best
   * channel. Nothing else is planned: the poll's closing timer (in scheduling) fixes the meeting,
   * whose invitations then follow the usual path. A message still queued when the poll closes is
   * skipped when its turn comes.
   */
  async pollProposed(scope: TransactionScope, d: ConcertationProposedV1): Promise<void> {
    for (const inv of d.invitations) {
      await this.ledger.queue(scope, {
        invitationId: inv.invitationId,
        concertationId: d.pollId,
        caseId: d.caseId,
        sequence: 0,
        kind: 'poll-invitation',
        channel: primaryChannel(inv.channels),
      });
    }
  }

  /** The meeting was cancelled: every invitee is told (METHOD:CANCEL), and nothing else is sent about it. */
  async meetingCancelled(scope: TransactionScope, d: ConcertationCancelledV1): Promise<void> {
    await this.timers.cancel(scope, d.concertationId, MEETING_REMINDER_TIMER);
    await this.ledger.closeTasks(scope, { concertationId: d.concertationId }, 'cancelled');
    const now = this.clock.now();
    for (const inv of d.invitations) {
      const view = await this.view(scope, inv.invitationId);
      if (view && view.sequence > d.sequence) {
        continue;
      }
      await scope.manager.query(
        `INSERT INTO "${S}"."invitation_view" ("invitation_id","concertation_id","case_id","participant_id","required","channels","sequence","meeting_status","updated_at")
         VALUES ($1,$2,$3,$4,$5,$6,$7,'cancelled',$8)
         ON CONFLICT ("invitation_id") DO UPDATE SET "sequence" = $7, "meeting_status" = 'cancelled', "channels" = $6, "updated_at" = $8`,
        [inv.invitationId, d.concertationId, d.caseId, inv.participantId, inv.required, JSON.stringify(inv.channels), d.sequence, now],
      );
      await this.timers.cancel(scope, inv.invitationId, NO_ANSWER_TIMER);
      await this.ledger.queue(scope, {
        invitationId: inv.invitationId,
        concertationId: d.concertationId,
        caseId: d.caseId,
        sequence: d.sequence,
        kind: 'cancellation',
        channel: primaryChannel(inv.channels),
      });
    }
  }

  /**
   * An answer came through a link: no more chasing; reminders go only to those who come; written
   * input is acknowledged once per meeting version (the ledger's key absorbs a redelivered event
   * and a second answer through the same link).
   */
  async invitationAnswered(scope: TransactionScope, d: InvitationAnsweredV1): Promise<void> {
    const view = await this.view(scope, d.invitationId);
    if (!view || d.sequence < view.sequence) {
      return;
    }
    await scope.manager.query(`UPDATE "${S}"."invitation_view" SET "answer" = $2, "answered_sequence" = $3, "answered_at" = $4, "updated_at" = $5 WHERE "invitation_id" = $1`, [
      d.invitationId,
      d.answer,
      d.sequence,
      d.answeredAt,
      this.clock.now(),
    ]);
    await this.timers.cancel(scope, d.invitationId, NO_ANSWER_TIMER);
    await this.ledger.closeTasks(scope, { invitationId: d.invitationId, kinds: d.answer === 'declined' ? ['no-answer'] : ['no-answer', 'substitute-proposal'] }, 'resolved');
    const ackChannel = writtenInputAckChannel(d.answer, view.channels);
    if (ackChannel) {
      await this.ledger.queue(scope, {
        invitationId: d.invitationId,
        concertationId: d.concertationId,
        caseId: d.caseId,
        sequence: d.sequence,
        kind: 'written-input-ack',
        channel: ackChannel,
      });
    }
  }

  /**
   * Called in the transaction that marks an invitation (or update) sent: the first no-answer
   * check, NOTIFICATIONS_NO_ANSWER_HOURS later (and at the latest an hour before the meeting).
   */
  async invitationLeft(scope: TransactionScope, invitationId: string, sequence: number): Promise<void> {
    const now = this.clock.now();
    const view = await this.view(scope, invitationId);
    if (!view) {
      return;
    }
    await scope.manager.query(`UPDATE "${S}"."invitation_view" SET "first_sent_at" = COALESCE("first_sent_at", $2) WHERE "invitation_id" = $1`, [invitationId, now]);
    if (view.sequence !== sequence || view.meeting_status !== 'scheduled' || view.answer || !view.start_at) {
      return;
    }
    const due = noAnswerCheckAt(now, new Date(view.start_at), this.config.NOTIFICATIONS_NO_ANSWER_HOURS);
    if (due) {
      await this.timers.cancel(scope, invitationId, NO_ANSWER_TIMER);
      await this.timers.schedule(scope, { kind: NO_ANSWER_TIMER, subjectId: invitationId, dueAt: due, payload: { sequence, step: 1 } });
    }
  }

  /** Timer: two days or two hours before the meeting, a reminder to everyone still coming (or not yet answered). */
  async onMeetingReminder(timer: DueTimer, scope: TransactionScope): Promise<void> {
    const sequence = Number(timer.payload.sequence);
    const kind = timer.payload.reminder as MeetingReminderKind;
    const invitees = await queryRows<InvitationViewRow>(
      scope.manager,
      `SELECT * FROM "${S}"."invitation_view" WHERE "concertation_id" = $1 AND "sequence" = $2 AND "meeting_status" = 'scheduled' ORDER BY "invitation_id"`,
      [timer.subjectId, sequence],
    );
    for (const v of invitees) {
      const channel = reminderChannel(kind, v.channels);
      if (!channel || !wantsMeetingReminder(v.answer ?? undefined)) {
        continue;
      }
      await this.ledger.queue(scope, { invitationId: v.invitation_id, concertationId: v.concertation_id, caseId: v.case_id, sequence, kind, channel });
    }
  }

  /** Timer: still no answer. One step of the chain, then the next check. */
  async onNoAnswerCheck(timer: DueTimer, scope: TransactionScope): Promise<void> {
    const sequence = Number(timer.payload.sequence);
    const step = Number(timer.payload.step) as EscalationStep;
    const now = this.clock.now();
    const view = await this.view(scope, timer.subjectId, true);
    if (!view || view.sequence !== sequence || view.meeting_status !== 'scheduled' || view.answer || !view.start_at || new Date(view.start_at) <= now) {
      return;
    }
    const tried = await queryRows<{ channel: InvitationChannel; status: string }>(
      scope.manager,
      `SELECT "channel","status" FROM "${S}"."deliveries" WHERE "invitation_id" = $1 AND "sequence" = $2 AND "kind" IN ('invitation','update') ORDER BY "created_at"`,
      [view.invitation_id, sequence],
    );
    const action = escalationAction(
      step,
      view.channels,
      tried.filter((t) => t.status === 'sent').map((t) => t.channel),
      tried.filter((t) => t.status === 'failed').map((t) => t.channel),
    );
    const base = { caseId: view.case_id, invitationId: view.invitation_id, concertationId: view.concertation_id, sequence };
    if (action.action === 'remind-on-another-channel') {
      await this.ledger.queue(scope, { ...base, kind: 'no-answer-reminder', channel: action.channel });
    } else if (action.action === 'propose-substitute') {
      await this.ledger.addTask(scope, {
        ...base,
        idempotencyKey: `substitute-proposal:${view.invitation_id}:${sequence}`,
        kind: 'substitute-proposal',
        candidates: view.substitute_candidates ?? [],
      });
    } else {
      await this.ledger.addTask(scope, { ...base, idempotencyKey: `no-answer:${view.invitation_id}:${sequence}`, kind: 'no-answer' });
    }
    await scope.manager.query(`UPDATE "${S}"."invitation_view" SET "escalation_step" = GREATEST("escalation_step", $2), "updated_at" = $3 WHERE "invitation_id" = $1`, [
      view.invitation_id,
      step,
      now,
    ]);
    const next = nextEscalationStep(step, audienceOf(view.participant_kind));
    const due = next ? noAnswerCheckAt(now, new Date(view.start_at), this.config.NOTIFICATIONS_NO_ANSWER_HOURS) : undefined;
    if (next && due) {
      await this.timers.schedule(scope, { kind: NO_ANSWER_TIMER, subjectId: view.invitation_id, dueAt: due, payload: { sequence, step: next } });
    }
  }

  private async view(scope: TransactionScope, invitationId: string, forUpdate = false): Promise<InvitationViewRow | undefined> {
    const [row] = await queryRows<InvitationViewRow>(scope.manager, `SELECT * FROM "${S}"."invitation_view" WHERE "invitation_id" = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [invitationId]);
    return row;
  }
}
