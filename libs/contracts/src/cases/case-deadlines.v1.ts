import { actorId, dateTime, uuid } from '../common-schemas.js';

/** What a dated item on a case stands for (requirement R16, vignettes Martin and Simone). */
export const DEADLINE_KINDS = ['discharge', 'release', 'administrative', 'hearing', 'other'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export const DEADLINE_STATES = ['active', 'passed', 'corrected', 'dismissed'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

/**
 * Who may set a discharge or a release date: the directory roles (a professional's `role`) of the
 * institution that decides it. A hospital decides a discharge; a prison's social service or the
 * justice house decides (or knows first) a release. Everyone who may raise an alert or act on a
 * case may set the other kinds. Bassin coordinators correct or dismiss any deadline, but do not
 * create discharge or release dates themselves: they relay them from the entitled institution.
 */
export const DEADLINE_ENTITLED_ROLES: Readonly<Record<'discharge' | 'release', readonly string[]>> = {
  discharge: ['hospital-discharge-nurse', 'hospital-social-worker', 'psychiatric-hospital-social-worker'],
  release: ['prison-social-worker', 'justice-assistant'],
};

/** Whether a directory role may set a deadline of that kind. */
export function mayDateDeadline(kind: DeadlineKind, professionalRole: string | undefined): boolean {
  if (kind !== 'discharge' && kind !== 'release') {
    return true;
  }
  return professionalRole !== undefined && DEADLINE_ENTITLED_ROLES[kind].includes(professionalRole);
}

/** The kind an alert's deadline has when the reporter did not say. */
export function deadlineKindOfAlertType(type: string): DeadlineKind {
  switch (type) {
    case 'imminent-discharge':
    case 'psychiatric-discharge':
      return 'discharge';
    case 'prison-release':
      return 'release';
    case 'loss-of-rights':
      return 'administrative';
    default:
      return 'other';
  }
}

/** How far ahead a deadline may be: two years (a later date is a typing error, not a plan). */
export const DEADLINE_MAX_YEARS_AHEAD = 2;

/** Why a date cannot be a case's deadline now, or undefined when it can. */
export function deadlineOutOfRange(dueAt: Date, now: Date): 'in-the-past' | 'too-far' | undefined {
  if (dueAt.getTime() <= now.getTime()) {
    return 'in-the-past';
  }
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + DEADLINE_MAX_YEARS_AHEAD);
  return dueAt.getTime() > limit.getTime() ? 'too-far' : undefined;
}

export const DEADLINE_RANGE_REASONS = {
  'in-the-past': 'must be in the future',
  'too-far': `must be at most ${DEADLINE_MAX_YEARS_AHEAD} years ahead`,
} as const;

const deadlineKind = { enum: DEADLINE_KINDS } as const;
const deadlineSource = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: { kind: { enum: ['alert', 'user'] }, alertId: uuid },
} as const;

export interface CaseDeadlineSource {
  kind: 'alert' | 'user';
  alertId?: string;
}

/** A dated item was added to a case (by an alert or by hand). */
export interface CaseDeadlineSetV1 {
  caseId: string;
  deadlineId: string;
  kind: DeadlineKind;
  dueAt: string;
  source: CaseDeadlineSource;
  setBy: string;
  setAt: string;
}

/** A coordinator corrected a deadline's date (or kind); the old date stays in the timeline. */
export interface CaseDeadlineCorrectedV1 {
  caseId: string;
  deadlineId: string;
  kind: DeadlineKind;
  dueAt: string;
  previousDueAt: string;
  correctedBy: string;
  correctedAt: string;
}

/** A coordinator dismissed a deadline: it no longer steers anything. */
export interface CaseDeadlineDismissedV1 {
  caseId: string;
  deadlineId: string;
  dismissedBy: string;
  dismissedAt: string;
}

/** An active deadline's date came: the case's owner is told (notifications can page on it). */
export interface CaseDeadlinePassedV1 {
  caseId: string;
  deadlineId: string;
  kind: DeadlineKind;
  dueAt: string;
  ownerId: string;
  passedAt: string;
}

export const caseDeadlineSetV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.deadline-set/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'deadlineId', 'kind', 'dueAt', 'source', 'setBy', 'setAt'],
  properties: {
    caseId: uuid,
    deadlineId: uuid,
    kind: deadlineKind,
    dueAt: dateTime,
    source: deadlineSource,
    setBy: actorId,
    setAt: dateTime,
  },
} as const;

export const caseDeadlineCorrectedV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.deadline-corrected/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'deadlineId', 'kind', 'dueAt', 'previousDueAt', 'correctedBy', 'correctedAt'],
  properties: {
    caseId: uuid,
    deadlineId: uuid,
    kind: deadlineKind,
    dueAt: dateTime,
    previousDueAt: dateTime,
    correctedBy: actorId,
    correctedAt: dateTime,
  },
} as const;

export const caseDeadlineDismissedV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.deadline-dismissed/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'deadlineId', 'dismissedBy', 'dismissedAt'],
  properties: { caseId: uuid, deadlineId: uuid, dismissedBy: actorId, dismissedAt: dateTime },
} as const;

export const caseDeadlinePassedV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.deadline-passed/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'deadlineId', 'kind', 'dueAt', 'ownerId', 'passedAt'],
  properties: {
    caseId: uuid,
    deadlineId: uuid,
    kind: deadlineKind,
    dueAt: dateTime,
    ownerId: actorId,
    passedAt: dateTime,
  },
} as const;
