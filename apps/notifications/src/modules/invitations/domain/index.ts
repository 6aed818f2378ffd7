export {
  BRUSSELS_TZ,
  brusselsLocal,
  brusselsOffsetMinutes,
  formatDate,
  formatTime,
  icsLocalDateTime,
  icsUtcDateTime,
  type LocalDateTime,
} from '#concerto/ddd';
export * from './compose-messages.js';
export * from './delivery-plan.js';
export * from './invitation-planning.js';
export * from './ics-calendar.js';
export * from './language.js';
export * from './meeting.js';
export * from './message-templates.js';
export * from './ports.js';
