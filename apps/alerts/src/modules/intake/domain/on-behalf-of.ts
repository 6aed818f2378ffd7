/**
 * R28: a hotline operator raises an alert on behalf of a caller. Who called is a controlled
 * relationship to the person; the caller's name only if they gave it. The callback number is
 * identifying data and lives in the identity vault only.
 */
export const CALLER_RELATIONSHIPS = ['self', 'relative', 'neighbour', 'professional', 'anonymous', 'other'] as const;
export type CallerRelationship = (typeof CALLER_RELATIONSHIPS)[number];

export interface OnBehalfOf {
  relationship: CallerRelationship;
  callerName?: string;
  callbackNumber: string;
}

/** The directory role of the single 24/7 number's operators. */
export const HOTLINE_OPERATOR_ROLE = 'hotline-operator';

/**
 * Only the hotline (and the bassin coordinators and leads, who take calls too) may raise an
 * alert for someone else: anyone else could plant a callback number under another's name.
 */
export function mayActOnBehalf(directoryRole: string | undefined, isCoordinator: boolean): boolean {
  return directoryRole === HOTLINE_OPERATOR_ROLE || isCoordinator;
}
