import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { LIMITS } from '#concerto/config';
import { type BassinId, CASE_CLOSE_OUTCOMES, type CaseCloseOutcome } from '#concerto/contracts';
import { IsDateTime } from '#concerto/http';

/** `{}` acknowledges every pending signal; `signalIds` names the ones this acknowledgement covers. */
export class AcknowledgeCaseRequestDto {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'The signals (alert ids) this acknowledgement covers. Left out: every pending signal.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.lists.signalsPerAcknowledgement)
  @IsUUID('all', { each: true })
  signalIds?: string[];
}

// The bassins as the contracts name them (BassinId).
const BASSIN_IDS = ['nord', 'nord-est', 'centre-ouest', 'sud', 'sud-est'] as const;
const STATUSES = ['opened', 'acknowledged', 'escalated', 'closed'] as const;
const BOOLEANS = ['true', 'false'] as const;

/** The worklist's query: every parameter optional, unknown ones refused (400). */
export class ListCasesRequestDto {
  @ApiPropertyOptional({ enum: BASSIN_IDS, description: 'One of the bassins the reader coordinates.' })
  @IsOptional()
  @IsIn(BASSIN_IDS)
  bassin?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ enum: ['urgent', 'normal'] })
  @IsOptional()
  @IsIn(['urgent', 'normal'])
  urgency?: 'urgent' | 'normal';

  @ApiPropertyOptional({ enum: ['me'], description: 'Only the cases the reader owns.' })
  @IsOptional()
  @IsIn(['me'])
  owner?: 'me';

  @ApiPropertyOptional({ enum: BOOLEANS, description: 'Cases with (true) or without (false) a pending signal.' })
  @IsOptional()
  @IsIn(BOOLEANS)
  hasUnacknowledgedSignals?: (typeof BOOLEANS)[number];

  @ApiPropertyOptional({ enum: BOOLEANS, description: 'Cases with a pending signal past its acknowledgement time.' })
  @IsOptional()
  @IsIn(BOOLEANS)
  overdue?: (typeof BOOLEANS)[number];

  @ApiPropertyOptional({
    format: 'date-time',
    maxLength: LIMITS.text.dateTimeChars,
    description: 'Cases whose deadline is before this time (RFC 3339, offset included).',
  })
  @IsOptional()
  @IsDateTime()
  deadlineBefore?: string;

  @ApiPropertyOptional({ enum: BOOLEANS, description: 'Cases routed by a fallback, whose bassin awaits confirmation.' })
  @IsOptional()
  @IsIn(BOOLEANS)
  needsBassinConfirmation?: (typeof BOOLEANS)[number];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: LIMITS.lists.worklistPage, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LIMITS.lists.worklistPage)
  limit?: number;

  @ApiPropertyOptional({
    pattern: '^[A-Za-z0-9_-]{1,300}$',
    description: 'Opaque: the nextCursor of the previous page.',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,300}$/)
  cursor?: string;
}

/** The worklist stream's query: one of the reader's bassins, or all of them. */
export class WorklistStreamRequestDto {
  @ApiPropertyOptional({ enum: BASSIN_IDS })
  @IsOptional()
  @IsIn(BASSIN_IDS)
  bassin?: string;
}

const REASON_CHARS = 280;
const REASON_DESCRIPTION =
  `Short coordination reason, single line, at most ${REASON_CHARS} characters. Do NOT write clinical content ` +
  '(diagnoses, treatments, test results) nor anything held against the person: Concerto stores coordination facts only.';

/** Closing a case: an outcome from the controlled list and a short reason. */
export class CloseCaseRequestDto {
  @ApiProperty({
    enum: CASE_CLOSE_OUTCOMES,
    description:
      'Neutral outcomes about the situation, never an attribute of the person. No automated rule ever closes a case (R25).',
  })
  @IsIn(CASE_CLOSE_OUTCOMES, { message: `must be one of: ${CASE_CLOSE_OUTCOMES.join(', ')}` })
  outcome: CaseCloseOutcome;

  @ApiProperty({ minLength: 1, maxLength: REASON_CHARS, description: REASON_DESCRIPTION })
  @IsString()
  @Length(1, REASON_CHARS)
  reason: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: REASON_CHARS,
    description:
      'Why the case closes while action items are still open (kept in the timeline). Without it, open items: 409 open-action-items.',
  })
  @IsOptional()
  @IsString()
  @Length(1, REASON_CHARS)
  openItemsOverride?: string;
}

/** Reopening or transferring: why, in a short reason. */
export class ReopenCaseRequestDto {
  @ApiProperty({ minLength: 1, maxLength: REASON_CHARS, description: REASON_DESCRIPTION })
  @IsString()
  @Length(1, REASON_CHARS)
  reason: string;
}

export class TransferCaseRequestDto {
  @ApiProperty({ enum: BASSIN_IDS, description: 'The receiving bassin; its coordinator on duty will own the case.' })
  @IsIn(BASSIN_IDS)
  toBassin: BassinId;

  @ApiProperty({ minLength: 1, maxLength: REASON_CHARS, description: REASON_DESCRIPTION })
  @IsString()
  @Length(1, REASON_CHARS)
  reason: string;
}

const REFERENCE_BASSINS = [...BASSIN_IDS, 'inter-bassin'] as const;

export class ConfirmCaseBassinRequestDto {
  @ApiPropertyOptional({
    enum: REFERENCE_BASSINS,
    description:
      "Left out: the case's bassin is confirmed. Another bassin: the case moves there (a transfer: its coordinator on " +
      "duty owns it and must acknowledge it). `inter-bassin`: the case stays with this bassin's coordinators and " +
      'has no reference bassin in particular; the leads of every bassin see it too.',
  })
  @IsOptional()
  @IsIn(REFERENCE_BASSINS)
  bassinId?: (typeof REFERENCE_BASSINS)[number];
}
