import {
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Provider,
  type Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type DataSource } from 'typeorm';
import { ReadinessRegistry } from '#concerto/http';
import { MessageTransport, MessagingRetention, OutboxRelay } from '#concerto/messaging';
import { closeServiceDataSource, databaseCheck } from '#concerto/persistence';
import { DurableTimers, type TimerHandler } from '#concerto/timers';

/** An interface class that subscribes its consumer groups to the transport. */
export interface TransportSubscriber {
  register(transport: MessageTransport): void;
}

/** A background worker of the service (a job queue's processor): started after the timers, stopped before them. */
export interface ServiceWorker {
  start(): Promise<void>;
  /** Stops taking work and finishes what it holds. */
  stop(): Promise<void>;
  /** Releases its connections, once every service's consumers have stopped. */
  close?(): Promise<void>;
}

export interface ServiceLifecycleOptions {
  /** Names the readiness check (`<service>-db`). */
  service: string;
  /** The service's DataSource token (already migrated when the provider is built). */
  dataSource: symbol;
  /** The service has an outbox relay, a retention sweep and an inbox (serviceMessagingProviders). Default true. */
  messaging?: boolean;
  /** Interface classes that subscribe consumers (their `register(transport)`). */
  consumers?: Array<Type<TransportSubscriber>>;
  /** The service's durable timers: one handler per timer kind, built from the module's providers. */
  timers?: (get: <T>(type: Type<T>) => T) => Record<string, TimerHandler>;
  workers?: Array<Type<ServiceWorker>>;
}

/**
 * Starts and stops a service's moving parts in one order for every service:
 * start: schema ready (readiness check) → consumers subscribed and timer kinds bound (module init) →
 * relay → timers → workers → retention sweep (bootstrap);
 * stop: sweep → workers → relay (flushed) before the transport closes; timers, the workers' connections
 * and the data source last, once every consumer has stopped (an event still in flight may schedule a
 * timer or commit a row until then).
 */
export class ServiceLifecycle
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly messaging: boolean;
  private timers?: DurableTimers;
  private workers: ServiceWorker[] = [];

  constructor(
    private readonly opts: ServiceLifecycleOptions,
    private readonly ds: DataSource,
    private readonly moduleRef: ModuleRef,
    private readonly readiness: ReadinessRegistry,
    private readonly transport?: MessageTransport,
  ) {
    this.messaging = opts.messaging ?? true;
  }

  onModuleInit(): void {
    this.readiness.register(databaseCheck(`${this.opts.service}-db`, this.ds));
    const get = <T>(type: Type<T>): T => this.moduleRef.get(type, { strict: true });
    if (this.opts.consumers?.length) {
      if (!this.transport) {
        throw new Error(`${this.opts.service} subscribes consumers but no MessageTransport is provided`);
      }
      for (const consumer of this.opts.consumers) {
        get(consumer).register(this.transport);
      }
    }
    if (this.opts.timers) {
      this.timers = get(DurableTimers);
      for (const [kind, handler] of Object.entries(this.opts.timers(get))) {
        this.timers.on(kind, handler);
      }
    }
    this.workers = (this.opts.workers ?? []).map(get);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.messaging) {
      this.relay().start();
    }
    await this.timers?.start();
    for (const worker of this.workers) {
      await worker.start();
    }
    if (this.messaging) {
      this.retention().start();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.messaging) {
      await this.retention().stop();
    }
    for (const worker of [...this.workers].reverse()) {
      await worker.stop();
    }
    if (this.messaging) {
      await this.relay().stop();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.timers?.stop();
    for (const worker of [...this.workers].reverse()) {
      await worker.close?.();
    }
    await closeServiceDataSource(this.ds);
  }

  private relay(): OutboxRelay {
    return this.moduleRef.get(OutboxRelay, { strict: true });
  }

  private retention(): MessagingRetention {
    return this.moduleRef.get(MessagingRetention, { strict: true });
  }
}

/** The one provider that starts and stops a service (see ServiceLifecycle). */
export function serviceLifecycle(opts: ServiceLifecycleOptions): Provider {
  return {
    provide: ServiceLifecycle,
    inject: [opts.dataSource, ModuleRef, ReadinessRegistry, { token: MessageTransport, optional: true }],
    useFactory: (ds: DataSource, moduleRef: ModuleRef, readiness: ReadinessRegistry, transport?: MessageTransport) =>
      new ServiceLifecycle(opts, ds, moduleRef, readiness, transport),
  };
}
