import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTION_ITEM_KINDS, BLOCKER_REASONS } from '#concerto/contracts';
import { ATTENDANCE_MODES } from '../../../domain/concertation-record.aggregate.js';

export class OwnerViewDto {
  @ApiPropertyOptional({ format: 'uuid' }) participantId?: string;
  @ApiPropertyOptional() organisationId?: string;
}

export class ActionItemViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiPropertyOptional({ format: 'uuid' }) recordId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) deadlineId?: string;
  @ApiProperty({ enum: ACTION_ITEM_KINDS }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: OwnerViewDto }) owner: OwnerViewDto;
  @ApiProperty({ example: '2027-05-05' }) dueOn: string;
  @ApiProperty({ enum: ['open', 'blocked', 'awaiting-confirmation', 'done', 'received', 'withdrawn'] }) status: string;
  @ApiPropertyOptional({ enum: BLOCKER_REASONS }) blockedReason?: string;
  @ApiProperty({ description: 'Still open after the grace period: the coordinator took it up.' }) escalated: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: "A missed deadline's task for the referent (R30)." })
  followUpItemId?: string;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) resolvedAt?: string;
}

export class ActionItemListDto {
  @ApiProperty({ type: [ActionItemViewDto] }) items: ActionItemViewDto[];
}

class AttendanceViewDto {
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty({ enum: ATTENDANCE_MODES }) mode: string;
}

class WrittenInputViewDto {
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiPropertyOptional() text?: string;
}

class RecordVersionDto {
  @ApiProperty() version: number;
  @ApiProperty() amendedBy: string;
  @ApiProperty({ format: 'date-time' }) amendedAt: string;
  @ApiPropertyOptional() reason?: string;
}

class ReferentViewDto {
  @ApiProperty({ format: 'uuid' }) participantId: string;
}

class NextReviewViewDto {
  @ApiProperty({ example: '2027-06-15' }) on: string;
  @ApiProperty({ enum: ['concertation', 'check-in'] }) kind: string;
}

/** The record, or `recorded: false` (with the ids only) when the concertation has none yet. */
export class ConcertationRecordViewDto {
  @ApiProperty({ description: 'False when the concertation has no record yet (then only the ids follow).' })
  recorded: boolean;
  @ApiProperty({ format: 'uuid' }) concertationId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional() held?: boolean;
  @ApiPropertyOptional() version?: number;
  @ApiPropertyOptional({ description: 'Past RECORD_LOCK_DAYS: an amendment needs a reason.' }) locked?: boolean;
  @ApiPropertyOptional({ example: '2027-05-06' }) locksOn?: string;
  @ApiPropertyOptional({ type: [AttendanceViewDto] }) attendance?: AttendanceViewDto[];
  @ApiPropertyOptional({ type: [String] }) wishes?: string[];
  @ApiPropertyOptional({ type: [String] }) decisions?: string[];
  @ApiPropertyOptional({ type: [ActionItemViewDto] }) actionItems?: ActionItemViewDto[];
  @ApiPropertyOptional({ type: ReferentViewDto }) referent?: ReferentViewDto;
  @ApiPropertyOptional({ type: NextReviewViewDto }) nextReview?: NextReviewViewDto;
  @ApiPropertyOptional({ type: [WrittenInputViewDto], description: 'Read from the invitations, never copied.' })
  writtenInputs?: WrittenInputViewDto[];
  @ApiPropertyOptional() recordedBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) recordedAt?: string;
  @ApiPropertyOptional({ type: [RecordVersionDto] }) previousVersions?: RecordVersionDto[];
}

class ExitRecordRefDto {
  @ApiProperty({ format: 'uuid' }) recordId: string;
  @ApiProperty({ format: 'uuid' }) concertationId: string;
  @ApiProperty() held: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'Where the record is read (with access control and audit).' }) href: string;
}

class ExitStepsDto {
  @ApiProperty() opened: number;
  @ApiProperty() closed: number;
  @ApiProperty() pending: number;
}

class ExitPendingDto {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ enum: ACTION_ITEM_KINDS }) kind: string;
  @ApiProperty() dueOn: string;
  @ApiProperty() status: string;
}

class ExitProfessionalDto {
  @ApiProperty() professionalId: string;
  @ApiPropertyOptional() role?: string;
}

class ExitNetworkDto {
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty() kind: string;
  @ApiProperty() referent: boolean;
}

export class ExitSummaryDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [ExitRecordRefDto] }) records: ExitRecordRefDto[];
  @ApiProperty({ type: ExitStepsDto }) steps: ExitStepsDto;
  @ApiProperty({ type: [ExitPendingDto] }) pending: ExitPendingDto[];
  @ApiProperty({ type: [ExitProfessionalDto] }) professionals: ExitProfessionalDto[];
  @ApiProperty({ type: [ExitNetworkDto] }) network: ExitNetworkDto[];
}

export class ProposedReviewSlotDto {
  @ApiProperty({ format: 'date-time' }) start: string;
  @ApiProperty({ format: 'date-time' }) end: string;
  @ApiProperty({ description: 'Europe/Brussels wall-clock with offset' }) localStart: string;
  @ApiProperty({ description: 'Europe/Brussels wall-clock with offset' }) localEnd: string;
  @ApiProperty({ description: 'How many required participants cannot come at this slot' }) missingRequired: number;
}

export class CaseNextReviewDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ description: 'False when no held record planned a review' }) planned: boolean;
  @ApiPropertyOptional({ format: 'date' }) reviewOn?: string;
  @ApiPropertyOptional({ enum: ['concertation', 'check-in'] }) kind?: 'concertation' | 'check-in';
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the engine prepares it: REVIEW_LEAD_WORKING_DAYS working days before the review day',
  })
  preparedFrom?: string;
  @ApiPropertyOptional({ enum: ['pending', 'slots-proposed', 'no-slot', 'check-in-task', 'no-referent'] })
  status?: 'pending' | 'slots-proposed' | 'no-slot' | 'check-in-task' | 'no-referent';
  @ApiPropertyOptional({
    type: [ProposedReviewSlotDto],
    description: 'For a concertation: the best slots found for the team',
  })
  slots?: ProposedReviewSlotDto[];
  @ApiPropertyOptional({ format: 'uuid', description: "For a check-in: the referent's task to call the person" })
  actionItemId?: string;
}
