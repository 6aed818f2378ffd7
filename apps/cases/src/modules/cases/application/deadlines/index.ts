import { CorrectCaseDeadlineHandler } from '../commands/correct-case-deadline/correct-case-deadline.handler.js';
import { DismissCaseDeadlineHandler } from '../commands/dismiss-case-deadline/dismiss-case-deadline.handler.js';
import { PassCaseDeadlineHandler } from '../commands/pass-case-deadline/pass-case-deadline.handler.js';
import { RecordAlertDeadlineHandler } from '../commands/record-alert-deadline/record-alert-deadline.handler.js';
import { SetCaseDeadlineHandler } from '../commands/set-case-deadline/set-case-deadline.handler.js';
import { ListCaseDeadlinesHandler } from '../queries/list-case-deadlines/list-case-deadlines.handler.js';
import { CoordinatorDeadlineEdit } from './coordinator-deadline-edit.js';
import { DeadlineChanges } from './deadline-changes.js';

/** The deadlines' use cases, registered by the service module in one line. */
export const DeadlineApplicationProviders = [
  DeadlineChanges,
  CoordinatorDeadlineEdit,
  RecordAlertDeadlineHandler,
  SetCaseDeadlineHandler,
  CorrectCaseDeadlineHandler,
  DismissCaseDeadlineHandler,
  PassCaseDeadlineHandler,
  ListCaseDeadlinesHandler,
];
