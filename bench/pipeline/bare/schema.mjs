// The B-pipeline's tables, on the engine's PostgreSQL: one scratch schema per bare process, each a
// copy of the engine's tables (columns, defaults, indexes, unique and foreign keys, the audit log's
// append-only trigger), so every bare write costs what the engine's write costs. The shared DDL
// (outbox, inbox, audit log, timers) comes from the engine's own libs, built in dist/.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const BARE_SCHEMAS = ['bare_alerts', 'bare_cases', 'bare_scheduling', 'bare_notifications'];

/** Tables copied with LIKE … INCLUDING ALL (no serial column in them, so no shared sequence). */
const COPIED = {
  bare_alerts: [
    'alerts.persons',
    'alerts.person_keys',
    'alerts.case_index',
    'alerts.alerts',
    'alerts.idempotency_keys',
  ],
  bare_cases: ['cases.cases'],
  bare_scheduling: ['scheduling.case_view', 'scheduling.participants'],
  bare_notifications: ['notifications.case_view'],
};

export async function dropBareSchemas(db) {
  for (const s of BARE_SCHEMAS) {
    await db.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  }
}

export async function setupBareSchemas(db, repo) {
  const lib = (p) => import(pathToFileURL(path.join(repo, 'dist/libs', p)).href);
  const { outboxTableSql, inboxTableSql, outboxRelayLeaseTableSql, messagingRetentionIndexSql } = await lib(
    'messaging/src/messaging-tables.sql.js',
  );
  const { auditTableSql } = await lib('persistence/src/audit-log.js');
  const { timersTableSql } = await lib('timers/src/timers-table.sql.js');
  await dropBareSchemas(db);
  for (const s of BARE_SCHEMAS) {
    await db.query(`CREATE SCHEMA ${s}`);
    for (const t of COPIED[s]) {
      await db.query(`CREATE TABLE ${s}.${t.split('.')[1]} (LIKE ${t} INCLUDING ALL)`);
    }
    // Every service has an inbox and the same retention indexes; those that publish have an outbox.
    const ddl = [...inboxTableSql(s)];
    if (s === 'bare_alerts' || s === 'bare_cases') {
      ddl.push(...outboxTableSql(s), ...outboxRelayLeaseTableSql(s), ...messagingRetentionIndexSql(s));
    } else {
      ddl.push(`CREATE INDEX "inbox_processed_at_brin" ON "${s}"."inbox" USING brin ("processed_at")`);
    }
    // Only the intake writes an audit row and only cases a timer on this path.
    if (s === 'bare_alerts') {
      ddl.push(...auditTableSql(s));
    }
    if (s === 'bare_cases') {
      ddl.push(...timersTableSql(s));
    }
    for (const sql of ddl) {
      await db.query(sql);
    }
  }
  await db.query(
    `ALTER TABLE bare_alerts.person_keys ADD FOREIGN KEY (person_ref) REFERENCES bare_alerts.persons (person_ref)`,
  );
  // cases.timeline has a bigserial id: written out, so that it gets its own sequence.
  await db.query(`CREATE TABLE bare_cases.timeline (
    id bigserial PRIMARY KEY, case_id uuid NOT NULL REFERENCES bare_cases.cases (case_id), at timestamptz NOT NULL,
    kind varchar(40) NOT NULL, actor_id varchar(64) NOT NULL, details jsonb NOT NULL)`);
  await db.query(`CREATE INDEX ON bare_cases.timeline (case_id, id)`);
}
