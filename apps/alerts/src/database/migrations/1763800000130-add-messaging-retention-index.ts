import { addMessagingRetentionIndexMigration } from '#concerto/messaging';
import { ALERTS_SCHEMA } from '../../alerts.tokens.js';

/** Lets the retention sweep find old outbox and inbox rows without reading the tables (ADR 0003). */
export const AddMessagingRetentionIndex1763800000130 = addMessagingRetentionIndexMigration(
  ALERTS_SCHEMA,
  1763800000130,
);
