import { addMessagingRetentionIndexMigration } from '#concerto/messaging';
import { NOTIFICATIONS_SCHEMA } from '../../notifications.tokens.js';

/** Lets the retention sweep find old outbox and inbox rows without reading the tables (ADR 0003). */
export const AddMessagingRetentionIndex1763800000430 = addMessagingRetentionIndexMigration(
  NOTIFICATIONS_SCHEMA,
  1763800000430,
);
