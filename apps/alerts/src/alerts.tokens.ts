export const ALERTS_DB = Symbol('ALERTS_DB');
export const ALERTS_SCHEMA = 'alerts';
export const ALERTS_SERVICE = 'alerts';
export const PSEUDONYM_SECRET = Symbol('PSEUDONYM_SECRET');
