import { auditLogRefusesTruncateMigration } from '#concerto/persistence';
import { NOTIFICATIONS_SCHEMA } from '../../notifications.tokens.js';

/** The audit log was append-only against UPDATE and DELETE; TRUNCATE fired no row trigger. */
export const AuditLogRefusesTruncate1782000000400 = auditLogRefusesTruncateMigration(
  NOTIFICATIONS_SCHEMA,
  1782000000400,
);
