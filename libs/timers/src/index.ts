export * from './durable-timers.js';
export * from './timer-queue.js';
export * from './timers-table.sql.js';
