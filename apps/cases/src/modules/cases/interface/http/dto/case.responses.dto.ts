import { CaseDeadlineDto } from './case-deadline.dto.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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
}

export class CaseAcknowledgedDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() status: string;
  @ApiProperty() ownerId: string;
  @ApiProperty({ format: 'date-time' }) acknowledgedAt: string;
}
