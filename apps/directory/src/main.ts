import 'reflect-metadata';
import { runMain, startServiceProcess } from '#concerto/platform';
import { DirectoryServiceModule } from './directory-service.module.js';

// Distributed mode: the directory service in its own process (DIRECTORY_PORT).
runMain('directory', () =>
  startServiceProcess({
    service: 'directory',
    module: DirectoryServiceModule,
    port: (config) => config.DIRECTORY_PORT,
    uses: {},
    title: 'Concerto directory service',
    description:
      'Bassins, postal codes, professionals and who is on duty. Internal API for the other services; public reads through the gateway.',
  }),
);
