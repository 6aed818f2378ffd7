export * from './alert-fixtures.js';
export * from './expect-eventually.js';
export * from './test-engine.js';
