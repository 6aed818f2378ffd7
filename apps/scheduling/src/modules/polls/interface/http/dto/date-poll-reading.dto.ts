import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { LIMITS } from '#concerto/config';
import {
  PollClosedDto,
  PollOptionViewDto,
} from '../../../../concertations/interface/http/dto/scheduling.responses.dto.js';

export class ChooseDatePollOptionDto {
  @ApiProperty({
    description: 'Index of the chosen proposed date (0 for the first).',
    minimum: 0,
    maximum: LIMITS.lists.pollOptions - 1,
  })
  @IsInt()
  @Min(0)
  @Max(LIMITS.lists.pollOptions - 1)
  option: number;
}

export class DatePollOptionTallyDto extends PollOptionViewDto {
  @ApiProperty() yes: number;
  @ApiProperty() ifNeedBe: number;
  @ApiProperty() no: number;
  @ApiProperty({ description: 'Invitees who have not answered.' }) silent: number;
}

export class DatePollInviteeDto {
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiPropertyOptional() displayName?: string;
  @ApiProperty() required: boolean;
  @ApiProperty({
    type: [String],
    enum: ['yes', 'if-need-be', 'no'],
    nullable: true,
    description: 'One answer per proposed date, or null before they answer.',
  })
  answers: string[] | null;
}

export class DatePollDetailDto extends PollClosedDto {
  @ApiProperty({ type: [DatePollOptionTallyDto] }) tally: DatePollOptionTallyDto[];
  @ApiProperty({ type: [DatePollInviteeDto] }) invitees: DatePollInviteeDto[];
}

export class DatePollChosenDto extends PollClosedDto {}

export class DatePollSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty({ format: 'date-time' }) closesAt: string;
  @ApiProperty({ type: [PollOptionViewDto] }) options: PollOptionViewDto[];
  @ApiProperty() invited: number;
  @ApiProperty() answered: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'The date that was fixed, if any.' }) chosenStart?: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The concertation it became, if any.' })
  concertationId: string | null;
}

export class DatePollListDto {
  @ApiProperty({ type: [DatePollSummaryDto] }) polls: DatePollSummaryDto[];
}
