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
  ];
}
