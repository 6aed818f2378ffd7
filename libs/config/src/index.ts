export * from './concerto.config.js';
