import { addMessagingRetentionIndexMigration } from '#concerto/messaging';
import { CASES_SCHEMA } from '../../cases.tokens.js';

/** Lets the retention sweep find old outbox and inbox rows without reading the tables (ADR 0003). */
export const AddMessagingRetentionIndex1763800000230 = addMessagingRetentionIndexMigration(CASES_SCHEMA, 1763800000230);
