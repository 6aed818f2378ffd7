import { actorId, dateTime, uuid } from '../common-schemas.js';

/** Why the intake proposes that two persons are one (codes only, never names). */
export const POSSIBLE_MATCH_REASON_CODES = [
  'name-typo',
  'swapped-names',
  'confusable-letter',
  'phone-without-birth-date',
  'name-without-birth-date',
] as const;
export type PossibleMatchReasonCode = (typeof POSSIBLE_MATCH_REASON_CODES)[number];

/**
 * The intake found that the person of a new case may be the person of another open case (a
 * misspelt or swapped name, a look-alike letter, a shared phone without a birth date). Never a
 * join: a coordinator confirms (the cases merge) or rejects it. Ids and reason codes only.
 */
export interface PossibleMatchFoundV1 {
  matchId: string;
  /** The case the new alert opened. */
  caseId: string;
  /** The open case of the person it may be. */
  otherCaseId: string;
  reasons: PossibleMatchReasonCode[];
  foundAt: string;
}

export const possibleMatchFoundV1Schema = {
  $id: 'https://concerto.brussels/schemas/person.possible-match-found/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['matchId', 'caseId', 'otherCaseId', 'reasons', 'foundAt'],
  properties: {
    matchId: uuid,
    caseId: uuid,
    otherCaseId: uuid,
    reasons: { type: 'array', minItems: 1, maxItems: 5, items: { enum: POSSIBLE_MATCH_REASON_CODES } },
    foundAt: dateTime,
  },
} as const;

/**
 * Two cases about one person became one: `mergedCaseId` is marked merged into `caseId` (the
 * survivor), which shows both histories; later alerts about either person join the survivor.
 */
export interface CaseMergedV1 {
  caseId: string;
  mergedCaseId: string;
  /** The confirmed possible match, when the merge came from one. */
  matchId?: string;
  mergedBy: string;
  mergedAt: string;
}

export const caseMergedV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.merged/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'mergedCaseId', 'mergedBy', 'mergedAt'],
  properties: {
    caseId: uuid,
    mergedCaseId: uuid,
    matchId: uuid,
    mergedBy: actorId,
    mergedAt: dateTime,
  },
} as const;

/** A wrong merge was undone: `restoredCaseId` is a case of its own again, with its own history. */
export interface CaseSplitV1 {
  caseId: string;
  restoredCaseId: string;
  splitBy: string;
  splitAt: string;
}

export const caseSplitV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.split/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'restoredCaseId', 'splitBy', 'splitAt'],
  properties: {
    caseId: uuid,
    restoredCaseId: uuid,
    splitBy: actorId,
    splitAt: dateTime,
  },
} as const;
