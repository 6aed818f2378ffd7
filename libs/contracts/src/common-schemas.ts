export const uuid = { type: 'string', format: 'uuid' } as const;
export const dateTime = { type: 'string', format: 'date-time' } as const;
export const actorId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' } as const;
export const bassinId = { enum: ['nord', 'nord-est', 'centre-ouest', 'sud', 'sud-est'] } as const;
export const alertType = {
  enum: [
    'not-seen',
    'imminent-discharge',
    'fragile-admission',
    'prison-release',
    'suicide-risk',
    'suspected-violence',
    'loss-of-rights',
    'deteriorating-at-home',
    'other',
  ],
} as const;
export const urgency = { enum: ['urgent', 'normal'] } as const;
