import { CaseDeadlineDto } from './case-deadline.dto.js';
import { PossibleMatchDto } from './case-merge.dto.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_CLOSE_OUTCOMES } from '#concerto/contracts';

const BASSIN_IDS = ['nord', 'nord-est', 'centre-ouest', 'sud', 'sud-est'] as const;

export class CaseOwnerDto {
  @ApiProperty() id: string;
  @ApiPropertyOptional() displayName?: string;
}

export class CasePersonDto {
  @ApiProperty({ description: 'Pseudonymous reference to the person.' }) personRef: string;
  @ApiPropertyOptional({
    description: 'True when the identity service could not be read; only personRef is then given.',
  })
  unavailable?: boolean;
  @ApiPropertyOptional() givenName?: string;
  @ApiPropertyOptional() familyName?: string;
  @ApiPropertyOptional({ format: 'date' }) birthDate?: string;
  @ApiPropertyOptional() postalCode?: string;
  @ApiPropertyOptional() noFixedAddress?: boolean;
  @ApiPropertyOptional() preferredLanguage?: string;
  @ApiPropertyOptional() hasNationalNumber?: boolean;
}

export class CaseMemberDto {
  @ApiProperty() actorId: string;
  @ApiProperty() role: string;
  @ApiProperty({ format: 'date-time' }) since: string;
}

export class CaseAlertDto {
  @ApiProperty({ format: 'uuid' }) alertId: string;
  @ApiProperty() type: string;
  @ApiProperty() urgency: string;
  @ApiProperty() reporterId: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

/** What the reporter sees: that someone owns the situation, and who. */
export class CaseStatusViewDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ['reporter'] }) view: 'reporter';
  @ApiProperty() status: string;
  @ApiProperty() urgency: string;
  @ApiProperty() bassinId: string;
  @ApiProperty({ type: CaseOwnerDto }) owner: CaseOwnerDto;
  @ApiPropertyOptional({ format: 'date-time' }) acknowledgedAt?: string;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
}

/** What the bassin's coordinators see. */
export class CaseFullViewDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ['coordinator'] }) view: 'coordinator';
  @ApiProperty() status: string;
  @ApiProperty() urgency: string;
  @ApiProperty() bassinId: string;
  @ApiProperty({ type: CaseOwnerDto }) owner: CaseOwnerDto;
  @ApiPropertyOptional({ format: 'date-time' }) acknowledgedAt?: string;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty() type: string;
  @ApiProperty() bassinNeedsConfirmation: boolean;
  @ApiProperty({
    enum: [...BASSIN_IDS, 'inter-bassin'],
    description:
      "The case's reference bassin (R16): its own bassin by default, or `inter-bassin` (the leads of every bassin see it).",
  })
  referenceBassin: string;
  @ApiPropertyOptional({ format: 'uuid', description: "The person's closed case this one follows." })
  previousCaseId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) closedAt?: string;
  @ApiPropertyOptional({ enum: CASE_CLOSE_OUTCOMES }) closeOutcome?: string;
  @ApiProperty() escalationLevel: number;
  @ApiProperty({ format: 'date-time' }) acknowledgeBy: string;
  @ApiPropertyOptional() acknowledgedBy?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'The earliest future active deadline: the one that bounds a meeting search now.',
  })
  deadline?: string;
  @ApiProperty({ type: [CaseDeadlineDto], description: 'Every deadline of the case, whatever its state.' })
  deadlines: CaseDeadlineDto[];
  @ApiProperty({ type: CasePersonDto }) person: CasePersonDto;
  @ApiProperty({ type: [CaseMemberDto] }) members: CaseMemberDto[];
  @ApiProperty({ type: [CaseAlertDto] }) alerts: CaseAlertDto[];
  @ApiProperty({ type: () => [SignalDto], description: 'Every signal (alert that landed on the case), oldest first.' })
  signals: SignalDto[];
  @ApiProperty({ type: () => [SignalDto], description: 'The signals the owner has not acknowledged yet.' })
  unacknowledgedSignals: SignalDto[];
  @ApiProperty({
    type: [PossibleMatchDto],
    description: 'Cases that may be about the same person: a coordinator confirms (merge) or rejects each.',
  })
  possibleMatches: PossibleMatchDto[];
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'This case was merged into that one, which shows both histories (until a split).',
  })
  mergedInto?: string;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The cases merged into this one; their alerts and signals are listed here too.',
  })
  mergedCases: string[];
}

export class TimelineEntryDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() kind: string;
  @ApiProperty() actorId: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}

export class CaseTimelineDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [TimelineEntryDto] }) entries: TimelineEntryDto[];
  @ApiPropertyOptional({
    type: () => [SignalDto],
    description: 'Coordinators only: each signal with its type, reporter and who acknowledged it when.',
  })
  signals?: SignalDto[];
}

export class CaseAcknowledgedDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() status: string;
  @ApiProperty() ownerId: string;
  @ApiProperty({ format: 'date-time' }) acknowledgedAt: string;
  @ApiProperty({ type: () => [AcknowledgedSignalDto], description: 'The signals this acknowledgement covered.' })
  acknowledged: AcknowledgedSignalDto[];
  @ApiProperty({ description: 'Signals still waiting for an acknowledgement.' }) pendingSignals: number;
}

export class SignalDto {
  @ApiProperty({ format: 'uuid', description: "The signal's id is the id of the alert that landed on the case." })
  signalId: string;
  @ApiProperty() type: string;
  @ApiProperty({ enum: ['urgent', 'normal'] }) urgency: string;
  @ApiProperty() reporterId: string;
  @ApiPropertyOptional({ description: "The reporter's role in the directory, when known." }) reporterRole?: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', description: 'By when the owner must acknowledge it (pending signals).' })
  acknowledgeBy: string;
  @ApiPropertyOptional() acknowledgedBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) acknowledgedAt?: string;
  @ApiProperty() escalationLevel: number;
  @ApiPropertyOptional({
    enum: ['transfer'],
    description: "A transfer's handover, which the receiving bassin's owner acknowledges (not an alert).",
  })
  origin?: 'transfer';
}

export class AcknowledgedSignalDto {
  @ApiProperty({ format: 'uuid' }) signalId: string;
  @ApiProperty() type: string;
  @ApiProperty({ enum: ['urgent', 'normal'] }) urgency: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
}

export class WorklistItemDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() bassinId: string;
  @ApiProperty({ enum: ['opened', 'acknowledged', 'escalated', 'closed'] }) status: string;
  @ApiProperty({ enum: ['urgent', 'normal'] }) urgency: string;
  @ApiProperty() type: string;
  @ApiProperty() ownerId: string;
  @ApiProperty() escalationLevel: number;
  @ApiProperty({ description: 'How many signals wait for an acknowledgement.' }) unacknowledgedSignals: number;
  @ApiPropertyOptional({ format: 'date-time' }) nextAcknowledgementDue?: string;
  @ApiPropertyOptional({ format: 'date-time' }) deadline?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'The earliest of the next acknowledgement, the next hard deadline and the next review.',
  })
  dueAt?: string;
  @ApiProperty({
    enum: ['acknowledgement', 'deadline', 'review'],
    nullable: true,
    type: String,
    description:
      'What `dueAt` is: the next acknowledgement of a signal, a hard deadline, or the next review a ' +
      'concertation record planned (issue 17). Null when nothing is due.',
  })
  dueKind: 'acknowledgement' | 'deadline' | 'review' | null;
  @ApiProperty({ description: 'A pending signal is past its acknowledgement time.' }) overdue: boolean;
  @ApiProperty() needsBassinConfirmation: boolean;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
}

export class WorklistCountsDto {
  @ApiProperty() open: number;
  @ApiProperty() urgent: number;
  @ApiProperty() unacknowledged: number;
  @ApiProperty() overdue: number;
  @ApiProperty() escalated: number;
  @ApiProperty() needsBassinConfirmation: number;
}

export class WorklistDto {
  @ApiProperty({ type: [WorklistItemDto] }) items: WorklistItemDto[];
  @ApiPropertyOptional({ description: 'Opaque: pass it as `cursor` for the next page. Absent on the last page.' })
  nextCursor?: string;
  @ApiProperty({
    type: WorklistCountsDto,
    description: "Cases per bucket in the reader's scope (the bassin filter applies, the other filters do not).",
  })
  counts: WorklistCountsDto;
}

/** What closing, reopening, transferring or confirming the bassin answers: ids and statuses. */
export class CaseLifecycleDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ['opened', 'acknowledged', 'escalated', 'closed'] }) status: string;
  @ApiProperty() bassinId: string;
  @ApiProperty({ enum: [...BASSIN_IDS, 'inter-bassin'] }) referenceBassin: string;
  @ApiProperty() ownerId: string;
  @ApiPropertyOptional({ enum: CASE_CLOSE_OUTCOMES }) closeOutcome?: string;
  @ApiPropertyOptional({ format: 'date-time' }) closedAt?: string;
  @ApiProperty({ description: 'Signals the owner must still acknowledge.' }) pendingSignals: number;
}
