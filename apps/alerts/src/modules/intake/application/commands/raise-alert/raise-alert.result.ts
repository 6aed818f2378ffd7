import { type BassinId, type UrgentGuidance } from '#concerto/contracts';

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
  /** True when the answer is a replay of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}
