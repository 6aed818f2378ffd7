import { type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG, ConcertoConfig } from '#concerto/config';
import { AuditLog } from '#concerto/persistence';
import { IdempotentConsumer } from './idempotent-consumer.js';
import { MessageTransport } from './message-transport.port.js';
import { OutboxWriter } from './outbox.js';
import { OutboxRelay } from './outbox-relay.js';
import { UnitOfWork } from './unit-of-work.js';

export interface ServiceMessagingOptions {
  service: string;
  schema: string;
  dataSourceToken: symbol;
}

/**
 * The outbox, relay, unit of work, inbox consumer and audit log of one service, bound to the
 * service's own schema. Module-scoped, so several services can share one process.
 */
export function serviceMessagingProviders(opts: ServiceMessagingOptions): Provider[] {
  return [
    { provide: OutboxWriter, useFactory: () => new OutboxWriter(opts.schema, opts.service) },
    { provide: AuditLog, useFactory: () => new AuditLog(opts.schema) },
    {
      provide: OutboxRelay,
      inject: [opts.dataSourceToken, MessageTransport, CONFIG],
      useFactory: (ds: DataSource, transport: MessageTransport, config: ConcertoConfig) =>
        new OutboxRelay(ds, transport, { schema: opts.schema, pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS }),
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
      provide: IdempotentConsumer,
      inject: [UnitOfWork],
      useFactory: (uow: UnitOfWork) => new IdempotentConsumer(opts.schema, opts.service, uow),
    },
  ];
}
