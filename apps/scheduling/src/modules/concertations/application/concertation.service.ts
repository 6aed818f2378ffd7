import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { coordinatesBassin, type Principal, type RsvpAction, RsvpLinkSigner } from '#concerto/auth';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import type { DeliveryChannel, InvitationRefV1 } from '#concerto/contracts';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { type TransactionScope, UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog, queryRows } from '#concerto/persistence';
import { CaseAccessService, type CaseView } from '../../../case-access.service.js';
import { SCHEDULING_DB } from '../../../scheduling.tokens.js';
import { AvailabilityService } from '../../availability/application/availability.service.js';
import { CareTeamService, type ParticipantView } from '../../care-team/application/care-team.service.js';
import { crowdWarning } from '../../care-team/domain/care-team.js';
import { ConsentService } from '../../consent/application/consent.service.js';
import type { DataCategory } from '../../consent/domain/consent.aggregate.js';
import { SlotFinder } from '../../slots/infrastructure/slot-finder.provider.js';
import type { Location, Participant as SlotParticipant, SlotSearchResult } from '../../slots/domain/slot-search.types.js';
import {
  Concertation,
  ConcertationCancelledEvent,
  ConcertationRescheduledEvent,
  ConcertationScheduledEvent,
  type ConcertationState,
  type InvitationAnswer,
  InvitationAnsweredEvent,
  type MeetingLocation,
} from '../domain/concertation.aggregate.js';

export interface SlotSearchInput {
  durationMinutes: number;
  earliest?: string;
  minimumNoticeMinutes?: number;
  bufferMinutes?: number;
  horizonDays?: number;
}

export interface ScheduleInput {
  start: string;
  end: string;
  location: { kind: MeetingLocation['kind']; roomId?: string; label?: string };
}

const ACTION_TO_ANSWER: Record<Exclude<RsvpAction, 'poll'>, InvitationAnswer> = { accept: 'accepted', decline: 'declined', 'written-input': 'written-input' };

/**
 * Finding a time before the deadline, fixing the meeting with the person's consent, moving or
 * cancelling it, and recording answers that come through signed links.
 */
@Injectable()
export class ConcertationService {
  constructor(
    @Inject(SCHEDULING_DB) private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: CaseAccessService,
    private readonly team: CareTeamService,
    private readonly consents: ConsentService,
    private readonly availability: AvailabilityService,
    private readonly links: RsvpLinkSigner,
    private readonly audit: AuditLog,
    private readonly slotFinder: SlotFinder,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async searchSlots(caseId: string, principal: Principal, input: SlotSearchInput): Promise<SlotSearchResult & { participants: Array<Pick<ParticipantView, 'id' | 'displayName' | 'kind' | 'role'>> }> {
    const view = await this.access.requireCoordinator(caseId, principal, 'search-slots', 'read');
    const now = this.clock.now();
    const earliest = input.earliest ? new Date(input.earliest) : now;
    const horizonDays = input.horizonDays ?? 14;
    const until = new Date(earliest.getTime() + horizonDays * 86_400_000);
    const participants = (await this.team.list(caseId)).filter((p) => !p.waived || p.kind === 'person');
    const ownerIds = participants.map(calendarOwner);
    const [hours, busy] = await Promise.all([this.availability.weeklyHoursOf(ownerIds), this.availability.busyOf(ownerIds, earliest, until)]);
    const slotParticipants: SlotParticipant[] = participants.map((p) => {
      const owner = calendarOwner(p);
      const weeklyHours = hours.get(owner);
      const blocks = busy.get(owner) ?? [];
      return {
        id: p.id,
        kind: p.kind,
        role: p.role,
        required: p.required,
        waived: p.waived,
        needsStepFreeAccess: p.needsStepFreeAccess,
        remoteCapable: p.kind !== 'person',
        ...(weeklyHours ? { weeklyHours } : {}),
        busy: blocks,
        availabilityKnown: weeklyHours !== undefined || blocks.length > 0,
      };
    });
    const result = await this.slotFinder.findSlots({
      participants: slotParticipants,
      durationMinutes: input.durationMinutes,
      earliest,
      now,
      deadline: view.deadline,
      minimumNoticeMinutes: input.minimumNoticeMinutes ?? 120,
      bufferMinutes: input.bufferMinutes ?? 15,
      horizonDays,
      locations: await this.locations(view, earliest, until),
    });
    return { ...result, participants: participants.map((p) => ({ id: p.id, displayName: p.displayName, kind: p.kind, ...(p.role ? { role: p.role } : {}) })) };
  }

  async schedule(caseId: string, principal: Principal, input: ScheduleInput): Promise<{ concertation: ConcertationView; warnings: string[] }> {
    const view = await this.access.requireCoordinator(caseId, principal, 'schedule-concertation', 'create');
    const location = await this.resolveLocation(view, input.location);
    return this.uow.run((scope) => this.scheduleInScope(scope, view, { start: new Date(input.start), end: new Date(input.end), location }, principal.userId));
  }

  /** Also used when a date poll closes: the same consent gate, the same invitations, the same event. */
  async scheduleInScope(
    scope: TransactionScope,
    view: CaseView,
    input: { start: Date; end: Date; location: MeetingLocation },
    actorId: string,
  ): Promise<{ concertation: ConcertationView; warnings: string[] }> {
    const { invitable, left, flagged, team } = await this.invitees(scope.manager, view.caseId);
    const invitations = invitable.map((p) => ({ id: randomUUID(), participantId: p.id, required: p.required || p.kind === 'person' }));
    const meeting = Concertation.schedule(
      { id: randomUUID(), caseId: view.caseId, start: input.start, end: input.end, location: input.location, invitations, createdBy: actorId, deadline: view.deadline },
      this.clock.now(),
    );
    await this.save(scope, meeting, actorId, team, true);
    const warnings = [
      crowdWarning(invitable.length, this.config.MAX_COMFORTABLE_TABLE_SIZE),
      left.length > 0 ? `${left.length} participant(s) not invited: the consent does not cover them.` : undefined,
      invitable.some((p) => p.interpreterNeeded) ? 'An interpreter is needed for at least one invitee.' : undefined,
      flagged ? 'Invitations leave under an emergency exception to consent (flagged).' : undefined,
    ].filter((w): w is string => !!w);
    return { concertation: toView(meeting.snapshot, team), warnings };
  }

  /** Who may be invited: not waived, and covered by the consent (the person always is, once consent allows a concertation). */
  async invitees(manager: EntityManager, caseId: string): Promise<{ invitable: ParticipantView[]; left: ParticipantView[]; flagged: boolean; team: ParticipantView[] }> {
    const consent = await this.consents.load(manager, caseId, false);
    if (!consent.allowsConcertation) {
      throw new AppException('CONSENT_REQUIRED', 'conflict', "The person's consent to a concertation is not recorded: no invitation can leave (an emergency exception needs a reason).");
    }
    const team = await this.team.list(caseId, manager);
    const invitable = team.filter((p) => !p.waived && consent.mayInvite(p.id, p.kind === 'person'));
    return { invitable, left: team.filter((p) => !p.waived && !invitable.includes(p)), flagged: consent.isFlagged, team };
  }

  async resolveLocationFor(view: CaseView, input: ScheduleInput['location']): Promise<MeetingLocation> {
    return this.resolveLocation(view, input);
  }

  async reschedule(concertationId: string, principal: Principal, input: ScheduleInput): Promise<ConcertationView> {
    const now = this.clock.now();
    return this.uow.run(async (scope) => {
      const { meeting, view } = await this.loadForCoordinator(scope.manager, concertationId, principal, 'reschedule-concertation');
      meeting.reschedule(new Date(input.start), new Date(input.end), await this.resolveLocation(view, input.location, scope.manager), now, view.deadline);
      const team = await this.team.list(view.caseId, scope.manager);
      await this.save(scope, meeting, principal.userId, team, false);
      return toView(meeting.snapshot, team);
    });
  }

  async cancel(concertationId: string, principal: Principal): Promise<ConcertationView> {
    const now = this.clock.now();
    return this.uow.run(async (scope) => {
      const { meeting, view } = await this.loadForCoordinator(scope.manager, concertationId, principal, 'cancel-concertation');
      meeting.cancel(now);
      const team = await this.team.list(view.caseId, scope.manager);
      await this.save(scope, meeting, principal.userId, team, false);
      return toView(meeting.snapshot, team);
    });
  }

  async get(concertationId: string, principal: Principal): Promise<ConcertationView> {
    const { meeting, view } = await this.loadForCoordinator(this.ds.manager, concertationId, principal, 'read-concertation', 'read');
    return toView(meeting.snapshot, await this.team.list(view.caseId));
  }

  /**
   * What an answer link shows: the meeting, and what the person's consent lets this invitee
   * see (R: consent per participant and data category). `care-team` shows who else is invited
   * (professionals by name and role; relatives, neighbours and volunteers only by their kind);
   * `contact-details` shows how to reach the person. The person and their representative see
   * their own table. Anything shared is audited as a read by the invitee.
   */
  async rsvpInfo(token: string): Promise<RsvpInfo> {
    const { meeting, claims, invitation } = await this.verifiedLink(token, this.ds.manager);
    const s = meeting.snapshot;
    const info: RsvpInfo = {
      action: claims.action,
      meeting: { start: s.start.toISOString(), end: s.end.toISOString(), location: s.location.label, status: s.status },
      ...(invitation.answeredSequence === s.sequence ? { answered: invitation.status } : {}),
    };
    const team = await this.team.list(s.caseId);
    const invitee = team.find((p) => p.id === invitation.participantId);
    if (!invitee) {
      return info;
    }
    const consent = await this.consents.load(this.ds.manager, s.caseId, false);
    const ownTable = invitee.kind === 'person' || invitee.kind === 'legal-representative';
    const may = (category: DataCategory) => ownTable || consent.mayShare(invitee.id, category);
    if (may('care-team')) {
      info.team = team
        .filter((p) => p.id !== invitee.id && !p.waived)
        .map((p) => ({ kind: p.kind, ...(p.role ? { role: p.role } : {}), ...(p.kind === 'professional' || p.kind === 'person' || ownTable ? { displayName: p.displayName } : {}) }));
    }
    const person = team.find((p) => p.kind === 'person');
    if (!ownTable && person && may('contact-details')) {
      info.person = { displayName: person.displayName, ...(person.contact.phone ? { phone: person.contact.phone } : {}), ...(person.contact.email ? { email: person.contact.email } : {}) };
    }
    if (info.team || info.person) {
      await this.audit.record(this.ds.manager, {
        actorId: `invitee:${invitation.id}`,
        action: 'read',
        subjectType: 'case',
        subjectId: s.caseId,
        purpose: `answer-link:${[info.team && 'care-team', info.person && 'contact-details'].filter(Boolean).join('+')}`,
        outcome: 'allowed',
        correlationId: currentCorrelationId(),
        at: this.clock.now(),
      });
    }
    return info;
  }

  async rsvpAnswer(token: string, writtenInput: string | undefined): Promise<{ answer: InvitationAnswer; sequence: number }> {
    const now = this.clock.now();
    return this.uow.run(async (scope) => {
      const { meeting, claims } = await this.verifiedLink(token, scope.manager, true);
      const answer = ACTION_TO_ANSWER[claims.action as Exclude<RsvpAction, 'poll'>];
      if (answer === 'written-input' && !writtenInput?.trim()) {
        throw new AppException('WRITTEN_INPUT_REQUIRED', 'invalid', 'Please write your input.', { field: 'writtenInput' });
      }
      const outcome = meeting.answer(claims.invitationId, claims.meetingSequence, answer, writtenInput?.trim(), now);
      if (outcome !== 'recorded') {
        throw new AppException('LINK_NO_LONGER_VALID', 'conflict', 'The meeting has changed: please use the link in your latest invitation.');
      }
      const team = await this.team.list(meeting.snapshot.caseId, scope.manager);
      await this.save(scope, meeting, `invitee:${claims.invitationId}`, team, false);
      return { answer, sequence: meeting.snapshot.sequence };
    });
  }

  /** Everything notifications needs to write to one invitee: read through the internal API, never put in an event. */
  async deliveryCard(invitationId: string) {
    const [idx] = await queryRows<{ concertation_id: string; participant_id: string }>(this.ds, `SELECT * FROM "scheduling"."invitation_index" WHERE "invitation_id" = $1`, [invitationId]);
    if (!idx) {
      return undefined;
    }
    const meeting = await this.load(this.ds.manager, idx.concertation_id, false);
    const s = meeting!.snapshot;
    const view = (await this.access.find(s.caseId))!;
    const participant = (await this.team.list(s.caseId)).find((p) => p.id === idx.participant_id);
    const invitation = s.invitations.find((i) => i.id === invitationId)!;
    const expiresAt = new Date(Math.max(s.end.getTime(), this.clock.now().getTime() + 3600_000));
    const links = this.links.links(`${this.config.PUBLIC_BASE_URL}/v1/rsvp`, { invitationId, meetingId: s.id, meetingSequence: s.sequence, expiresAt });
    return {
      invitationId,
      concertationId: s.id,
      caseId: s.caseId,
      bassinId: view.bassinId,
      sequence: s.sequence,
      status: s.status,
      start: s.start.toISOString(),
      end: s.end.toISOString(),
      location: s.location,
      organizerId: s.createdBy,
      invitationStatus: invitation.status,
      recipient: participant,
      links,
    };
  }

  async markDelivery(invitationId: string, status: 'sent' | 'delivered' | 'failed', manager: EntityManager): Promise<void> {
    const [idx] = await queryRows<{ concertation_id: string }>(manager, `SELECT "concertation_id" FROM "scheduling"."invitation_index" WHERE "invitation_id" = $1`, [invitationId]);
    const meeting = idx ? await this.load(manager, idx.concertation_id, true) : undefined;
    if (meeting) {
      meeting.markDelivery(invitationId, status);
      await this.persist(manager, meeting);
    }
  }

  private async verifiedLink(token: string, manager: EntityManager, forUpdate = false) {
    const claims = this.links.peek(token);
    const meeting = claims && claims.action !== 'poll' ? await this.load(manager, claims.meetingId, forUpdate) : undefined;
    if (!claims || !meeting) {
      throw new AppException('LINK_NOT_FOUND', 'not-found', 'This link is not valid.');
    }
    const verified = this.links.verify(token, { action: claims.action, meetingId: meeting.id, currentSequence: meeting.snapshot.sequence });
    if (!verified.ok) {
      throw verified.reason === 'expired' || verified.reason === 'stale-sequence'
        ? new AppException('LINK_NO_LONGER_VALID', 'conflict', 'The meeting has changed or this link has expired: please use the link in your latest invitation.')
        : new AppException('LINK_NOT_FOUND', 'not-found', 'This link is not valid.');
    }
    const invitation = meeting.snapshot.invitations.find((i) => i.id === claims.invitationId);
    if (!invitation) {
      throw new AppException('LINK_NOT_FOUND', 'not-found', 'This link is not valid.');
    }
    if (meeting.snapshot.status === 'cancelled') {
      throw new AppException('CONCERTATION_CANCELLED', 'conflict', 'This meeting was cancelled.');
    }
    return { meeting, claims: verified.claims, invitation };
  }

  private async loadForCoordinator(manager: EntityManager, concertationId: string, principal: Principal, purpose: string, action: 'read' | 'update' = 'update'): Promise<{ meeting: Concertation; view: CaseView }> {
    const meeting = await this.load(manager, concertationId, action === 'update');
    const view = meeting ? await this.access.find(meeting.snapshot.caseId, manager) : undefined;
    const allowed = !!view && coordinatesBassin(principal, view.bassinId);
    await this.audit.record(manager, {
      actorId: principal.userId,
      action: allowed ? action : 'denied',
      subjectType: 'case',
      subjectId: view?.caseId ?? concertationId,
      purpose,
      outcome: allowed ? 'allowed' : 'denied',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
    if (!meeting || !view || !allowed) {
      throw new AppException('CONCERTATION_NOT_FOUND', 'not-found', 'No such concertation.');
    }
    return { meeting, view };
  }

  private async load(manager: EntityManager, id: string, forUpdate: boolean): Promise<Concertation | undefined> {
    const [r] = await queryRows<{
      id: string;
      case_id: string;
      status: ConcertationState['status'];
      start_at: Date;
      end_at: Date;
      location: MeetingLocation;
      sequence: number;
      invitations: ConcertationState['invitations'];
      created_by: string;
      version: number;
    }>(manager, `SELECT * FROM "scheduling"."concertations" WHERE "id" = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id]);
    return r
      ? Concertation.restore({
          id: r.id,
          caseId: r.case_id,
          status: r.status,
          start: new Date(r.start_at),
          end: new Date(r.end_at),
          location: r.location,
          sequence: r.sequence,
          invitations: r.invitations,
          createdBy: r.created_by,
          version: r.version,
        })
      : undefined;
  }

  private async persist(manager: EntityManager, meeting: Concertation): Promise<void> {
    const s = meeting.snapshot;
    await manager.query(
      `INSERT INTO "scheduling"."concertations" ("id","case_id","status","start_at","end_at","location","sequence","invitations","created_by","created_at","version")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,1)
       ON CONFLICT ("id") DO UPDATE SET "status"=$3,"start_at"=$4,"end_at"=$5,"location"=$6,"sequence"=$7,"invitations"=$8,"version"="concertations"."version"+1`,
      [s.id, s.caseId, s.status, s.start, s.end, JSON.stringify(s.location), s.sequence, JSON.stringify(s.invitations), s.createdBy, this.clock.now()],
    );
  }

  private async save(scope: TransactionScope, meeting: Concertation, actorId: string, team: ParticipantView[], isNew: boolean): Promise<void> {
    await this.persist(scope.manager, meeting);
    const s = meeting.snapshot;
    if (isNew) {
      for (const inv of s.invitations) {
        await scope.manager.query(`INSERT INTO "scheduling"."invitation_index" ("invitation_id","concertation_id","participant_id") VALUES ($1,$2,$3)`, [inv.id, s.id, inv.participantId]);
      }
    }
    const refs: InvitationRefV1[] = s.invitations.map((i) => ({
      invitationId: i.id,
      participantId: i.participantId,
      required: i.required,
      channels: (team.find((p) => p.id === i.participantId)?.channels ?? ['phone-call']) as DeliveryChannel[],
    }));
    for (const event of meeting.pullEvents()) {
      const meta = { correlationId: currentCorrelationId(), occurredAt: event.occurredAt };
      const at = event.occurredAt.toISOString();
      const base = { concertationId: s.id, caseId: s.caseId, sequence: s.sequence, start: s.start.toISOString(), end: s.end.toISOString(), locationKind: s.location.kind, invitations: refs };
      if (event instanceof ConcertationScheduledEvent) {
        await scope.emit('concertation.scheduled', s.caseId, { ...base, scheduledBy: actorId, scheduledAt: at }, meta);
      } else if (event instanceof ConcertationRescheduledEvent) {
        await scope.emit('concertation.rescheduled', s.caseId, { ...base, previousStart: event.previousStart.toISOString(), rescheduledBy: actorId, rescheduledAt: at }, meta);
      } else if (event instanceof ConcertationCancelledEvent) {
        await scope.emit('concertation.cancelled', s.caseId, { concertationId: s.id, caseId: s.caseId, sequence: s.sequence, invitations: refs, cancelledBy: actorId, cancelledAt: at }, meta);
      } else if (event instanceof InvitationAnsweredEvent) {
        await scope.emit(
          'invitation.answered',
          s.caseId,
          { invitationId: event.invitation.id, concertationId: s.id, caseId: s.caseId, sequence: s.sequence, answer: event.invitation.status as InvitationAnswer, answeredAt: at },
          meta,
        );
      }
    }
  }

  private async locations(view: CaseView, from: Date, to: Date): Promise<Location[]> {
    const rooms = await this.availability.rooms(view.bassinId);
    const roomBusy = await queryRows<{ room_id: string; start_at: Date; end_at: Date }>(
      this.ds,
      `SELECT "location"->>'roomId' AS room_id, "start_at", "end_at" FROM "scheduling"."concertations" WHERE "status" = 'scheduled' AND "location"->>'roomId' IS NOT NULL AND "end_at" > $1 AND "start_at" < $2`,
      [from, to],
    );
    return [
      ...rooms.map((r) => ({
        id: r.id,
        kind: 'room' as const,
        capacity: r.capacity,
        stepFree: r.stepFree,
        busy: roomBusy.filter((b) => b.room_id === r.id).map((b) => ({ start: new Date(b.start_at), end: new Date(b.end_at) })),
      })),
      { id: 'video', kind: 'video' as const },
      { id: 'phone', kind: 'phone' as const },
    ];
  }

  private async resolveLocation(view: CaseView, input: ScheduleInput['location'], manager?: EntityManager): Promise<MeetingLocation> {
    if (input.kind === 'room') {
      const room = (await this.availability.rooms(view.bassinId, manager)).find((r) => r.id === input.roomId);
      if (!room) {
        throw new AppException('ROOM_NOT_FOUND', 'invalid', "No such room in the case's bassin.", { field: 'location.roomId' });
      }
      return { kind: 'room', roomId: room.id, label: room.name };
    }
    const labels = { video: 'Video call', phone: 'Phone call', home: "At the person's home" } as const;
    return { kind: input.kind, label: input.label ?? labels[input.kind] };
  }
}

/** Whose calendar a participant uses: a professional's own (shared across cases), else the participant's. */
function calendarOwner(p: Pick<ParticipantView, 'professionalId' | 'id'>): string {
  return p.professionalId ?? p.id;
}

export interface ConcertationView {
  id: string;
  caseId: string;
  status: string;
  start: string;
  end: string;
  location: MeetingLocation;
  sequence: number;
  invitations: Array<{ id: string; participantId: string; displayName?: string; required: boolean; status: string; writtenInput?: string }>;
}

function toView(s: Readonly<ConcertationState>, team: ParticipantView[]): ConcertationView {
  return {
    id: s.id,
    caseId: s.caseId,
    status: s.status,
    start: s.start.toISOString(),
    end: s.end.toISOString(),
    location: s.location,
    sequence: s.sequence,
    invitations: s.invitations.map((i) => ({
      id: i.id,
      participantId: i.participantId,
      displayName: team.find((p) => p.id === i.participantId)?.displayName,
      required: i.required,
      status: i.status,
      ...(i.writtenInput ? { writtenInput: i.writtenInput } : {}),
    })),
  };
}

export interface RsvpInfo {
  action: RsvpAction;
  meeting: { start: string; end: string; location: string; status: string };
  answered?: string;
  /** Who else is invited, when the consent shares the care team with this invitee. */
  team?: Array<{ kind: string; role?: string; displayName?: string }>;
  /** How to reach the person, when the consent shares their contact details with this invitee. */
  person?: { displayName: string; phone?: string; email?: string };
}
