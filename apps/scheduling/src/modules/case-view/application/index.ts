import { CaseAccess } from './case-access.js';
import { DropCaseDeadlineHandler } from './commands/drop-case-deadline/drop-case-deadline.handler.js';
import { RecordCaseDeadlineHandler } from './commands/record-case-deadline/record-case-deadline.handler.js';
import { RecordCaseOpenedHandler } from './commands/record-case-opened/record-case-opened.handler.js';
import { RecordCaseOwnerHandler } from './commands/record-case-owner/record-case-owner.handler.js';
import { RecordCaseTransferredHandler } from './commands/record-case-transferred/record-case-transferred.handler.js';

export const CaseViewCommandHandlers = [
  RecordCaseOpenedHandler,
  RecordCaseDeadlineHandler,
  DropCaseDeadlineHandler,
  RecordCaseOwnerHandler,
  RecordCaseTransferredHandler,
];
export const CaseViewApplicationServices = [CaseAccess];
