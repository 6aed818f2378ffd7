import { auditLogRefusesTruncateMigration } from '#concerto/persistence';
import { DIRECTORY_SCHEMA } from '../../directory.tokens.js';

/** The audit log was append-only against UPDATE and DELETE; TRUNCATE fired no row trigger. */
export const AuditLogRefusesTruncate1782000000000 = auditLogRefusesTruncateMigration(DIRECTORY_SCHEMA, 1782000000000);
