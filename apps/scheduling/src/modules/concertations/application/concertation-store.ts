import { Injectable } from '@nestjs/common';
import { type EmitMeta, UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import type { ParticipantView } from '../../care-team/application/care-team.reader.js';
import { CaseAccess } from '../../case-view/application/case-access.js';
import type {
  Concertation,
  ConcertationEvent,
  ConcertationState,
  InvitationAnswer,
} from '../domain/concertation.aggregate.js';
import { ConcertationRepository } from '../domain/concertation.repository.js';
import { toInvitationRef } from './invitation-ref.js';

/** What the outbox needs beside the event: the meeting as saved, who acted, and the care team (for the channels). */
interface Saved {
  s: Readonly<ConcertationState>;
  actorId: string;
  team: readonly ParticipantView[];
  meta: EmitMeta;
}

type EventsByName = { [E in ConcertationEvent as E['name']]: E };
type Producers = { [K in keyof EventsByName]: (event: EventsByName[K], saved: Saved) => Promise<unknown> };

/**
 * Saves a concertation and, in the same transaction, turns each of its domain events into its
 * integration event (one producer per event name).
 */
@Injectable()
export class ConcertationStore {
  private readonly producers: Producers = {
    'concertation.scheduled': async (_event, { s, actorId, team, meta }) =>
      this.uow.emit(
        'concertation.scheduled',
        s.caseId,
        { ...(await this.base(s, team)), scheduledBy: actorId, scheduledAt: meta.occurredAt.toISOString() },
        meta,
      ),
    'concertation.rescheduled': async (event, { s, actorId, team, meta }) =>
      this.uow.emit(
        'concertation.rescheduled',
        s.caseId,
        {
          ...(await this.base(s, team)),
          previousStart: event.previousStart.toISOString(),
          rescheduledBy: actorId,
          rescheduledAt: meta.occurredAt.toISOString(),
        },
        meta,
      ),
    'concertation.cancelled': (_event, { s, actorId, team, meta }) =>
      this.uow.emit(
        'concertation.cancelled',
        s.caseId,
        {
          concertationId: s.id,
          caseId: s.caseId,
          sequence: s.sequence,
          invitations: s.invitations.map((i) => toInvitationRef(i, team)),
          cancelledBy: actorId,
          cancelledAt: meta.occurredAt.toISOString(),
        },
        meta,
      ),
    'invitation.answered': (event, { s, meta }) =>
      this.uow.emit(
        'invitation.answered',
        s.caseId,
        {
          invitationId: event.invitation.id,
          concertationId: s.id,
          caseId: s.caseId,
          sequence: s.sequence,
          answer: event.invitation.status as InvitationAnswer,
          answeredAt: meta.occurredAt.toISOString(),
          ...(event.invitation.onBehalf
            ? {
                onBehalf: {
                  recordedBy: event.invitation.onBehalf.recordedBy,
                  channel: event.invitation.onBehalf.channel,
                },
              }
            : {}),
        },
        meta,
      ),
  };

  constructor(
    private readonly uow: UnitOfWork,
    private readonly concertations: ConcertationRepository,
    private readonly cases: CaseAccess,
  ) {}

  /** `team` gives each invitation its channels; `isNew` also indexes the invitations. */
  async save(meeting: Concertation, actorId: string, team: readonly ParticipantView[], isNew = false): Promise<void> {
    await (isNew ? this.concertations.add(meeting) : this.concertations.save(meeting));
    const s = meeting.snapshot;
    for (const event of meeting.pullEvents()) {
      await this.produce(event, {
        s,
        actorId,
        team,
        meta: { correlationId: currentCorrelationId(), occurredAt: event.occurredAt },
      });
    }
  }

  private produce<K extends keyof EventsByName>(event: EventsByName[K], saved: Saved): Promise<unknown> {
    const producer: (event: EventsByName[K], saved: Saved) => Promise<unknown> = this.producers[event.name as K];
    return producer(event, saved);
  }

  /** The case's bassin travels too (ids and enums only), so that notifications knows who sees the invitations' tasks without asking back. */
  private async base(s: Readonly<ConcertationState>, team: readonly ParticipantView[]) {
    const bassinId = (await this.cases.find(s.caseId))?.bassinId;
    return {
      concertationId: s.id,
      caseId: s.caseId,
      sequence: s.sequence,
      start: s.start.toISOString(),
      end: s.end.toISOString(),
      locationKind: s.location.kind,
      invitations: s.invitations.map((i) => toInvitationRef(i, team)),
      ...(bassinId ? { bassinId } : {}),
    };
  }
}
