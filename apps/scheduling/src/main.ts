import 'reflect-metadata';
import { runMain, startServiceProcess } from '#concerto/platform';
import { SchedulingServiceModule } from './scheduling-service.module.js';

// Distributed mode: the scheduling service in its own process (SCHEDULING_PORT).
runMain('scheduling', () =>
  startServiceProcess({
    service: 'scheduling',
    module: SchedulingServiceModule,
    port: (config) => config.SCHEDULING_PORT,
    uses: {
      messaging: true,
      queue: true,
      directoryApi: true,
      personIdentityApi: true,
      caseAuditApi: true,
      alertsAuditApi: true,
      notificationsAuditApi: true,
    },
    title: 'Concerto scheduling service',
    description:
      'Consent, care team, availability, deadline-aware slot finding, concertations and answers through signed links.',
  }),
);
