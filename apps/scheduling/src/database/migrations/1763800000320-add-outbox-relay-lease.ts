import { addOutboxRelayLeaseMigration } from '#concerto/messaging';
import { SCHEDULING_SCHEMA } from '../../scheduling.tokens.js';

/** One lease for the whole outbox instead of one per row (ADR 0003). */
export const AddOutboxRelayLease1763800000320 = addOutboxRelayLeaseMigration(SCHEDULING_SCHEMA, 1763800000320);
