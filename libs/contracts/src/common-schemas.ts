export const uuid = { type: 'string', format: 'uuid' } as const;
export const dateTime = { type: 'string', format: 'date-time' } as const;
export const actorId = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._:|@-]*$',
} as const;
export const bassinId = { enum: ['nord', 'nord-est', 'centre-ouest', 'sud', 'sud-est'] } as const;
/** The alert catalogue (requirement R03). */
export const ALERT_TYPES = [
  'not-seen',
  'imminent-discharge',
  'fragile-admission',
  'prison-release',
  'suicide-risk',
  'suspected-violence',
  'loss-of-rights',
  'deteriorating-at-home',
  'psychiatric-discharge',
  'street-exit',
  'other',
] as const;
export const alertType = { enum: ALERT_TYPES } as const;
export const urgency = { enum: ['urgent', 'normal'] } as const;
