import { addOutboxRelayLeaseMigration } from '#concerto/messaging';
import { ALERTS_SCHEMA } from '../../alerts.tokens.js';

/** One lease for the whole outbox instead of one per row (ADR 0003). */
export const AddOutboxRelayLease1763800000120 = addOutboxRelayLeaseMigration(ALERTS_SCHEMA, 1763800000120);
