import { type BassinId, type BassinOption, type UrgentGuidance } from '#concerto/contracts';

export interface RaiseAlertResult {
  alertId: string;
  caseId: string;
  /** True when this alert opened the case; false when it joined the person's open case. */
  openedNewCase: boolean;
  caseStatus: string;
  urgency: 'urgent' | 'normal';
  bassin: {
    id: BassinId;
    name: { fr: string; nl: string; en: string };
    needsConfirmation: boolean;
    routingReason: string;
    candidates: BassinId[];
  };
  owner: { id: string };
  urgentGuidance?: UrgentGuidance[];
  /**
   * For a call taken on behalf of someone (R28): the bassin's options, alphabetical, each with its
   * phone and hours, and the crisis lines for urgent types. A neutral list, never one steered choice.
   */
  options?: { services: BassinOption[]; crisisLines: UrgentGuidance[] };
  /** True when the answer is a replay of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}
