import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { SystemClock } from '#concerto/ddd';
import { configureHttpApp } from '#concerto/http';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';
import { AlertsServiceModule } from '../../alerts/src/alerts-service.module.js';
import { CasesServiceModule } from '../../cases/src/cases-service.module.js';
import { DirectoryServiceModule } from '../../directory/src/directory-service.module.js';
import { NotificationsServiceModule } from '../../notifications/src/notifications-service.module.js';
import { SchedulingServiceModule } from '../../scheduling/src/scheduling-service.module.js';
import { EmbeddedInfraModule } from '../src/embedded-infra.module.js';
import { baseUrlOf, openWorklistStream } from './support/sse-reader.js';

/**
 * Issue 15 (gap): the worklist stream must not depend on which replica of the cases service
 * committed a change. Two app instances (each with the cases service, as replicas of the engine)
 * share one database; a coordinator
 * connected to either sees the changes committed on the other.
 */
describe('worklist stream across replicas of the cases service (embedded database, two app instances)', () => {
  let t: TestEngine;
  let replica: NestExpressApplication;
  let one: string;
  let two: string;

  beforeAll(async () => {
    t = await startTestEngine();
    const { config, postgres, identityProvider } = t.engine;
    @Module({
      imports: [
        CqrsModule.forRoot(),
        EmbeddedInfraModule.register({ config, clock: new SystemClock(), postgres, identityProvider }),
        DirectoryServiceModule,
        AlertsServiceModule,
        CasesServiceModule,
        // The in-process ports of the infrastructure resolve to these: a replica of the whole engine.
        SchedulingServiceModule,
        NotificationsServiceModule,
      ],
    })
    class SecondReplicaModule {}
    replica = await NestFactory.create<NestExpressApplication>(SecondReplicaModule, new ExpressAdapter(), {
      logger: false,
      bodyParser: false,
      abortOnError: false,
    });
    configureHttpApp(replica, { title: 'replica', description: 'second replica', trustedProxies: [] });
    await replica.init();
    [one, two] = await Promise.all([baseUrlOf(t.engine.app), baseUrlOf(replica)]);
  });
  afterAll(async () => {
    await replica?.close();
    await t?.close();
  });

  const openedCase = async () => {
    const res = await fetch(`${one}/v1/alerts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token('pro-pharmacist')}`, 'content-type': 'application/json' },
      body: JSON.stringify(alertBody({}, uniquePerson())),
    });
    expect(res.status).toBe(201);
    const { caseId } = (await res.json()) as { caseId: string };
    await expectEventually(async () => {
      const view = await fetch(`${one}/v1/cases/${caseId}`, {
        headers: { authorization: `Bearer ${await t.token('coord-nord')}` },
      });
      expect(view.status).toBe(200);
    });
    return caseId;
  };
  const acknowledgeOn = async (base: string, caseId: string) => {
    const res = await fetch(`${base}/v1/cases/${caseId}/acknowledge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token('coord-nord')}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
  };

  it.each([
    ['replica 1', 'replica 2'],
    ['replica 2', 'replica 1'],
  ])('should tell a coordinator connected to %s of a change committed on %s', async (watching, committing) => {
    const caseId = await openedCase();
    const stream = await openWorklistStream(watching === 'replica 1' ? one : two, await t.token('coord-nord'));
    try {
      expect((await stream.next()).event).toBe('ready');
      await acknowledgeOn(committing === 'replica 1' ? one : two, caseId);
      expect(await stream.nextWhere((d) => d.caseId === caseId && d.change === 'case.acknowledged')).toEqual({
        caseId,
        bassinId: 'nord',
        referenceBassin: 'nord',
        status: 'acknowledged',
        urgency: 'normal',
        ownerId: 'coord-nord',
        pendingSignals: 0,
        change: 'case.acknowledged',
      });
    } finally {
      stream.close();
    }
  });
});
