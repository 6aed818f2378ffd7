import { ActionItemAccess } from './action-item-access.js';
import { AdvanceActionItemTimerHandler } from './commands/advance-action-item/advance-action-item.timer-handler.js';
import { AmendConcertationRecordHandler } from './commands/amend-concertation-record/amend-concertation-record.handler.js';
import { BlockActionItemHandler } from './commands/block-action-item/block-action-item.handler.js';
import { ConfirmReferralReceivedHandler } from './commands/confirm-referral-received/confirm-referral-received.handler.js';
import { HandOverActionItemHandler } from './commands/hand-over-action-item/hand-over-action-item.handler.js';
import { MarkActionItemDoneHandler } from './commands/mark-action-item-done/mark-action-item-done.handler.js';
import { PrepareNextReviewTimerHandler } from './commands/prepare-next-review/prepare-next-review.timer-handler.js';
import { GetNextReviewHandler } from './queries/get-next-review/get-next-review.handler.js';
import { OpenActionItemHandler } from './commands/open-action-item/open-action-item.handler.js';
import { WithdrawCaseActionItemsHandler } from './commands/withdraw-case-action-items/withdraw-case-action-items.handler.js';
import { RecordConcertationHandler } from './commands/record-concertation/record-concertation.handler.js';
import { FollowUpSettings } from './follow-up-policy.js';
import { FollowUpStore } from './follow-up-store.js';
import { GetConcertationRecordHandler } from './queries/get-concertation-record/get-concertation-record.handler.js';
import { GetActionItemCardHandler } from './queries/get-action-item-card/get-action-item-card.handler.js';
import { GetRecordSummaryCardHandler } from './queries/get-record-summary-card/get-record-summary-card.handler.js';
import { GetExitSummaryHandler } from './queries/get-exit-summary/get-exit-summary.handler.js';
import { ListActionItemsHandler } from './queries/list-action-items/list-action-items.handler.js';
import { ListHandOverCandidatesHandler } from './queries/list-hand-over-candidates/list-hand-over-candidates.handler.js';
import { ListMyActionItemsHandler } from './queries/list-my-action-items/list-my-action-items.handler.js';
import { RecordViews } from './record.view.js';
import { RecordWriter } from './record-writer.js';

export const FollowUpCommandHandlers = [
  RecordConcertationHandler,
  AmendConcertationRecordHandler,
  OpenActionItemHandler,
  MarkActionItemDoneHandler,
  BlockActionItemHandler,
  HandOverActionItemHandler,
  ConfirmReferralReceivedHandler,
  WithdrawCaseActionItemsHandler,
];
export const FollowUpQueryHandlers = [
  GetConcertationRecordHandler,
  ListActionItemsHandler,
  GetExitSummaryHandler,
  GetActionItemCardHandler,
  GetRecordSummaryCardHandler,
  ListMyActionItemsHandler,
  ListHandOverCandidatesHandler,

  GetNextReviewHandler,
];
export const FollowUpApplicationServices = [
  FollowUpSettings,
  FollowUpStore,
  RecordWriter,
  RecordViews,
  ActionItemAccess,
  AdvanceActionItemTimerHandler,
  PrepareNextReviewTimerHandler,
];
