import { addOutboxRelayLeaseMigration } from '#concerto/messaging';
import { NOTIFICATIONS_SCHEMA } from '../../notifications.tokens.js';

/** One lease for the whole outbox instead of one per row (ADR 0003). */
export const AddOutboxRelayLease1763800000420 = addOutboxRelayLeaseMigration(NOTIFICATIONS_SCHEMA, 1763800000420);
