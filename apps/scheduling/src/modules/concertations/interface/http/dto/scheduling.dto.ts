import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { LIMITS } from '#concerto/config';
import { IsDateTime, MultilineText, NameText } from '#concerto/http';
import { DATA_CATEGORIES, type DataCategory } from '../../../../consent/domain/consent.aggregate.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const PHONE = /^\+?[0-9 ./-]{8,20}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export class ParticipantScopeDto {
  @ApiProperty() @IsUUID() participantId: string;
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true })
  @IsArray()
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsIn(DATA_CATEGORIES, { each: true })
  dataCategories: DataCategory[];
}

export class RecordConsentDto {
  @ApiProperty({ enum: ['granted', 'refused', 'revoked', 'emergency-exception'] })
  @IsIn(['granted', 'refused', 'revoked', 'emergency-exception'])
  decision: 'granted' | 'refused' | 'revoked' | 'emergency-exception';

  @ApiPropertyOptional({ enum: ['person', 'legal-representative'] })
  @IsOptional()
  @IsIn(['person', 'legal-representative'])
  givenBy?: 'person' | 'legal-representative';

  @ApiPropertyOptional({ type: [ParticipantScopeDto], description: 'Who may be invited and what each may see.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.lists.consentScopes)
  @ValidateNested({ each: true })
  @Type(() => ParticipantScopeDto)
  scopes?: ParticipantScopeDto[];

  @ApiPropertyOptional({
    maxLength: LIMITS.text.emergencyReasonChars,
    description: 'Required for an emergency exception; the case is flagged.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text.emergencyReasonChars)
  @MultilineText()
  emergencyReason?: string;
}

export class AddParticipantDto {
  @ApiProperty({
    enum: ['legal-representative', 'professional', 'relative', 'neighbour', 'volunteer', 'trusted-person'],
  })
  @IsIn(['legal-representative', 'professional', 'relative', 'neighbour', 'volunteer', 'trusted-person'])
  kind: 'legal-representative' | 'professional' | 'relative' | 'neighbour' | 'volunteer' | 'trusted-person';

  @ApiPropertyOptional({ description: 'Directory id (professionals).' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  professionalId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 48) @Matches(/^[a-z-]+$/) role?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 200) @NameText() displayName?: string;
  @ApiPropertyOptional({ example: 'nl' }) @IsOptional() @IsString() @MaxLength(16) @Matches(LANGUAGE) language?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(PHONE) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(5, 300) postalAddress?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() required?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() waived?: boolean;
  @ApiPropertyOptional({ description: 'Needs a room reachable without steps.' })
  @IsOptional()
  @IsBoolean()
  needsStepFreeAccess?: boolean;
}

export class UpdateParticipantDto {
  @ApiPropertyOptional({ description: 'Needs a room reachable without steps.' })
  @IsOptional()
  @IsBoolean()
  needsStepFreeAccess?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(16) @Matches(LANGUAGE) language?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(PHONE) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(5, 300) postalAddress?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() required?: boolean;
  @ApiPropertyOptional({ description: 'The person chose not to attend (written input stays possible).' })
  @IsOptional()
  @IsBoolean()
  waived?: boolean;
}

export class WeeklyHoursDto {
  @ApiPropertyOptional({ example: ['08:30-12:30', '13:30-17:00'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.lists.weeklyHoursRangesPerDay)
  @Matches(HHMM, { each: true })
  mon?: string[];
  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.lists.weeklyHoursRangesPerDay)
  @Matches(HHMM, { each: true })
  tue?: string[];
  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.lists.weeklyHoursRangesPerDay)
  @Matches(HHMM, { each: true })
  wed?: string[];
  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.lists.weeklyHoursRangesPerDay)
  @Matches(HHMM, { each: true })
  thu?: string[];
  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.lists.weeklyHoursRangesPerDay)
  @Matches(HHMM, { each: true })
  fri?: string[];
  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.lists.weeklyHoursRangesPerDay)
  @Matches(HHMM, { each: true })
  sat?: string[];
  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.lists.weeklyHoursRangesPerDay)
  @Matches(HHMM, { each: true })
  sun?: string[];
}

export class BusyBlockDto {
  @ApiProperty() @IsDateTime() start: string;
  @ApiProperty() @IsDateTime() end: string;
}

export class ReplaceBusyDto {
  // The longest list of the longest date-times still fits in the JSON body limit (limits.spec); larger calendars come as .ics.
  @ApiProperty({ type: [BusyBlockDto], maxItems: LIMITS.lists.busyBlocks })
  @IsArray()
  @ArrayMaxSize(LIMITS.lists.busyBlocks)
  @ValidateNested({ each: true })
  @Type(() => BusyBlockDto)
  blocks: BusyBlockDto[];
}

export class RoomAddressDto {
  @ApiProperty({ example: 'Rue de la Station' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  @NameText()
  street: string;
  @ApiProperty({ example: '12A', description: 'House number, with a letter or box if any.' })
  @Transform(trim)
  @IsString()
  @Matches(/^[0-9][0-9A-Za-z /-]{0,11}$/)
  number: string;
  @ApiProperty({ example: '4000', description: 'Belgian postal code.' })
  @Transform(trim)
  @IsString()
  @Matches(/^[1-9][0-9]{3}$/)
  postalCode: string;
  @ApiProperty({ example: 'Liège' }) @Transform(trim) @IsString() @Length(1, 80) @NameText() municipality: string;
}

export class AddRoomDto {
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 120) @NameText() name: string;
  @ApiProperty() @IsInt() @Min(2) @Max(100) capacity: number;
  @ApiProperty({ description: 'Reachable without steps (wheelchair, walker).' }) @IsBoolean() stepFree: boolean;
  @ApiPropertyOptional({ description: "A lift to the room's floor. Default false." })
  @IsOptional()
  @IsBoolean()
  lift?: boolean;
  @ApiPropertyOptional({ description: 'Parking spaces for disabled persons at the building. Default false.' })
  @IsOptional()
  @IsBoolean()
  disabledParking?: boolean;
  @ApiPropertyOptional({
    type: RoomAddressDto,
    description: "The building's street address: shown to invitees, in the calendar entry and on the person's page.",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RoomAddressDto)
  address?: RoomAddressDto;
}

export class SlotSearchDto {
  @ApiProperty({ example: 60 }) @IsInt() @Min(15) @Max(480) durationMinutes: number;
  @ApiPropertyOptional() @IsOptional() @IsDateTime() earliest?: string;
  @ApiPropertyOptional({ example: 120 }) @IsOptional() @IsInt() @Min(0) @Max(20160) minimumNoticeMinutes?: number;
  @ApiPropertyOptional({ example: 15 }) @IsOptional() @IsInt() @Min(0) @Max(240) bufferMinutes?: number;
  @ApiPropertyOptional({ example: 14 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LIMITS.slotSearch.maxHorizonDays)
  horizonDays?: number;
}

export class LocationDto {
  @ApiProperty({ enum: ['room', 'video', 'phone', 'home'] }) @IsIn(['room', 'video', 'phone', 'home']) kind:
    'room' | 'video' | 'phone' | 'home';
  @ApiPropertyOptional() @IsOptional() @IsUUID() roomId?: string;
  @ApiPropertyOptional({ description: 'e.g. the video link or the address note' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  label?: string;
}

export class ScheduleConcertationDto {
  @ApiProperty({ example: '2026-11-25T10:00:00+01:00' }) @IsDateTime() start: string;
  @ApiProperty({ example: '2026-11-25T11:00:00+01:00' }) @IsDateTime() end: string;
  @ApiProperty({ type: LocationDto }) @ValidateNested() @Type(() => LocationDto) location: LocationDto;
}

export class RsvpAnswerDto {
  @ApiPropertyOptional({
    maxLength: LIMITS.text.writtenInputChars,
    description: 'For "I cannot come, here is my written input".',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text.writtenInputChars)
  @MultilineText()
  writtenInput?: string;
}

export class AnswerOnBehalfDto {
  @ApiProperty({ enum: ['accepted', 'declined', 'written-input'], description: 'The answer the invitee gave.' })
  @IsIn(['accepted', 'declined', 'written-input'])
  answer: 'accepted' | 'declined' | 'written-input';

  @ApiProperty({
    enum: ['phone', 'letter', 'in-person'],
    description: 'How the coordinator got the answer: a call, a letter posted back, or in person.',
  })
  @IsIn(['phone', 'letter', 'in-person'])
  channel: 'phone' | 'letter' | 'in-person';

  @ApiPropertyOptional({
    maxLength: LIMITS.text.writtenInputChars,
    description: 'The written input, for answer "written-input".',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text.writtenInputChars)
  @MultilineText()
  writtenInput?: string;
}

export class PollOptionDto {
  @ApiProperty() @IsDateTime() start: string;
  @ApiProperty() @IsDateTime() end: string;
}

export class CreatePollDto {
  @ApiProperty({ type: [PollOptionDto], maxItems: LIMITS.lists.pollOptions })
  @IsArray()
  @ArrayMaxSize(LIMITS.lists.pollOptions)
  @ValidateNested({ each: true })
  @Type(() => PollOptionDto)
  options: PollOptionDto[];

  @ApiProperty({ description: 'After this, the best date becomes the concertation.' }) @IsDateTime() closesAt: string;
  @ApiProperty({ type: LocationDto }) @ValidateNested() @Type(() => LocationDto) location: LocationDto;
}

export class PollAnswersDto {
  @ApiProperty({
    enum: ['yes', 'if-need-be', 'no'],
    isArray: true,
    description: 'One answer per proposed date, in order.',
  })
  @IsArray()
  @ArrayMaxSize(LIMITS.lists.pollOptions)
  @IsIn(['yes', 'if-need-be', 'no'], { each: true })
  answers: Array<'yes' | 'if-need-be' | 'no'>;
}
