export function timersTableSql(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}"."timers" (
      "id" uuid PRIMARY KEY,
      "kind" varchar(64) NOT NULL,
      "subject_id" varchar(64) NOT NULL,
      "due_at" timestamptz NOT NULL,
      "payload" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "correlation_id" varchar(128) NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "fired_at" timestamptz,
      "cancelled_at" timestamptz
    )`,
    `CREATE INDEX "timers_pending_idx" ON "${schema}"."timers" ("due_at") WHERE "fired_at" IS NULL AND "cancelled_at" IS NULL`,
  ];
}
