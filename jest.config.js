// Jest runs the TypeScript sources as ES modules (NestJS 12 ships ESM only).
const common = {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#concerto/(.*)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.spec.json' }],
  },
};

// `npm test` runs one test file at a time (--maxWorkers=1: suites never overlap, as with --runInBand)
// in a worker that is replaced once it holds more than 1.2 GB after a file (--workerIdleMemoryLimit).
// In one long-lived process every suite's ES module graph stayed on the heap, and the last suites
// ran ten times slower than the first (64 s instead of 6 s for a two-test suite).
/** @type {import('jest').Config} */
export default {
  // Booting the embedded engine (PGlite is WebAssembly) takes a few seconds per suite, and minutes on a
  // machine busy with other work (npm run test:under-load). This bound only catches a test that hangs;
  // it is no speed check, so it is far above what a loaded machine needs, and tests set none of their own.
  testTimeout: 600_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/{apps,libs,test}/**/*.e2e-spec.ts'] },
    // A real Chromium (Debian's, CHROMIUM_PATH) against the embedded engine: test/browser/kit.ts.
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/browser/build-web-app.cjs',
    },
  ],
};
