import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#concerto/ddd';
import { ConcertationRepository } from '../../concertations/domain/concertation.repository.js';
import type { ActionItem } from '../domain/action-item.aggregate.js';
import { brusselsDay } from '../domain/brussels-calendar.js';
import type { Attendance, ConcertationRecord, ReviewKind } from '../domain/concertation-record.aggregate.js';
import { ActionItemRepository, ConcertationRecordRepository } from '../domain/follow-up.repository.js';

export interface ActionItemView {
  id: string;
  caseId: string;
  recordId?: string;
  deadlineId?: string;
  kind: string;
  title: string;
  owner: { participantId?: string; organisationId?: string };
  dueOn: string;
  status: string;
  blockedReason?: string;
  escalated: boolean;
  followUpItemId?: string;
  openedAt: string;
  resolvedAt?: string;
}

/** A concertation not recorded yet: the record form starts from here. */
export interface NoRecordView {
  concertationId: string;
  caseId: string;
  recorded: false;
}

export interface ConcertationRecordView {
  recorded: true;
  id: string;
  concertationId: string;
  caseId: string;
  held: boolean;
  version: number;
  locked: boolean;
  locksOn: string;
  attendance: Attendance[];
  wishes: string[];
  decisions: string[];
  actionItems: ActionItemView[];
  referent?: { participantId: string };
  nextReview?: { on: string; kind: ReviewKind };
  /** Written inputs received before the meeting, read from the invitations (never copied into the record). */
  writtenInputs: Array<{ participantId: string; text?: string }>;
  recordedBy: string;
  recordedAt: string;
  previousVersions: Array<{ version: number; amendedBy: string; amendedAt: string; reason?: string }>;
}

export function toActionItemView(item: ActionItem): ActionItemView {
  const s = item.snapshot;
  return {
    id: s.id,
    caseId: s.caseId,
    ...(s.recordId ? { recordId: s.recordId } : {}),
    ...(s.deadlineId ? { deadlineId: s.deadlineId } : {}),
    kind: s.kind,
    title: s.title,
    owner: { ...s.owner },
    dueOn: s.dueOn,
    status: s.status,
    ...(s.blockedReason ? { blockedReason: s.blockedReason } : {}),
    escalated: s.step === 'escalated',
    ...(s.followUpItemId ? { followUpItemId: s.followUpItemId } : {}),
    openedAt: s.openedAt.toISOString(),
    ...(s.resolvedAt ? { resolvedAt: s.resolvedAt.toISOString() } : {}),
  };
}

/** A record as the coordinator reads it: its items' current state, written inputs and previous versions. */
@Injectable()
export class RecordViews {
  constructor(
    private readonly records: ConcertationRecordRepository,
    private readonly items: ActionItemRepository,
    private readonly concertations: ConcertationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async of(record: ConcertationRecord): Promise<ConcertationRecordView> {
    const s = record.snapshot;
    const items = (await this.items.listByCase(s.caseId)).filter((i) => s.actionItemIds.includes(i.id));
    const meeting = await this.concertations.find(s.concertationId);
    const inputs = (meeting?.snapshot.invitations ?? []).filter((i) => i.status === 'written-input');
    return {
      recorded: true,
      id: s.id,
      concertationId: s.concertationId,
      caseId: s.caseId,
      held: s.held,
      version: s.version,
      locked: record.isLocked(brusselsDay(this.clock.now())),
      locksOn: s.locksOn,
      attendance: s.attendance,
      wishes: s.wishes,
      decisions: s.decisions,
      actionItems: items.map(toActionItemView),
      ...(s.referentParticipantId ? { referent: { participantId: s.referentParticipantId } } : {}),
      ...(s.nextReview ? { nextReview: s.nextReview } : {}),
      writtenInputs: inputs.map((i) => ({
        participantId: i.participantId,
        ...(i.writtenInput ? { text: i.writtenInput } : {}),
      })),
      recordedBy: s.recordedBy,
      recordedAt: s.recordedAt.toISOString(),
      previousVersions: (await this.records.versions(s.id)).map((v) => ({
        version: v.version,
        amendedBy: v.amendedBy,
        amendedAt: v.amendedAt.toISOString(),
        ...(v.reason ? { reason: v.reason } : {}),
      })),
    };
  }
}
