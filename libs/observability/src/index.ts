export * from './correlation-context.js';
export * from './json-logger.js';
