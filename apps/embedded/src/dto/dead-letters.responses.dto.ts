import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Where a dead letter came from and why it failed; never the event itself. */
export class DeadLetterDto {
  @ApiProperty() id: string;
  @ApiProperty() deadLetterTopic: string;
  @ApiProperty() key: string;
  @ApiProperty() originalTopic: string;
  @ApiProperty({ format: 'date-time' }) failedAt: string;
  @ApiProperty() replayed: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) replayedAt?: string;
  @ApiPropertyOptional({ description: 'The event id (ce-id), if the message had one.' }) eventId?: string;
  @ApiPropertyOptional({ description: 'The consumer group that gave up on it.' }) consumerGroup?: string;
  @ApiPropertyOptional() error?: string;
  @ApiPropertyOptional() attempts?: string;
}

export class ReplayedDeadLetterDto extends DeadLetterDto {
  @ApiProperty({ enum: ['handled', 'dead-lettered-again', 'no-such-consumer'] }) outcome: string;
}
