export * from './ambient-transaction.js';
export * from './audit-log.js';
export * from './audited-access.js';
export * from './data-source.factory.js';
export * from './database-errors.js';
export * from './embedded-postgres.js';
export * from './query-rows.js';
export * from './field-cipher.js';
