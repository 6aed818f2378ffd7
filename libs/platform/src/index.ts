export * from './distributed-infra.module.js';
export * from './http-read-apis.js';
export * from './infrastructure-outage.js';
export * from './internal-http.client.js';
export * from './service-process.js';
export * from './dev-clock.js';
export * from './service-lifecycle.js';
