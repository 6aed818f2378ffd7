export const CASES_DB = Symbol('CASES_DB');
export const CASES_SCHEMA = 'cases';
export const CASES_SERVICE = 'cases';
export const ACK_DEADLINE_TIMER = 'case.acknowledgement-deadline';
