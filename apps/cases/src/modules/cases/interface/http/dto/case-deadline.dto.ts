import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DEADLINE_KINDS, type DeadlineKind } from '#concerto/contracts';
import { IsDateTime } from '#concerto/http';

export class SetCaseDeadlineRequestDto {
  @ApiProperty({
    enum: DEADLINE_KINDS,
    example: 'hearing',
    description: 'discharge: hospital roles only; release: prison social service and justice assistants only.',
  })
  @IsIn(DEADLINE_KINDS, { message: `must be one of: ${DEADLINE_KINDS.join(', ')}` })
  kind: DeadlineKind;

  @ApiProperty({
    example: '2026-12-03T10:00:00+01:00',
    description: 'ISO 8601 with offset; in the future and at most two years away (else 422).',
  })
  @IsDateTime()
  dueAt: string;
}

export class CorrectCaseDeadlineRequestDto {
  @ApiProperty({
    example: '2026-12-04T16:00:00+01:00',
    description: 'The right date; the old one stays in the timeline.',
  })
  @IsDateTime()
  dueAt: string;

  @ApiPropertyOptional({ enum: DEADLINE_KINDS })
  @IsOptional()
  @IsIn(DEADLINE_KINDS, { message: `must be one of: ${DEADLINE_KINDS.join(', ')}` })
  kind?: DeadlineKind;
}

class DeadlineSourceDto {
  @ApiProperty({ enum: ['alert', 'user'] }) kind: string;
  @ApiPropertyOptional({ format: 'uuid' }) alertId?: string;
  @ApiProperty() actorId: string;
}

export class CaseDeadlineDto {
  @ApiProperty({ format: 'uuid' }) deadlineId: string;
  @ApiProperty({ enum: DEADLINE_KINDS }) kind: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ enum: ['active', 'passed', 'corrected', 'dismissed'] }) state: string;
  @ApiProperty({ type: DeadlineSourceDto }) source: DeadlineSourceDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CaseDeadlinesDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The earliest future active deadline: the one that bounds a meeting search now.',
  })
  steeringDeadlineId?: string;
  @ApiProperty({ type: [CaseDeadlineDto] }) deadlines: CaseDeadlineDto[];
}
