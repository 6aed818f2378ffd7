import type { MigrationInterface, QueryRunner } from 'typeorm';

/** DDL shared by every service's first migration: its outbox and its inbox. */
export function outboxTableSql(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}"."outbox" (
      "seq" bigserial PRIMARY KEY,
      "event_id" uuid NOT NULL UNIQUE,
      "topic" varchar(128) NOT NULL,
      "message_key" varchar(128) NOT NULL,
      "envelope" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "claimed_until" timestamptz,
      "published_at" timestamptz,
      "attempts" integer NOT NULL DEFAULT 0
    )`,
    `CREATE INDEX "outbox_pending_idx" ON "${schema}"."outbox" ("seq") WHERE "published_at" IS NULL`,
  ];
}

export function inboxTableSql(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}"."inbox" (
      "consumer" varchar(128) NOT NULL,
      "event_id" uuid NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer", "event_id")
    )`,
  ];
}

export function deadLetterTableSql(schema: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS "${schema}"."dead_letters" (
      "id" bigserial PRIMARY KEY,
      "topic" varchar(160) NOT NULL,
      "message_key" varchar(128) NOT NULL,
      "value" text NOT NULL,
      "headers" jsonb NOT NULL,
      "stored_at" timestamptz NOT NULL DEFAULT now()
    )`,
    // Run at every start of the embedded engine: data directories created before replay existed get it too.
    `ALTER TABLE "${schema}"."dead_letters" ADD COLUMN IF NOT EXISTS "replayed_at" timestamptz`,
  ];
}

/**
 * Which relay may publish the schema's outbox, until when (ADR 0003). One row, held only while
 * there is something to publish: each claim that finds rows renews it, the claim that finds
 * nothing gives it back. So claiming a batch costs one row update instead of one per row.
 */
export function outboxRelayLeaseTableSql(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}"."outbox_relay" (
      "name" varchar(32) PRIMARY KEY,
      "holder" uuid,
      "lease_until" timestamptz
    )`,
    `INSERT INTO "${schema}"."outbox_relay" ("name") VALUES ('outbox')`,
    // The per-row lease it replaces.
    `ALTER TABLE "${schema}"."outbox" DROP COLUMN "claimed_until"`,
  ];
}

/**
 * A migration that runs the same SQL in every service's schema: a factory, so each service's
 * migration is one line under its own name and timestamp (TypeORM orders migrations by the 13
 * digits that end the name).
 */
function schemaMigration(name: string, timestamp: number, up: string[], down: string[]): new () => MigrationInterface {
  return class SchemaMigration implements MigrationInterface {
    name = `${name}${timestamp}`;

    async up(q: QueryRunner): Promise<void> {
      for (const sql of up) {
        await q.query(sql);
      }
    }

    async down(q: QueryRunner): Promise<void> {
      for (const sql of down) {
        await q.query(sql);
      }
    }
  };
}

/** Adds the relay lease to a service that already has an outbox. */
export function addOutboxRelayLeaseMigration(schema: string, timestamp: number): new () => MigrationInterface {
  return schemaMigration('AddOutboxRelayLease', timestamp, outboxRelayLeaseTableSql(schema), [
    `ALTER TABLE "${schema}"."outbox" ADD COLUMN "claimed_until" timestamptz`,
    `DROP TABLE "${schema}"."outbox_relay"`,
  ]);
}

/**
 * What the retention sweep (MessagingRetention) reads: rows are written in time order, so a BRIN
 * index finds the old ones for a few kilobytes, and costs the writes next to nothing.
 */
export function messagingRetentionIndexSql(schema: string): string[] {
  return [
    `CREATE INDEX "outbox_published_at_brin" ON "${schema}"."outbox" USING brin ("published_at")`,
    `CREATE INDEX "inbox_processed_at_brin" ON "${schema}"."inbox" USING brin ("processed_at")`,
  ];
}

export function addMessagingRetentionIndexMigration(schema: string, timestamp: number): new () => MigrationInterface {
  return schemaMigration('AddMessagingRetentionIndex', timestamp, messagingRetentionIndexSql(schema), [
    `DROP INDEX "${schema}"."inbox_processed_at_brin"`,
    `DROP INDEX "${schema}"."outbox_published_at_brin"`,
  ]);
}
