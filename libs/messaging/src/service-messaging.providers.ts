import { type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG, ConcertoConfig } from '#concerto/config';
import { CLOCK, type Clock } from '#concerto/ddd';
import { AuditedAccess, AuditLog } from '#concerto/persistence';
import { IdempotentConsumer } from './idempotent-consumer.js';
import { MessageTransport } from './message-transport.port.js';
import { MessagingRetention } from './messaging-retention.js';
import { OutboxWriter } from './outbox.js';
import { OutboxRelay } from './outbox-relay.js';
import { UnitOfWork } from './unit-of-work.js';

export interface ServiceMessagingOptions {
  service: string;
  schema: string;
  dataSourceToken: symbol;
  /** The schema has durable timers (ADR 0005), which the retention sweep also trims. */
  hasTimers?: boolean;
}

/**
 * The outbox, relay, retention sweep, unit of work, inbox consumer, audit log and audited access check of one service, bound to the
 * service's own schema. Module-scoped, so several services can share one process.
 */
export function serviceMessagingProviders(opts: ServiceMessagingOptions): Provider[] {
  return [
    { provide: OutboxWriter, useFactory: () => new OutboxWriter(opts.schema, opts.service) },
    {
      provide: OutboxRelay,
      inject: [opts.dataSourceToken, MessageTransport, CONFIG],
      useFactory: (ds: DataSource, transport: MessageTransport, config: ConcertoConfig) =>
        new OutboxRelay(ds, transport, {
          schema: opts.schema,
          pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
          afterPublish: faultExitAfterPublish(opts.service, config.FAULT_EXIT_AFTER_PUBLISH_PROBABILITY),
        }),
    },
    {
      provide: MessagingRetention,
      inject: [opts.dataSourceToken, CONFIG],
      useFactory: (ds: DataSource, config: ConcertoConfig) =>
        new MessagingRetention(ds, {
          schema: opts.schema,
          outboxRetentionHours: config.OUTBOX_RETENTION_HOURS,
          inboxRetentionHours: config.INBOX_RETENTION_HOURS,
          settledTimerRetentionHours: opts.hasTimers ? config.TIMER_RETENTION_HOURS : undefined,
          sweepIntervalMs: config.MESSAGING_RETENTION_INTERVAL_MINUTES * 60_000,
        }),
    },
    {
      provide: UnitOfWork,
      inject: [opts.dataSourceToken, OutboxWriter, OutboxRelay],
      useFactory: (ds: DataSource, outbox: OutboxWriter, relay: OutboxRelay) => {
        const uow = new UnitOfWork(ds, outbox);
        uow.onEveryCommit(() => relay.nudge());
        return uow;
      },
    },
    {
      provide: AuditLog,
      inject: [UnitOfWork],
      useFactory: (uow: UnitOfWork) => new AuditLog(opts.schema, uow.transaction),
    },
    {
      provide: AuditedAccess,
      inject: [UnitOfWork, AuditLog, CLOCK],
      useFactory: (uow: UnitOfWork, audit: AuditLog, clock: Clock) => new AuditedAccess(uow, audit, clock),
    },
    {
      provide: IdempotentConsumer,
      inject: [UnitOfWork],
      useFactory: (uow: UnitOfWork) => new IdempotentConsumer(opts.schema, opts.service, uow),
    },
  ];
}

/**
 * Fault tests only (§7b R5): with FAULT_EXIT_AFTER_PUBLISH_PROBABILITY > 0, the relay dies abruptly
 * (exit 137, no shutdown hooks, no flush) after Kafka accepted a batch and before the rows are
 * marked, so the next relay re-publishes them and the consumers' inbox must absorb the duplicates.
 */
function faultExitAfterPublish(service: string, probability: number): (() => void) | undefined {
  if (!(probability > 0)) {
    return undefined;
  }
  process.stderr.write(
    JSON.stringify({
      time: new Date().toISOString(),
      level: 'warn',
      service: `concerto-${service}`,
      msg: 'FAULT HOOK ARMED: the outbox relay exits after publish',
      probability,
    }) + '\n',
  );
  return () => {
    if (Math.random() < probability) {
      process.stderr.write(
        JSON.stringify({
          time: new Date().toISOString(),
          level: 'fatal',
          service: `concerto-${service}`,
          msg: 'FAULT HOOK: exiting between publish and mark (exit 137)',
        }) + '\n',
      );
      process.exit(137);
    }
  };
}
