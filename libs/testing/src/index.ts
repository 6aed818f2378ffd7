export * from './alert-fixtures.js';
export * from './expect-eventually.js';
export * from './test-engine.js';
export * from './smtp/test-smtp-server.js';
