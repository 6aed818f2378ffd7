import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BassinId } from '#concerto/contracts';

const BASSIN_IDS: BassinId[] = ['nord', 'nord-est', 'centre-ouest', 'sud', 'sud-est'];

export class LocalizedNameDto {
  @ApiProperty() fr: string;
  @ApiProperty() nl: string;
  @ApiProperty() en: string;
}

export class UrgentGuidanceDto {
  @ApiProperty({ type: LocalizedNameDto }) label: LocalizedNameDto;
  @ApiProperty() phone: string;
  @ApiProperty({ description: 'When the line answers, e.g. 24/7.' }) available: string;
}

export class BassinOptionDto {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'What kind of service, e.g. cpas, community-health-centre.' }) kind: string;
  @ApiProperty() phone: string;
  @ApiProperty({ description: 'When it answers, e.g. Mon–Fri 9:00–17:00 or 24/7.' }) hours: string;
}

export class HotlineOptionsDto {
  @ApiProperty({ type: [BassinOptionDto], description: "The bassin's services and contacts, alphabetical." })
  services: BassinOptionDto[];
  @ApiProperty({
    type: [UrgentGuidanceDto],
    description: 'Crisis lines, for suicide-risk and suspected-violence calls.',
  })
  crisisLines: UrgentGuidanceDto[];
}

export class OnBehalfOfViewDto {
  @ApiProperty({ enum: ['self', 'relative', 'neighbour', 'professional', 'anonymous', 'other'] }) relationship: string;
  @ApiPropertyOptional({ description: "Coordinators of the alert's bassin only." }) callerName?: string;
  @ApiPropertyOptional({ description: "Coordinators of the alert's bassin only." }) callbackNumber?: string;
}

export class AlertBassinDto {
  @ApiProperty({ enum: BASSIN_IDS }) id: string;
  @ApiProperty({ type: LocalizedNameDto }) name: LocalizedNameDto;
  @ApiProperty({ description: 'The postal code is shared by several bassins: a coordinator confirms the routing.' })
  needsConfirmation: boolean;
  @ApiProperty() routingReason: string;
  @ApiProperty({ enum: BASSIN_IDS, isArray: true }) candidates: string[];
}

export class AlertOwnerDto {
  @ApiProperty() id: string;
}

export class RaiseAlertResponseDto {
  @ApiProperty({ format: 'uuid' }) alertId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ description: "True when this alert opened the case; false when it joined the person's open case." })
  openedNewCase: boolean;
  @ApiProperty() caseStatus: string;
  @ApiProperty({ enum: ['urgent', 'normal'] }) urgency: string;
  @ApiProperty({ type: AlertBassinDto }) bassin: AlertBassinDto;
  @ApiProperty({ type: AlertOwnerDto }) owner: AlertOwnerDto;
  @ApiPropertyOptional({
    type: [UrgentGuidanceDto],
    description: 'Suicide-risk and suspected-violence alerts: whom to call now.',
  })
  urgentGuidance?: UrgentGuidanceDto[];
  @ApiPropertyOptional({
    type: HotlineOptionsDto,
    description:
      "An alert raised on behalf of a caller: a neutral list of the bassin's options (never one steered choice).",
  })
  options?: HotlineOptionsDto;
  @ApiProperty({ description: 'True when the answer replays an earlier request with the same Idempotency-Key.' })
  replayed: boolean;
}

export class AlertViewDto {
  @ApiProperty({ format: 'uuid' }) alertId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() type: string;
  @ApiProperty({ enum: ['urgent', 'normal'] }) urgency: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ format: 'date-time' }) deadline?: string;
  @ApiProperty() bassinId: string;
  @ApiProperty() reporterId: string;
  @ApiProperty() openedCase: boolean;
  @ApiProperty({ format: 'date-time' }) raisedAt: string;
  @ApiPropertyOptional({ type: OnBehalfOfViewDto, description: 'The alert was raised by the hotline for a caller.' })
  onBehalfOf?: OnBehalfOfViewDto;
}

export class MyAlertOwnerDto {
  @ApiProperty() id: string;
  @ApiPropertyOptional() displayName?: string;
}

export class MyAlertDto {
  @ApiProperty({ format: 'uuid' }) alertId: string;
  @ApiProperty({ format: 'date-time' }) raisedAt: string;
  @ApiProperty({ enum: ['opened', 'acknowledged', 'escalated', 'closed'], description: "The case's status now." })
  status: string;
  @ApiProperty({ type: MyAlertOwnerDto, description: "The case's owner now." }) owner: MyAlertOwnerDto;
  @ApiProperty({ enum: BASSIN_IDS }) bassinId: string;
}

export class MyAlertsDto {
  @ApiProperty({ type: [MyAlertDto], description: 'Newest first, at most 100.' }) items: MyAlertDto[];
}
