export * from './dev-identity-provider.js';
export * from './principal.js';
export * from './token-verifier.js';
export * from './rsvp-link.js';
export * from './person-link.js';
