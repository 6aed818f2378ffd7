import { addOutboxRelayLeaseMigration } from '#concerto/messaging';
import { CASES_SCHEMA } from '../../cases.tokens.js';

/** One lease for the whole outbox instead of one per row (ADR 0003). */
export const AddOutboxRelayLease1763800000220 = addOutboxRelayLeaseMigration(CASES_SCHEMA, 1763800000220);
