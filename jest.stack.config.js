// Tests that need the local stack (deploy/local/infra.sh up, and for `stack` also
// deploy/local/stack.sh up). Kept out of jest.config.js so that `npm test` needs no external
// service. Run with `npm run test:stack` (-- --selectProjects integration|stack for one project).
import base from './jest.config.js';

const { displayName: _name, testMatch: _match, ...common } = base.projects[0];

// The fault tests (project `faults`) take minutes and kill parts of the stack, so they only run when
// selected by name: `npm run test:faults` (= -c jest.stack.config.js --selectProjects faults).
const argv = process.argv.join(' ');
const faultsSelected = /--selectProjects(=|\s+)(\S+\s+)*faults\b/.test(argv);

/** @type {import('jest').Config} */
export default {
  // Jest reads testTimeout from the top level only (a project's own value is ignored), so the fault
  // scenarios' longer bound is set here when they are selected; each scenario also bounds itself.
  testTimeout: faultsSelected ? 300000 : 120000,
  projects: [
    // Real broker / database, no Concerto process: libs/**/*.integration-spec.ts
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.integration-spec.ts'] },
    // The running distributed stack over HTTP, through the gateway: test/stack/**/*.stack-spec.ts
    { ...common, displayName: 'stack', testMatch: ['<rootDir>/test/stack/**/*.stack-spec.ts'] },
    // Every browser spec of `npm test`, against the stack's gateway instead of an embedded engine: the
    // kit's target prepares data through the gateway's API, reads the mailbox folder and moves the
    // development clock (test/browser/kit.ts), so the same specs run in both modes.
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      setupFiles: ['<rootDir>/test/browser/stack-target.ts'],
    },
    // Fault injection against the running stack (§7b): kill -9 of services, broker, PostgreSQL, Redis;
    // relay crash, poison and duplicate messages. test/faults/**/*.fault-spec.ts, each scenario bounded.
    ...(faultsSelected
      ? [{ ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'] }]
      : []),
  ],
};
