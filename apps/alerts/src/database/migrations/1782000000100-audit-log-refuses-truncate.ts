import { auditLogRefusesTruncateMigration } from '#concerto/persistence';
import { ALERTS_SCHEMA } from '../../alerts.tokens.js';

/** The audit log was append-only against UPDATE and DELETE; TRUNCATE fired no row trigger. */
export const AuditLogRefusesTruncate1782000000100 = auditLogRefusesTruncateMigration(ALERTS_SCHEMA, 1782000000100);
