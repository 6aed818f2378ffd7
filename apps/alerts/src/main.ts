import 'reflect-metadata';
import { runMain, startServiceProcess } from '#concerto/platform';
import { AlertsServiceModule } from './alerts-service.module.js';

// Distributed mode: the alerts service in its own process (ALERTS_PORT).
runMain('alerts', () =>
  startServiceProcess({
    service: 'alerts',
    module: AlertsServiceModule,
    port: (config) => config.ALERTS_PORT,
    uses: { messaging: true, directoryApi: true },
    title: 'Concerto alerts service',
    description: 'Red-button intake: idempotency, routing, correlation with the open case, the identity vault.',
  }),
);
