export const CASES_DB = Symbol('CASES_DB');
export const CASES_SCHEMA = 'cases';
export const CASES_SERVICE = 'cases';
export const ACK_DEADLINE_TIMER = 'case.acknowledgement-deadline';
/** The AcknowledgementPolicy (how long the owner has to acknowledge, per urgency), from the configuration. */
export const ACKNOWLEDGEMENT_POLICY = Symbol('ACKNOWLEDGEMENT_POLICY');
export const DEADLINE_PASSED_TIMER = 'case.deadline-passed';
