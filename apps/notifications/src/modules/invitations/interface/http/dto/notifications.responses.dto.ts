import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Response bodies of the notifications API (the coordinator's tasks and the development mailbox).

export class CoordinatorTaskViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['phone-call', 'post-letter', 'substitute-proposal', 'no-answer'] }) kind: string;
  @ApiProperty() status: string;
  @ApiProperty({ format: 'uuid' }) invitationId: string;
  @ApiProperty({ format: 'uuid' }) concertationId: string;
  @ApiProperty() sequence: number;
  @ApiPropertyOptional({
    description: 'For letters and calls: which message (invitation, update, cancellation, no-answer-reminder).',
  })
  messageKind?: string;
  @ApiPropertyOptional() language?: string;
  @ApiPropertyOptional({ description: 'The printable letter (HTML), for post-letter and phone-call tasks.' })
  letterUrl?: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'Substitute proposals: directory ids of colleagues with the same role in the same organisation.',
  })
  candidates?: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) closedAt?: string;
  @ApiProperty({ description: 'Calls made so far; a posted letter counts one.' }) attempts: number;
  @ApiPropertyOptional({
    enum: ['reached', 'no-answer', 'wrong-number', 'voicemail-left', 'refused', 'posted'],
    description: "The last call's outcome, or `posted` for a letter.",
  })
  outcome?: string;
  @ApiPropertyOptional({ format: 'date-time' }) lastAttemptAt?: string;
  @ApiPropertyOptional({ description: 'The coordinator who marked the task done.' }) closedBy?: string;
}

export class CoordinatorTaskListDto {
  @ApiProperty({ type: [CoordinatorTaskViewDto] }) tasks: CoordinatorTaskViewDto[];
}

export class DevMailboxItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['email', 'sms', 'letter'] }) type: string;
  @ApiProperty({ format: 'date-time' }) savedAt: string;
  @ApiPropertyOptional() to?: string;
  @ApiPropertyOptional() subject?: string;
  @ApiPropertyOptional() language?: string;
  @ApiPropertyOptional() calendarMethod?: string;
  @ApiPropertyOptional({ description: 'Text messages only: the text as sent.' }) text?: string;
  @ApiPropertyOptional({ description: 'Where it is under MAILBOX_DIR.' }) file?: string;
}

export class DevMailboxListDto {
  @ApiProperty({ type: [DevMailboxItemDto] }) items: DevMailboxItemDto[];
}

// A page's acknowledge link (paging, issue 15).

export class PageLinkDescriptionDto {
  @ApiProperty({ enum: ['acknowledge'] }) action: string;
  @ApiProperty({ example: 'C-1A2B3C4D' }) caseReference: string;
  @ApiProperty({ description: 'The case in the API (sign-in required).' }) caseUrl: string;
  @ApiProperty() bassinId: string;
  @ApiProperty() type: string;
  @ApiProperty({ enum: ['urgent', 'normal'] }) urgency: string;
  @ApiProperty({ format: 'date-time', description: 'The link expires then.' }) dueAt: string;
  @ApiProperty() used: boolean;
}

export class AcknowledgedFromPageDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid', description: 'The signal (alert id) of the page.' }) signalId: string;
  @ApiProperty() acknowledgedBy: string;
  @ApiProperty() status: string;
  @ApiProperty({ format: 'date-time' }) acknowledgedAt: string;
}
