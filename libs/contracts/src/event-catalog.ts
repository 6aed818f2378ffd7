import { type AlertRaisedV1, alertRaisedV1Schema } from './alerts/alert-raised.v1.js';
import { type AlertAttachedV1, alertAttachedV1Schema } from './cases/alert-attached.v1.js';
import { type CaseAcknowledgedV1, caseAcknowledgedV1Schema } from './cases/case-acknowledged.v1.js';
import { type CaseEscalatedV1, caseEscalatedV1Schema } from './cases/case-escalated.v1.js';
import { type CaseOpenedV1, caseOpenedV1Schema } from './cases/case-opened.v1.js';
import { Topic } from './topics.js';

/** The type names as they appear on the wire; keys equal values. */
export const EventType = {
  'alert.raised': 'alert.raised',
  'alert.attached': 'alert.attached',
  'case.opened': 'case.opened',
  'case.acknowledged': 'case.acknowledged',
  'case.escalated': 'case.escalated',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

export interface EventPayloads {
  'alert.raised': AlertRaisedV1;
  'alert.attached': AlertAttachedV1;
  'case.opened': CaseOpenedV1;
  'case.acknowledged': CaseAcknowledgedV1;
  'case.escalated': CaseEscalatedV1;
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
];

export function eventDefinition(type: string): EventDefinition | undefined {
  return EVENT_CATALOG.find((d) => d.type === type);
}
