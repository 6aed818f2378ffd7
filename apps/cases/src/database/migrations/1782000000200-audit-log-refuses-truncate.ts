import { auditLogRefusesTruncateMigration } from '#concerto/persistence';
import { CASES_SCHEMA } from '../../cases.tokens.js';

/** The audit log was append-only against UPDATE and DELETE; TRUNCATE fired no row trigger. */
export const AuditLogRefusesTruncate1782000000200 = auditLogRefusesTruncateMigration(CASES_SCHEMA, 1782000000200);
