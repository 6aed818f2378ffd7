import { auditLogRefusesTruncateMigration } from '#concerto/persistence';
import { SCHEDULING_SCHEMA } from '../../scheduling.tokens.js';

/** The audit log was append-only against UPDATE and DELETE; TRUNCATE fired no row trigger. */
export const AuditLogRefusesTruncate1782000000300 = auditLogRefusesTruncateMigration(SCHEDULING_SCHEMA, 1782000000300);
