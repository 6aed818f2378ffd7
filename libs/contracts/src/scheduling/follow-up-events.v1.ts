import { actorId, dateTime, uuid } from '../common-schemas.js';

/** A calendar day in Brussels (YYYY-MM-DD): due dates and review dates are days, not instants. */
const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

export const ACTION_ITEM_KINDS = ['task', 'referral', 'deadline', 'contact-person'] as const;
export type ActionItemKindV1 = (typeof ACTION_ITEM_KINDS)[number];

/** Why an item is stuck: the controlled list of R23 (the gaps dashboard counts them, anonymised). */
export const BLOCKER_REASONS = [
  'service-saturated',
  'refused-by-service',
  'no-place-or-bed',
  'administrative-delay',
  'no-transport',
  'language',
] as const;
export type BlockerReasonV1 = (typeof BLOCKER_REASONS)[number];

export const ACTION_ITEM_RESOLUTIONS = ['done', 'received', 'withdrawn'] as const;
export type ActionItemResolutionV1 = (typeof ACTION_ITEM_RESOLUTIONS)[number];

/** Who owns an item: exactly one of a care-team participant or a directory organisation. */
export interface ActionItemOwnerV1 {
  participantId?: string;
  organisationId?: string;
}
const owner = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: { participantId: uuid, organisationId: actorId },
} as const;

/** A concertation's record was written (held or not held) or amended: ids, dates and counts only. */
export interface ConcertationRecordedV1 {
  recordId: string;
  concertationId: string;
  caseId: string;
  held: boolean;
  /** 1 when first recorded; each later amendment adds one (the previous version is kept). */
  version: number;
  referentParticipantId?: string;
  nextReviewOn?: string;
  /** A check-in by the referent, or a new concertation, proposed for the review date. */
  nextReviewKind?: 'concertation' | 'check-in';
  actionItemIds: string[];
  recordedBy: string;
  recordedAt: string;
}
export const concertationRecordedV1Schema = {
  $id: 'https://concerto.brussels/schemas/concertation.recorded/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['recordId', 'concertationId', 'caseId', 'held', 'version', 'actionItemIds', 'recordedBy', 'recordedAt'],
  properties: {
    recordId: uuid,
    concertationId: uuid,
    caseId: uuid,
    held: { type: 'boolean' },
    version: { type: 'integer', minimum: 1 },
    referentParticipantId: uuid,
    nextReviewOn: day,
    nextReviewKind: { enum: ['concertation', 'check-in'] },
    actionItemIds: { type: 'array', maxItems: 50, items: uuid },
    recordedBy: actorId,
    recordedAt: dateTime,
  },
} as const;

/** An action item was opened (from a record, from a case's deadline, or after a missed deadline). */
export interface ActionItemOpenedV1 {
  itemId: string;
  caseId: string;
  recordId?: string;
  /** The case deadline this item follows (R30). */
  deadlineId?: string;
  kind: ActionItemKindV1;
  owner: ActionItemOwnerV1;
  dueOn: string;
  openedBy: string;
  openedAt: string;
}
export const actionItemOpenedV1Schema = {
  $id: 'https://concerto.brussels/schemas/action.opened/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['itemId', 'caseId', 'kind', 'owner', 'dueOn', 'openedBy', 'openedAt'],
  properties: {
    itemId: uuid,
    caseId: uuid,
    recordId: uuid,
    deadlineId: uuid,
    kind: { enum: ACTION_ITEM_KINDS },
    owner,
    dueOn: day,
    openedBy: actorId,
    openedAt: dateTime,
  },
} as const;

/** A reminder is due: before the due date (the owner), on it (the owner and the referent). */
export interface ActionItemReminderDueV1 {
  itemId: string;
  caseId: string;
  step: 'before-due' | 'due';
  owner: ActionItemOwnerV1;
  referentParticipantId?: string;
  dueOn: string;
  remindedAt: string;
}
export const actionItemReminderDueV1Schema = {
  $id: 'https://concerto.brussels/schemas/action.reminder-due/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['itemId', 'caseId', 'step', 'owner', 'dueOn', 'remindedAt'],
  properties: {
    itemId: uuid,
    caseId: uuid,
    step: { enum: ['before-due', 'due'] },
    owner,
    referentParticipantId: uuid,
    dueOn: day,
    remindedAt: dateTime,
  },
} as const;

/** The grace period after the due date ran out (working days): the case's coordinator takes it up. */
export interface ActionItemEscalatedV1 {
  itemId: string;
  caseId: string;
  dueOn: string;
  graceWorkingDays: number;
  escalatedAt: string;
}
export const actionItemEscalatedV1Schema = {
  $id: 'https://concerto.brussels/schemas/action.escalated/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['itemId', 'caseId', 'dueOn', 'graceWorkingDays', 'escalatedAt'],
  properties: {
    itemId: uuid,
    caseId: uuid,
    dueOn: day,
    graceWorkingDays: { type: 'integer', minimum: 0, maximum: 30 },
    escalatedAt: dateTime,
  },
} as const;

export interface ActionItemBlockedV1 {
  itemId: string;
  caseId: string;
  reason: BlockerReasonV1;
  blockedBy: string;
  blockedAt: string;
}
export const actionItemBlockedV1Schema = {
  $id: 'https://concerto.brussels/schemas/action.blocked/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['itemId', 'caseId', 'reason', 'blockedBy', 'blockedAt'],
  properties: {
    itemId: uuid,
    caseId: uuid,
    reason: { enum: BLOCKER_REASONS },
    blockedBy: actorId,
    blockedAt: dateTime,
  },
} as const;

export interface ActionItemHandedOverV1 {
  itemId: string;
  caseId: string;
  from: ActionItemOwnerV1;
  owner: ActionItemOwnerV1;
  handedOverBy: string;
  handedOverAt: string;
}
export const actionItemHandedOverV1Schema = {
  $id: 'https://concerto.brussels/schemas/action.handed-over/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['itemId', 'caseId', 'from', 'owner', 'handedOverBy', 'handedOverAt'],
  properties: { itemId: uuid, caseId: uuid, from: owner, owner, handedOverBy: actorId, handedOverAt: dateTime },
} as const;

/** The item is over: done, the person received by the service (a referral, confirmed by the referent), or withdrawn. */
export interface ActionItemResolvedV1 {
  itemId: string;
  caseId: string;
  resolution: ActionItemResolutionV1;
  resolvedBy: string;
  resolvedAt: string;
}
export const actionItemResolvedV1Schema = {
  $id: 'https://concerto.brussels/schemas/action.resolved/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['itemId', 'caseId', 'resolution', 'resolvedBy', 'resolvedAt'],
  properties: {
    itemId: uuid,
    caseId: uuid,
    resolution: { enum: ACTION_ITEM_RESOLUTIONS },
    resolvedBy: actorId,
    resolvedAt: dateTime,
  },
} as const;
