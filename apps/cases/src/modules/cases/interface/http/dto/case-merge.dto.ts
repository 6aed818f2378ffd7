import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, IsUUID, Matches } from 'class-validator';

export class SplitCaseRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The case merged into this one that must be a case of its own again.' })
  @IsUUID('all')
  mergedCaseId: string;
}

export class VerifyCasePersonRequestDto {
  @ApiProperty({
    example: '85.07.30-033.28',
    description:
      'Belgian national register number: 11 digits, dots, hyphens or spaces between them. Stored encrypted in the identity vault only.',
  })
  @IsString()
  @Matches(/^[\s.-]*(?:\d[\s.-]*){11}$/, {
    message: 'must be 11 digits, optionally separated by dots, hyphens or spaces',
  })
  nationalNumber: string;

  @ApiProperty({
    description: 'The person consented to tie their verified identity to this case. Anything but true answers 422.',
  })
  @IsBoolean()
  consentGiven: boolean;
}

export class PossibleMatchDecisionDto {
  @ApiProperty({ format: 'uuid' }) matchId: string;
  @ApiProperty({ enum: ['confirmed', 'rejected'] }) state: 'confirmed' | 'rejected';
  @ApiPropertyOptional({ format: 'uuid', description: 'Confirmed: the case that now holds both histories.' })
  caseId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Confirmed: the case merged into it.' })
  mergedCaseId?: string;
}

export class CaseSplitDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid' }) restoredCaseId: string;
  @ApiProperty({ format: 'date-time' }) splitAt: string;
}

export class PersonVerifiedDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: [true] }) verified: true;
  @ApiProperty({ format: 'date-time' }) verifiedAt: string;
}

export class PossibleMatchDto {
  @ApiProperty({ format: 'uuid' }) matchId: string;
  @ApiProperty({ format: 'uuid', description: 'The other case: the one this case may be about the same person as.' })
  otherCaseId: string;
  @ApiProperty({
    type: [String],
    enum: ['name-typo', 'swapped-names', 'confusable-letter', 'phone-without-birth-date', 'name-without-birth-date'],
  })
  reasons: string[];
  @ApiProperty({ enum: ['proposed', 'confirmed', 'rejected'] }) state: string;
  @ApiProperty({ format: 'date-time' }) foundAt: string;
  @ApiPropertyOptional() decidedBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) decidedAt?: string;
}
