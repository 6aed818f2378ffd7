import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { LIMITS } from '#concerto/config';
import { MultilineText, NameText } from '#concerto/http';
import {
  ALERT_TYPES as ALERT_TYPES_CATALOGUE,
  type AlertType,
  DEADLINE_KINDS,
  type DeadlineKind,
  type Urgency,
} from '#concerto/contracts';
import { ApiSchemaExtra, IsDateTime } from '#concerto/http';
import { NationalNumber } from '../../../domain/national-number.value-object.js';
import { CALLER_RELATIONSHIPS, type CallerRelationship } from '../../../domain/on-behalf-of.js';

export const ALERT_TYPES: readonly AlertType[] = ALERT_TYPES_CATALOGUE;

function IsBelgianNationalNumber(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isBelgianNationalNumber',
      target: target.constructor,
      propertyName,
      options: { message: 'must be a Belgian national register number with a valid checksum', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && NationalNumber.isValid(value) },
    });
}

function IsPastCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPastCalendarDate',
      target: target.constructor,
      propertyName,
      options: { message: 'must be a real calendar date (YYYY-MM-DD) in the past, after 1900', ...options },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
            return false;
          }
          const d = new Date(`${value}T00:00:00Z`);
          return (
            !Number.isNaN(d.getTime()) &&
            d.toISOString().startsWith(value) &&
            value >= '1900-01-01' &&
            d.getTime() <= Date.now()
          );
        },
      },
    });
}

const NAME = /^[\p{L}\p{M}][\p{L}\p{M}' .-]*$/u;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AddressDto {
  @ApiProperty({ example: '1090', description: 'Belgian postal code (4 digits). Routes the case to a bassin.' })
  @IsString()
  @Matches(/^[1-9]\d{3}$/, { message: 'must be a 4-digit Belgian postal code' })
  postalCode: string;
}

// The address is required unless noFixedAddress is true (the ValidateIf below).
@ApiSchemaExtra({
  anyOf: [
    { required: ['address'] },
    { required: ['noFixedAddress'], properties: { noFixedAddress: { enum: [true] } } },
  ],
})
export class PersonDto {
  @ApiProperty({ example: 'Simone' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: 'must contain letters, spaces, apostrophes, dots or hyphens only' })
  @NameText()
  givenName: string;

  @ApiProperty({ example: 'Peeters' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: 'must contain letters, spaces, apostrophes, dots or hyphens only' })
  @NameText()
  familyName: string;

  @ApiPropertyOptional({
    example: '1941-05-03',
    format: 'date',
    description: 'Calendar date, YYYY-MM-DD, in the past (a date in the future or that does not exist answers 422).',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a calendar date, YYYY-MM-DD' })
  @IsPastCalendarDate()
  birthDate?: string;

  @ApiPropertyOptional({
    example: '85.07.30-033.28',
    description:
      'Belgian national register number: 11 digits, dots, hyphens or spaces between them. A wrong checksum answers 422. Never leaves the intake service.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[\s.-]*(?:\d[\s.-]*){11}$/, {
    message: 'must be 11 digits, optionally separated by dots, hyphens or spaces',
  })
  @IsBelgianNationalNumber()
  nationalNumber?: string;

  @ApiPropertyOptional({
    type: AddressDto,
    description: 'Required unless noFixedAddress is true (then it may hold the last known area).',
  })
  @ValidateIf((p: PersonDto) => p.noFixedAddress !== true || p.address !== undefined)
  @IsDefined({ message: 'is required unless noFixedAddress is true' })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({
    example: false,
    description:
      'The person has no fixed address. With an address (the last known area) the alert routes by it, and the flag stays on the person; without one, the case goes to the documented fallback bassin. Every alert updates the flag either way.',
  })
  @IsOptional()
  @IsBoolean()
  noFixedAddress?: boolean;

  @ApiPropertyOptional({
    example: 'nl',
    description: 'BCP 47 language tag; any language is kept, FR/NL/EN are served directly.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(8) // the intake store's column
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'must be a language tag such as fr, nl, en, es or pl' })
  preferredLanguage?: string;

  @ApiPropertyOptional({
    example: '+32 470 12 34 56',
    description:
      "The person's phone, if the reporter knows it. Only a keyed hash of it is kept: it lets an alert without a birth date be proposed as a possible match of the person's case (never joined).",
  })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[\d .()/-]{6,24}$/, { message: 'must be a phone number: digits, spaces, dots, hyphens, a leading +' })
  phone?: string;
}

export class OnBehalfOfDto {
  @ApiProperty({
    enum: CALLER_RELATIONSHIPS,
    example: 'neighbour',
    description:
      'Who called, relative to the person: the person themself, a relative, a neighbour, a professional, anonymous or other.',
  })
  @IsIn(CALLER_RELATIONSHIPS, { message: `must be one of: ${CALLER_RELATIONSHIPS.join(', ')}` })
  relationship: CallerRelationship;

  @ApiPropertyOptional({ example: 'Mme Janssens', description: 'Only if the caller gave it.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: 'must contain letters, spaces, apostrophes, dots or hyphens only' })
  @NameText()
  callerName?: string;

  @ApiProperty({
    example: '+32 470 12 34 56',
    description:
      "Where to call the caller back. Kept sealed in the identity vault only; readable by the case's coordinators through the audited alert view.",
  })
  @Transform(trim)
  @IsString()
  @Matches(/^\+?[0-9][0-9 ./()-]{5,22}$/, {
    message: 'must be a phone number (digits, spaces, dots, slashes, hyphens, a leading +)',
  })
  callbackNumber: string;
}

export class RaiseAlertRequestDto {
  @ApiProperty({ enum: ALERT_TYPES, example: 'imminent-discharge' })
  @IsIn(ALERT_TYPES, { message: `must be one of: ${ALERT_TYPES.join(', ')}` })
  type: AlertType;

  @ApiProperty({ enum: ['urgent', 'normal'], example: 'urgent' })
  @IsIn(['urgent', 'normal'], { message: 'must be urgent or normal' })
  urgency: Urgency;

  @ApiProperty({ type: PersonDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PersonDto)
  person: PersonDto;

  @ApiPropertyOptional({
    example: '2026-11-27T16:00:00+01:00',
    description:
      'A hard deadline such as the discharge date (ISO 8601 with offset): in the future and at most two years away (else 422). It becomes one of the case’s deadlines.',
  })
  @IsOptional()
  @IsDateTime()
  deadline?: string;

  @ApiPropertyOptional({
    enum: DEADLINE_KINDS,
    description:
      'What the deadline is. Defaults from the alert type (imminent-discharge: discharge, prison-release: release, loss-of-rights: administrative, else other). Only hospital roles may date a discharge, only prison social service and justice assistants a release (else 403).',
  })
  @IsOptional()
  @IsIn(DEADLINE_KINDS, { message: `must be one of: ${DEADLINE_KINDS.join(', ')}` })
  deadlineKind?: DeadlineKind;

  @ApiPropertyOptional({
    maxLength: LIMITS.text.alertReasonChars,
    example: 'Discharge planned Friday afternoon; lives alone on a 3rd floor without lift.',
    description: `Short coordination reason, at most ${LIMITS.text.alertReasonChars} characters. Do NOT write clinical content (diagnoses, treatments, test results): Concerto stores coordination facts only.`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text.alertReasonChars)
  @MultilineText()
  reason?: string;

  @ApiPropertyOptional({
    type: OnBehalfOfDto,
    description:
      'A hotline operator (or a coordinator) raising the alert for a caller: who called and a callback number. Any other reporter gets 403.',
  })
  @IsOptional()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => OnBehalfOfDto)
  onBehalfOf?: OnBehalfOfDto;
}
