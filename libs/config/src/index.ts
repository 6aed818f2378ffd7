export * from './concerto.config.js';
export * from './limits.js';
