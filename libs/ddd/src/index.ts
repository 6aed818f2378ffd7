export * from './aggregate-root.js';
export * from './app-exception.js';
export * from './business-rule.js';
export * from './clock.js';
export * from './domain-event.js';
export * from './brussels-time.js';
