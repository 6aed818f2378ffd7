export const SCHEDULING_DB = Symbol('SCHEDULING_DB');
export const SCHEDULING_SCHEMA = 'scheduling';
export const SCHEDULING_SERVICE = 'scheduling';
export const POLL_CLOSING_TIMER = 'poll.closing';
export const ACTION_ITEM_TIMER = 'action.follow-up';
export const REVIEW_TIMER = 'review.prepare';
