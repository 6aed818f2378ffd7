import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class MeetingAnswerCountsDto {
  @ApiProperty() invited: number;
  @ApiProperty() accepted: number;
  @ApiProperty() declined: number;
  @ApiProperty() writtenInput: number;
  @ApiProperty({ description: 'Invitations with no answer yet (pending, sent, delivered or failed).' }) waiting: number;
}

export class MeetingPlaceKindDto {
  @ApiProperty({ enum: ['room', 'video', 'phone', 'home'] }) kind: 'room' | 'video' | 'phone' | 'home';
}

export class MeetingSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: ['scheduled', 'moved', 'cancelled', 'held', 'not-held'],
    description: 'Planned (moved: rescheduled at least once), cancelled, or recorded as held or not held.',
  })
  status: 'scheduled' | 'moved' | 'cancelled' | 'held' | 'not-held';
  @ApiProperty({ format: 'date-time' }) start: string;
  @ApiProperty({ format: 'date-time' }) end: string;
  @ApiProperty({ type: MeetingPlaceKindDto }) location: MeetingPlaceKindDto;
  @ApiProperty({ description: 'How many times the meeting was moved.' }) sequence: number;
  @ApiProperty({ type: MeetingAnswerCountsDto }) answers: MeetingAnswerCountsDto;
  @ApiPropertyOptional({ description: 'A planned meeting whose consent was withdrawn since.' })
  consentWithdrawn?: boolean;
}

export class MeetingListDto {
  @ApiProperty({ type: [MeetingSummaryDto] }) concertations: MeetingSummaryDto[];
}
