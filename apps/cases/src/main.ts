import 'reflect-metadata';
import { runMain, startServiceProcess } from '#concerto/platform';
import { CasesServiceModule } from './cases-service.module.js';

// Distributed mode: the cases service in its own process (CASES_PORT).
runMain('cases', () =>
  startServiceProcess({
    service: 'cases',
    module: CasesServiceModule,
    port: (config) => config.CASES_PORT,
    uses: { messaging: true, queue: true, directoryApi: true, personIdentityApi: true },
    title: 'Concerto cases service',
    description: 'The case aggregate: opening, membership, acknowledgement and escalation.',
  }),
);
