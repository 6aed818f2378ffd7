import { type AlertType, type Urgency } from '#concerto/contracts';

/** Alert types whose urgent guidance is shown at once and which always make the case urgent. */
export const URGENT_PATHWAY_TYPES: readonly AlertType[] = ['suicide-risk', 'suspected-violence'];

export function hasUrgentPathway(type: AlertType): boolean {
  return URGENT_PATHWAY_TYPES.includes(type);
}

/** A reporter may say "normal", but a suicide risk or suspected violence is never handled as normal. */
export function effectiveUrgency(type: AlertType, requested: Urgency): Urgency {
  return hasUrgentPathway(type) ? 'urgent' : requested;
}
