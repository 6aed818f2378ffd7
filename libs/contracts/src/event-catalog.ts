import { type AlertRaisedV1, alertRaisedV1Schema } from './alerts/alert-raised.v1.js';
import { type AlertAttachedV1, alertAttachedV1Schema } from './cases/alert-attached.v1.js';
import { type CaseAcknowledgedV1, caseAcknowledgedV1Schema } from './cases/case-acknowledged.v1.js';
import {
  type CaseDeadlineCorrectedV1,
  caseDeadlineCorrectedV1Schema,
  type CaseDeadlineDismissedV1,
  caseDeadlineDismissedV1Schema,
  type CaseDeadlinePassedV1,
  caseDeadlinePassedV1Schema,
  type CaseDeadlineSetV1,
  caseDeadlineSetV1Schema,
} from './cases/case-deadlines.v1.js';
import { type CaseEscalatedV1, caseEscalatedV1Schema } from './cases/case-escalated.v1.js';
import {
  type CaseBassinConfirmedV1,
  caseBassinConfirmedV1Schema,
  type CaseClosedV1,
  caseClosedV1Schema,
  type CaseReopenedV1,
  caseReopenedV1Schema,
  type CaseTransferredV1,
  caseTransferredV1Schema,
} from './cases/case-lifecycle.v1.js';
import {
  type CaseMergedV1,
  caseMergedV1Schema,
  type CaseSplitV1,
  caseSplitV1Schema,
  type PossibleMatchFoundV1,
  possibleMatchFoundV1Schema,
} from './cases/case-merge.v1.js';
import { type CaseOpenedV1, caseOpenedV1Schema } from './cases/case-opened.v1.js';
import {
  type CaseSignalAcknowledgedV1,
  caseSignalAcknowledgedV1Schema,
  type CaseSignalReceivedV1,
  caseSignalReceivedV1Schema,
} from './cases/case-signal.v1.js';
import {
  type InvitationDeliveryV1,
  invitationDeliveredV1Schema,
  invitationFailedV1Schema,
  invitationSentV1Schema,
} from './notifications/invitation-delivery.v1.js';
import {
  type ConcertationCancelledV1,
  concertationCancelledV1Schema,
  type ConcertationProposedV1,
  concertationProposedV1Schema,
  type ConcertationRescheduledV1,
  concertationRescheduledV1Schema,
  type ConcertationScheduledV1,
  concertationScheduledV1Schema,
  type ConsentChangedV1,
  consentChangedV1Schema,
  type InvitationAnsweredV1,
  invitationAnsweredV1Schema,
} from './scheduling/concertation-events.v1.js';
import {
  type ActionItemBlockedV1,
  actionItemBlockedV1Schema,
  type ActionItemEscalatedV1,
  actionItemEscalatedV1Schema,
  type ActionItemHandedOverV1,
  actionItemHandedOverV1Schema,
  type ActionItemOpenedV1,
  actionItemOpenedV1Schema,
  type ActionItemReminderDueV1,
  actionItemReminderDueV1Schema,
  type ActionItemResolvedV1,
  actionItemResolvedV1Schema,
  type ConcertationRecordedV1,
  concertationRecordedV1Schema,
} from './scheduling/follow-up-events.v1.js';
import { type PersonLinkIssuedV1, personLinkIssuedV1Schema } from './scheduling/person-link-events.v1.js';
import { Topic } from './topics.js';

/** The type names as they appear on the wire; keys equal values. */
export const EventType = {
  'alert.raised': 'alert.raised',
  'alert.attached': 'alert.attached',
  'case.opened': 'case.opened',
  'case.acknowledged': 'case.acknowledged',
  'case.escalated': 'case.escalated',
  'case.deadline-set': 'case.deadline-set',
  'case.deadline-corrected': 'case.deadline-corrected',
  'case.deadline-dismissed': 'case.deadline-dismissed',
  'case.deadline-passed': 'case.deadline-passed',
  'case.signal-received': 'case.signal-received',
  'case.signal-acknowledged': 'case.signal-acknowledged',
  'case.closed': 'case.closed',
  'case.reopened': 'case.reopened',
  'case.transferred': 'case.transferred',
  'case.bassin-confirmed': 'case.bassin-confirmed',
  'person.possible-match-found': 'person.possible-match-found',
  'case.merged': 'case.merged',
  'case.split': 'case.split',
  'consent.changed': 'consent.changed',
  'concertation.proposed': 'concertation.proposed',
  'concertation.scheduled': 'concertation.scheduled',
  'concertation.rescheduled': 'concertation.rescheduled',
  'concertation.cancelled': 'concertation.cancelled',
  'invitation.answered': 'invitation.answered',
  'concertation.recorded': 'concertation.recorded',
  'action.opened': 'action.opened',
  'action.reminder-due': 'action.reminder-due',
  'action.escalated': 'action.escalated',
  'action.blocked': 'action.blocked',
  'action.handed-over': 'action.handed-over',
  'action.resolved': 'action.resolved',
  'person.link-issued': 'person.link-issued',
  'invitation.sent': 'invitation.sent',
  'invitation.delivered': 'invitation.delivered',
  'invitation.failed': 'invitation.failed',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

export interface EventPayloads {
  'alert.raised': AlertRaisedV1;
  'alert.attached': AlertAttachedV1;
  'case.opened': CaseOpenedV1;
  'case.acknowledged': CaseAcknowledgedV1;
  'case.escalated': CaseEscalatedV1;
  'case.deadline-set': CaseDeadlineSetV1;
  'case.deadline-corrected': CaseDeadlineCorrectedV1;
  'case.deadline-dismissed': CaseDeadlineDismissedV1;
  'case.deadline-passed': CaseDeadlinePassedV1;
  'case.signal-received': CaseSignalReceivedV1;
  'case.signal-acknowledged': CaseSignalAcknowledgedV1;
  'case.closed': CaseClosedV1;
  'case.reopened': CaseReopenedV1;
  'case.transferred': CaseTransferredV1;
  'case.bassin-confirmed': CaseBassinConfirmedV1;
  'person.possible-match-found': PossibleMatchFoundV1;
  'case.merged': CaseMergedV1;
  'case.split': CaseSplitV1;
  'consent.changed': ConsentChangedV1;
  'concertation.proposed': ConcertationProposedV1;
  'concertation.scheduled': ConcertationScheduledV1;
  'concertation.rescheduled': ConcertationRescheduledV1;
  'concertation.cancelled': ConcertationCancelledV1;
  'invitation.answered': InvitationAnsweredV1;
  'concertation.recorded': ConcertationRecordedV1;
  'action.opened': ActionItemOpenedV1;
  'action.reminder-due': ActionItemReminderDueV1;
  'action.escalated': ActionItemEscalatedV1;
  'action.blocked': ActionItemBlockedV1;
  'action.handed-over': ActionItemHandedOverV1;
  'action.resolved': ActionItemResolvedV1;
  'person.link-issued': PersonLinkIssuedV1;
  'invitation.sent': InvitationDeliveryV1;
  'invitation.delivered': InvitationDeliveryV1;
  'invitation.failed': InvitationDeliveryV1;
}

export interface EventDefinition {
  type: EventType;
  version: number;
  topic: Topic;
  producer: string;
  description: string;
  schema: { $id: string } & Record<string, unknown>;
}

export const EVENT_CATALOG: readonly EventDefinition[] = [
  {
    type: 'alert.raised',
    version: 1,
    topic: Topic.alertsAlertV1,
    producer: 'alerts',
    description: 'An alert was accepted at intake and routed to a bassin; tells whether it opens or joins a case.',
    schema: alertRaisedV1Schema,
  },
  {
    type: 'case.opened',
    version: 1,
    topic: Topic.casesCaseV1,
    producer: 'cases',
    description: 'A coordination case was opened and assigned to the coordinator on duty.',
    schema: caseOpenedV1Schema,
  },
  {
    type: 'alert.attached',
    version: 1,
    topic: Topic.casesCaseV1,
    producer: 'cases',
    description: 'A further alert about the same person joined the open case.',
    schema: alertAttachedV1Schema,
  },
  {
    type: 'case.acknowledged',
    version: 1,
    topic: Topic.casesCaseV1,
    producer: 'cases',
    description: 'A named bassin coordinator took ownership of the case.',
    schema: caseAcknowledgedV1Schema,
  },
  {
    type: 'case.escalated',
    version: 1,
    topic: Topic.casesCaseV1,
    producer: 'cases',
    description: 'The case was not acknowledged in time and moved to the backup coordinator, then the bassin lead.',
    schema: caseEscalatedV1Schema,
  },
  {
    type: 'case.signal-received',
    version: 1,
    topic: Topic.casesCaseV1,
    producer: 'cases',
    description:
      'A further alert joined the open case: a new signal its owner must acknowledge in time, or the case escalates (ids only).',
    schema: caseSignalReceivedV1Schema,
  },
  {
    type: 'case.signal-acknowledged',
    version: 1,
    topic: Topic.casesCaseV1,
    producer: 'cases',
    description: 'A named bassin coordinator acknowledged one signal of the case (ids only).',
    schema: caseSignalAcknowledgedV1Schema,
  },
  {
    type: 'person.possible-match-found',
    version: 1,
    topic: Topic.alertsAlertV1,
    producer: 'alerts',
    description:
      'The person of a new case may be the person of another open case; a coordinator confirms (merge) or rejects it (ids and reason codes only).',
    schema: possibleMatchFoundV1Schema,
  },
  {
    type: 'case.merged',
    version: 1,
    topic: Topic.casesCaseV1,
    producer: 'cases',
    description: 'Two cases about one person became one; the merged case links to the survivor (ids only).',
    schema: caseMergedV1Schema,
  },
  {
    type: 'case.split',
    version: 1,
    topic: Topic.casesCaseV1,
    producer: 'cases',
    description: 'A wrong merge was undone; the merged case is restored (ids only).',
    schema: caseSplitV1Schema,
  },
  ...(
    [
      [
        'case.deadline-set',
        caseDeadlineSetV1Schema,
        'A dated item (discharge, release, administrative, hearing, other) was added to the case.',
      ],
      [
        'case.deadline-corrected',
        caseDeadlineCorrectedV1Schema,
        "A coordinator corrected a deadline's date; the previous date is kept.",
      ],
      [
        'case.deadline-dismissed',
        caseDeadlineDismissedV1Schema,
        'A coordinator dismissed a deadline: it no longer steers scheduling.',
      ],
      ['case.deadline-passed', caseDeadlinePassedV1Schema, "An active deadline's date came; the case's owner is told."],
      [
        'case.closed',
        caseClosedV1Schema,
        'A coordinator closed the case with an outcome (never an automated rule, R25); its reporters are told, status only.',
      ],
      ['case.reopened', caseReopenedV1Schema, 'A coordinator reopened a closed case.'],
      [
        'case.transferred',
        caseTransferredV1Schema,
        "The case moved to another bassin with its whole history; the receiving bassin's owner must acknowledge it.",
      ],
      [
        'case.bassin-confirmed',
        caseBassinConfirmedV1Schema,
        "A coordinator confirmed the case's bassin (routed by a fallback) or set its reference bassin (R16).",
      ],
    ] as const
  ).map(([type, schema, description]) => ({
    type,
    version: 1,
    topic: Topic.casesCaseV1,
    producer: 'cases',
    description,
    schema,
  })),
  ...(
    [
      [
        'consent.changed',
        consentChangedV1Schema,
        'The person (or representative) granted, refused or revoked consent, or an emergency exception was invoked (flagged).',
      ],
      [
        'concertation.proposed',
        concertationProposedV1Schema,
        'A date poll was opened for invitees whose availability is unknown.',
      ],
      [
        'concertation.scheduled',
        concertationScheduledV1Schema,
        "A concertation was fixed; invitations must go out on each invitee's channels.",
      ],
      [
        'concertation.rescheduled',
        concertationRescheduledV1Schema,
        'The concertation moved (time or place); its sequence went up and invitations are sent again.',
      ],
      [
        'concertation.cancelled',
        concertationCancelledV1Schema,
        'The concertation was cancelled; invitees are told (iCalendar METHOD:CANCEL).',
      ],
      [
        'invitation.answered',
        invitationAnsweredV1Schema,
        'An invitee answered through a signed link: accepted, declined, or written input instead of attending.',
      ],
      [
        'concertation.recorded',
        concertationRecordedV1Schema,
        'The coordinator recorded a concertation held or not held, or amended its record (ids, dates and counts only; R09).',
      ],
      [
        'action.opened',
        actionItemOpenedV1Schema,
        'An action item with one owner and a due date was opened (from a record, a case deadline or a missed deadline).',
      ],
      [
        'action.reminder-due',
        actionItemReminderDueV1Schema,
        'An action item is due soon (its owner is reminded) or due today (its owner and the referent are reminded).',
      ],
      [
        'action.escalated',
        actionItemEscalatedV1Schema,
        "An action item is still open after the grace period (working days, Brussels holidays): the case's coordinator takes it up.",
      ],
      [
        'action.blocked',
        actionItemBlockedV1Schema,
        'The owner marked an action item blocked, with a reason from the controlled list (R23).',
      ],
      ['action.handed-over', actionItemHandedOverV1Schema, 'An action item changed owner; the new owner is told.'],
      [
        'action.resolved',
        actionItemResolvedV1Schema,
        'An action item is over: done, the person received by the service (confirmed by the referent), or withdrawn.',
      ],
      [
        'person.link-issued',
        personLinkIssuedV1Schema,
        "The person's own link was made and is to be sent to its holder (ids and dates only: never the link).",
      ],
    ] as const
  ).map(([type, schema, description]) => ({
    type,
    version: 1,
    topic: Topic.schedulingConcertationV1,
    producer: 'scheduling',
    description,
    schema,
  })),
  ...(
    [
      [
        'invitation.sent',
        invitationSentV1Schema,
        'A message of an invitation left on one channel (e-mail, SMS, letter or phone-call task).',
      ],
      ['invitation.delivered', invitationDeliveredV1Schema, 'The channel confirmed delivery.'],
      [
        'invitation.failed',
        invitationFailedV1Schema,
        'Delivery failed on a channel after retries; another channel or the coordinator takes over.',
      ],
    ] as const
  ).map(([type, schema, description]) => ({
    type,
    version: 1,
    topic: Topic.notificationsDeliveryV1,
    producer: 'notifications',
    description,
    schema,
  })),
];

export function eventDefinition(type: string): EventDefinition | undefined {
  return EVENT_CATALOG.find((d) => d.type === type);
}
