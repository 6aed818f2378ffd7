import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type Principal, RsvpLinkSigner } from '#concerto/auth';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import type { DeliveryChannel, PollInvitationCard } from '#concerto/contracts';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { type TransactionScope, UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { queryRows } from '#concerto/persistence';
import { type DueTimer, DurableTimers } from '#concerto/timers';
import { CaseAccess } from '../../case-view/application/case-access.js';
import { POLL_CLOSING_TIMER, SCHEDULING_DB } from '../../../scheduling.tokens.js';
import { CareTeamService } from '../../care-team/application/care-team.service.js';
import { ConcertationScheduler } from '../../concertations/application/commands/schedule-concertation/concertation-scheduler.js';
import type { MeetingLocationInput } from '../../concertations/application/concertation.view.js';
import { Invitees } from '../../concertations/application/invitees.js';
import { MeetingLocations } from '../../concertations/application/meeting-locations.js';
import type { MeetingLocation } from '../../concertations/domain/concertation.aggregate.js';
import { DatePoll, type DatePollState, type PollAnswer, type PollOutcome } from '../domain/date-poll.js';

export interface CreatePollInput {
  options: Array<{ start: string; end: string }>;
  closesAt: string;
  location: MeetingLocationInput;
}

interface PollRow {
  id: string;
  case_id: string;
  options: Array<{ start: string; end: string }>;
  location: MeetingLocation;
  closes_at: Date;
  status: DatePollState['status'];
  invitations: DatePollState['invitations'];
  answers: DatePollState['answers'];
  concertation_id: string | null;
  outcome: PollOutcome | null;
}

/**
 * Date polls for invitees whose availability is unknown: proposed dates answered through a
 * signed link; at the closing date (a durable timer) the best date becomes the concertation.
 */
@Injectable()
export class PollService {
  constructor(
    @Inject(SCHEDULING_DB) private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: CaseAccess,
    private readonly invitees: Invitees,
    private readonly locations: MeetingLocations,
    private readonly scheduler: ConcertationScheduler,
    private readonly team: CareTeamService,
    private readonly timers: DurableTimers,
    private readonly links: RsvpLinkSigner,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(caseId: string, principal: Principal, input: CreatePollInput) {
    const view = await this.access.requireCoordinator(caseId, principal, 'open-date-poll', 'create');
    const now = this.clock.now();
    const closesAt = new Date(input.closesAt);
    const options = input.options.map((o) => ({ start: new Date(o.start), end: new Date(o.end) }));
    if (closesAt <= now || options.some((o) => o.start <= closesAt || o.end <= o.start || (view.deadline && o.end > view.deadline))) {
      throw new AppException('POLL_DATES_INVALID', 'invalid', 'The poll must close in the future, before every proposed date, and every date must end before the case deadline.', { field: 'options' });
    }
    const location = await this.locations.resolve(view, input.location);
    return this.uow.run(async (scope) => {
      const { invitable } = await this.invitees.of(caseId);
      const poll = DatePoll.open({
        id: randomUUID(),
        caseId,
        options,
        closesAt,
        invitations: invitable.map((p) => ({ id: randomUUID(), participantId: p.id, required: p.required || p.kind === 'person' })),
      });
      const s = poll.snapshot;
      await scope.manager.query(
        `INSERT INTO "scheduling"."polls" ("id","case_id","options","location","closes_at","status","invitations","answers","created_by","created_at") VALUES ($1,$2,$3,$4,$5,'open',$6,'{}'::jsonb,$7,$8)`,
        [s.id, caseId, JSON.stringify(options), JSON.stringify(location), closesAt, JSON.stringify(s.invitations), principal.userId, now],
      );
      await scope.emit(
        'concertation.proposed',
        caseId,
        {
          pollId: s.id,
          caseId,
          optionCount: options.length,
          closesAt: closesAt.toISOString(),
          invitations: s.invitations.map((i) => ({
            invitationId: i.id,
            participantId: i.participantId,
            required: i.required,
            channels: (invitable.find((p) => p.id === i.participantId)?.channels ?? ['phone-call']) as DeliveryChannel[],
          })),
          proposedBy: principal.userId,
          proposedAt: now.toISOString(),
        },
        { correlationId: currentCorrelationId(), occurredAt: now },
      );
      await this.timers.schedule(scope, { kind: POLL_CLOSING_TIMER, subjectId: s.id, dueAt: closesAt });
      return this.view(poll.snapshot);
    });
  }

  /** What notifications writes to one poll invitee: read through the internal API, never put in an event. */
  async pollCard(invitationId: string): Promise<PollInvitationCard | undefined> {
    const [row] = await queryRows<PollRow & { created_by: string }>(this.ds, `SELECT * FROM "scheduling"."polls" WHERE "invitations" @> $1::jsonb`, [JSON.stringify([{ id: invitationId }])]);
    if (!row) {
      return undefined;
    }
    const invitation = row.invitations.find((i) => i.id === invitationId)!;
    const view = await this.access.find(row.case_id);
    const recipient = (await this.team.list(row.case_id)).find((p) => p.id === invitation.participantId);
    const token = this.links.sign({ invitationId, meetingId: row.id, meetingSequence: 0, action: 'poll', expiresAt: new Date(row.closes_at) });
    return {
      invitationId,
      pollId: row.id,
      caseId: row.case_id,
      bassinId: view?.bassinId ?? '',
      status: row.status,
      closesAt: new Date(row.closes_at).toISOString(),
      options: row.options.map((o) => ({ start: new Date(o.start).toISOString(), end: new Date(o.end).toISOString() })),
      location: row.location as PollInvitationCard['location'],
      organizerId: row.created_by,
      ...(recipient ? { recipient: recipient as PollInvitationCard['recipient'] } : {}),
      answerUrl: `${this.config.PUBLIC_BASE_URL}/v1/polls/answers/${token}`,
    };
  }

  async linkInfo(token: string) {
    const { row, invitationId } = await this.verified(token, this.ds.manager);
    return { options: row.options, closesAt: new Date(row.closes_at).toISOString(), answers: row.answers[invitationId] ?? null, status: row.status };
  }

  async answer(token: string, answers: PollAnswer[]) {
    return this.uow.run(async (scope) => {
      const { row, invitationId } = await this.verified(token, scope.manager, true);
      const poll = DatePoll.restore(toState(row));
      poll.answer(invitationId, answers, this.clock.now());
      await scope.manager.query(`UPDATE "scheduling"."polls" SET "answers" = $2 WHERE "id" = $1`, [row.id, JSON.stringify(poll.snapshot.answers)]);
      return { recorded: answers.length };
    });
  }

  async closeNow(pollId: string, principal: Principal) {
    const [row] = await queryRows<PollRow>(this.ds, `SELECT * FROM "scheduling"."polls" WHERE "id" = $1`, [pollId]);
    if (!row) {
      throw new AppException('POLL_NOT_FOUND', 'not-found', 'No such poll.');
    }
    await this.access.requireCoordinator(row.case_id, principal, 'close-date-poll');
    return this.uow.run((scope) => this.close(scope, pollId, principal.userId));
  }

  /** The closing timer: safe to run twice, a closed poll stays as it was. */
  async onClosingTimer(timer: DueTimer, scope: TransactionScope): Promise<void> {
    await this.close(scope, timer.subjectId, 'system:poll-closing');
  }

  private async close(scope: TransactionScope, pollId: string, actorId: string) {
    const [row] = await queryRows<PollRow>(scope.manager, `SELECT * FROM "scheduling"."polls" WHERE "id" = $1 FOR UPDATE`, [pollId]);
    if (!row || row.status === 'closed') {
      return row ? this.view(toState(row)) : undefined;
    }
    const poll = DatePoll.restore(toState(row));
    const outcome = poll.close(this.clock.now());
    let concertationId: string | null = null;
    if (outcome.chosenOption !== undefined) {
      const view = (await this.access.find(row.case_id))!;
      const option = row.options[outcome.chosenOption];
      const scheduled = await this.scheduler.schedule(view, { start: new Date(option.start), end: new Date(option.end), location: row.location }, actorId);
      concertationId = scheduled.concertation.id;
    }
    await scope.manager.query(`UPDATE "scheduling"."polls" SET "status" = 'closed', "outcome" = $2, "concertation_id" = $3 WHERE "id" = $1`, [pollId, JSON.stringify(outcome), concertationId]);
    return { ...this.view(poll.snapshot), concertationId };
  }

  private async verified(token: string, manager: EntityManager, forUpdate = false): Promise<{ row: PollRow; invitationId: string }> {
    const claims = this.links.peek(token);
    const [row] = claims?.action === 'poll' ? await queryRows<PollRow>(manager, `SELECT * FROM "scheduling"."polls" WHERE "id" = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [claims.meetingId]) : [];
    const check = row && claims ? this.links.verify(token, { action: 'poll', meetingId: row.id, currentSequence: 0 }) : undefined;
    if (!row || !claims || !check?.ok || !row.invitations.some((i) => i.id === claims.invitationId)) {
      throw check && !check.ok && check.reason === 'expired'
        ? new AppException('POLL_CLOSED', 'conflict', 'This date poll is closed.')
        : new AppException('LINK_NOT_FOUND', 'not-found', 'This link is not valid.');
    }
    return { row, invitationId: claims.invitationId };
  }

  private view(s: Readonly<DatePollState>) {
    return { id: s.id, caseId: s.caseId, status: s.status, closesAt: s.closesAt.toISOString(), options: s.options.map((o) => ({ start: o.start.toISOString(), end: o.end.toISOString() })), invitations: s.invitations, answers: s.answers, ...(s.outcome ? { outcome: s.outcome } : {}) };
  }
}

function toState(r: PollRow): DatePollState {
  return {
    id: r.id,
    caseId: r.case_id,
    options: r.options.map((o) => ({ start: new Date(o.start), end: new Date(o.end) })),
    closesAt: new Date(r.closes_at),
    status: r.status,
    invitations: r.invitations,
    answers: r.answers,
    ...(r.outcome ? { outcome: r.outcome } : {}),
  };
}
