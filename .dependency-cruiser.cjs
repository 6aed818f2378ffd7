// Architecture rules (style guide rules 3 and 5), checked by `npm run lint` and in CI.
// A bounded context lives in apps/<service>/src/modules/<context>/ with four layers:
// domain/ application/ infrastructure/ interface/. Paths are relative to the repository root.
// test/lint/lint-rules.spec.ts breaks each rule on purpose and checks that it is reported.

// Test code may reach across services and layers: it composes the engine to test it.
const TEST_FILE = '\\.(spec|e2e-spec|integration-spec|stack-spec|fault-spec)\\.ts$';
const CONTEXT = '^apps/([^/]+)/src/modules/([^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        "domain/ imports only its own context's domain/ and #concerto/ddd: no framework, no I/O, no other " +
        'context, no node built-in (time comes from the Clock of #concerto/ddd, hashing and ids from ports). ' +
        'It may name the published language (#concerto/contracts) with type-only imports: see domain-contracts-types-only.',
      severity: 'error',
      from: { path: `${CONTEXT}domain/`, pathNot: TEST_FILE },
      to: { pathNot: ['^apps/$1/src/modules/$2/domain/', '^libs/ddd/src/', '^libs/contracts/src/'] },
    },
    {
      name: 'domain-contracts-types-only',
      comment:
        'A domain may name the shared vocabulary of the events (alert type, urgency, bassin) from #concerto/contracts, ' +
        'but only with `import type`: erased at compile time, so the domain runs without the contracts code (ajv). ' +
        'See docs/adr/0015-architecture-rules-as-checks.md.',
      severity: 'error',
      from: { path: `${CONTEXT}domain/`, pathNot: TEST_FILE },
      to: { path: '^libs/contracts/src/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'application-not-to-infrastructure',
      comment: 'application/ depends on ports (domain or application); the adapters in infrastructure/ implement them.',
      severity: 'error',
      from: { path: `${CONTEXT}application/`, pathNot: TEST_FILE },
      to: { path: '/infrastructure/' },
    },
    {
      name: 'application-not-to-interface',
      comment: 'interface → application → domain: application/ never imports the HTTP or messaging edge.',
      severity: 'error',
      from: { path: `${CONTEXT}application/`, pathNot: TEST_FILE },
      to: { path: '/interface/' },
    },
    {
      name: 'interface-not-to-infrastructure',
      comment:
        'interface/ calls application/ (commands, queries) and may name domain/ types; adapters stay behind ports.',
      severity: 'error',
      from: { path: `${CONTEXT}interface/`, pathNot: TEST_FILE },
      to: { path: '/infrastructure/' },
    },
    {
      name: 'infrastructure-not-to-interface',
      comment: 'Adapters implement ports; they never call the edge of the service.',
      severity: 'error',
      from: { path: `${CONTEXT}infrastructure/`, pathNot: TEST_FILE },
      to: { path: '/interface/' },
    },
    {
      name: 'layer-outside-context',
      comment:
        'domain/ application/ infrastructure/ interface/ live inside a context (apps/<service>/src/modules/<context>/), ' +
        'never at the service root, so that every rule above sees them. (A file there without imports escapes this rule.)',
      severity: 'error',
      from: { path: '^apps/[^/]+/src/(domain|application|infrastructure|interface)/' },
      to: {},
    },
    {
      name: 'libs-not-to-apps',
      comment:
        'Libraries are bundled into every service, so they never depend on one. libs/testing is test support ' +
        '(not in the build: tsconfig.build.json) and boots the embedded engine, so it may.',
      severity: 'error',
      from: { path: '^libs/', pathNot: ['^libs/testing/', TEST_FILE] },
      to: { path: '^apps/' },
    },
    {
      name: 'no-cross-service',
      comment:
        'A service talks to another through contracts (Kafka events, #concerto/contracts read APIs), never through its code. ' +
        'apps/embedded composes every service into one process, and test code may boot several.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/', pathNot: ['^apps/embedded/', TEST_FILE] },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'web-app-isolated',
      comment:
        'The web app (apps/web, ADR 0021) runs in the browser and knows the engine only through its API: it imports ' +
        'nothing from a service or a library, only its own code, its generated API types and npm packages.',
      severity: 'error',
      from: { path: '^apps/web/src/' },
      to: { path: '^(apps|libs)/', pathNot: '^apps/web/src/' },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'An import that does not resolve hides its edge from every rule above (for example a #concerto/* alias).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^dist/', '^node_modules/', '^\\.data/', '^\\.stack/', '^test/lint/fixtures/'] },
    // Type-only imports count: a domain that names a Nest type still depends on Nest.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // #concerto/* is a package.json subpath import whose `types` condition points at the library's source.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'node', 'default'],
      mainFields: ['types', 'module', 'main'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
