import { addMessagingRetentionIndexMigration } from '#concerto/messaging';
import { SCHEDULING_SCHEMA } from '../../scheduling.tokens.js';

/** Lets the retention sweep find old outbox and inbox rows without reading the tables (ADR 0003). */
export const AddMessagingRetentionIndex1763800000330 = addMessagingRetentionIndexMigration(
  SCHEDULING_SCHEMA,
  1763800000330,
);
