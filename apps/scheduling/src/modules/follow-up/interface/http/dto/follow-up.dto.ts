import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { BLOCKER_REASONS } from '#concerto/contracts';
import { ATTENDANCE_MODES } from '../../../domain/concertation-record.aggregate.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SHORT = 200;
const TITLE = 160;
const ORG_ID = /^[A-Za-z0-9][A-Za-z0-9._:|@-]*$/;

export class OwnerDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A care-team participant. Exactly one of participantId, organisationId.',
  })
  @IsOptional()
  @IsUUID()
  participantId?: string;

  @ApiPropertyOptional({ description: 'A directory organisation id.', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(ORG_ID)
  organisationId?: string;
}

export class AttendanceDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() participantId: string;
  @ApiProperty({ enum: ATTENDANCE_MODES }) @IsIn(ATTENDANCE_MODES) mode: (typeof ATTENDANCE_MODES)[number];
}

export class RecordActionItemDto {
  @ApiProperty({
    enum: ['task', 'referral', 'deadline'],
    description: 'A referral ends only when the referent confirms the person was received.',
  })
  @IsIn(['task', 'referral', 'deadline'])
  kind: 'task' | 'referral' | 'deadline';

  @ApiProperty({ minLength: 1, maxLength: TITLE, description: 'What is to be done: short, no clinical content (R13).' })
  @IsString()
  @Length(1, TITLE)
  title: string;

  @ApiProperty({ type: OwnerDto }) @ValidateNested() @Type(() => OwnerDto) owner: OwnerDto;

  @ApiProperty({ example: '2027-05-12', description: 'A Brussels calendar day.' })
  @Matches(DAY, { message: 'must be a day (YYYY-MM-DD)' })
  dueOn: string;
}

export class ReferentDto {
  @ApiProperty({ format: 'uuid', description: 'A care-team participant with a phone contact (R10).' })
  @IsUUID()
  participantId: string;
}

export class NextReviewDto {
  @ApiProperty({ example: '2027-06-15' }) @Matches(DAY, { message: 'must be a day (YYYY-MM-DD)' }) on: string;
  @ApiProperty({
    enum: ['concertation', 'check-in'],
    description: 'A new concertation, or a lighter check-in by the referent.',
  })
  @IsIn(['concertation', 'check-in'])
  kind: 'concertation' | 'check-in';
}

/** The record of a concertation (R09): structured, short and bounded items only (R13). */
export class RecordConcertationDto {
  @ApiProperty({
    description:
      'Held or not held. A held meeting needs attendance, wishes, decisions, action items, referent and next review.',
  })
  @IsBoolean()
  held: boolean;

  @ApiPropertyOptional({ type: [AttendanceDto], maxItems: 30 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AttendanceDto)
  attendance?: AttendanceDto[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: 5,
    description: "The person's own wishes, in their words, briefly (each up to 200 characters).",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @Length(1, SHORT, { each: true })
  wishes?: string[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: 10,
    description: 'The decisions taken (each up to 200 characters, no clinical content).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, SHORT, { each: true })
  decisions?: string[];

  @ApiPropertyOptional({
    type: [RecordActionItemDto],
    maxItems: 20,
    description: 'New action items, each with one owner and a due date.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RecordActionItemDto)
  actionItems?: RecordActionItemDto[];

  @ApiPropertyOptional({ type: ReferentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReferentDto)
  referent?: ReferentDto;

  @ApiPropertyOptional({ type: NextReviewDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NextReviewDto)
  nextReview?: NextReviewDto;

  @ApiPropertyOptional({ maxLength: 280, description: 'Why the record changes: required once it is locked.' })
  @IsOptional()
  @IsString()
  @Length(1, 280)
  amendmentReason?: string;
}

export class OpenActionItemDto extends RecordActionItemDto {
  @ApiPropertyOptional({ example: '2027-05-12', description: 'Required unless deadlineId is given.' })
  @IsOptional()
  @Matches(DAY, { message: 'must be a day (YYYY-MM-DD)' })
  declare dueOn: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "A dated deadline of the case (R30): the item's due date is its day.",
  })
  @IsOptional()
  @IsUUID()
  deadlineId?: string;
}

export class BlockActionItemDto {
  @ApiProperty({ enum: BLOCKER_REASONS, description: 'From the controlled list (R23).' })
  @IsIn(BLOCKER_REASONS)
  reason: (typeof BLOCKER_REASONS)[number];
}

export class HandOverActionItemDto {
  @ApiProperty({ type: OwnerDto }) @ValidateNested() @Type(() => OwnerDto) owner: OwnerDto;
}
