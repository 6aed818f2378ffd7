import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { LIMITS } from '#concerto/config';
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
