export * from './browser-sessions.js';
export * from './pages.js';
export * from './session-store.js';
export * from './web-app.js';
export * from './postgres-session-store.js';
